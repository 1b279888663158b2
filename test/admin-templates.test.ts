/**
 * A template with a placeholder the business has no value for (no booking link, no priority line):
 * previewed, checked and saved with a warning that names it, where to set it and what callers will
 * not get, never refused for it; and texted to a caller without those words.
 */
import { exports } from "cloudflare:workers";
import { afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { formatPhone } from "../src/rules/display";
import { api, apiJson, createTwilioLine, dialStatus, eventually, ORIGIN, twilioWebhook, uniquePhone } from "./support/app";
import { get, newSession, post, type Session } from "./support/admin-session";
import { mockTwilio } from "./support/carriers";

afterEach(() => vi.restoreAllMocks());

let session: Session;
beforeAll(async () => {
  session = await newSession();
});

/** What a new user typed for a business without a booking link (trial screenshots 42, 44): it came out empty and was refused. */
const BOOK_ONLINE = "This is {business}, sorry we missed you. Reply STOP to opt out. Book online: {bookingUrl}";
const WITHOUT_LINK = "This is Bright Smile Dental, sorry we missed you. Reply STOP to opt out.";
const LINK_WARNING = '{bookingUrl} is empty: this business has no booking link (Settings → Booking link), so "Book online: …" is left out.';

const templateOf = async (businessId: string, kind: string) =>
  (await apiJson("GET", `/businesses/${businessId}/templates`)).templates.find((t: { kind: string }) => t.kind === kind)?.body;

async function preview(businessId: string, kind: string, body: string) {
  const res = await exports.default.fetch(`${ORIGIN}/admin/businesses/${businessId}/templates/${kind}/preview`, {
    method: "POST",
    headers: { cookie: session.cookie, "content-type": "application/json", "x-csrf-token": session.csrf },
    body: JSON.stringify({ body }),
  });
  expect(res.status).toBe(200);
  return res.json<any>();
}

/** Text as the page shows it: tags out, entities back. */
const pageText = (html: string) => html.replace(/<[^>]+>/g, " ").replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&amp;/g, "&").replace(/\s+/g, " ");

describe("a business without a booking link", () => {
  it("previews the text without the booking sentence, warning what is left out and where to set the link", async () => {
    const { businessId } = await createTwilioLine({ name: "Bright Smile Dental", bookingUrl: null });
    expect(await preview(businessId, "missed_call", BOOK_ONLINE)).toMatchObject({
      rendered: WITHOUT_LINK,
      encoding: "GSM-7",
      segments: 1,
      length: WITHOUT_LINK.length,
      errors: [],
      warnings: [{ code: "empty_placeholder", message: LINK_WARNING }],
    });
    // "Book here:." was left behind, with "No problems found".
    expect(await preview(businessId, "missed_call", "Hi from {business}. Book here: {bookingUrl}. Reply STOP to opt out.")).toMatchObject({
      rendered: "Hi from Bright Smile Dental. Reply STOP to opt out.",
      errors: [],
      warnings: [{ code: "empty_placeholder", message: expect.stringContaining('so "Book here: …" is left out.') }],
    });
  });

  it("saves it from the editor, which then shows the warning, and previews it without JavaScript", async () => {
    const { businessId } = await createTwilioLine({ name: "Bright Smile Dental", bookingUrl: null });
    const path = `/admin/businesses/${businessId}/templates/missed_call`;
    const saved = await post(session, path, { body: BOOK_ONLINE, action: "save" });
    expect(saved.status).toBe(303);
    expect(saved.headers.get("location")).toMatch(/done=saved$/);
    expect(await templateOf(businessId, "missed_call")).toBe(BOOK_ONLINE);

    const editor = pageText(await (await get(session, path)).text());
    expect(editor).toContain(WITHOUT_LINK);
    expect(editor).toContain(LINK_WARNING);
    expect(editor).not.toContain("comes out empty");

    const noScript = await post(session, path, { body: `${BOOK_ONLINE}. See you!`, action: "preview" });
    expect(noScript.status).toBe(200);
    expect(pageText(await noScript.text())).toContain(`${WITHOUT_LINK} See you!`);
  });

  it("saves it over the API, answering the warning; a booking link set later takes the warning away", async () => {
    const { businessId } = await createTwilioLine({ name: "Bright Smile Dental", bookingUrl: null });
    const res = await api("PUT", `/businesses/${businessId}/templates/missed_call`, { body: BOOK_ONLINE });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ kind: "missed_call", body: BOOK_ONLINE, encoding: "GSM-7", segments: 1, warnings: [{ code: "empty_placeholder", message: LINK_WARNING }] });

    await apiJson("PATCH", `/businesses/${businessId}`, { bookingUrl: "https://smile.example/book" });
    const listed = (await apiJson("GET", `/businesses/${businessId}/templates`)).templates.find((t: { kind: string }) => t.kind === "missed_call");
    expect(listed).toMatchObject({ body: BOOK_ONLINE, warnings: [], errors: [] });
    // Tracked, so the sample is a link of ours of the length sent.
    expect((await preview(businessId, "missed_call", BOOK_ONLINE)).rendered).toMatch(new RegExp(`^${WITHOUT_LINK.replace(/\./g, "\\.")} Book online: https://textback\\.test/l/\\w+$`));
  });

  it("texts a caller the template without the booking sentence", async () => {
    const carrier = mockTwilio();
    const line = await createTwilioLine({ name: "Bright Smile Dental", bookingUrl: null });
    await apiJson("PUT", `/businesses/${line.businessId}/templates/missed_call`, { body: BOOK_ONLINE });
    const caller = uniquePhone();
    expect((await twilioWebhook("/webhooks/twilio/dial-status", dialStatus(line, caller, "no-answer"), line.authToken)).status).toBe(200);
    await eventually(async () => carrier.to(caller).length === 1);
    expect(carrier.to(caller)[0]!.form.get("Body")).toBe(WITHOUT_LINK);
  });

  it("still refuses what breaks a rule: the warning says the STOP line went with the link", async () => {
    const { businessId } = await createTwilioLine({ name: "Bright Smile Dental", bookingUrl: null });
    const before = await templateOf(businessId, "missed_call");
    const body = "This is {business}, sorry we missed you.\nBook online: {bookingUrl}. Reply here.";
    const res = await post(session, `/admin/businesses/${businessId}/templates/missed_call`, { body, action: "save" });
    expect(res.status).toBe(400);
    const html = pageText(await res.text());
    expect(html).toContain("Opt-out wording is required");
    expect(html).toContain('{bookingUrl} is empty: this business has no booking link (Settings → Booking link), so "Book online: …" is left out.');
    expect(await templateOf(businessId, "missed_call")).toBe(before);
  });
});

describe("the customers' text without a priority line", () => {
  const BODY = "Hi {callerFirstName}, it's {business}. Sorry we missed you! Call {priorityPhone} or reply here. Reply STOP to opt out.";

  it("leaves out the sentence with the priority line and says where to set it, until it is set", async () => {
    const { businessId } = await createTwilioLine({ name: "Pages Plumbing" });
    expect(await preview(businessId, "existing_customer", BODY)).toMatchObject({
      rendered: "Hi there, it's Pages Plumbing. Sorry we missed you! Reply STOP to opt out.",
      previews: { withName: "Hi Christopher, it's Pages Plumbing. Sorry we missed you! Reply STOP to opt out." },
      errors: [],
      warnings: [
        {
          code: "empty_placeholder",
          message: '{priorityPhone} is empty: this business has no priority line (Settings → Priority line for customers), so "Call … or reply here." is left out.',
        },
      ],
    });
    await apiJson("PATCH", `/businesses/${businessId}`, { priorityPhone: "(312) 234-1900" });
    expect(await preview(businessId, "existing_customer", BODY)).toMatchObject({
      rendered: "Hi there, it's Pages Plumbing. Sorry we missed you! Call (312) 234-1900 or reply here. Reply STOP to opt out.",
      warnings: [],
    });
  });
});

describe("the editor's sample", () => {
  it("fills {hoursToday} and {businessPhone} as a text would, and names the number a business without one lacks", async () => {
    const every = Object.fromEntries(["mon", "tue", "wed", "thu", "fri", "sat", "sun"].map((d) => [d, [{ open: "08:00", close: "17:00" }]]));
    const line = await createTwilioLine({ name: "Hours Plumbing" });
    await apiJson("PATCH", `/businesses/${line.businessId}`, { hours: { weekly: every, holidays: [] } });
    const body = "{business}: open today {hoursToday}. Or call {businessPhone}.\nReply STOP to opt out.";
    expect(await preview(line.businessId, "missed_call", body)).toMatchObject({
      rendered: `Hours Plumbing: open today 8 AM-5 PM. Or call ${formatPhone(line.e164)}.\nReply STOP to opt out.`,
      warnings: [],
    });

    const bare = await apiJson("POST", "/businesses", { name: "New Plumbing", timezone: "America/Chicago" });
    const p = await preview(bare.id, "missed_call", body);
    // The sentence naming the business stays (only today's hours go from it); the other goes whole.
    expect(p.rendered).toBe("New Plumbing: open today.\nReply STOP to opt out.");
    expect(p.warnings.map((w: { message: string }) => w.message)).toEqual([
      "{hoursToday} is empty: this business has no opening hours (Settings → Opening hours), so it is left out of the text.",
      expect.stringMatching(/^\{businessPhone\} is empty: this business has no number yet \(Numbers\).*, so "Or call …" is left out\.$/),
    ]);
  });
});

describe("a saved template whose link stands alone on its line", () => {
  const BARE = "This is {business}. Sorry we missed your call! Just reply here.\n{bookingUrl}\nReply STOP to opt out.";
  const BARE_WARNING = `{bookingUrl} stands alone on its line: a link with no words around it looks like phishing to many callers and to carriers' spam filters. Say what it is, for example "Book online: {bookingUrl}".`;

  it("saves over the API with a warning that says what to write instead, and the editor shows it", async () => {
    const { businessId } = await createTwilioLine({ name: "Bright Smile Dental", bookingUrl: "https://smile.example/book" });
    const res = await api("PUT", `/businesses/${businessId}/templates/missed_call`, { body: BARE });
    expect(res.status).toBe(200);
    expect((await res.json<{ warnings: unknown[] }>()).warnings).toEqual([{ code: "bare_link", message: BARE_WARNING }]);
    expect(await templateOf(businessId, "missed_call")).toBe(BARE);
    expect(pageText(await (await get(session, `/admin/businesses/${businessId}/templates/missed_call`)).text())).toContain(BARE_WARNING);

    const worded = BARE.replace("\n{bookingUrl}", "\nBook online: {bookingUrl}");
    expect((await apiJson("PUT", `/businesses/${businessId}/templates/missed_call`, { body: worded })).warnings).toEqual([]);
  });
});
