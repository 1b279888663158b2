/** Reading posted forms, and turning validation failures into sentences that name the field. */
import type * as z from "../../zod";
import type { PageContext } from "./env";

/** Every text field of a posted form (files are ignored: no admin form uploads one). */
export async function formFields(c: PageContext): Promise<Record<string, string>> {
  const body = await c.req.parseBody();
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(body)) if (typeof v === "string") out[k] = v;
  return out;
}

/**
 * One sentence per problem, led by the field's label as the form shows it:
 * `settings.cooldownHours` → "Cooldown (hours): Too small…".
 */
export function issueMessages(error: z.core.$ZodError, label: (path: readonly PropertyKey[]) => string): string[] {
  return error.issues.map((i) => `${label(i.path)}: ${i.message}`);
}

/** A fresh key per rendered form, so a double submit of that form does its work once. */
export function formRequestKey(): string {
  return crypto.randomUUID().replace(/-/g, "");
}
