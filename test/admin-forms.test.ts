/**
 * Bad input on an admin form keeps the user's work: the form comes back (400) with every value as
 * typed, the failing field marked, and nothing saved.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { apiJson } from "./support/app";
import { newSession, post, type Session } from "./support/admin-session";

let session: Session;
beforeAll(async () => {
  session = await newSession();
});

const templateOf = async (businessId: string, kind: string) =>
  (await apiJson("GET", `/businesses/${businessId}/templates`)).templates.find((t: { kind: string }) => t.kind === kind)?.body;

/** The textarea or input named `name`, as rendered. */
const field = (html: string, name: string) => new RegExp(`<(?:textarea|input)[^>]*name="${name.replace(/\./g, "\\.")}"[^>]*>`).exec(html)?.[0] ?? "";

describe("the template editor", () => {
  it("refuses a text-back without opt-out wording, says which rule, keeps the text and marks the field", async () => {
    const biz = await apiJson("POST", "/businesses", { name: "Rule Plumbing", timezone: "America/Chicago" });
    const before = await templateOf(biz.id, "after_hours");
    const body = "This is {business}. We are closed, call us tomorrow!";
    const res = await post(session, `/admin/businesses/${biz.id}/templates/after_hours`, { body, action: "save" });
    expect(res.status).toBe(400);
    const html = await res.text();
    expect(html).toContain("Opt-out wording is required: this is the first text a caller gets from you");
    expect(html).toMatch(/<textarea[^>]*name="body"[^>]*aria-invalid="true"[^>]*>This is \{business\}\. We are closed, call us tomorrow!<\/textarea>/);
    expect(await templateOf(biz.id, "after_hours")).toBe(before);
  });

  it("refuses a text over 2000 characters whole, instead of cutting it (and an emoji in two)", async () => {
    const biz = await apiJson("POST", "/businesses", { name: "Long Plumbing", timezone: "America/Chicago" });
    const before = await templateOf(biz.id, "follow_up");
    const body = `${"a".repeat(1999)}😊`;
    const res = await post(session, `/admin/businesses/${biz.id}/templates/follow_up`, { body, action: "save" });
    expect(res.status).toBe(400);
    const html = await res.text();
    expect(html).toContain("Text: it is 2001 characters long, and a template may have at most 2000.");
    expect(html).toContain(`${"a".repeat(1999)}😊</textarea>`);
    expect(field(html, "body")).toContain('aria-invalid="true"');
    expect(await templateOf(biz.id, "follow_up")).toBe(before);
  });
});
