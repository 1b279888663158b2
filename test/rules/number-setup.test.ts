import { describe, expect, it } from "vitest";
import { compareSetup, configurable, expectedSetup, setupChangedAlert, setupChanges, urlFieldsToWrite } from "../../src/rules/number-setup";

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

describe("Plivo, Vonage and Bandwidth", () => {
  it("Plivo's application answers forward and forwarded calls, reports a status-mode call's hangup, and takes texts", () => {
    expect(expectedSetup(BASE, "plivo", "forward")).toEqual({ answerUrl: `${BASE}/webhooks/plivo/voice`, messageUrl: `${BASE}/webhooks/plivo/sms` });
    expect(expectedSetup(BASE, "plivo", "forwarded")).toEqual(expectedSetup(BASE, "plivo", "forward"));
    expect(expectedSetup(BASE, "plivo", "status")).toEqual({ hangupUrl: `${BASE}/webhooks/plivo/hangup`, messageUrl: `${BASE}/webhooks/plivo/sms` });
  });

  it("Vonage: the number linked to the credentials' application, whose answer URL is ours except in status mode", () => {
    const app = "AAAAAAAA-1111-2222-3333-444444444444";
    expect(expectedSetup(BASE, "vonage", "forward", app)).toEqual({
      linkedApplication: app.toLowerCase(),
      answerUrl: `${BASE}/webhooks/vonage/answer`,
      eventUrl: `${BASE}/webhooks/vonage/event`,
      inboundUrl: `${BASE}/webhooks/vonage/inbound`,
      statusUrl: `${BASE}/webhooks/vonage/status`,
    });
    expect(Object.keys(expectedSetup(BASE, "vonage", "status", app))).toEqual(["linkedApplication", "eventUrl", "inboundUrl", "statusUrl"]);
  });

  it("Bandwidth: the Voice application's initiated URL (status mode: its status URL) and the Messaging application's URL", () => {
    expect(expectedSetup(BASE, "bandwidth", "forward")).toEqual({ callInitiatedUrl: `${BASE}/webhooks/bandwidth/voice`, messagingCallbackUrl: `${BASE}/webhooks/bandwidth/messaging` });
    expect(expectedSetup(BASE, "bandwidth", "status")).toEqual({ callStatusUrl: `${BASE}/webhooks/bandwidth/voice-status`, messagingCallbackUrl: `${BASE}/webhooks/bandwidth/messaging` });
  });

  it("a Vonage number linked elsewhere says where to link it, and configure leaves the link to the owner", () => {
    const expected = expectedSetup(BASE, "vonage", "status", "aaaaaaaa-1111-2222-3333-444444444444");
    const checks = compareSetup(expected, { linkedApplication: "bbbbbbbb-1111-2222-3333-444444444444", eventUrl: "https://other.example/event", inboundUrl: expected.inboundUrl!, statusUrl: expected.statusUrl! });
    expect(checks.map((c) => [c.name, c.ok])).toEqual([
      ["linkedApplication", false],
      ["eventUrl", false],
      ["inboundUrl", true],
      ["statusUrl", true],
    ]);
    expect(checks[0]!.advice).toMatch(/Link it to the application/);
    expect(checks[1]!.advice).toBeUndefined();
    expect(configurable("linkedApplication")).toBe(false);
    expect(configurable("answerUrl")).toBe(true);
    expect(setupChanges(checks)).toEqual({ eventUrl: `${BASE}/webhooks/vonage/event` });
  });
});

describe("setupChangedAlert", () => {
  const voice = { name: "voiceUrl", label: "A call comes in (Voice URL)" } as const;
  const linked = { name: "linkedApplication", label: "Number linked to the application" } as const;
  const answer = { name: "answerUrl", label: "A call comes in (Answer URL)" } as const;

  it("points to Configure for me only where it can set the settings right", () => {
    expect(setupChangedAlert("(512) 234-5678", [voice])).toBe(
      'the settings of (512) 234-5678 at the carrier changed: A call comes in (Voice URL) no longer points at Textback. Open the number\'s page and use "Configure for me"',
    );
    expect(setupChangedAlert("(512) 234-5678", [linked])).toMatch(/Number linked to the application no longer points at Textback\. Open the number's page: it says what to change at the carrier$/);
    expect(setupChangedAlert("(512) 234-5678", [linked, answer])).toMatch(/no longer point at Textback\. Open the number's page, use "Configure for me", and follow its advice for the rest$/);
  });
});

describe("urlFieldsToWrite", () => {
  it("sends each URL with POST beside it, empty to clear one, and leaves out settings kept elsewhere", () => {
    const fields = { answerUrl: ["answer_url", "answer_method"], hangupUrl: ["hangup_url", "hangup_method"] } as const;
    expect(urlFieldsToWrite({ answerUrl: "https://t.example/webhooks/plivo/voice", hangupUrl: null, messageUrl: "https://x" }, fields)).toEqual({
      answer_url: "https://t.example/webhooks/plivo/voice",
      answer_method: "POST",
      hangup_url: "",
      hangup_method: "POST",
    });
  });
});
