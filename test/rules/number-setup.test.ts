import { describe, expect, it } from "vitest";
import { compareSetup, expectedSetup, setupChanges } from "../../src/rules/number-setup";

const BASE = "https://tb.example";

describe("expectedSetup", () => {
  it("forward and forwarded numbers need the Voice URL; status numbers the status callback; Telnyx one URL twice", () => {
    expect(expectedSetup(BASE, "twilio", "forward")).toEqual({ voiceUrl: `${BASE}/webhooks/twilio/voice`, smsUrl: `${BASE}/webhooks/twilio/sms` });
    expect(expectedSetup(BASE, "signalwire", "forwarded")).toEqual(expectedSetup(BASE, "twilio", "forward"));
    expect(expectedSetup(BASE, "twilio", "status")).toEqual({ statusCallback: `${BASE}/webhooks/twilio/call-status`, smsUrl: `${BASE}/webhooks/twilio/sms` });
    expect(expectedSetup(BASE, "telnyx", "status")).toEqual({ callControlWebhook: `${BASE}/webhooks/telnyx`, messagingProfileWebhook: `${BASE}/webhooks/telnyx` });
  });
});

describe("compareSetup", () => {
  const expected = expectedSetup(BASE, "twilio", "forward");

  it("accepts our URL with a retry fragment or a trailing slash, and nothing else", () => {
    const checks = compareSetup(expected, { voiceUrl: `${BASE}/webhooks/twilio/voice#rc=3`, smsUrl: `${BASE}/webhooks/twilio/sms/` });
    expect(checks.map((c) => c.ok)).toEqual([true, true]);
    expect(compareSetup(expected, { voiceUrl: `${BASE}/webhooks/twilio/voice?x=1`, smsUrl: "" }).map((c) => [c.ok, c.actual])).toEqual([
      [false, `${BASE}/webhooks/twilio/voice?x=1`],
      [false, null],
    ]);
  });

  it("a Messaging Service taking the texts is a failed check configure cannot fix", () => {
    const checks = compareSetup(expected, { voiceUrl: expected.voiceUrl!, smsUrl: expected.smsUrl!, messagingService: "Support (MG1) sends incoming texts to x" });
    expect(checks.at(-1)).toMatchObject({ name: "messagingService", ok: false });
    expect(setupChanges(checks)).toEqual({});
  });

  it("setupChanges lists only what is wrong, with the value it gets", () => {
    expect(setupChanges(compareSetup(expected, { voiceUrl: expected.voiceUrl!, smsUrl: null }))).toEqual({ smsUrl: `${BASE}/webhooks/twilio/sms` });
  });
});
