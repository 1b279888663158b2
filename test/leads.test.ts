/**
 * Leads (DESIGN.md §6.1), end to end in workerd: opened and joined by the line's calls and the
 * caller's texts, written with what caused them, once per cause; read and changed through the API.
 */
import { env } from "cloudflare:workers";
import { afterEach, describe, expect, it, vi } from "vitest";
import { api, apiJson, createTwilioLine, dialStatus, eventually, inboundSms, twilioWebhook, uniquePhone, type TwilioLine } from "./support/app";
import { mockTwilio } from "./support/carriers";

afterEach(() => vi.restoreAllMocks());

type Lead = Record<string, any>;

async function leadsOf(line: TwilioLine, query = ""): Promise<{ leads: Lead[]; nextCursor: string | null }> {
  return apiJson("GET", `/businesses/${line.businessId}/leads${query}`);
}

async function leadOf(line: TwilioLine, phone: string): Promise<Lead | undefined> {
  return (await leadsOf(line)).leads.find((l) => l.phone === phone);
}

/** The caller's lead once the outbox has recorded the call (write-behind: a moment after the webhook). */
async function openLead(line: TwilioLine, caller: string): Promise<Lead> {
  return eventually(async () => leadOf(line, caller));
}

async function missedCall(line: TwilioLine, caller: string, status = "no-answer") {
  const params = dialStatus(line, caller, status);
  expect((await twilioWebhook("/webhooks/twilio/dial-status", params, line.authToken)).status).toBe(200);
  return params;
}

async function text(line: TwilioLine, from: string, body: string) {
  const params = inboundSms(line, from, body);
  expect((await twilioWebhook("/webhooks/twilio/sms", params, line.authToken)).status).toBe(200);
  return params;
}

async function deliveries(businessId: string, event: string): Promise<Lead[]> {
  const { results } = await env.DB.prepare("SELECT payload FROM webhook_deliveries WHERE business_id = ? AND event = ? ORDER BY created_at")
    .bind(businessId, event)
    .all<{ payload: string }>();
  return results.map((r) => JSON.parse(r.payload));
}

describe("a missed call opens a lead", () => {
  it("is new, sourced from the call's outcome, with its first call and first text timed", async () => {
    const carrier = mockTwilio();
    const line = await createTwilioLine();
    const caller = uniquePhone();
    await missedCall(line, caller, "busy");
    await eventually(async () => carrier.to(caller).length === 1);
    const lead = await eventually(async () => {
      const l = await leadOf(line, caller);
      return l?.firstTextAt ? l : undefined;
    });
    expect(lead).toMatchObject({ status: "new", source: "busy", calls: 1, urgent: false, handedOver: false, fields: {}, closedAt: null });
    expect(lead.firstTextAt).toBeGreaterThanOrEqual(lead.firstCallAt);
  });

  it("a later call from the same caller joins it; a call answered, or from a blocked number, opens none", async () => {
    mockTwilio();
    const blocked = uniquePhone();
    const line = await createTwilioLine({ settings: { cooldownHours: 0 } });
    await apiJson("PUT", `/businesses/${line.businessId}/contacts/${encodeURIComponent(blocked)}`, { tags: ["blocked"] });
    const caller = uniquePhone();
    await missedCall(line, caller);
    await eventually(async () => (await leadOf(line, caller))?.calls === 1);
    await missedCall(line, caller, "busy");
    await eventually(async () => (await leadOf(line, caller))?.calls === 2);
    await missedCall(line, blocked);
    const answered = uniquePhone();
    await missedCall(line, answered, "completed");
    const { leads } = await leadsOf(line);
    expect(leads.map((l) => l.phone)).toEqual([caller]);
  });

  it("counts a call once when Twilio delivers its webhook 20 times at once", async () => {
    const carrier = mockTwilio();
    const line = await createTwilioLine();
    const caller = uniquePhone();
    const params = dialStatus(line, caller, "no-answer");
    const answers = await Promise.all(Array.from({ length: 20 }, () => twilioWebhook("/webhooks/twilio/dial-status", params, line.authToken)));
    expect(answers.map((r) => r.status).every((s) => s === 200)).toBe(true);
    await eventually(async () => carrier.to(caller).length === 1);
    await eventually(async () => (await leadOf(line, caller))?.firstTextAt);
    const { leads } = await leadsOf(line);
    expect(leads).toHaveLength(1);
    expect(leads[0]).toMatchObject({ calls: 1 });
  });

  it("with a delayed text, the line records the lead before it answers", async () => {
    mockTwilio();
    const line = await createTwilioLine({ settings: { textDelaySeconds: 600 } });
    const caller = uniquePhone();
    await missedCall(line, caller);
    expect(await leadOf(line, caller)).toMatchObject({ status: "new", calls: 1, firstTextAt: null });
  });
});

describe("the caller's texts", () => {
  it("a reply engages the lead, once however often it is delivered", async () => {
    const carrier = mockTwilio();
    const line = await createTwilioLine();
    const caller = uniquePhone();
    await missedCall(line, caller);
    await eventually(async () => carrier.to(caller).length === 1);
    const params = inboundSms(line, caller, "Water heater is leaking, can you come today?");
    await Promise.all(Array.from({ length: 20 }, () => twilioWebhook("/webhooks/twilio/sms", params, line.authToken)));
    const lead = await leadOf(line, caller);
    expect(lead).toMatchObject({ status: "engaged", calls: 1 });
    const { timeline } = await apiJson("GET", `/leads/${lead!.id}`);
    expect(timeline.filter((e: Lead) => e.type === "lead_event" && e.event === "reply")).toHaveLength(1);
  });

  it("a text from a phone with no open lead opens one, engaged, sourced from the text; a STOP alone opens none", async () => {
    mockTwilio();
    const line = await createTwilioLine();
    const texter = uniquePhone();
    await text(line, texter, "Do you do drain cleaning?");
    expect(await leadOf(line, texter)).toMatchObject({ status: "engaged", source: "inbound_text", calls: 0 });
    const stopper = uniquePhone();
    await text(line, stopper, "STOP");
    expect(await leadOf(line, stopper)).toBeUndefined();
  });

  it("the owner answering from their phone hands the lead over", async () => {
    mockTwilio();
    const owner = uniquePhone("312");
    const line = await createTwilioLine();
    await apiJson("PATCH", `/businesses/${line.businessId}`, { notifyPhone: owner });
    const caller = uniquePhone();
    await missedCall(line, caller);
    await text(line, caller, "Can someone call me?");
    await text(line, owner, "Calling you in 5 minutes");
    const lead = await leadOf(line, caller);
    expect(lead).toMatchObject({ handedOver: true });
    expect(lead!.firstHumanReplyAt).toBeGreaterThanOrEqual(lead!.firstReplyAt);
  });

  it("a text written on the admin page hands it over too", async () => {
    mockTwilio();
    const line = await createTwilioLine();
    const caller = uniquePhone();
    await missedCall(line, caller);
    await openLead(line, caller);
    await apiJson("POST", `/businesses/${line.businessId}/messages`, { to: caller, body: "Hi, this is Sam from Acme" });
    expect(await leadOf(line, caller)).toMatchObject({ handedOver: true });
  });
});

describe("the leads API", () => {
  it("lists newest activity first, filters by status and search, and pages with a cursor", async () => {
    mockTwilio();
    const line = await createTwilioLine();
    const [a, b, c] = [uniquePhone(), uniquePhone(), uniquePhone()];
    for (const phone of [a, b, c]) await missedCall(line, phone);
    await eventually(async () => (await leadsOf(line)).leads.length === 3);
    await text(line, b, "Need a plumber at 12 Oak St");
    const all = await leadsOf(line);
    expect(all.leads.map((l) => l.phone)).toEqual([b, c, a]);
    expect((await leadsOf(line, "?status=engaged")).leads.map((l) => l.phone)).toEqual([b]);
    expect((await leadsOf(line, `?q=${encodeURIComponent(a.slice(-7))}`)).leads.map((l) => l.phone)).toEqual([a]);
    const first = await leadsOf(line, "?limit=2");
    expect(first.leads).toHaveLength(2);
    const rest = await leadsOf(line, `?limit=2&cursor=${encodeURIComponent(first.nextCursor!)}`);
    expect(rest).toEqual({ leads: [all.leads[2]], nextCursor: null });
  });

  it("shows one lead with its calls, texts both ways and entries, oldest first", async () => {
    const carrier = mockTwilio();
    const line = await createTwilioLine();
    const caller = uniquePhone();
    await missedCall(line, caller);
    await eventually(async () => carrier.to(caller).length === 1);
    await text(line, caller, "Is Saturday ok?");
    const { id } = (await leadOf(line, caller))!;
    const lead = await apiJson("GET", `/leads/${id}`);
    const kinds = lead.timeline.map((e: Lead) => (e.type === "lead_event" ? `event:${e.event}` : e.type === "message" ? `${e.direction}:${e.kind}` : e.type));
    expect(kinds).toEqual(["call", "event:call", "event:opened", "outbound:missed_call", "inbound:reply", "event:reply"]);
    expect((await api("GET", "/leads/l_nope")).status).toBe(404);
  });

  it("a person closes it as won with the amount; the caller's next call opens a new lead; reopening waits for that one to close", async () => {
    mockTwilio();
    const line = await createTwilioLine({ settings: { cooldownHours: 0 } });
    const caller = uniquePhone();
    await missedCall(line, caller);
    const { id } = await openLead(line, caller);
    const won = await apiJson("PATCH", `/leads/${id}`, { status: "won", wonCents: 45_000, note: "Replaced the water heater" });
    expect(won).toMatchObject({ status: "won", wonCents: 45_000 });
    expect(won.closedAt).toBeGreaterThan(0);
    await missedCall(line, caller);
    const { leads } = await eventually(async () => {
      const list = await leadsOf(line);
      return list.leads.length === 2 ? list : undefined;
    });
    expect(leads.map((l) => [l.status, l.calls])).toEqual([["new", 1], ["won", 1]]);
    const reopen = await api("PATCH", `/leads/${id}`, { status: "engaged" });
    expect(reopen.status).toBe(409);
    expect(await reopen.text()).toMatch(/another open lead/);
    const { timeline } = await apiJson("GET", `/leads/${id}`);
    expect(timeline.filter((e: Lead) => e.type === "lead_event").map((e: Lead) => [e.event, e.detail])).toEqual(
      expect.arrayContaining([["status", { from: "new", to: "won", wonCents: 45_000 }], ["note", { text: "Replaced the water heater" }]]),
    );
  });

  it.each([
    [{}, /at least one/],
    [{ status: "done" }, /status/],
    [{ wonCents: -5 }, /wonCents/],
    [{ fields: { "bad key": "x" } }, /fields/],
    [{ note: "" }, /note/],
    [{ status: "lost", lostReason: "weather" }, /lostReason: must be a lost reason/],
    [{ status: "lost", lostReason: "other" }, /lostNote: say what the other reason was/],
    [{ status: "qualified", lostReason: "price" }, /lostReason: only a lost lead has a reason/],
  ])("refuses %j with a 400 naming the field, and changes nothing", async (patch, message) => {
    mockTwilio();
    const line = await createTwilioLine();
    const caller = uniquePhone();
    await missedCall(line, caller);
    // Once the text has gone out, nothing else moves the lead while the PATCH is refused.
    const before = await eventually(async () => {
      const lead = await leadOf(line, caller);
      return lead?.firstTextAt ? lead : undefined;
    });
    const res = await api("PATCH", `/leads/${before.id}`, patch);
    expect(res.status).toBe(400);
    expect(await res.text()).toMatch(message);
    expect(await apiJson("GET", `/leads/${before.id}`)).toMatchObject({ ...before, timeline: expect.any(Array) });
  });

  it("marks a lead lost without a reason when the caller gives none: lost, no reason, and its timeline says so", async () => {
    mockTwilio();
    const line = await createTwilioLine();
    const caller = uniquePhone();
    await missedCall(line, caller);
    const lead = await openLead(line, caller);
    const res = await api("PATCH", `/leads/${lead.id}`, { status: "lost" });
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ status: "lost", lostReason: null, lostNote: null, closedAt: expect.any(Number) });
    const { timeline } = await apiJson("GET", `/leads/${lead.id}`);
    expect(timeline.find((e: Lead) => e.event === "status")).toMatchObject({ actor: "admin", detail: { from: "new", to: "lost", noReason: true } });
    // A reason given later is kept, and the lead stays lost.
    expect(await apiJson("PATCH", `/leads/${lead.id}`, { lostReason: "no_response" })).toMatchObject({ status: "lost", lostReason: "no_response" });
  });

  it("refuses a list filter it does not know", async () => {
    const line = await createTwilioLine();
    const res = await api("GET", `/businesses/${line.businessId}/leads?status=hot`);
    expect(res.status).toBe(400);
    expect(await res.text()).toMatch(/status/);
  });
});

describe("lead events to the business's webhook", () => {
  it("lead.created carries the whole lead, once; a person's change sends lead.updated and lead.won", async () => {
    const carrier = mockTwilio();
    const line = await createTwilioLine();
    await apiJson("PATCH", `/businesses/${line.businessId}`, { notifyWebhookUrl: "https://crm.example/hooks", webhookSecret: "whsec_leads_test_secret_0123456789" });
    const caller = uniquePhone();
    const params = await missedCall(line, caller);
    await twilioWebhook("/webhooks/twilio/dial-status", params, line.authToken);
    await eventually(async () => carrier.to(caller).length === 1);
    const created = await eventually(async () => {
      const d = await deliveries(line.businessId, "lead.created");
      return d.length > 0 ? d : undefined;
    });
    expect(created).toHaveLength(1);
    const { id } = (await leadOf(line, caller))!;
    expect(created[0]).toMatchObject({ event: "lead.created", businessId: line.businessId, data: { id, phone: caller, status: "new", source: "no_answer", calls: 1, urgent: false, fields: {} } });
    await apiJson("PATCH", `/leads/${id}`, { status: "won", wonCents: 12_000 });
    const [won] = await deliveries(line.businessId, "lead.won");
    expect(won).toMatchObject({ data: { id, status: "won", wonCents: 12_000 } });
    expect(await deliveries(line.businessId, "lead.updated")).toHaveLength(1);
  });
});
