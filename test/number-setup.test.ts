/** Check and configure a number's webhooks through its carrier's API (issue 26, item 1), against a stateful stand-in. */
import { env } from "cloudflare:workers";
import { afterEach, describe, expect, it, vi } from "vitest";
import { api, apiJson, ORIGIN, uniquePhone } from "./support/app";
import { setupStandIn, type SetupStandIn } from "./support/carrier-setup";
import { createLine, type CarrierKind, type Line } from "./support/carriers";

afterEach(() => vi.restoreAllMocks());

type Check = { name: string; expected: string; actual: string | null; ok: boolean; advice?: string };

async function numberId(line: Line) {
  return (await apiJson("GET", `/businesses/${line.businessId}`)).numbers[0].id as string;
}
const path = async (line: Line, what: string) => `/businesses/${line.businessId}/numbers/${await numberId(line)}/${what}`;
const byName = (checks: Check[]) => Object.fromEntries(checks.map((c) => [c.name, c]));

function twilioNumber(s: SetupStandIn, e164: string, over: Record<string, string | null> = {}) {
  const n = { sid: `PN${crypto.randomUUID().replace(/-/g, "")}`, phone_number: e164, voice_url: "https://old.example/voice", sms_url: null, status_callback: null, voice_application_sid: null, sms_application_sid: null, ...over };
  s.twilio.set(e164, n);
  return n;
}

describe.each<CarrierKind>(["twilio", "signalwire"])("%s: check, configure, undo", (carrier) => {
  it("finds the wrong URLs, sets them, and undo puts the old ones back", async () => {
    const s = setupStandIn();
    const line = await createLine(carrier);
    const n = twilioNumber(s, line.e164);
    const before = byName((await apiJson("GET", await path(line, "check"))).checks);
    expect(before.voiceUrl).toMatchObject({ expected: `${ORIGIN}/webhooks/twilio/voice`, actual: "https://old.example/voice", ok: false });
    expect(before.smsUrl).toMatchObject({ expected: `${ORIGIN}/webhooks/twilio/sms`, actual: null, ok: false });

    const configured = await apiJson("POST", await path(line, "configure"));
    expect(configured.changed.sort()).toEqual(["smsUrl", "voiceUrl"]);
    expect(configured.checks.every((c: Check) => c.ok)).toBe(true);
    expect(n).toMatchObject({ voice_url: `${ORIGIN}/webhooks/twilio/voice`, sms_url: `${ORIGIN}/webhooks/twilio/sms` });
    const write = s.requests.find((r) => r.method === "POST")!;
    expect(new URL(write.url).host).toBe(carrier === "twilio" ? "api.twilio.com" : "acme.signalwire.com");
    if (carrier === "signalwire") expect(new URL(write.url).pathname).toMatch(/^\/api\/laml\/2010-04-01\/Accounts\//);
    expect(new URLSearchParams(write.body).get("VoiceMethod")).toBe("POST");
    const { entries } = await apiJson("GET", `/audit?entity=number&entityId=${await numberId(line)}`);
    expect(entries[0]).toMatchObject({ action: "number.configure", detail: { before: { voiceUrl: "https://old.example/voice", smsUrl: null } } });

    const undone = await apiJson("POST", await path(line, "configure/undo"));
    expect(undone.restored.sort()).toEqual(["smsUrl", "voiceUrl"]);
    expect(n).toMatchObject({ voice_url: "https://old.example/voice", sms_url: null });
    const again = await api("POST", await path(line, "configure/undo"));
    expect(again.status).toBe(409);
  });

  it("a number in status mode needs the status callback, not the Voice URL", async () => {
    const s = setupStandIn();
    const line = await createLine(carrier);
    twilioNumber(s, line.e164, { voice_url: "https://their-ivr.example/answer" });
    await apiJson("PATCH", `/businesses/${line.businessId}/numbers/${await numberId(line)}`, { mode: "status" });
    const checks = byName((await apiJson("GET", await path(line, "check"))).checks);
    expect(Object.keys(checks).sort()).toEqual(["smsUrl", "statusCallback"]);
    expect(checks.statusCallback).toMatchObject({ expected: `${ORIGIN}/webhooks/twilio/call-status`, ok: false });
    await apiJson("POST", await path(line, "configure"));
    expect(s.twilio.get(line.e164)).toMatchObject({ voice_url: "https://their-ivr.example/answer", status_callback: `${ORIGIN}/webhooks/twilio/call-status` });
  });
});

describe("twilio: a Messaging Service that answers texts itself", () => {
  it("is reported with what to change, and configure leaves it alone", async () => {
    const s = setupStandIn();
    const line = await createLine("twilio");
    twilioNumber(s, line.e164, { voice_url: `${ORIGIN}/webhooks/twilio/voice`, sms_url: `${ORIGIN}/webhooks/twilio/sms` });
    s.services.push({ sid: "MGdefers", friendly_name: "Marketing", use_inbound_webhook_on_number: true, inbound_request_url: null, numbers: [line.e164] });
    s.services.push({ sid: "MGowns", friendly_name: "Support", use_inbound_webhook_on_number: false, inbound_request_url: "https://crm.example/sms", numbers: [line.e164] });
    const checks = byName((await apiJson("GET", await path(line, "check"))).checks);
    expect(checks.messagingService).toMatchObject({ ok: false, actual: expect.stringContaining("Support (MGowns) sends incoming texts to https://crm.example/sms") });
    expect(checks.messagingService!.advice).toMatch(/Defer to sender's webhook/);
    const configured = await apiJson("POST", await path(line, "configure"));
    expect(configured.changed).toEqual([]);
    expect(s.requests.filter((r) => r.method === "POST")).toHaveLength(0);
  });
});

describe("telnyx: the Call Control application and the messaging profile", () => {
  it("checks and sets both webhook URLs", async () => {
    const s = setupStandIn();
    const line = await createLine("telnyx");
    s.telnyx.numbers.set(line.e164, { id: "pn1", connection_id: "app1", messaging_profile_id: "mp1" });
    s.telnyx.apps.set("app1", { webhook_event_url: "https://old.example/telnyx" });
    s.telnyx.profiles.set("mp1", { webhook_url: null });
    const before = byName((await apiJson("GET", await path(line, "check"))).checks);
    expect(before.callControlWebhook).toMatchObject({ actual: "https://old.example/telnyx", ok: false });
    expect(before.messagingProfileWebhook).toMatchObject({ actual: null, ok: false });
    const configured = await apiJson("POST", await path(line, "configure"));
    expect(configured.checks.every((c: Check) => c.ok)).toBe(true);
    expect(s.telnyx.apps.get("app1")!.webhook_event_url).toBe(`${ORIGIN}/webhooks/telnyx`);
    expect(s.requests.find((r) => r.method === "PATCH")!.authorization).toMatch(/^Bearer KEY/);
    await apiJson("POST", await path(line, "configure/undo"));
    expect(s.telnyx.apps.get("app1")!.webhook_event_url).toBe("https://old.example/telnyx");
  });

  it("a number with no messaging profile cannot be configured here, and says where to fix it", async () => {
    const s = setupStandIn();
    const line = await createLine("telnyx");
    s.telnyx.numbers.set(line.e164, { id: "pn1", connection_id: "app2", messaging_profile_id: null });
    s.telnyx.apps.set("app2", { webhook_event_url: `${ORIGIN}/webhooks/telnyx` });
    const res = await api("POST", await path(line, "configure"));
    expect(res.status).toBe(409);
    expect(((await res.json()) as { error: string }).error).toMatch(/no messaging profile: assign it one in Mission Control/);
  });
});

describe("carrier errors change nothing and say what to do", () => {
  it.each([
    [401, /refused the number's credentials \(HTTP 401\)/],
    [429, /limiting requests \(HTTP 429\)/],
    [500, /answered HTTP 500/],
  ])("HTTP %i", async (status, words) => {
    const s = setupStandIn();
    const line = await createLine("twilio");
    const n = twilioNumber(s, line.e164);
    s.failNext(status);
    const res = await api("POST", await path(line, "configure"));
    expect(res.status).toBe(502);
    expect(await res.json()).toMatchObject({ carrierStatus: status, error: expect.stringMatching(words) });
    expect(n.voice_url).toBe("https://old.example/voice");
    const rows = await env.DB.prepare("SELECT count(*) AS n FROM audit_log WHERE action = 'number.configure' AND entity_id = ?").bind(await numberId(line)).first<{ n: number }>();
    expect(rows!.n).toBe(0);
  });

  it("a number the account does not have is a 404 from the carrier, in words", async () => {
    setupStandIn();
    const line = await createLine("twilio");
    const res = await api("GET", await path(line, "check"));
    expect(res.status).toBe(502);
    expect(((await res.json()) as { error: string }).error).toMatch(/Twilio has no number \+1\d{10} in this account/);
  });
});

describe("a test call to the business's own phone", () => {
  it.each<CarrierKind>(["twilio", "telnyx"])("%s: the number calls the business phone through the carrier's API", async (carrier) => {
    const s = setupStandIn();
    const line = await createLine(carrier);
    if (carrier === "telnyx") s.telnyx.numbers.set(line.e164, { id: "pn1", connection_id: "app9", messaging_profile_id: "mp9" });
    else twilioNumber(s, line.e164);
    const res = await api("POST", await path(line, "test-call"));
    expect(res.status).toBe(202);
    expect(await res.json()).toEqual({ to: line.forwardTo });
    const call = s.requests.find((r) => r.method === "POST")!;
    if (carrier === "telnyx") {
      expect(new URL(call.url).pathname).toBe("/v2/calls");
      expect(JSON.parse(call.body)).toMatchObject({ connection_id: "app9", to: line.forwardTo, from: line.e164 });
    } else {
      expect(new URL(call.url).pathname).toMatch(/\/Calls\.json$/);
      const form = new URLSearchParams(call.body);
      expect([form.get("To"), form.get("From")]).toEqual([line.forwardTo, line.e164]);
      expect(form.get("Twiml")).toContain("let it ring");
    }
  });

  it("needs the business's own phone first", async () => {
    setupStandIn();
    const line = await createLine("twilio");
    await api("PATCH", `/businesses/${line.businessId}`, { forwardTo: null });
    const res = await api("POST", await path(line, "test-call"));
    expect(res.status).toBe(409);
  });
});

describe("US registration (twilio)", () => {
  it("an ordinary number: its Messaging Service's A2P campaign, or unregistered without one", async () => {
    const s = setupStandIn();
    const line = await createLine("twilio");
    twilioNumber(s, line.e164);
    const unregistered = (await apiJson("GET", await path(line, "check"))).registration;
    expect(unregistered).toMatchObject({ kind: "10dlc", status: null, ok: false, words: expect.stringContaining("Not registered for A2P 10DLC") });
    s.services.push({ sid: "MGreg", friendly_name: "Main", use_inbound_webhook_on_number: true, inbound_request_url: null, numbers: [line.e164], campaignStatus: "VERIFIED" });
    expect((await apiJson("GET", await path(line, "check"))).registration).toMatchObject({ status: "VERIFIED", ok: true });
  });

  it("a toll-free number: its verification status", async () => {
    const s = setupStandIn();
    const line = await createLine("twilio");
    const { numbers } = await apiJson("GET", `/businesses/${line.businessId}`);
    await api("DELETE", `/businesses/${line.businessId}/numbers/${numbers[0].id}`);
    // uniquePhone never draws an N11 exchange (+1 888 611 …), which no 888 number has.
    const tollFree = uniquePhone("888");
    await apiJson("POST", `/businesses/${line.businessId}/numbers`, { e164: tollFree, carrier: "twilio", credentials: { accountSid: `AC${"1".repeat(32)}`, authToken: "secret-token" } });
    const n = twilioNumber(s, tollFree);
    s.tollfree.set(n.sid, "PENDING_REVIEW");
    const r = (await apiJson("GET", `/businesses/${line.businessId}/numbers/${(await apiJson("GET", `/businesses/${line.businessId}`)).numbers[0].id}/check`)).registration;
    expect(r).toMatchObject({ kind: "tollfree", status: "PENDING_REVIEW", ok: false, words: expect.stringContaining("under review") });
  });
});
