/**
 * zod/mini loads no locale; src/zod.ts installs the English messages classic zod had, which 400
 * bodies and admin form errors show. Schemas are imported directly here, not through the app, as any
 * test or module using one on its own would.
 */
import { describe, expect, it } from "vitest";
import { listQuerySchema, putTemplateSchema } from "../src/admin/schemas";
import { businessSettingsSchema } from "../src/settings";

const messages = (r: { success: boolean; error?: { issues: { message: string }[] } }) => r.error?.issues.map((i) => i.message);

describe("zod error messages", () => {
  it("are classic zod's English ones", () => {
    expect(messages(putTemplateSchema.safeParse({ body: "x".repeat(2001) }))).toEqual(["Too big: expected string to have <=2000 characters"]);
    expect(messages(putTemplateSchema.safeParse({}))).toEqual(["Invalid input: expected string, received undefined"]);
    expect(messages(listQuerySchema.safeParse({ limit: "1.5" }))).toEqual(["Invalid input: expected int, received number"]);
    expect(messages(businessSettingsSchema.safeParse({ cooldownHours: -1, voicemail: "yes" }))).toEqual([
      "Too small: expected number to be >=0",
      "Invalid input: expected boolean, received string",
    ]);
  });

  it("keep the custom ones", () => {
    expect(messages(businessSettingsSchema.safeParse({ allowedCountries: ["us"] }))).toEqual(['"us": write country codes in capital letters, like US']);
  });
});
