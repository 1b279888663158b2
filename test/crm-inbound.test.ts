/**
 * Inbound from a CRM: a signed `POST /webhooks/crm/generic/:businessId` sets a lead's status, won
 * amount or lost reason by lead id or phone, once however often it is sent; a bad signature changes
 * nothing.
 */
import { env, exports } from "cloudflare:workers";
import { afterEach, describe, expect, it, vi } from "vitest";
import { signTextback } from "../src/crypto/textback-signature";
import { applyRetention, CRM_KEY_DAYS } from "../src/ops/scheduled";
import { api, apiJson, createTwilioLine, dialStatus, eventually, ORIGIN, twilioWebhook, uniquePhone, type TwilioLine } from "./support/app";
import { mockSubscribers } from "./support/subscribers";

afterEach(() => vi.restoreAllMocks());

const SECRET = "whsec_crm_inbound_0123456789";

async function lineWithLead(): Promise<{ line: TwilioLine; caller: string; leadId: string }> {
  const line = await createTwilioLine();
  await api("PATCH", `/businesses/${line.businessId}`, { webhookSecret: SECRET });
  const caller = uniquePhone();
  await twilioWebhook("/webhooks/twilio/dial-status", dialStatus(line, caller, "no-answer"), line.authToken);
  const lead = await eventually(async () => (await apiJson("GET", `/businesses/${line.businessId}/leads`)).leads[0]);
  return { line, caller, leadId: lead.id };
}

async function send(businessId: string, body: unknown, opts: { secret?: string | null; at?: number; signature?: string } = {}) {
  const raw = JSON.stringify(body);
  const at = opts.at ?? Math.floor(Date.now() / 1000);
  const headers: Record<string, string> = { "content-type": "application/json" };
  const signature = opts.signature ?? (opts.secret === null ? undefined : await signTextback(opts.secret ?? SECRET, at, raw));
  if (signature) headers["x-textback-signature"] = signature;
  const res = await exports.default.fetch(`${ORIGIN}/webhooks/crm/generic/${businessId}`, { method: "POST", headers, body: raw });
  return { res, signature };
}

const leadOf = (id: string) => apiJson("GET", `/leads/${id}`);

describe("a signed update from the CRM", () => {
  it("marks the phone's lead won with the amount; its timeline says the CRM did it, and the subscribers see it", async () => {
    const subs = mockSubscribers();
    const { line, caller, leadId } = await lineWithLead();
    await api("POST", `/businesses/${line.businessId}/hooks`, { url: "https://crm-out.example/hook", events: ["lead.won"] });
    const { res } = await send(line.businessId, { id: "deal-991-won", phone: caller, status: "won", wonCents: 48_000 });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ leadId, status: "won", wonCents: 48_000, lostReason: null, lostNote: null });
    const lead = await leadOf(leadId);
    expect(lead).toMatchObject({ status: "won", wonCents: 48_000 });
    // The lead card says "Won $480.00 by the CRM" from what the entry keeps of who did it.
    expect(lead.timeline.find((e: { event?: string }) => e.event === "status")).toMatchObject({ actor: "crm", actedBy: { kind: "crm" }, detail: { to: "won", wonCents: 48_000 } });
    const won = await eventually(async () => subs.received("crm-out.example")[0]);
    expect(won.body.data).toMatchObject({ id: leadId, status: "won", wonCents: 48_000 });
  });

  it("moves a lead named by id, a national-format phone read as E.164 too", async () => {
    const { line, caller, leadId } = await lineWithLead();
    expect((await send(line.businessId, { leadId, status: "booked" })).res.status).toBe(200);
    expect((await leadOf(leadId)).status).toBe("booked");
    const national = `(${caller.slice(2, 5)}) ${caller.slice(5, 8)}-${caller.slice(8)}`;
    expect((await send(line.businessId, { phone: national, wonCents: 12_500 })).res.status).toBe(200);
    expect((await leadOf(leadId)).wonCents).toBe(12_500);
  });

  it("acts once under 20 deliveries of the same change, even after a person changed the lead since", async () => {
    const { line, caller, leadId } = await lineWithLead();
    const body = { id: "evt-won-20x", phone: caller, status: "won", wonCents: 45_000 };
    expect((await send(line.businessId, body)).res.status).toBe(200);
    await api("PATCH", `/leads/${leadId}`, { wonCents: 50_000 });
    for (let i = 0; i < 19; i++) {
      const { res } = await send(line.businessId, body);
      expect(res.status).toBe(200);
      expect(await res.json()).toEqual({ leadId, duplicate: true });
    }
    const lead = await leadOf(leadId);
    expect(lead.wonCents).toBe(50_000);
    expect(lead.timeline.filter((e: { event?: string }) => e.event === "status")).toHaveLength(1);
  });

  it("marks a lead lost with the API's reasons and words; the answer and lead.lost carry them", async () => {
    const subs = mockSubscribers();
    const { line, caller, leadId } = await lineWithLead();
    await api("POST", `/businesses/${line.businessId}/hooks`, { url: "https://crm-lost.example/hook", events: ["lead.lost"] });
    const { res } = await send(line.businessId, { id: "deal-7-lost", phone: caller, status: "lost", lostReason: "other", lostNote: "Went with his brother-in-law" });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ leadId, status: "lost", wonCents: null, lostReason: "other", lostNote: "Went with his brother-in-law" });
    expect(await leadOf(leadId)).toMatchObject({ status: "lost", lostReason: "other", lostNote: "Went with his brother-in-law" });
    const lost = await eventually(async () => subs.received("crm-lost.example")[0]);
    expect(lost.body.data).toMatchObject({ id: leadId, status: "lost", lostReason: "other" });
    // A later reason corrects the lost lead's.
    expect((await send(line.businessId, { id: "deal-7-price", phone: caller, lostReason: "price" })).res.status).toBe(200);
    expect(await leadOf(leadId)).toMatchObject({ status: "lost", lostReason: "price", lostNote: null });
  });

  it("marks a lead lost without a reason when the CRM has none, and its timeline says so", async () => {
    const { line, caller, leadId } = await lineWithLead();
    const { res } = await send(line.businessId, { id: "deal-8-lost", phone: caller, status: "lost" });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ leadId, status: "lost", wonCents: null, lostReason: null, lostNote: null });
    const lead = await leadOf(leadId);
    expect(lead).toMatchObject({ status: "lost", lostReason: null, closedAt: expect.any(Number) });
    const entry = lead.timeline.find((e: { event?: string }) => e.event === "status");
    expect(entry).toMatchObject({ actor: "crm", detail: { from: "new", to: "lost", noReason: true } });
  });

  it("a request without an id replayed as it was (same signature) changes nothing the second time", async () => {
    const { line, caller, leadId } = await lineWithLead();
    const first = await send(line.businessId, { phone: caller, wonCents: 30_000 });
    expect(first.res.status).toBe(200);
    await api("PATCH", `/leads/${leadId}`, { wonCents: 31_000 });
    const again = await send(line.businessId, { phone: caller, wonCents: 30_000 }, { signature: first.signature });
    expect(await again.res.json()).toMatchObject({ duplicate: true });
    expect((await leadOf(leadId)).wonCents).toBe(31_000);
  });
});

describe("the CRM's request ids", () => {
  it("are kept 30 days by the nightly retention, then forgotten", async () => {
    const { line, caller } = await lineWithLead();
    expect((await send(line.businessId, { id: "deal-keep-30d", phone: caller, status: "booked" })).res.status).toBe(200);
    const keys = () => env.DB.prepare("SELECT key FROM crm_inbound_keys WHERE business_id = ?").bind(line.businessId).all<{ key: string }>();
    await applyRetention(env, Date.now() + (CRM_KEY_DAYS - 1) * 86_400_000);
    expect((await keys()).results.map((r) => r.key)).toEqual(["deal-keep-30d"]);
    await applyRetention(env, Date.now() + (CRM_KEY_DAYS + 1) * 86_400_000);
    expect((await keys()).results).toEqual([]);
  });
});

describe("refused, and nothing changes", () => {
  const cases: [string, (l: { line: TwilioLine; caller: string }) => Parameters<typeof send>, number][] = [
    ["no signature", ({ line, caller }) => [line.businessId, { phone: caller, status: "won" }, { secret: null }], 401],
    ["another key", ({ line, caller }) => [line.businessId, { phone: caller, status: "won" }, { secret: "whsec_not_the_right_one_000" }], 403],
    ["a stale signature", ({ line, caller }) => [line.businessId, { phone: caller, status: "won" }, { at: Math.floor(Date.now() / 1000) - 3600 }], 403],
    ["a malformed signature", ({ line, caller }) => [line.businessId, { phone: caller, status: "won" }, { signature: "v1=abc" }], 403],
    ["an unknown business", ({ caller }) => ["biz_nope", { phone: caller, status: "won" }], 403],
    ["a bad status", ({ line, caller }) => [line.businessId, { phone: caller, status: "done" }], 400],
    ["no lead named", ({ line }) => [line.businessId, { status: "won" }], 400],
    ["a negative amount", ({ line, caller }) => [line.businessId, { phone: caller, wonCents: -5 }], 400],
    ["a lost reason not in the API's list", ({ line, caller }) => [line.businessId, { phone: caller, status: "lost", lostReason: "weather" }], 400],
    ["other without its words", ({ line, caller }) => [line.businessId, { phone: caller, status: "lost", lostReason: "other" }], 400],
    ["a reason for a lead that is not lost", ({ line, caller }) => [line.businessId, { phone: caller, lostReason: "price" }], 400],
    ["a phone with no lead", ({ line }) => [line.businessId, { phone: uniquePhone(), status: "won" }], 404],
    ["another business's lead", ({ line }) => [line.businessId, { leadId: "lead_of_someone_else", status: "won" }], 404],
  ];

  it.each(cases)("%s", async (_, args, status) => {
    const l = await lineWithLead();
    const { res } = await send(...args(l));
    expect(res.status).toBe(status);
    expect(await leadOf(l.leadId)).toMatchObject({ status: "new", wonCents: null, lostReason: null });
  });

  it("a bad lost reason is a 400 in the API's words, naming the field", async () => {
    const l = await lineWithLead();
    const weather = await send(l.line.businessId, { phone: l.caller, status: "lost", lostReason: "weather" });
    expect(await weather.res.text()).toMatch(/lostReason: must be a lost reason: out_of_area, no_response, price or other/);
    const wordless = await send(l.line.businessId, { phone: l.caller, status: "lost", lostReason: "other" });
    expect(await wordless.res.text()).toMatch(/lostNote: say what the other reason was/);
  });

  it("a business with no webhookSecret accepts nothing", async () => {
    const l = await lineWithLead();
    await api("PATCH", `/businesses/${l.line.businessId}`, { webhookSecret: null });
    expect((await send(l.line.businessId, { phone: l.caller, status: "won" })).res.status).toBe(403);
    expect((await leadOf(l.leadId)).status).toBe("new");
  });
});
