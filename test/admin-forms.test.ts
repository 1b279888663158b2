/**
 * Bad input on an admin form keeps the user's work: the form comes back (400) with every value as
 * typed, the failing field marked, and nothing saved.
 */
import { env } from "cloudflare:workers";
import { afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { apiJson, createTwilioLine, dialStatus, eventually, twilioWebhook, uniquePhone } from "./support/app";
import { get, newSession, post, type Session } from "./support/admin-session";
import { mockTwilio } from "./support/carriers";

afterEach(() => vi.restoreAllMocks());

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

/** `n` distinct valid US numbers, typed the way people type them. */
const numbers = (n: number) => Array.from({ length: n }, (_, i) => `(312) ${String(200 + Math.floor(i / 10000)).padStart(3, "0")}-${String(i % 10000).padStart(4, "0")}`);

describe("a large form", () => {
  it("saves a 5,000-number blocklist from the settings form as blocked contacts (it was a 413 JSON error over 64 KB)", async () => {
    const biz = await apiJson("POST", "/businesses", { name: "Block Plumbing", timezone: "America/Chicago" });
    const blocklist = numbers(5000).join("\r\n");
    expect(new TextEncoder().encode(new URLSearchParams({ blocklist }).toString()).length).toBeGreaterThan(64 * 1024);
    const res = await post(session, `/admin/businesses/${biz.id}/settings`, { name: "Block Plumbing", timezone: "America/Chicago", blocklist });
    expect(res.status).toBe(303);
    const { results } = await env.DB.prepare("SELECT phone FROM contact_tags WHERE business_id = ? AND tag = 'blocked' ORDER BY phone").bind(biz.id).all<{ phone: string }>();
    expect(results).toHaveLength(5000);
    expect(results[4999]!.phone).toBe("+13122004999");
    // The form shows them again, and a number taken off the list is unblocked.
    const page = await (await get(session, `/admin/businesses/${biz.id}/settings`)).text();
    expect(page).toContain("+13122004999</textarea>");
    const fewer = numbers(5000).slice(1).join("\n");
    expect((await post(session, `/admin/businesses/${biz.id}/settings`, { name: "Block Plumbing", timezone: "America/Chicago", blocklist: fewer })).status).toBe(303);
    const first = await apiJson("GET", `/businesses/${biz.id}/contacts?tag=blocked&limit=1`);
    expect(first.contacts[0].phone).toBe("+13122000001");
  });

  it("comes back with all 5,000 lines and the other fields as typed, naming the wrong line and marking its field", async () => {
    const lines = numbers(5000);
    lines[4321] = "call me";
    const res = await post(session, "/admin/businesses", { name: "Kept Plumbing", timezone: "America/Chicago", forwardTo: "(312) 234-5678", blocklist: lines.join("\n") });
    expect(res.status).toBe(400);
    const html = await res.text();
    expect(html).toContain("Never text these numbers, line 4322: &quot;call me&quot; is not a valid phone number.");
    expect(html).toContain(`>${lines.join("\n")}</textarea>`);
    expect(field(html, "blocklist")).toContain('aria-invalid="true"');
    expect(field(html, "forwardTo")).toContain('value="(312) 234-5678"');
    expect(field(html, "forwardTo")).not.toContain("aria-invalid");
    expect(field(html, "name")).toContain('value="Kept Plumbing"');
  });

  it("answers a form over 1 MB with a page saying nothing was saved, not a JSON error", async () => {
    const biz = await apiJson("POST", "/businesses", { name: "Huge Plumbing", timezone: "America/Chicago" });
    const res = await post(session, `/admin/businesses/${biz.id}/settings`, { name: "Renamed", timezone: "America/Chicago", blocklist: numbers(70_000).join("\n") });
    expect(res.status).toBe(413);
    expect(res.headers.get("content-type")).toMatch(/^text\/html/);
    const html = await res.text();
    expect(html).toContain("Nothing was saved: this form is larger than 1 MB");
    expect(html).toContain("Go back: your browser still has what you typed.");
    expect((await apiJson("GET", `/businesses/${biz.id}`)).name).toBe("Huge Plumbing");
  });

  it("marks each field a refusal names, and no other", async () => {
    const res = await post(session, "/admin/businesses", {
      name: "Marked Co",
      timezone: "Mars/Olympus",
      cooldownHours: "-1",
      "hours.tue.1.open": "09:00",
      "hours.wed.1.open": "17:00",
      "hours.wed.1.close": "09:00",
    });
    expect(res.status).toBe(400);
    const html = await res.text();
    for (const name of ["timezone", "cooldownHours", "hours.tue.1.close", "hours.wed.1.open", "hours.wed.1.close"]) {
      expect(field(html, name), name).toContain('aria-invalid="true"');
    }
    expect(html).toContain("Tuesday, opening 2: give both an opening and a closing time");
    expect(html).toContain("Wednesday, opening 2: open must be before close");
    for (const name of ["name", "dailyCap", "hours.tue.1.open", "blocklist"]) expect(field(html, name), name).not.toContain("aria-invalid");
  });
});

describe("the leads settings form", () => {
  it("marks the row a wrong on-call phone was typed in, and the job values it could not read, keeping both", async () => {
    const biz = await apiJson("POST", "/businesses", { name: "Lead Plumbing", timezone: "America/Chicago" });
    const path = `/admin/businesses/${biz.id}/settings/leads`;
    const before = (await apiJson("GET", `/businesses/${biz.id}`)).settings;
    const res = await post(session, path, {
      "q.0.key": "service",
      "q.0.ask": "What do you need?",
      "onCall.2.name": "Sam",
      "onCall.2.phone": "555-1234",
      "urgent.escalateAfterMinutes": "5",
      jobValues: "a lot",
      "qualify.doneMessage": "Thanks!",
      "qualify.outOfAreaMessage": "Sorry.",
      "urgent.callerMessage": "Help is coming.",
      "urgent.safetyMessage": "Call 911.",
    });
    expect(res.status).toBe(400);
    const html = await res.text();
    for (const name of ["onCall.2.phone", "jobValues"]) expect(field(html, name), name).toContain('aria-invalid="true"');
    for (const name of ["onCall.0.phone", "onCall.2.name", "q.0.key", "urgent.escalateAfterMinutes"]) expect(field(html, name), name).not.toContain("aria-invalid");
    expect(field(html, "onCall.2.phone")).toContain('value="555-1234"');
    expect(html).toMatch(/name="jobValues"[^>]*>a lot<\/textarea>/);
    expect((await apiJson("GET", `/businesses/${biz.id}`)).settings).toEqual(before);
  });
});

describe("the numbers page", () => {
  it("marks the wrong fields in the form that was posted, and keeps what was typed but the secrets", async () => {
    const biz = await apiJson("POST", "/businesses", { name: "Number Plumbing", timezone: "America/Chicago" });
    const accountSid = `AC${"b2".repeat(16)}`;
    const res = await post(session, `/admin/businesses/${biz.id}/numbers`, { carrier: "twilio", e164: "12", mode: "forward", "cred.accountSid": accountSid });
    expect(res.status).toBe(400);
    const html = await res.text();
    const input = (id: string) => new RegExp(`<input id="${id}"[^>]*>`).exec(html)?.[0] ?? "";
    expect(input("twilio-e164")).toContain('aria-invalid="true"');
    expect(input("twilio-e164")).toContain('value="12"');
    expect(input("twilio-authToken")).toContain('aria-invalid="true"');
    expect(input("twilio-accountSid")).toContain(`value="${accountSid}"`);
    expect(input("twilio-accountSid")).not.toContain("aria-invalid");
    // The other carriers' forms have fields of the same names: not marked.
    expect(input("telnyx-e164")).not.toContain("aria-invalid");
    expect((await apiJson("GET", `/businesses/${biz.id}`)).numbers).toEqual([]);
  });
});

describe("a lead's card", () => {
  async function lead() {
    mockTwilio();
    const line = await createTwilioLine({ name: "Card Plumbing" });
    const caller = uniquePhone();
    await twilioWebhook("/webhooks/twilio/dial-status", dialStatus(line, caller, "no-answer"), line.authToken);
    const { id } = await eventually(async () => (await apiJson("GET", `/businesses/${line.businessId}/leads?q=${encodeURIComponent(caller)}`)).leads[0]);
    return { line, id, path: `/admin/businesses/${line.businessId}/leads/${id}` };
  }

  it("keeps the details typed when one is refused, and marks it", async () => {
    const { id, path } = await lead();
    const res = await post(session, path, { do: "details", name: "Dana Smith", newKey: "1st address", newValue: "12 Oak St" });
    expect(res.status).toBe(400);
    const html = await res.text();
    expect(field(html, "name")).toContain('value="Dana Smith"');
    expect(field(html, "newKey")).toContain('value="1st address"');
    // A box that grows with its words (a long value is whole on a phone): what was typed is its text.
    expect(html).toMatch(/<textarea[^>]*name="newValue"[^>]*>12 Oak St<\/textarea>/);
    // The detail's name is what is wrong, so it is the one marked.
    expect(field(html, "newKey")).toContain('aria-invalid="true"');
    expect(field(html, "newValue")).not.toContain("aria-invalid");
    expect(field(html, "name")).not.toContain("aria-invalid");
    expect((await apiJson("GET", `/leads/${id}`)).name).toBeNull();
  });

  it("keeps a text the business cannot send, and a blank note marked", async () => {
    const { path } = await lead();
    const reply = await post(session, `${path}/reply`, { body: "x".repeat(1601) });
    expect(reply.status).toBe(400);
    const html = await reply.text();
    expect(html).toMatch(/<textarea[^>]*name="body"[^>]*aria-invalid="true"[^>]*>x{1601}<\/textarea>/);
    const note = await post(session, path, { do: "note", note: "   " });
    expect(note.status).toBe(400);
    expect(field(await note.text(), "note")).toContain('aria-invalid="true"');
  });
});

describe("the consent page", () => {
  it("marks a number it cannot read, in the form that posted it, keeping the note", async () => {
    const biz = await apiJson("POST", "/businesses", { name: "Consent Plumbing", timezone: "America/Chicago" });
    const res = await post(session, `/admin/businesses/${biz.id}/consent`, { phone: "123", kind: "opt_out", note: "asked by email" });
    expect(res.status).toBe(400);
    const html = await res.text();
    expect(/<input id="consent-phone"[^>]*>/.exec(html)?.[0]).toContain('aria-invalid="true"');
    expect(/<input id="consent-note"[^>]*>/.exec(html)?.[0]).toContain('value="asked by email"');
    expect(/<input id="phone-q"[^>]*>/.exec(html)?.[0]).not.toContain("aria-invalid");
  });
});
