import { runInDurableObject } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { afterEach, describe, expect, it, vi } from "vitest";
import { apiJson, createTwilioLine, dialStatus, eventually, settle, twilioWebhook, uniquePhone, type TwilioLine } from "./support/app";
import { mockTwilio } from "./support/carriers";
import { lineAlarmAt } from "./support/line-clock";

afterEach(() => vi.restoreAllMocks());

async function missedCall(line: TwilioLine, caller: string) {
  const res = await twilioWebhook("/webhooks/twilio/dial-status", dialStatus(line, caller, "no-answer"), line.authToken);
  expect(res.status).toBe(200);
}

async function textFrom(line: TwilioLine, from: string, body: string) {
  const sid = `SM${crypto.randomUUID().replace(/-/g, "")}`;
  const res = await twilioWebhook(
    "/webhooks/twilio/sms",
    { MessageSid: sid, From: from, To: line.e164, Body: body, AccountSid: line.accountSid },
    line.authToken,
  );
  expect(res.status).toBe(200);
}

async function messagesTo(line: TwilioLine, phone: string) {
  const { messages } = await apiJson("GET", `/businesses/${line.businessId}/messages`);
  return messages.filter((m: { to: string }) => m.to === phone) as Array<{ kind: string; status: string; errorCode: string | null }>;
}

const stubOf = (line: TwilioLine) => env.LINE.get(env.LINE.idFromName(line.e164));

async function pendingDue(line: TwilioLine): Promise<number[]> {
  return runInDurableObject(stubOf(line), (_i, state) =>
    state.storage.sql.exec<{ due: number }>("SELECT due FROM pending ORDER BY due").toArray().map((r) => r.due),
  );
}

/** Run the line's alarm as if the clock read `at`. */
const alarmAt = (line: TwilioLine, at: number) => lineAlarmAt(line.e164, at);

describe("delayed text-back (textDelaySeconds)", () => {
  it("holds the text, then sends it when the delay is over", async () => {
    const carrier = mockTwilio();
    const line = await createTwilioLine({ settings: { textDelaySeconds: 60 } });
    const caller = uniquePhone();
    const before = Date.now();
    await missedCall(line, caller);
    const [due] = await pendingDue(line);
    expect(due).toBeGreaterThanOrEqual(before + 60_000);
    expect((await messagesTo(line, caller))[0]).toMatchObject({ kind: "missed_call", status: "scheduled" });
    // Not yet due: the alarm leaves it where it is.
    await alarmAt(line, due! - 1);
    expect(await pendingDue(line)).toEqual([due]);
    await alarmAt(line, due!);
    await eventually(async () => carrier.to(caller).length === 1);
    expect(await pendingDue(line)).toEqual([]);
  });

  it.each([
    ["a STOP", "STOP", "opted_out"],
    ["a reply", "Never mind, fixed it myself", "replied"],
  ])("is cancelled by %s that arrives during the delay", async (_name, body, reason) => {
    const carrier = mockTwilio();
    const line = await createTwilioLine({ settings: { textDelaySeconds: 60 } });
    const caller = uniquePhone();
    await missedCall(line, caller);
    await textFrom(line, caller, body);
    // The line's clock passes the text's time: nothing is left to send.
    await alarmAt(line, Date.now() + 120_000);
    expect(carrier.to(caller).map((r) => r.form.get("Body")).filter((b) => b?.includes("Sorry we missed"))).toHaveLength(0);
    expect((await messagesTo(line, caller)).find((m) => m.kind === "missed_call")).toMatchObject({ status: "canceled", errorCode: reason });
    expect(await pendingDue(line)).toEqual([]);
  });

  it("is cancelled when the business calls back and the caller answers", async () => {
    const carrier = mockTwilio();
    const line = await createTwilioLine({ settings: { textDelaySeconds: 60 } });
    const caller = uniquePhone();
    await missedCall(line, caller);
    await twilioWebhook(
      "/webhooks/twilio/dial-status",
      dialStatus(line, caller, "completed", { DialCallDuration: "95" }),
      line.authToken,
    );
    await alarmAt(line, Date.now() + 120_000);
    expect(await pendingDue(line)).toEqual([]);
    expect(carrier.to(caller)).toHaveLength(0);
    expect((await messagesTo(line, caller))[0]).toMatchObject({ status: "canceled", errorCode: "answered_callback" });
  });
});

describe("follow-up", () => {
  const followUp = { followUp: { enabled: true, afterHours: 1 } };

  it("waits for the caller's morning: due at 21:30 in New York, sent at 09:00 the next day", async () => {
    const carrier = mockTwilio();
    const line = await createTwilioLine({ settings: followUp });
    const caller = uniquePhone("212");
    await missedCall(line, caller);
    await eventually(async () => carrier.to(caller).length === 1);
    expect(await pendingDue(line)).toHaveLength(1);

    // Tuesday 2027-01-05 21:30 in New York (UTC-5)
    await alarmAt(line, Date.parse("2027-01-06T02:30:00Z"));
    expect(await pendingDue(line)).toEqual([Date.parse("2027-01-06T14:00:00Z")]);
    expect(carrier.to(caller)).toHaveLength(1);

    await alarmAt(line, Date.parse("2027-01-06T14:00:00Z"));
    await eventually(async () => carrier.to(caller).length === 2);
    expect((await messagesTo(line, caller)).find((m) => m.kind === "follow_up")).toMatchObject({ status: expect.stringMatching(/queued|sent/) });
  });

  it("texts a caller from area code 208 only when both of its zones are inside the window", async () => {
    const carrier = mockTwilio();
    const line = await createTwilioLine({ settings: followUp });
    const caller = uniquePhone("208");
    await missedCall(line, caller);
    await eventually(async () => carrier.to(caller).length === 1);
    // Wednesday 2027-01-06 09:30 in Boise (UTC-7) is 08:30 in Los Angeles (UTC-8)
    await alarmAt(line, Date.parse("2027-01-06T16:30:00Z"));
    expect(await pendingDue(line)).toEqual([Date.parse("2027-01-06T17:00:00Z")]);
    await alarmAt(line, Date.parse("2027-01-06T17:00:00Z"));
    await eventually(async () => carrier.to(caller).length === 2);
  });

  it("is cancelled by a reply", async () => {
    const carrier = mockTwilio();
    const line = await createTwilioLine({ settings: followUp });
    const caller = uniquePhone("212");
    await missedCall(line, caller);
    await eventually(async () => carrier.to(caller).length === 1);
    await textFrom(line, caller, "Thanks, can you come Friday?");
    expect(await pendingDue(line)).toEqual([]);
    await alarmAt(line, Date.parse("2027-01-06T15:00:00Z"));
    await settle(200);
    expect(carrier.to(caller)).toHaveLength(1);
    expect((await messagesTo(line, caller)).find((m) => m.kind === "follow_up")).toMatchObject({ status: "canceled", errorCode: "replied" });
  });
});
