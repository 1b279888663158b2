import { afterEach, describe, expect, it, vi } from "vitest";
import { apiJson, createTwilioLine, dialStatus, eventually, settle, twilioWebhook, uniquePhone } from "./support/app";
import { mockTwilio } from "./support/carriers";

afterEach(() => vi.restoreAllMocks());

describe("missed call on a Twilio number", () => {
  it("texts the caller once, from the business number, naming the business and how to opt out", async () => {
    const carrier = mockTwilio();
    const line = await createTwilioLine();
    const caller = uniquePhone();
    const res = await twilioWebhook("/webhooks/twilio/dial-status", dialStatus(line, caller, "no-answer"), line.authToken);
    expect(res.status).toBe(200);
    expect(await res.text()).toContain("<Record");

    await eventually(async () => carrier.to(caller).length === 1);
    const [sent] = carrier.to(caller);
    expect(sent!.url).toBe(`https://api.twilio.com/2010-04-01/Accounts/${line.accountSid}/Messages.json`);
    expect(sent!.authorization).toBe(`Basic ${btoa(`${line.accountSid}:${line.authToken}`)}`);
    expect(sent!.form.get("From")).toBe(line.e164);
    expect(sent!.form.get("Body")).toContain("Acme Plumbing");
    expect(sent!.form.get("Body")).toMatch(/Reply STOP to opt out/);

    const { calls } = await apiJson("GET", `/businesses/${line.businessId}/calls`);
    expect(calls).toHaveLength(1);
    expect(calls[0]).toMatchObject({ from: caller, to: line.e164, outcome: "no_answer", decision: "texted:no_answer" });
    const { messages } = await eventually(async () => {
      const r = await apiJson("GET", `/businesses/${line.businessId}/messages`);
      return r.messages[0]?.status === "sent" && r;
    });
    expect(messages[0]).toMatchObject({ to: caller, from: line.e164, kind: "missed_call", status: "sent", callId: calls[0].id });
    await settle(100);
    expect(carrier.to(caller)).toHaveLength(1);
  });

  it.each([
    ["busy", {}, "busy"],
    ["failed", {}, "failed"],
    ["canceled", {}, "canceled"],
    ["completed", { DialCallDuration: "40", AnsweredBy: "machine_end_beep" }, "voicemail"],
    ["completed", { DialCallDuration: "2" }, "short_call"],
  ])("texts once when the forwarded leg ends %s %o", async (status, extra, outcome) => {
    const carrier = mockTwilio();
    const line = await createTwilioLine();
    const caller = uniquePhone();
    const res = await twilioWebhook("/webhooks/twilio/dial-status", dialStatus(line, caller, status, extra), line.authToken);
    expect(res.status).toBe(200);
    await eventually(async () => carrier.to(caller).length === 1);
    const { calls } = await apiJson("GET", `/businesses/${line.businessId}/calls`);
    expect(calls[0]).toMatchObject({ outcome, decision: `texted:${outcome}` });
    await settle(100);
    expect(carrier.to(caller)).toHaveLength(1);
  });

  it("does not text when the call was answered (completed, 120 s)", async () => {
    const carrier = mockTwilio();
    const line = await createTwilioLine();
    const caller = uniquePhone();
    const res = await twilioWebhook(
      "/webhooks/twilio/dial-status",
      dialStatus(line, caller, "completed", { DialCallDuration: "120" }),
      line.authToken,
    );
    expect(res.status).toBe(200);
    expect(await res.text()).toContain("<Hangup/>");
    await settle(300);
    expect(carrier.requests).toHaveLength(0);
    const { calls } = await apiJson("GET", `/businesses/${line.businessId}/calls`);
    expect(calls[0]).toMatchObject({ outcome: "answered", decision: "skipped:answered", explanation: "Not texted: the call was answered" });
  });

  it("texts once when Twilio delivers the same webhook 20 times at once", async () => {
    const carrier = mockTwilio();
    const line = await createTwilioLine();
    const caller = uniquePhone();
    const params = dialStatus(line, caller, "no-answer");
    const responses = await Promise.all(
      Array.from({ length: 20 }, () => twilioWebhook("/webhooks/twilio/dial-status", params, line.authToken)),
    );
    const bodies = await Promise.all(responses.map((r) => r.text()));
    expect(responses.map((r) => r.status)).toEqual(Array(20).fill(200));
    expect(new Set(bodies).size).toBe(1);
    await eventually(async () => carrier.to(caller).length >= 1);
    await settle(300);
    expect(carrier.to(caller)).toHaveLength(1);
    const { calls } = await apiJson("GET", `/businesses/${line.businessId}/calls`);
    expect(calls).toHaveLength(1);
  });

  it("texts a caller only once within the cooldown, and records why the second call was skipped", async () => {
    const carrier = mockTwilio();
    const line = await createTwilioLine();
    const caller = uniquePhone();
    await twilioWebhook("/webhooks/twilio/dial-status", dialStatus(line, caller, "no-answer"), line.authToken);
    await twilioWebhook("/webhooks/twilio/dial-status", dialStatus(line, caller, "busy"), line.authToken);
    await eventually(async () => carrier.to(caller).length === 1);
    await settle(200);
    expect(carrier.to(caller)).toHaveLength(1);
    const { calls } = await apiJson("GET", `/businesses/${line.businessId}/calls`);
    expect(calls.map((c: { decision: string }) => c.decision).sort()).toEqual(["skipped:cooldown", "texted:no_answer"]);
  });

  it("answers the incoming call by forwarding it with a ring timeout and the dial-status action", async () => {
    const line = await createTwilioLine({ settings: { ringTimeoutSeconds: 25 } });
    const res = await twilioWebhook(
      "/webhooks/twilio/voice",
      { CallSid: "CA" + "1".repeat(32), From: uniquePhone(), To: line.e164, CallStatus: "ringing", AccountSid: line.accountSid },
      line.authToken,
    );
    expect(res.status).toBe(200);
    const xml = await res.text();
    expect(xml).toMatch(/<Dial action="https:\/\/textback\.test\/webhooks\/twilio\/dial-status#rc=3&amp;rp=ct,rt" method="POST" timeout="25" answerOnBridge="true"><Number>\+1312\d{7}<\/Number><\/Dial>/);
  });

  it("offers voicemail and texts at once when there is nobody to forward to: a missed call, not a voicemail nobody left", async () => {
    const carrier = mockTwilio();
    const line = await createTwilioLine({ forwardTo: null });
    const caller = uniquePhone();
    const res = await twilioWebhook(
      "/webhooks/twilio/voice",
      { CallSid: "CA" + "2".repeat(32), From: caller, To: line.e164, CallStatus: "ringing" },
      line.authToken,
    );
    const xml = await res.text();
    expect(xml).toContain("<Say>");
    expect(xml).toContain('<Record action="https://textback.test/webhooks/twilio/voicemail#rc=3&amp;rp=ct,rt"');
    await eventually(async () => carrier.to(caller).length === 1);
    const { calls } = await apiJson("GET", `/businesses/${line.businessId}/calls`);
    expect(calls[0]).toMatchObject({ outcome: "no_answer", decision: "texted:no_answer" });
    // The text goes before the caller could leave a message: never "Thanks for your message!".
    expect(carrier.to(caller)[0]!.form.get("Body")).toMatch(/sorry we missed your call/i);
  });

  it("with voicemail off and nobody to forward to, greets and hangs up, and still texts", async () => {
    const carrier = mockTwilio();
    const line = await createTwilioLine({ forwardTo: null, settings: { voicemail: false } });
    const caller = uniquePhone();
    const res = await twilioWebhook(
      "/webhooks/twilio/voice",
      { CallSid: "CA" + "4".repeat(32), From: caller, To: line.e164, CallStatus: "ringing" },
      line.authToken,
    );
    const xml = await res.text();
    expect(xml).toContain("<Say>");
    expect(xml).toContain("<Hangup/>");
    expect(xml).not.toContain("<Record");
    await eventually(async () => carrier.to(caller).length === 1);
    const { calls } = await apiJson("GET", `/businesses/${line.businessId}/calls`);
    expect(calls[0]).toMatchObject({ outcome: "no_answer", decision: "texted:no_answer" });
    expect(carrier.to(caller)[0]!.form.get("Body")).not.toMatch(/message/i);
  });
});

describe("delivery reports", () => {
  it("asks Twilio for status callbacks and moves the message forward only", async () => {
    const carrier = mockTwilio();
    const line = await createTwilioLine();
    const caller = uniquePhone();
    await twilioWebhook("/webhooks/twilio/dial-status", dialStatus(line, caller, "no-answer"), line.authToken);
    await eventually(async () => carrier.to(caller).length === 1);
    const [req] = carrier.to(caller);
    expect(req!.form.get("StatusCallback")).toBe("https://textback.test/webhooks/twilio/sms-status");
    const msg = await eventually(async () => {
      const r = await apiJson("GET", `/businesses/${line.businessId}/messages`);
      return r.messages[0]?.status === "sent" && r.messages[0];
    });
    const report = (status: string, extra: Record<string, string> = {}) =>
      twilioWebhook(
        "/webhooks/twilio/sms-status",
        { MessageSid: msg.carrierMessageId, MessageStatus: status, From: line.e164, To: caller, AccountSid: line.accountSid, ...extra },
        line.authToken,
      );
    expect((await report("delivered")).status).toBe(200);
    expect((await report("sent")).status).toBe(200);
    const after = await apiJson("GET", `/businesses/${line.businessId}/messages`);
    expect(after.messages[0].status).toBe("delivered");
    const unsigned = await twilioWebhook(
      "/webhooks/twilio/sms-status",
      { MessageSid: msg.carrierMessageId, MessageStatus: "failed", From: line.e164, To: caller },
      "wrong-token-123",
    );
    expect(unsigned.status).toBe(403);
  });
});

describe("what carriers say about a number", () => {
  it("stops texting a number the carrier reports as a landline (30006), and says why", async () => {
    const carrier = mockTwilio();
    const line = await createTwilioLine({ settings: { cooldownHours: 0 } });
    const caller = uniquePhone();
    await twilioWebhook("/webhooks/twilio/dial-status", dialStatus(line, caller, "no-answer"), line.authToken);
    const msg = await eventually(async () => {
      const r = await apiJson("GET", `/businesses/${line.businessId}/messages`);
      return r.messages[0]?.status === "sent" && r.messages[0];
    });
    const res = await twilioWebhook(
      "/webhooks/twilio/sms-status",
      { MessageSid: msg.carrierMessageId, MessageStatus: "undelivered", ErrorCode: "30006", From: line.e164, To: caller },
      line.authToken,
    );
    expect(res.status).toBe(200);
    await twilioWebhook("/webhooks/twilio/dial-status", dialStatus(line, caller, "busy"), line.authToken);
    // The line decides from its cached configuration; the outbox's D1 batch refuses the text.
    const latest = await eventually(async () => {
      const { calls } = await apiJson("GET", `/businesses/${line.businessId}/calls`);
      return calls[0]?.decision === "skipped:undeliverable_landline" && calls[0];
    });
    expect(latest).toMatchObject({
      decision: "skipped:undeliverable_landline",
      explanation: "Not texted: the carrier refused an earlier text to this number as a landline or a number that cannot get texts: the owner is alerted to call them back",
    });
    expect(carrier.to(caller)).toHaveLength(1);
  });

  it("stops texting a number Twilio refuses as invalid (21211), and says why", async () => {
    const carrier = mockTwilio([{ status: 400, body: { code: 21211, message: "Invalid 'To' Phone Number" } }]);
    const line = await createTwilioLine({ settings: { cooldownHours: 0 } });
    const caller = uniquePhone();
    await twilioWebhook("/webhooks/twilio/dial-status", dialStatus(line, caller, "no-answer"), line.authToken);
    await eventually(async () => (await apiJson("GET", `/businesses/${line.businessId}/messages`)).messages[0]?.status === "failed");
    await twilioWebhook("/webhooks/twilio/dial-status", dialStatus(line, caller, "no-answer"), line.authToken);
    const latest = await eventually(async () => {
      const { calls } = await apiJson("GET", `/businesses/${line.businessId}/calls`);
      return calls.length === 2 && calls[0].decision !== "texted:no_answer" && calls[0];
    });
    expect(latest).toMatchObject({ decision: "skipped:undeliverable", explanation: "Not texted: the carrier said this number cannot receive texts" });
    expect(carrier.to(caller)).toHaveLength(1);
  });

  it("stops texting a number Twilio refuses as not mobile (21614)", async () => {
    const carrier = mockTwilio([{ status: 400, body: { code: 21614, message: "'To' number is not a valid mobile number" } }]);
    const line = await createTwilioLine({ settings: { cooldownHours: 0 } });
    const caller = uniquePhone();
    await twilioWebhook("/webhooks/twilio/dial-status", dialStatus(line, caller, "no-answer"), line.authToken);
    await eventually(async () => {
      const r = await apiJson("GET", `/businesses/${line.businessId}/messages`);
      return r.messages[0]?.status === "failed";
    });
    await twilioWebhook("/webhooks/twilio/dial-status", dialStatus(line, caller, "no-answer"), line.authToken);
    await eventually(async () => {
      const { calls } = await apiJson("GET", `/businesses/${line.businessId}/calls`);
      return calls.length === 2 && calls.every((c: { decision: string }) => c.decision === "skipped:undeliverable_landline" || c.decision === "texted:no_answer") && calls[0].decision === "skipped:undeliverable_landline";
    });
    expect(carrier.to(caller)).toHaveLength(1);
  });
});
