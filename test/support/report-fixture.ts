/**
 * One business's month with a known answer for every figure of the report, seeded through the real
 * webhooks, line, queue and outbox. The one thing set by hand afterwards is how long each text-back
 * took (sent_at), so the median time to text is known to the millisecond.
 *
 * The business holds its text-backs for 60 s (textDelaySeconds), so a reply or an answered callback
 * can cancel one; the line's alarm then sends the rest. Its owner gets the replies relayed.
 */
import { runDurableObjectAlarm, runInDurableObject } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { expect, vi } from "vitest";
import type { BusinessLine } from "../../src/line/business-line";
import { createTwilioLine, dialStatus, eventually, inboundSms, twilioWebhook, uniquePhone, type TwilioLine } from "./app";
import { readForm } from "./form";

export interface ReportFixture {
  line: TwilioLine;
  owner: string;
  callers: Record<"replyOnce" | "replyTwice" | "helpThenStop" | "stopThenStart" | "textedFirst" | "answeredCallback" | "landline" | "carrierDown" | "answeredOnly" | "stillScheduled" | "neverCalled", string>;
}

/** Twilio's API: 21614 (not a mobile number) for one phone, 500 for another (until the retries run out), 201 for the rest. */
function carrier(landline: string, down: string) {
  return vi.spyOn(globalThis, "fetch").mockImplementation(async (input, init) => {
    const req = new Request(input as RequestInfo, init);
    if (new URL(req.url).hostname !== "api.twilio.com") return new Response("blocked", { status: 599 });
    const to = (await readForm(req)).get("To");
    if (to === landline) return Response.json({ code: 21614, message: "To number is not a mobile number" }, { status: 400 });
    if (to === down) return Response.json({ code: 20500, message: "Internal error" }, { status: 500 });
    return Response.json({ sid: `SM${crypto.randomUUID().replace(/-/g, "")}`, status: "queued" }, { status: 201 });
  });
}

async function call(line: TwilioLine, from: string, status: "no-answer" | "busy" | "completed") {
  const extra: Record<string, string> = status === "completed" ? { DialCallDuration: "95" } : {};
  expect((await twilioWebhook("/webhooks/twilio/dial-status", dialStatus(line, from, status, extra), line.authToken)).status).toBe(200);
}

async function text(line: TwilioLine, from: string, body: string) {
  expect((await twilioWebhook("/webhooks/twilio/sms", inboundSms(line, from, body), line.authToken)).status).toBe(200);
}

type Row = { id: string; to_phone: string; kind: string; status: string; carrier_message_id: string | null; call_id: string | null };

async function outbound(line: TwilioLine): Promise<Row[]> {
  const { results } = await env.DB.prepare("SELECT id, to_phone, kind, status, carrier_message_id, call_id FROM messages WHERE business_id = ? AND direction = 'outbound'")
    .bind(line.businessId)
    .all<Row>();
  return results;
}

/** Until no text is on its way (queued, retrying, sending): everything the outbox will do is done. */
async function outboxSettled(line: TwilioLine, expected: number): Promise<Row[]> {
  return eventually(async () => {
    const rows = await outbound(line);
    return rows.length === expected && rows.every((r) => !["queued", "retrying", "sending"].includes(r.status)) && rows;
  }, 20_000);
}

async function delivered(line: TwilioLine, row: Row) {
  const report = { MessageSid: row.carrier_message_id!, MessageStatus: "delivered", From: line.e164, To: row.to_phone, AccountSid: line.accountSid };
  expect((await twilioWebhook("/webhooks/twilio/sms-status", report, line.authToken)).status).toBe(200);
}

/** The line's held text-backs go out, as if its clock had passed their time. */
async function runAlarm(line: TwilioLine) {
  const stub = env.LINE.get(env.LINE.idFromName(line.e164));
  await runInDurableObject(stub, (instance) => {
    const at = Date.now() + 120_000;
    (instance as unknown as BusinessLine).clock = () => at;
  });
  await runDurableObjectAlarm(stub);
}

export async function seedReportFixture(): Promise<ReportFixture> {
  const owner = uniquePhone("773");
  const line = await createTwilioLine({ settings: { textDelaySeconds: 60 }, notifyPhone: owner });
  const c: ReportFixture["callers"] = {
    replyOnce: uniquePhone(),
    replyTwice: uniquePhone(),
    helpThenStop: uniquePhone(),
    stopThenStart: uniquePhone(),
    textedFirst: uniquePhone(),
    answeredCallback: uniquePhone(),
    landline: uniquePhone(),
    carrierDown: uniquePhone(),
    answeredOnly: uniquePhone(),
    stillScheduled: uniquePhone(),
    neverCalled: uniquePhone(),
  };
  carrier(c.landline, c.carrierDown);

  // Missed calls, each text-back held 60 s by the line; one caller calls twice (the second is in cooldown).
  for (const from of [c.replyOnce, c.replyTwice, c.helpThenStop, c.stopThenStart, c.textedFirst, c.answeredCallback, c.landline, c.carrierDown]) {
    await call(line, from, "no-answer");
  }
  await call(line, c.replyTwice, "busy");
  // Before the held texts go out: a text from the caller, and a callback the caller answers, cancel theirs.
  await text(line, c.textedFirst, "Never mind, fixed it myself");
  await call(line, c.answeredCallback, "completed");
  await call(line, c.answeredOnly, "completed");
  // Someone who never called writes in: relayed, but no reply to a text-back.
  await text(line, c.neverCalled, "Do you clear drains?");

  await runAlarm(line);
  // 8 text-backs (2 canceled; of the 6 that go out, 1 fails and 1 runs out of retries), 2 relays, and
  // the owner's alert to call the landline back (its text-back refused as not a mobile).
  const rows = await outboxSettled(line, 11);
  const textBack = (phone: string) => rows.find((r) => r.to_phone === phone && r.kind === "missed_call")!;
  expect(textBack(c.landline).status).toBe("failed");
  expect(textBack(c.carrierDown).status).toBe("dead");

  // The conversations, after the text-backs.
  await text(line, c.replyOnce, "Can you come today?");
  await text(line, owner, `${c.replyOnce} On our way`);
  await text(line, c.replyTwice, "Hi, the kitchen sink is blocked");
  await text(line, c.replyTwice, "Anyone there?");
  await text(line, c.helpThenStop, "HELP");
  await text(line, c.helpThenStop, "STOP");
  await text(line, c.helpThenStop, "STOP");
  await text(line, c.stopThenStart, "STOP");
  await text(line, c.stopThenStart, "START");
  await delivered(line, textBack(c.replyOnce));
  await delivered(line, textBack(c.helpThenStop));
  // A missed call whose text-back is still held when the report is read.
  await call(line, c.stillScheduled, "no-answer");
  // + 3 relays, 1 answer by the owner and its "sent" confirmation, HELP, 2 confirmations for STOP (the
  // second STOP gets none) and 2 notices of them to the owner, 1 for START and its notice; + 1 held
  await outboxSettled(line, 11 + 3 + 2 + 1 + 2 + 2 + 2 + 1);

  // How long each text-back took, from its call: 20, 30, 50 and 2,000 ms, so the median is 40 ms.
  const took: [string, number][] = [[c.replyOnce, 20], [c.replyTwice, 30], [c.helpThenStop, 50], [c.stopThenStart, 2000]];
  for (const [phone, ms] of took) {
    await env.DB.prepare("UPDATE messages SET sent_at = (SELECT at FROM calls WHERE calls.id = messages.call_id) + ? WHERE id = ?").bind(ms, textBack(phone).id).run();
  }
  return { line, owner, callers: c };
}
