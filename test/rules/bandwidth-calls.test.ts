import { describe, expect, it } from "vitest";
import { bandwidthErrorCode, classifyBandwidthError } from "../../src/carriers/bandwidth";
import { basicCredentials, verifyBandwidthCallback } from "../../src/carriers/bandwidth-callback-auth";
import { bandwidthCauseStatus, bandwidthMachineResult, bxml, bxmlVerbs, readTransferTag, transferTag } from "../../src/carriers/bandwidth-calls";
import { recipientProblem } from "../../src/rules/delivery";
import { classifyOutcome, withProgress } from "../../src/rules/outcome";

describe("bandwidthCauseStatus: a disconnect's or transferComplete's cause", () => {
  it.each([
    ["hangup", "completed"],
    ["busy", "busy"],
    ["rejected", "busy"],
    ["timeout", "no-answer"],
    ["cancel", "canceled"],
    ["callback-error", "failed"],
    ["invalid-bxml", "failed"],
    ["application-error", "failed"],
    ["account-limit", "failed"],
    ["node-capacity-exceeded", "failed"],
    ["error", "failed"],
    ["unknown", "failed"],
    [undefined, "failed"],
  ])("%s → %s", (cause, status) => {
    expect(bandwidthCauseStatus(cause)).toBe(status);
  });

  it.each([
    ["hangup after the forwarded phone answered 95 s", { connectedAt: 1_000, answeredBy: null }, 96_000, "answered"],
    ["hangup after 2 s", { connectedAt: 1_000, answeredBy: null }, 3_000, "short_call"],
    ["hangup after a machine answered", { connectedAt: 1_000, answeredBy: "machine_start" }, 41_000, "voicemail"],
    ["hangup that never connected", null, 20_000, "canceled"],
  ] as const)("with the call's progress: %s → %s", (_, progress, endedAt, outcome) => {
    const facts = withProgress({ source: "status", status: bandwidthCauseStatus("hangup") }, progress, endedAt);
    expect(classifyOutcome(facts, 5)).toBe(outcome);
  });
});

describe("bandwidthMachineResult", () => {
  it.each([
    ["answering-machine", "machine_start"],
    ["tone-detected", "fax"],
    ["human", null],
    ["silence", null],
    ["timeout", null],
    ["error", null],
    [undefined, null],
  ])("%s → %s", (value, answeredBy) => {
    expect(bandwidthMachineResult(value)).toBe(answeredBy);
  });
});

describe("Bandwidth send errors and message error codes", () => {
  it.each([
    [429, "retry"],
    [500, "retry"],
    [503, "retry"],
    [400, "permanent"],
    [401, "permanent"],
    [403, "permanent"],
    [415, "permanent"],
  ] as const)("HTTP %s → %s", (status, kind) => {
    expect(classifyBandwidthError(status)).toBe(kind);
  });

  it.each([
    [4775, "opted_out"],
    [4720, "undeliverable"],
    [4721, "undeliverable"],
    [4406, "undeliverable"],
    [4303, "undeliverable"],
    [4770, null],
    [5600, null],
    [9902, null],
  ])("%s → %s", (code, problem) => {
    expect(recipientProblem(bandwidthErrorCode(code))).toBe(problem);
  });
});

describe("the transfer's tag and BXML", () => {
  it("carries the business number and the caller's call id, and reads only its own shape back", () => {
    expect(readTransferTag(transferTag("+15125550100", "c-15ac29a2-1331029c"))).toEqual({ number: "+15125550100", callId: "c-15ac29a2-1331029c" });
    for (const t of [null, "", "exampleTag", "15125550100 c-1", "+15125550100 c 1"]) expect(readTransferTag(t)).toBeNull();
  });

  it("writes <Transfer> with its callbacks' URL and credentials, escaped", () => {
    const xml = bxml(bxmlVerbs.transfer({ to: "+13125550100", statusUrl: "https://x.test/webhooks/bandwidth/voice-status", username: "cb", password: 'p&"<', timeoutSeconds: 20, tag: "+15125550100 c-1" }));
    expect(xml).toBe(
      '<?xml version="1.0" encoding="UTF-8"?><Response><Transfer transferCompleteUrl="https://x.test/webhooks/bandwidth/voice-status" transferCompleteMethod="POST" username="cb" password="p&amp;&quot;&lt;" callTimeout="20" tag="+15125550100 c-1">' +
        '<PhoneNumber transferAnswerUrl="https://x.test/webhooks/bandwidth/voice-status" transferAnswerMethod="POST" username="cb" password="p&amp;&quot;&lt;" tag="+15125550100 c-1">+13125550100</PhoneNumber></Transfer></Response>',
    );
  });
});

describe("Bandwidth callback credentials", () => {
  const header = (s: string) => `Basic ${btoa(s)}`;
  const expected = { username: "textback", password: "callback-password-1" };

  it("accepts exactly the expected pair", async () => {
    expect(await verifyBandwidthCallback(header("textback:callback-password-1"), expected)).toBe(true);
  });

  it.each([
    ["another password", header("textback:callback-password-2")],
    ["another user", header("textbacK:callback-password-1")],
    ["a prefix of the password", header("textback:callback-password-")],
    ["the password with more after it", header("textback:callback-password-1x")],
    ["no colon", header("textbackcallback-password-1")],
    ["Bearer", "Bearer dGV4dGJhY2s6Y2FsbGJhY2stcGFzc3dvcmQtMQ=="],
    ["not base64", "Basic !!!!"],
    ["nothing", undefined],
  ])("refuses %s", async (_, h) => {
    expect(await verifyBandwidthCallback(h, expected)).toBe(false);
  });

  it("reads a password with colons in it, and refuses when nothing is expected", async () => {
    expect(basicCredentials(header("u:a:b"))).toEqual({ username: "u", password: "a:b" });
    expect(await verifyBandwidthCallback(header("u:"), { username: "u", password: "" })).toBe(false);
  });
});
