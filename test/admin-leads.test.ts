/** The Leads pages: the list (urgent first, filters, search), a lead's card and what a person does on it. */
import { env } from "cloudflare:workers";
import { afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { apiJson, createTwilioLine, dialStatus, eventually, inboundSms, twilioWebhook, uniquePhone, type TwilioLine } from "./support/app";
import { get, newSession, post, type Session } from "./support/admin-session";
import { mockTwilio } from "./support/carriers";

afterEach(() => vi.restoreAllMocks());

let session: Session;
let line: TwilioLine;

async function missedCallLead(caller: string): Promise<{ id: string }> {
  await twilioWebhook("/webhooks/twilio/dial-status", dialStatus(line, caller, "no-answer"), line.authToken);
  return eventually(async () => (await apiJson("GET", `/businesses/${line.businessId}/leads?q=${encodeURIComponent(caller)}`)).leads[0]);
}

/** A US number as the pages show it: (415) 234-5678. */
const shown = (e164: string) => `(${e164.slice(2, 5)}) ${e164.slice(5, 8)}-${e164.slice(8)}`;

const leadsPage = (query = "") => get(session, `/admin/businesses/${line.businessId}/leads${query}`);
const cardPath = (id: string) => `/admin/businesses/${line.businessId}/leads/${id}`;

beforeAll(async () => {
  session = await newSession();
  line = await createTwilioLine({ name: "Leads Plumbing" });
});

describe("the leads list", () => {
  it("is where the admin lands, and shows urgent leads first", async () => {
    mockTwilio();
    const home = await get(session, "/admin");
    expect(home.headers.get("location")).toMatch(/\/admin\/businesses\/[^/]+\/leads$/);
    const [calm, urgent] = [uniquePhone(), uniquePhone()];
    const a = await missedCallLead(urgent);
    await missedCallLead(calm);
    // What triage (urgent words in a reply) records; the calm caller's activity is newer.
    await env.DB.prepare("UPDATE leads SET urgent = 1 WHERE id = ?").bind(a.id).run();
    const html = await (await leadsPage()).text();
    const at = (phone: string) => html.indexOf(shown(phone));
    expect(at(urgent)).toBeGreaterThan(-1);
    expect(at(urgent)).toBeLessThan(at(calm));
    expect(html).toContain("Urgent");
  });

  it("keeps an open urgent lead at the top even when a page of newer leads came after it", async () => {
    mockTwilio();
    const old = uniquePhone();
    const { id } = await missedCallLead(old);
    await env.DB.prepare("UPDATE leads SET urgent = 1, last_activity_at = 1 WHERE id = ?").bind(id).run();
    // 55 newer leads: more than the page of 50 the list shows first.
    const now = Date.now();
    const newer = Array.from({ length: 55 }, () => uniquePhone("617"));
    await env.DB.batch(
      newer.map((phone, i) =>
        env.DB.prepare("INSERT INTO leads (id, business_id, phone, status, source, created_at, last_activity_at) VALUES (?, ?, ?, 'new', 'no_answer', ?, ?)").bind(`l_bulk_${phone}`, line.businessId, phone, now, now + i),
      ),
    );
    const html = await (await leadsPage()).text();
    expect(html.indexOf(shown(old))).toBeGreaterThan(-1);
    expect(html.indexOf(shown(old))).toBeLessThan(html.indexOf(shown(newer.at(-1)!)));
  });

  it("filters by status and finds a caller by the last digits of their number", async () => {
    mockTwilio();
    const [x, y] = [uniquePhone(), uniquePhone()];
    const lx = await missedCallLead(x);
    await missedCallLead(y);
    await apiJson("PATCH", `/leads/${lx.id}`, { status: "lost", lostReason: "no_response" });
    const lost = await (await leadsPage("?status=lost")).text();
    expect(lost).toContain(shown(x));
    expect(lost).not.toContain(shown(y));
    const found = await (await leadsPage(`?q=${y.slice(-7)}`)).text();
    expect(found).toContain(shown(y));
    expect(found).not.toContain(shown(x));
    const bad = await leadsPage("?status=hot");
    expect(bad.status).toBe(200);
    expect(await bad.text()).toMatch(/not one this page knows/);
  });
});

describe("a lead's card", () => {
  it("shows the timeline and takes status, won amount, details and a note", async () => {
    const carrier = mockTwilio();
    const caller = uniquePhone();
    const { id } = await missedCallLead(caller);
    await eventually(async () => carrier.to(caller).length === 1);
    await twilioWebhook("/webhooks/twilio/sms", inboundSms(line, caller, "Leaking pipe under the sink"), line.authToken);
    const card = await (await get(session, cardPath(id))).text();
    expect(card).toContain("Leaking pipe under the sink");
    expect(card).toContain("Lead opened");

    expect((await post(session, cardPath(id), { do: "details", name: "Dana Reyes", newKey: "address", newValue: "12 Oak St" })).status).toBe(303);
    expect((await post(session, cardPath(id), { do: "note", note: "Prefers mornings" })).status).toBe(303);
    expect((await post(session, cardPath(id), { do: "status", status: "won", wonDollars: "450" })).status).toBe(303);
    const lead = await apiJson("GET", `/leads/${id}`);
    expect(lead).toMatchObject({ name: "Dana Reyes", fields: { address: "12 Oak St" }, status: "won", wonCents: 45_000 });
    const after = await (await get(session, cardPath(id))).text();
    // Logged in with the admin token: each change says so (a team member's says their name: team-acts.test.ts).
    expect(after).toContain("Note by the owner (admin token): Prefers mornings");
    expect(after).toContain("Won $450.00 by the owner (admin token)");
  });

  it("takes a won amount as typed ('$1,250'), and asks again for one that reads two ways ('12,34')", async () => {
    mockTwilio();
    const { id } = await missedCallLead(uniquePhone());
    const unread = await post(session, cardPath(id), { do: "status", status: "won", wonDollars: "12,34" });
    expect(unread.status).toBe(400);
    expect(await unread.text()).toContain("“12,34” is not an amount");
    expect((await apiJson("GET", `/leads/${id}`)).status).not.toBe("won");
    expect((await post(session, cardPath(id), { do: "status", status: "won", wonDollars: "$1,250" })).status).toBe(303);
    expect(await apiJson("GET", `/leads/${id}`)).toMatchObject({ status: "won", wonCents: 125_000 });
  });

  it("marks a lead lost only with a reason, shows it, and a reopened lead drops it", async () => {
    mockTwilio();
    const { id } = await missedCallLead(uniquePhone());
    const refused = await post(session, cardPath(id), { do: "status", status: "lost", lostReason: "", lostNote: "" });
    expect(refused.status).toBe(400);
    const html = await refused.text();
    // In the dropdown's words, not the API's codes.
    const alert = /<div class="error" role="alert">(.*?)<\/div>/s.exec(html)![1];
    expect(alert).toBe("<p>Choose why the lead was lost: Out of area, No response, Price, Other</p>");
    expect(html).toMatch(/<select id="lost-reason" name="lostReason" aria-invalid="true"/);
    expect(await apiJson("GET", `/leads/${id}`)).toMatchObject({ status: "new", lostReason: null });
    // Other needs its words.
    const wordless = await post(session, cardPath(id), { do: "status", status: "lost", lostReason: "other", lostNote: "" });
    expect(wordless.status).toBe(400);
    expect(await wordless.text()).toContain("In words (for Other): say what the other reason was");
    expect((await post(session, cardPath(id), { do: "status", status: "lost", lostReason: "other", lostNote: "Went with his brother-in-law" })).status).toBe(303);
    expect(await apiJson("GET", `/leads/${id}`)).toMatchObject({ status: "lost", lostReason: "other", lostNote: "Went with his brother-in-law" });
    const card = await (await get(session, cardPath(id))).text();
    expect(card).toContain("lost: other (Went with his brother-in-law)");
    expect(card).toContain("Status: new → lost (other: Went with his brother-in-law)");
    await apiJson("PATCH", `/leads/${id}`, { status: "qualified" });
    expect(await apiJson("GET", `/leads/${id}`)).toMatchObject({ status: "qualified", lostReason: null, lostNote: null, closedAt: null });
  });

  it("a lead the API marked lost without a reason says so on its card", async () => {
    mockTwilio();
    const { id } = await missedCallLead(uniquePhone());
    await apiJson("PATCH", `/leads/${id}`, { status: "lost" });
    const card = await (await get(session, cardPath(id))).text();
    expect(card).toContain("Status: new → lost by the owner (admin token) · no reason given");
  });

  it("a service typed on the card is valued from the business's job values, else its default", async () => {
    mockTwilio();
    const valued = await createTwilioLine({ name: "Valued Plumbing", preset: "home_services" });
    const caller = uniquePhone();
    await twilioWebhook("/webhooks/twilio/dial-status", dialStatus(valued, caller, "no-answer"), valued.authToken);
    const { id } = await eventually(async () => (await apiJson("GET", `/businesses/${valued.businessId}/leads`)).leads[0]);
    const card = `/admin/businesses/${valued.businessId}/leads/${id}`;
    expect((await post(session, card, { do: "details", name: "", newKey: "service", newValue: "New water heater" })).status).toBe(303);
    expect(await apiJson("GET", `/leads/${id}`)).toMatchObject({ fields: { service: "New water heater" }, estimatedCents: 1_800_00 });
    expect(await (await get(session, card)).text()).toContain("estimated $1,800.00");
    await apiJson("PATCH", `/leads/${id}`, { fields: { service: "Gutters" } });
    expect(await apiJson("GET", `/leads/${id}`)).toMatchObject({ estimatedCents: 400_00 });
  });

  it("a text sent from the card hands the lead over", async () => {
    const carrier = mockTwilio();
    const caller = uniquePhone();
    const { id } = await missedCallLead(caller);
    const res = await post(session, `${cardPath(id)}/reply`, { body: "Hi, Sam from Leads Plumbing here" });
    expect(res.status).toBe(303);
    await eventually(async () => carrier.to(caller).some((r) => r.form.get("Body")?.includes("Sam from")));
    expect(await apiJson("GET", `/leads/${id}`)).toMatchObject({ handedOver: true });
  });

  it("refuses a bad detail with the field named, and changes nothing", async () => {
    mockTwilio();
    const caller = uniquePhone();
    const { id } = await missedCallLead(caller);
    const res = await post(session, cardPath(id), { do: "details", name: "", newKey: "not a key!", newValue: "x" });
    expect(res.status).toBe(400);
    const html = await res.text();
    expect(html).toContain("New detail: field names are letters, digits and _, starting with a letter");
    expect(html).toMatch(/<input id="new-key" name="newKey"[^>]* aria-invalid="true"/);
    expect(await apiJson("GET", `/leads/${id}`)).toMatchObject({ name: null, fields: {} });
  });

  it("another business's lead is not found", async () => {
    mockTwilio();
    const other = await createTwilioLine({ name: "Other Dental" });
    const caller = uniquePhone();
    await twilioWebhook("/webhooks/twilio/dial-status", dialStatus(other, caller, "no-answer"), other.authToken);
    const { id } = await eventually(async () => (await apiJson("GET", `/businesses/${other.businessId}/leads`)).leads[0]);
    expect((await get(session, cardPath(id))).status).toBe(404);
    expect((await post(session, cardPath(id), { do: "note", note: "x" })).status).toBe(404);
  });
});
