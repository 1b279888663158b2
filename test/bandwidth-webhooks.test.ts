import { afterEach, describe, expect, it, vi } from "vitest";
import { api, apiJson, eventually, ORIGIN, settle, uniquePhone } from "./support/app";
import { bandwidthAuth, createLine, mockCarriers, placeCall } from "./support/carriers";
import { bandwidthCallback, bandwidthCredentials, bandwidthMessageEvent } from "./support/carriers-bandwidth";

afterEach(() => vi.restoreAllMocks());

const calls = async (businessId: string) => (await apiJson("GET", `/businesses/${businessId}/calls`)).calls as Array<{ outcome: string; decision: string }>;
const messages = async (businessId: string) => (await apiJson("GET", `/businesses/${businessId}/messages`)).messages as Array<{ to: string; status: string; errorCode: string | null }>;

async function statusLine() {
  const biz = await apiJson("POST", "/businesses", { name: "Acme Plumbing", timezone: "America/Chicago", forwardTo: uniquePhone("312") });
  const e164 = uniquePhone("512");
  const { credentials } = bandwidthCredentials(`cbpw-${crypto.randomUUID()}`);
  const number = await apiJson("POST", `/businesses/${biz.id}/numbers`, { e164, carrier: "bandwidth", credentials, mode: "status" });
  return { businessId: biz.id as string, e164, credentials, number, auth: { callbackUsername: credentials.callbackUsername, callbackPassword: credentials.callbackPassword } };
}

describe("adding a Bandwidth number", () => {
  it("lists the call status and messaging callback URLs (status mode) or the call initiated one (forward), and never returns a secret", async () => {
    const line = await statusLine();
    expect(line.number.webhookUrls).toEqual({ callStatus: `${ORIGIN}/webhooks/bandwidth/voice-status`, sms: `${ORIGIN}/webhooks/bandwidth/messaging` });
    const patched = await apiJson("PATCH", `/businesses/${line.businessId}/numbers/${line.number.id}`, { mode: "forward" });
    expect(patched.webhookUrls).toEqual({ voice: `${ORIGIN}/webhooks/bandwidth/voice`, sms: `${ORIGIN}/webhooks/bandwidth/messaging` });
    const shown = JSON.stringify(await apiJson("GET", `/businesses/${line.businessId}`));
    expect(shown).not.toContain(line.credentials.clientSecret);
    expect(shown).not.toContain(line.credentials.callbackPassword);
  });

  it("refuses a short callback password, naming the field", async () => {
    const biz = await apiJson("POST", "/businesses", { name: "Acme", timezone: "America/Chicago" });
    const { credentials } = bandwidthCredentials("short");
    const res = await api("POST", `/businesses/${biz.id}/numbers`, { e164: uniquePhone("512"), carrier: "bandwidth", credentials });
    expect(res.status).toBe(400);
    expect(await res.text()).toContain("callbackPassword");
  });
});

describe("Bandwidth voice in forward mode", () => {
  it("answers initiate with <Transfer> to the business phone, its callbacks carrying the number's callback credentials", async () => {
    mockCarriers();
    const line = await createLine("bandwidth");
    const callId = `c-${crypto.randomUUID()}`;
    const res = await bandwidthCallback("/webhooks/bandwidth/voice", { eventType: "initiate", callId, from: uniquePhone(), to: line.e164, eventTime: new Date().toISOString() }, bandwidthAuth(line));
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toContain("application/xml");
    const xml = await res.text();
    expect(xml).toContain(`transferCompleteUrl="${ORIGIN}/webhooks/bandwidth/voice-status"`);
    expect(xml).toContain(`username="${line.callbackUsername}" password="${line.secret}"`);
    expect(xml).toContain(`tag="${line.e164} ${callId}"`);
    expect(xml).toContain(`>${line.forwardTo}</PhoneNumber>`);
  });

  it("sends the text to the number's account with its application id", async () => {
    mockCarriers();
    const spy = vi.mocked(globalThis.fetch);
    const line = await createLine("bandwidth");
    const caller = uniquePhone();
    await placeCall(line, caller, "busy");
    await eventually(async () => spy.mock.calls.some(([i]) => String(i instanceof Request ? i.url : i).includes("messaging.bandwidth.com")));
    const [input, init] = spy.mock.calls.find(([i]) => String(i instanceof Request ? i.url : i).includes("messaging.bandwidth.com"))!;
    expect(String(input)).toMatch(/^https:\/\/messaging\.bandwidth\.com\/api\/v2\/users\/\d+\/messages$/);
    expect(JSON.parse(String(init!.body))).toEqual({ applicationId: expect.stringMatching(/^[0-9a-f-]{36}$/), to: [caller], from: line.e164, text: expect.stringContaining("Acme Plumbing") });
  });

  it("answers 403 without credentials or with a wrong password, 400 for credentials-bearing junk, and stores nothing", async () => {
    mockCarriers();
    const line = await createLine("bandwidth");
    const event = { eventType: "transferComplete", callId: `c-${crypto.randomUUID()}`, from: uniquePhone(), to: line.e164, cause: "timeout" };
    expect((await bandwidthCallback("/webhooks/bandwidth/voice-status", event, null)).status).toBe(403);
    expect((await bandwidthCallback("/webhooks/bandwidth/voice-status", event, { ...bandwidthAuth(line), callbackPassword: `${line.secret}x` })).status).toBe(403);
    expect((await bandwidthCallback("/webhooks/bandwidth/voice-status", { ...event, callId: "bad id!" }, bandwidthAuth(line))).status).toBe(400);
    await settle(100);
    expect(await calls(line.businessId)).toEqual([]);
  });
});

describe("Bandwidth status mode (disconnect)", () => {
  const t0 = Date.parse("2026-12-07T15:00:00Z");
  const iso = (ms: number) => new Date(t0 + ms).toISOString();
  it.each([
    [{ cause: "hangup", answerTime: iso(4_000), endTime: iso(6_000) }, "short_call", "texted:short_call"],
    [{ cause: "hangup", answerTime: iso(4_000), endTime: iso(99_000) }, "answered", "skipped:answered"],
    [{ cause: "hangup", endTime: iso(9_000) }, "canceled", "texted:canceled"],
    [{ cause: "busy", endTime: iso(3_000) }, "busy", "texted:busy"],
  ])("%o → %s", async (fields, outcome, decision) => {
    mockCarriers();
    const line = await statusLine();
    const res = await bandwidthCallback("/webhooks/bandwidth/voice-status", { eventType: "disconnect", callId: `c-${crypto.randomUUID()}`, from: uniquePhone(), to: line.e164, startTime: iso(0), eventTime: iso(9_000), ...fields }, line.auth);
    expect(res.status).toBe(200);
    await eventually(async () => (await calls(line.businessId)).length === 1);
    expect((await calls(line.businessId))[0]).toMatchObject({ outcome, decision });
  });

  it("refuses the callback password the number had before it was rotated", async () => {
    mockCarriers();
    const line = await statusLine();
    const fresh = bandwidthCredentials(`cbpw-${crypto.randomUUID()}`).credentials;
    await apiJson("PATCH", `/businesses/${line.businessId}/numbers/${line.number.id}`, { credentials: fresh });
    const event = { eventType: "disconnect", callId: `c-${crypto.randomUUID()}`, from: uniquePhone(), to: line.e164, cause: "timeout" };
    expect((await bandwidthCallback("/webhooks/bandwidth/voice-status", event, line.auth)).status).toBe(403);
    expect((await bandwidthCallback("/webhooks/bandwidth/voice-status", event, { callbackUsername: fresh.callbackUsername, callbackPassword: fresh.callbackPassword })).status).toBe(200);
  });
});

describe("Bandwidth messaging callbacks", () => {
  it("take an array: reports move a text forward only, out of order and repeated included", async () => {
    const mock = mockCarriers();
    const line = await createLine("bandwidth");
    const caller = uniquePhone();
    await placeCall(line, caller, "no-answer");
    await eventually(async () => (await messages(line.businessId))[0]?.status === "sent");
    const id = mock.to(caller)[0]!.id!;
    const ev = (type: string) => bandwidthMessageEvent(type, line.e164, caller, id);
    const res = await bandwidthCallback("/webhooks/bandwidth/messaging", [ev("message-delivered"), ev("message-sending"), ev("message-delivered")], bandwidthAuth(line));
    expect(res.status).toBe(200);
    expect((await bandwidthCallback("/webhooks/bandwidth/messaging", [ev("message-failed")], bandwidthAuth(line))).status).toBe(200);
    expect((await messages(line.businessId))[0]).toMatchObject({ status: "delivered", errorCode: null });
  });

  it("refuses the whole array when one event names a number the credentials are not for, acting on none", async () => {
    const mock = mockCarriers();
    const line = await createLine("bandwidth");
    const other = await createLine("bandwidth");
    const caller = uniquePhone();
    const events = [bandwidthMessageEvent("message-received", line.e164, caller, `m${Date.now()}a`, "STOP"), bandwidthMessageEvent("message-received", other.e164, caller, `m${Date.now()}b`, "STOP")];
    expect((await bandwidthCallback("/webhooks/bandwidth/messaging", events, bandwidthAuth(line))).status).toBe(403);
    expect((await bandwidthCallback("/webhooks/bandwidth/messaging", [], bandwidthAuth(line))).status).toBe(400);
    await settle(200);
    expect(mock.to(caller)).toHaveLength(0);
  });
});
