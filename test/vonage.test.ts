import { env, exports } from "cloudflare:workers";
import { afterEach, describe, expect, it, vi } from "vitest";
import { vonageSmsSignature } from "../src/carriers/vonage-sms-signature";
import { sha256Hex } from "../src/carriers/vonage-signature";
import { ORIGIN, api, apiJson, eventually, settle, uniquePhone } from "./support/app";
import { addLine, createLine, mockCarriers, placeCall, sendSms, type Line } from "./support/carriers";
import { vonageAuthorization, vonageAuthorizationFor, vonageCredentials, vonageKeyPair, vonageWebhook } from "./support/vonage";

afterEach(() => vi.restoreAllMocks());

const digits = (e164: string) => e164.slice(1);
const calls = async (line: Line) => (await apiJson("GET", `/businesses/${line.businessId}/calls`)).calls as Array<{ outcome: string; decision: string }>;
const messages = async (line: Line) =>
  (await apiJson("GET", `/businesses/${line.businessId}/messages`)).messages as Array<{ id: string; to: string; status: string; errorCode: string | null }>;

function decodeJwt(token: string) {
  const [h, p, s] = token.split(".") as [string, string, string];
  const part = (x: string) => JSON.parse(atob(x.replace(/-/g, "+").replace(/_/g, "/")));
  const bytes = (x: string) => Uint8Array.from(atob(x.replace(/-/g, "+").replace(/_/g, "/")), (c) => c.charCodeAt(0));
  return { header: part(h), claims: part(p), input: new TextEncoder().encode(`${h}.${p}`), signature: bytes(s) };
}

async function missedText(line: Line) {
  const mock = mockCarriers();
  const caller = uniquePhone();
  await placeCall(line, caller, "no-answer");
  await eventually(async () => mock.to(caller).length === 1);
  return { mock, caller, sent: mock.to(caller)[0]! };
}

describe("a Vonage number's texts", () => {
  it("go to POST /v1/messages as SMS JSON with an RS256 application token signed by the application's key", async () => {
    const line = await createLine("vonage");
    const { sent, caller } = await missedText(line);
    expect(sent.json).toEqual({
      message_type: "text",
      channel: "sms",
      to: digits(caller),
      from: digits(line.e164),
      text: sent.body,
      webhook_url: `${ORIGIN}/webhooks/vonage/status`,
    });
    const jwt = decodeJwt(sent.authorization!.replace(/^Bearer /, ""));
    expect(jwt.header).toEqual({ alg: "RS256", typ: "JWT" });
    expect(jwt.claims.application_id).toMatch(/^[0-9a-f-]{36}$/);
    const now = Math.floor(Date.now() / 1000);
    expect(Math.abs(jwt.claims.iat - now)).toBeLessThan(30);
    expect(jwt.claims.exp).toBe(jwt.claims.iat + 900);
    expect(typeof jwt.claims.jti).toBe("string");
    const ok = await crypto.subtle.verify("RSASSA-PKCS1-v1_5", (await vonageKeyPair()).publicKey, jwt.signature, jwt.input);
    expect(ok).toBe(true);
  });

  it("name the application the number was registered with", async () => {
    mockCarriers();
    const biz = await apiJson("POST", "/businesses", { name: "Acme Plumbing", timezone: "America/Chicago", forwardTo: uniquePhone("312") });
    const secret = `sig_${crypto.randomUUID()}`;
    const credentials = await vonageCredentials(secret);
    const e164 = uniquePhone("512");
    await apiJson("POST", `/businesses/${biz.id}/numbers`, { e164, carrier: "vonage", credentials });
    const line: Line = { carrier: "vonage", businessId: biz.id, e164, forwardTo: biz.forwardTo, secret, restAuthorization: vonageAuthorizationFor(credentials.applicationId!), credentials };
    const { sent } = await missedText(line);
    expect(decodeJwt(sent.authorization!.replace(/^Bearer /, "")).claims.application_id).toBe(credentials.applicationId);
  });

  it("retry after throttling, with Vonage's Retry-After, and stop for good on refused credentials", async () => {
    const line = await createLine("vonage");
    const throttled = mockCarriers([{ status: 429, code: "1000" }]);
    const caller = uniquePhone();
    await placeCall(line, caller, "no-answer");
    await eventually(async () => (await messages(line))[0]?.status === "sent");
    expect(throttled.to(caller)).toHaveLength(2);
    vi.restoreAllMocks();
    const refused = mockCarriers([{ status: 401, code: "unauthorized" }]);
    const other = uniquePhone();
    await placeCall(line, other, "busy");
    await eventually(async () => (await messages(line)).find((m) => m.to === other)?.status === "failed");
    expect((await messages(line)).find((m) => m.to === other)).toMatchObject({ errorCode: "unauthorized" });
    await settle(200);
    expect(refused.to(other)).toHaveLength(1);
  });
});

describe("Vonage's status webhook", () => {
  async function sentText() {
    const line = await createLine("vonage");
    const { caller } = await missedText(line);
    await eventually(async () => (await messages(line))[0]?.status === "sent" || (await messages(line))[0]?.status === "queued");
    const row = await env.DB.prepare("select carrier_message_id as id from messages where to_phone = ?").bind(caller).first<{ id: string }>();
    const report = (status: string, error?: Record<string, unknown>) =>
      vonageWebhook("/webhooks/vonage/status", { message_uuid: row!.id, to: digits(caller), from: digits(line.e164), status, channel: "sms", timestamp: new Date().toISOString(), ...(error ? { error } : {}) }, line);
    return { line, caller, report };
  }

  it("moves a text forward only, out of order included", async () => {
    const { line, report } = await sentText();
    expect((await report("delivered")).status).toBe(200);
    expect((await report("submitted")).status).toBe(200);
    expect((await messages(line))[0]!.status).toBe("delivered");
  });

  it("records the opt-out when Vonage rejects a text because the recipient opted out", async () => {
    const { line, caller, report } = await sentText();
    const error = { type: "https://developer.nexmo.com/api-errors/messages-olympus#1320", title: 1320, detail: "Message failed: the recipient has opted out of messages from this sender" };
    expect((await report("rejected", error)).status).toBe(200);
    expect((await messages(line))[0]).toMatchObject({ status: "failed", errorCode: "9" });
    expect((await apiJson("GET", `/businesses/${line.businessId}/consent/${encodeURIComponent(caller)}`)).status).toBe("opted_out");
  });

  it("is refused with 403 when signed with another number's secret or when the body was changed", async () => {
    const { line, caller, report } = await sentText();
    const other = await createLine("vonage");
    const body = { message_uuid: crypto.randomUUID(), to: digits(caller), from: digits(line.e164), status: "delivered" };
    expect((await vonageWebhook("/webhooks/vonage/status", body, other)).status).toBe(403);
    const raw = JSON.stringify(body);
    const res = await exports.default.fetch(`${ORIGIN}/webhooks/vonage/status`, {
      method: "POST",
      headers: { "content-type": "application/json", authorization: await vonageAuthorization(line.secret, raw) },
      body: raw.replace("delivered", "rejected"),
    });
    expect(res.status).toBe(403);
    expect((await report("delivered")).status).toBe(200);
  });
});

describe("Vonage webhooks refuse what they cannot verify", () => {
  it("answers 403 to a token issued 301 s ago and stores nothing", async () => {
    const mock = mockCarriers();
    const line = await createLine("vonage");
    const caller = uniquePhone();
    const res = await vonageWebhook("/webhooks/vonage/answer", { uuid: crypto.randomUUID(), from: digits(caller), to: digits(line.e164) }, line, { ageSeconds: 301 });
    expect(res.status).toBe(403);
    expect((await vonageWebhook("/webhooks/vonage/inbound", { channel: "sms", message_uuid: crypto.randomUUID(), from: digits(caller), to: digits(line.e164), text: "STOP" }, line, { ageSeconds: 301 })).status).toBe(403);
    await settle(200);
    expect(mock.to(caller)).toHaveLength(0);
    expect(await calls(line)).toEqual([]);
  });

  it("refuses a forwarded leg's event whose URL names another caller than the one we handed Vonage", async () => {
    const mock = mockCarriers();
    const line = await createLine("vonage");
    const caller = uniquePhone();
    const victim = uniquePhone();
    const answer = await vonageWebhook("/webhooks/vonage/answer", { uuid: crypto.randomUUID(), from: digits(caller), to: digits(line.e164) }, line);
    const eventUrl = ((await answer.json()) as Array<{ eventUrl: string[] }>)[0]!.eventUrl[0]!;
    const forged = eventUrl.replace(encodeURIComponent(caller), encodeURIComponent(victim));
    expect(forged).not.toBe(eventUrl);
    const leg = { uuid: crypto.randomUUID(), from: digits(line.e164), to: digits(line.forwardTo), direction: "outbound", status: "timeout" };
    expect((await vonageWebhook(forged, leg, line)).status).toBe(403);
    expect((await vonageWebhook(eventUrl, leg, line)).status).toBe(200);
    await eventually(async () => mock.to(caller).length === 1);
    expect(mock.to(victim)).toHaveLength(0);
  });

  it("answers 400 naming the problem for a malformed body", async () => {
    const line = await createLine("vonage");
    const raw = "{not json";
    const res = await exports.default.fetch(`${ORIGIN}/webhooks/vonage/inbound`, {
      method: "POST",
      headers: { "content-type": "application/json", authorization: await vonageAuthorization(line.secret, raw) },
      body: raw,
    });
    expect(res.status).toBe(400);
  });
});

describe("Vonage calls", () => {
  it("answers a GET answer URL (the dashboard's default) with a connect NCCO to the business phone", async () => {
    const line = await createLine("vonage");
    const q = new URLSearchParams({ uuid: crypto.randomUUID(), conversation_uuid: "CON-1", from: digits(uniquePhone()), to: digits(line.e164) });
    const res = await exports.default.fetch(`${ORIGIN}/webhooks/vonage/answer?${q}`, { headers: { authorization: await vonageAuthorization(line.secret, "", { payloadHash: null }) } });
    expect(res.status).toBe(200);
    const [connect] = (await res.json()) as Array<Record<string, any>>;
    expect(connect).toMatchObject({ action: "connect", from: digits(line.e164), machineDetection: "continue", eventMethod: "POST", endpoint: [{ type: "phone", number: digits(line.forwardTo) }] });
    expect(connect!.eventUrl[0]).toMatch(new RegExp(`^${ORIGIN}/webhooks/vonage/event\\?leg=forward&`));
    // The token covers no body: a GET with a body hash for some other body is refused.
    const wrong = await exports.default.fetch(`${ORIGIN}/webhooks/vonage/answer?${q}`, { headers: { authorization: await vonageAuthorization(line.secret, "x") } });
    expect(wrong.status).toBe(403);
    expect(await sha256Hex("")).toMatch(/^e3b0c442/);
  });

  it("records a withheld caller's missed call without texting anyone", async () => {
    const mock = mockCarriers();
    const line = await createLine("vonage");
    const answer = await vonageWebhook("/webhooks/vonage/answer", { uuid: crypto.randomUUID(), from: "Unknown", to: digits(line.e164) }, line);
    const eventUrl = ((await answer.json()) as Array<{ eventUrl: string[] }>)[0]!.eventUrl[0]!;
    const leg = { uuid: crypto.randomUUID(), from: digits(line.e164), to: digits(line.forwardTo), direction: "outbound", status: "unanswered" };
    expect((await vonageWebhook(eventUrl, leg, line)).status).toBe(200);
    await eventually(async () => (await calls(line)).length === 1);
    expect((await calls(line))[0]).toMatchObject({ outcome: "no_answer", decision: "skipped:withheld_caller_id" });
    await settle(200);
    expect(mock.texts).toHaveLength(0);
  });

  it("ignores the caller's own leg in forward mode and decides on it in status mode", async () => {
    const mock = mockCarriers();
    const forward = await createLine("vonage");
    const caller = uniquePhone();
    const aLeg = (line: Line, status: string) => ({ uuid: `a-${digits(caller)}`, from: digits(caller), to: digits(line.e164), direction: "inbound", status, duration: "0" });
    expect((await vonageWebhook("/webhooks/vonage/event", aLeg(forward, "unanswered"), forward)).status).toBe(200);
    await settle(200);
    expect(await calls(forward)).toEqual([]);

    const status = await createLine("vonage");
    const { id } = await env.DB.prepare("select id from numbers where e164 = ?").bind(status.e164).first<{ id: string }>() as { id: string };
    expect((await api("PATCH", `/businesses/${status.businessId}/numbers/${id}`, { mode: "status" })).status).toBe(200);
    expect((await vonageWebhook("/webhooks/vonage/event", aLeg(status, "ringing"), status)).status).toBe(200);
    expect((await vonageWebhook("/webhooks/vonage/event", aLeg(status, "unanswered"), status)).status).toBe(200);
    await eventually(async () => mock.to(caller).length === 1);
    expect((await calls(status))[0]).toMatchObject({ outcome: "no_answer", decision: "texted:no_answer" });
  });
});

describe("an inbound text in the SMS API's format (an account still on it)", () => {
  async function smsApiText(line: Line, from: string, text: string, opts: { secret?: string; ageSeconds?: number } = {}) {
    const params: Record<string, string> = {
      msisdn: digits(from),
      to: digits(line.e164),
      messageId: `0A0000000${Math.floor(Math.random() * 1e6)}`,
      text,
      type: "text",
      keyword: text.split(" ")[0]!.toUpperCase(),
      "message-timestamp": "2026-12-07 02:00:00",
      timestamp: String(Math.floor(Date.now() / 1000) - (opts.ageSeconds ?? 0)),
      nonce: crypto.randomUUID(),
    };
    params.sig = await vonageSmsSignature(params, opts.secret ?? line.secret, "sha256");
    return exports.default.fetch(`${ORIGIN}/webhooks/vonage/inbound?${new URLSearchParams(params)}`);
  }

  it("is verified with the signature secret and handled like any text (STOP confirmed once)", async () => {
    const mock = mockCarriers();
    const line = await createLine("vonage");
    const caller = uniquePhone();
    expect((await smsApiText(line, caller, "STOP", { secret: "not-the-secret" })).status).toBe(403);
    expect((await smsApiText(line, caller, "STOP", { ageSeconds: 301 })).status).toBe(403);
    await settle(100);
    expect(mock.to(caller)).toHaveLength(0);
    expect((await smsApiText(line, caller, "STOP")).status).toBe(200);
    await eventually(async () => mock.to(caller).length === 1);
    expect(mock.to(caller)[0]!.body).toMatch(/unsubscribed/i);
  });
});

describe("a business on Twilio and Vonage", () => {
  it("stops texts from the Twilio number after a STOP to the Vonage one", async () => {
    const mock = mockCarriers();
    const twilio = await createLine("twilio", { cooldownHours: 0 });
    const vonage = await addLine("vonage", twilio.businessId, twilio.forwardTo);
    const caller = uniquePhone();
    expect((await sendSms(vonage, caller, "STOP")).status).toBe(200);
    await eventually(async () => mock.to(caller).length === 1);
    expect(mock.to(caller)[0]).toMatchObject({ carrier: "vonage", from: vonage.e164 });
    await placeCall(twilio, caller, "no-answer");
    await placeCall(vonage, caller, "busy");
    await settle(300);
    expect(mock.to(caller)).toHaveLength(1);
    expect((await calls(twilio)).map((c) => c.decision)).toEqual(["skipped:opted_out", "skipped:opted_out"]);
  });
});

describe("adding a Vonage number", () => {
  it("lists the URLs to paste into the application, and never returns the credentials", async () => {
    const biz = await apiJson("POST", "/businesses", { name: "Acme", timezone: "America/Chicago", forwardTo: uniquePhone("312") });
    const credentials = await vonageCredentials(`sig_${crypto.randomUUID()}`);
    const res = await api("POST", `/businesses/${biz.id}/numbers`, { e164: uniquePhone("512"), carrier: "vonage", credentials });
    expect(res.status).toBe(201);
    const text = await res.text();
    for (const value of Object.values(credentials)) expect(text).not.toContain(value.slice(0, 40));
    expect(JSON.parse(text).webhookUrls).toEqual({
      answer: `${ORIGIN}/webhooks/vonage/answer`,
      event: `${ORIGIN}/webhooks/vonage/event`,
      inbound: `${ORIGIN}/webhooks/vonage/inbound`,
      status: `${ORIGIN}/webhooks/vonage/status`,
    });
    const statusMode = await apiJson("POST", `/businesses/${biz.id}/numbers`, { e164: uniquePhone("512"), carrier: "vonage", credentials, mode: "status" });
    expect(Object.keys(statusMode.webhookUrls).sort()).toEqual(["event", "inbound", "status"]);
  });

  it("refuses a private key that is not PKCS#8 PEM, naming the field, and stores nothing", async () => {
    const biz = await apiJson("POST", "/businesses", { name: "Acme", timezone: "America/Chicago" });
    const credentials = { ...(await vonageCredentials("sig_0123456789")), privateKey: "-----BEGIN RSA PRIVATE KEY-----\nMIIB\n-----END RSA PRIVATE KEY-----" };
    const res = await api("POST", `/businesses/${biz.id}/numbers`, { e164: uniquePhone("512"), carrier: "vonage", credentials });
    expect(res.status).toBe(400);
    expect(await res.text()).toContain("privateKey");
    expect(await env.DB.prepare("select count(*) as n from numbers where business_id = ?").bind(biz.id).first("n")).toBe(0);
  });
});
