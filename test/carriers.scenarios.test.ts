import { afterEach, describe, expect, it, vi } from "vitest";
import { apiJson, eventually, settle, uniquePhone } from "./support/app";
import { addLine, createLine, mockCarriers, placeCall, sendSms, telnyxEvent, type CarrierKind, type Line, type Scenario } from "./support/carriers";

afterEach(() => vi.restoreAllMocks());
// Dozens of signed webhooks per test, a carrier after another: on a loaded machine the last ones pass
// 5 s for no fault of their own (a storm of 20 calls is 60-80 requests).
vi.setConfig({ testTimeout: 20_000 });

const CARRIERS: CarrierKind[] = ["twilio", "signalwire", "telnyx", "vonage"];

/** The carrier's error codes for the same situations, in its own vocabulary. */
const ERRORS: Record<CarrierKind, { server: { status: number; code: string }; optedOut: { status: number; code: string } }> = {
  twilio: { server: { status: 500, code: "20500" }, optedOut: { status: 400, code: "21610" } },
  signalwire: { server: { status: 500, code: "20500" }, optedOut: { status: 400, code: "21610" } },
  telnyx: { server: { status: 503, code: "10007" }, optedOut: { status: 400, code: "40300" } },
  vonage: { server: { status: 500, code: "1030" }, optedOut: { status: 422, code: "9" } },
};

async function calls(line: Line) {
  return (await apiJson("GET", `/businesses/${line.businessId}/calls`)).calls as Array<{ outcome: string; decision: string }>;
}
async function messages(line: Line) {
  return (await apiJson("GET", `/businesses/${line.businessId}/messages`)).messages as Array<{ to: string; status: string; attempts: number; errorCode: string | null }>;
}

describe.each(CARRIERS)("%s number", (carrier) => {
  it.each<[Scenario, string]>([
    ["no-answer", "no_answer"],
    ["busy", "busy"],
    ["caller-hangup", "canceled"],
    ["voicemail", "voicemail"],
    ["short", "short_call"],
  ])("texts once when the call ends %s", async (scenario, outcome) => {
    const mock = mockCarriers();
    const line = await createLine(carrier);
    const caller = uniquePhone();
    const responses = await placeCall(line, caller, scenario);
    expect(responses.map((r) => r.status).every((s) => s === 200)).toBe(true);
    await eventually(async () => mock.to(caller).length === 1);
    expect(mock.to(caller)[0]).toMatchObject({ carrier, from: line.e164 });
    expect(mock.to(caller)[0]!.body).toContain("Acme Plumbing");
    expect((await calls(line))[0]).toMatchObject({ outcome, decision: `texted:${outcome}` });
    await settle(200);
    expect(mock.to(caller)).toHaveLength(1);
  });

  it("dates the call when we heard it ended, never after the text-back it caused", async () => {
    const mock = mockCarriers();
    const line = await createLine(carrier);
    const caller = uniquePhone();
    const before = Date.now();
    // Telnyx: the events claim the ring ended 20 s from now, as a carrier clock ahead of ours (or the simulator's compressed ring) does.
    await placeCall(line, caller, "no-answer");
    await eventually(async () => mock.to(caller).length === 1);
    const after = Date.now();
    const [call] = (await apiJson("GET", `/businesses/${line.businessId}/calls`)).calls as Array<{ at: string }>;
    const text = ((await apiJson("GET", `/businesses/${line.businessId}/messages`)).messages as Array<{ to: string; createdAt: string }>).find((m) => m.to === caller)!;
    const at = Date.parse(call!.at);
    expect(at).toBeGreaterThanOrEqual(before);
    expect(at).toBeLessThanOrEqual(Math.min(after, Date.parse(text.createdAt)));
  });

  it("does not text an answered call", async () => {
    const mock = mockCarriers();
    const line = await createLine(carrier);
    const caller = uniquePhone();
    await placeCall(line, caller, "answered");
    await settle(300);
    expect(mock.to(caller)).toHaveLength(0);
    expect((await calls(line))[0]).toMatchObject({ outcome: "answered", decision: "skipped:answered" });
  });

  it("texts once when the carrier delivers the same call 20 times at once", async () => {
    const mock = mockCarriers();
    const line = await createLine(carrier);
    const caller = uniquePhone();
    const id = carrier === "telnyx" ? crypto.randomUUID() : `CA${crypto.randomUUID().replace(/-/g, "")}`;
    await Promise.all(Array.from({ length: 20 }, () => placeCall(line, caller, "no-answer", { id })));
    await eventually(async () => mock.to(caller).length >= 1);
    await settle(300);
    expect(mock.to(caller)).toHaveLength(1);
    expect(await calls(line)).toHaveLength(1);
  });

  it("answers 403 and stores nothing for a webhook signed with another number's key", async () => {
    const mock = mockCarriers();
    const line = await createLine(carrier);
    const other = await createLine(carrier);
    const caller = uniquePhone();
    const responses = await placeCall(line, caller, "no-answer", { signAs: other });
    expect(responses.map((r) => r.status)).toEqual(responses.map(() => 403));
    await settle(200);
    expect(mock.to(caller)).toHaveLength(0);
    expect(await calls(line)).toEqual([]);
  });

  it("sends once after a carrier server error", async () => {
    const mock = mockCarriers([ERRORS[carrier].server]);
    const line = await createLine(carrier);
    const caller = uniquePhone();
    await placeCall(line, caller, "no-answer");
    await eventually(async () => (await messages(line))[0]?.status === "sent");
    expect(mock.to(caller)).toHaveLength(2);
    expect((await messages(line))[0]).toMatchObject({ attempts: 2 });
  });

  it("fails once and records the opt-out when the carrier says the caller unsubscribed", async () => {
    const mock = mockCarriers([ERRORS[carrier].optedOut]);
    const line = await createLine(carrier);
    const caller = uniquePhone();
    await placeCall(line, caller, "no-answer");
    await eventually(async () => (await messages(line))[0]?.status === "failed");
    expect((await messages(line))[0]).toMatchObject({ attempts: 1, errorCode: ERRORS[carrier].optedOut.code });
    const consent = await apiJson("GET", `/businesses/${line.businessId}/consent/${encodeURIComponent(caller)}`);
    expect(consent.status).toBe("opted_out");
    await settle(200);
    expect(mock.to(caller)).toHaveLength(1);
  });

  it("answers STOP with one confirmation", async () => {
    const mock = mockCarriers();
    const line = await createLine(carrier);
    const caller = uniquePhone();
    expect((await sendSms(line, caller, "STOP")).status).toBe(200);
    await eventually(async () => mock.to(caller).length === 1);
    expect(mock.to(caller)[0]!.body).toMatch(/unsubscribed/i);
  });
});

describe("Telnyx forwarding", () => {
  it("transfers an incoming call to the business phone once, even when Telnyx redelivers call.initiated", async () => {
    const mock = mockCarriers();
    const line = await createLine("telnyx");
    const id = crypto.randomUUID();
    await placeCall(line, uniquePhone(), "answered", { id });
    await placeCall(line, uniquePhone(), "answered", { id });
    // Both deliveries ask; Telnyx itself drops the repeat because the command_id is the same.
    expect(mock.transfers).toEqual([`/v2/calls/${encodeURIComponent(`v3:in-${id}`)}/actions/transfer`, `/v2/calls/${encodeURIComponent(`v3:in-${id}`)}/actions/transfer`]);
  });
});

describe("a business on two carriers", () => {
  it("stops texts from both numbers after a STOP to one", async () => {
    const mock = mockCarriers();
    const twilio = await createLine("twilio", { cooldownHours: 0 });
    const telnyx = await addLine("telnyx", twilio.businessId, twilio.forwardTo);
    const caller = uniquePhone();
    await sendSms(telnyx, caller, "STOP");
    await eventually(async () => mock.to(caller).length === 1);
    await placeCall(twilio, caller, "no-answer");
    await placeCall(telnyx, caller, "busy");
    await settle(300);
    expect(mock.to(caller)).toHaveLength(1);
    const all = await calls(twilio);
    expect(all.map((c) => c.decision)).toEqual(["skipped:opted_out", "skipped:opted_out"]);
  });
});

describe("Telnyx events we take no action on", () => {
  it("acknowledges a signed one and refuses a forged or unattributable one", async () => {
    mockCarriers();
    const line = await createLine("telnyx");
    const other = await createLine("telnyx");
    const payload = { id: crypto.randomUUID(), to: [{ phone_number: line.e164 }], from: { phone_number: uniquePhone() } };
    expect((await telnyxEvent(line, "message.read", payload, Date.now())).status).toBe(200);
    expect((await telnyxEvent(line, "message.read", payload, Date.now(), other)).status).toBe(403);
    expect((await telnyxEvent(line, "message.read", { id: "x" }, Date.now())).status).toBe(403);
  });
});
