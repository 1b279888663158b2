import { afterEach, describe, expect, it, vi } from "vitest";
import { plivoV2Signature } from "../src/carriers/plivo-signature";
import { api, apiJson, eventually, ORIGIN, settle, uniquePhone } from "./support/app";
import { setupStandIn } from "./support/carrier-setup";
import { createLine, mockCarriers, placeCall } from "./support/carriers";
import { plivoCredentials, plivoNumber, plivoSmsStatus, plivoWebhook } from "./support/carriers-plivo";
import { exports } from "cloudflare:workers";

afterEach(() => vi.restoreAllMocks());

async function plivoStatusLine() {
  const biz = await apiJson("POST", "/businesses", { name: "Acme Plumbing", timezone: "America/Chicago", forwardTo: uniquePhone("312") });
  const e164 = uniquePhone("512");
  const token = `tok_${crypto.randomUUID()}`;
  const { credentials } = plivoCredentials(token);
  const number = await apiJson("POST", `/businesses/${biz.id}/numbers`, { e164, carrier: "plivo", credentials, mode: "status" });
  return { businessId: biz.id as string, e164, token, credentials, number };
}
const calls = async (businessId: string) => (await apiJson("GET", `/businesses/${businessId}/calls`)).calls as Array<{ outcome: string; decision: string }>;
const messages = async (businessId: string) => (await apiJson("GET", `/businesses/${businessId}/messages`)).messages as Array<{ status: string; errorCode: string | null }>;

describe("adding a Plivo number", () => {
  it("lists the Answer and Message URLs (forward) or the Hangup and Message URLs (status), and never returns the token", async () => {
    const line = await plivoStatusLine();
    expect(line.number).toEqual({
      id: expect.any(String),
      e164: line.e164,
      carrier: "plivo",
      mode: "status",
      webhookUrls: { callStatus: `${ORIGIN}/webhooks/plivo/hangup`, sms: `${ORIGIN}/webhooks/plivo/sms` },
    });
    const patched = await apiJson("PATCH", `/businesses/${line.businessId}/numbers/${line.number.id}`, { mode: "forward" });
    expect(patched.webhookUrls).toEqual({ voice: `${ORIGIN}/webhooks/plivo/voice`, sms: `${ORIGIN}/webhooks/plivo/sms` });
    expect(JSON.stringify(await apiJson("GET", `/businesses/${line.businessId}`))).not.toContain(line.token);
  });

  it("reads its settings at Plivo when asked to check them: the application's Hangup and Message URLs, with the Auth ID and token", async () => {
    const s = setupStandIn();
    const line = await plivoStatusLine();
    s.plivo.numbers.set(plivoNumber(line.e164), { application: `/v1/Account/${line.credentials.authId}/Application/55/` });
    s.plivo.apps.set("55", { answer_url: "https://ivr.example/answer", hangup_url: null, message_url: `${ORIGIN}/webhooks/plivo/sms` });
    const { checks } = await apiJson("GET", `/businesses/${line.businessId}/numbers/${line.number.id}/check`);
    expect(checks.map((c: { name: string; ok: boolean }) => [c.name, c.ok])).toEqual([
      ["hangupUrl", false],
      ["messageUrl", true],
    ]);
    expect(s.requests.map((r) => [r.method, new URL(r.url).pathname, r.authorization])).toEqual([
      ["GET", `/v1/Account/${line.credentials.authId}/Number/${plivoNumber(line.e164)}/`, `Basic ${btoa(`${line.credentials.authId}:${line.token}`)}`],
      ["GET", `/v1/Account/${line.credentials.authId}/Application/55/`, `Basic ${btoa(`${line.credentials.authId}:${line.token}`)}`],
    ]);
  });

  it("refuses an Auth ID that is not one, naming the field", async () => {
    const biz = await apiJson("POST", "/businesses", { name: "Acme", timezone: "America/Chicago" });
    const res = await api("POST", `/businesses/${biz.id}/numbers`, { e164: uniquePhone("512"), carrier: "plivo", credentials: { authId: "AC123", authToken: "long-enough-token" } });
    expect(res.status).toBe(400);
    expect(await res.text()).toContain("authId");
  });
});

describe("Plivo voice in forward mode", () => {
  it("answers the call with <Dial action> to the business phone", async () => {
    mockCarriers();
    const line = await createLine("plivo");
    const res = await plivoWebhook("/webhooks/plivo/voice", { CallUUID: crypto.randomUUID(), From: plivoNumber(uniquePhone()), To: plivoNumber(line.e164), CallStatus: "ringing", Direction: "inbound" }, line.secret);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toContain("text/xml");
    const xml = await res.text();
    expect(xml).toContain(`<Dial action="${ORIGIN}/webhooks/plivo/dial-status" method="POST"`);
    expect(xml).toContain(`<Number>${line.forwardTo}</Number>`);
  });

  it("sends the text with the number's auth ID in the path, the body Plivo documents and our delivery report URL", async () => {
    const requests: Array<{ url: string; body: unknown }> = [];
    const mock = mockCarriers();
    const spy = vi.mocked(globalThis.fetch);
    const line = await createLine("plivo");
    const caller = uniquePhone();
    await placeCall(line, caller, "no-answer");
    await eventually(async () => mock.to(caller).length === 1);
    for (const [input, init] of spy.mock.calls) {
      const req = new Request(input as RequestInfo, init);
      if (new URL(req.url).hostname === "api.plivo.com") requests.push({ url: req.url, body: init?.body ? JSON.parse(String(init.body)) : null });
    }
    const authId = atob(line.restAuthorization.slice("Basic ".length)).split(":")[0];
    expect(requests).toEqual([
      {
        url: `https://api.plivo.com/v1/Account/${authId}/Message/`,
        body: { src: line.e164, dst: caller, text: expect.stringContaining("Acme Plumbing"), type: "sms", url: `${ORIGIN}/webhooks/plivo/sms-status`, method: "POST" },
      },
    ]);
  });

  it("accepts a V2 signature when Plivo sends no V3 header", async () => {
    mockCarriers();
    const line = await createLine("plivo");
    const url = `${ORIGIN}/webhooks/plivo/dial-status`;
    const nonce = "24725744043720739450";
    const body = new URLSearchParams({ CallUUID: crypto.randomUUID(), From: plivoNumber(uniquePhone()), To: plivoNumber(line.e164), DialStatus: "busy" });
    const res = await exports.default.fetch(url, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded", "x-plivo-signature-v2": await plivoV2Signature(line.secret, url, nonce), "x-plivo-signature-v2-nonce": nonce },
      body: body.toString(),
    });
    expect(res.status).toBe(200);
    await eventually(async () => (await calls(line.businessId)).length === 1);
    expect((await calls(line.businessId))[0]).toMatchObject({ outcome: "busy" });
  });

  it("answers 403 unsigned, 400 for a signed body with an unknown DialStatus, and stores nothing", async () => {
    mockCarriers();
    const line = await createLine("plivo");
    const params = { CallUUID: crypto.randomUUID(), From: plivoNumber(uniquePhone()), To: plivoNumber(line.e164), DialStatus: "no-answer" };
    expect((await plivoWebhook("/webhooks/plivo/dial-status", params, null)).status).toBe(403);
    const bad = await plivoWebhook("/webhooks/plivo/dial-status", { ...params, DialStatus: "maybe" }, line.secret);
    expect(bad.status).toBe(400);
    expect(await bad.text()).toContain("DialStatus");
    expect(await calls(line.businessId)).toEqual([]);
  });
});

describe("Plivo status mode (the Hangup URL)", () => {
  it.each([
    [{ CallStatus: "completed", HangupCause: "NORMAL_CLEARING", Duration: "2" }, "short_call", "texted:short_call"],
    [{ CallStatus: "completed", HangupCause: "NORMAL_CLEARING", Duration: "95" }, "answered", "skipped:answered"],
    [{ CallStatus: "cancel", HangupCause: "ORIGINATOR_CANCEL", Duration: "0" }, "canceled", "texted:canceled"],
    [{ CallStatus: "no-answer", HangupCause: "NO_ANSWER", Duration: "0" }, "no_answer", "texted:no_answer"],
  ])("%o → %s", async (fields, outcome, decision) => {
    mockCarriers();
    const line = await plivoStatusLine();
    const res = await plivoWebhook("/webhooks/plivo/hangup", { CallUUID: crypto.randomUUID(), From: plivoNumber(uniquePhone()), To: plivoNumber(line.e164), Direction: "inbound", ...fields }, line.token);
    expect(res.status).toBe(200);
    await eventually(async () => (await calls(line.businessId)).length === 1);
    expect((await calls(line.businessId))[0]).toMatchObject({ outcome, decision });
  });

  it("leaves the decision to the <Dial action> in forward mode", async () => {
    mockCarriers();
    const line = await createLine("plivo");
    const params = { CallUUID: crypto.randomUUID(), From: plivoNumber(uniquePhone()), To: plivoNumber(line.e164), CallStatus: "completed", HangupCause: "NORMAL_CLEARING", Duration: "3" };
    expect((await plivoWebhook("/webhooks/plivo/hangup", params, line.secret)).status).toBe(200);
    await settle(200);
    expect(await calls(line.businessId)).toEqual([]);
  });

  it("refuses a request signed with the token the number had before it was rotated", async () => {
    mockCarriers();
    const line = await plivoStatusLine();
    const fresh = plivoCredentials(`tok_${crypto.randomUUID()}`);
    await apiJson("PATCH", `/businesses/${line.businessId}/numbers/${line.number.id}`, { credentials: fresh.credentials });
    const params = { CallUUID: crypto.randomUUID(), From: plivoNumber(uniquePhone()), To: plivoNumber(line.e164), CallStatus: "no-answer", HangupCause: "NO_ANSWER" };
    expect((await plivoWebhook("/webhooks/plivo/hangup", params, line.token)).status).toBe(403);
    expect((await plivoWebhook("/webhooks/plivo/hangup", params, fresh.credentials.authToken)).status).toBe(200);
  });
});

describe("Plivo delivery reports", () => {
  it("move a text forward only, out of order included", async () => {
    const mock = mockCarriers();
    const line = await createLine("plivo");
    const caller = uniquePhone();
    await placeCall(line, caller, "no-answer");
    await eventually(async () => (await messages(line.businessId))[0]?.status === "sent");
    const id = mock.to(caller)[0]!.id!;
    expect((await plivoSmsStatus(line.e164, caller, id, "delivered", "000", line.secret)).status).toBe(200);
    expect((await plivoSmsStatus(line.e164, caller, id, "sent", "000", line.secret)).status).toBe(200);
    await settle(100);
    expect((await messages(line.businessId))[0]).toMatchObject({ status: "delivered", errorCode: null });
    expect((await plivoSmsStatus(line.e164, caller, id, "delivered", "000", `${line.secret}x`)).status).toBe(403);
  });
});
