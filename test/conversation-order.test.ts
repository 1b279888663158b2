/**
 * A conversation reads in the order things happened: a keyword before its answer, the first text
 * before the follow-up it scheduled, which shows when it goes out and can be canceled.
 */
import { runInDurableObject } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { afterEach, describe, expect, it, vi } from "vitest";
import { formatTime } from "../src/admin/pages/format";
import { api, createTwilioLine, dialStatus, eventually, inboundSms, twilioWebhook, uniquePhone, type TwilioLine } from "./support/app";
import { get, newSession, post, type Session } from "./support/admin-session";
import { mockTwilio } from "./support/carriers";

afterEach(() => vi.restoreAllMocks());

async function missedCall(line: TwilioLine, caller: string) {
  expect((await twilioWebhook("/webhooks/twilio/dial-status", dialStatus(line, caller, "no-answer"), line.authToken)).status).toBe(200);
}

async function text(line: TwilioLine, from: string, body: string) {
  expect((await twilioWebhook("/webhooks/twilio/sms", inboundSms(line, from, body), line.authToken)).status).toBe(200);
}

const conversationPath = (line: TwilioLine, phone: string) => `/admin/businesses/${line.businessId}/conversations/${encodeURIComponent(phone)}`;

/** The timeline's items, top to bottom, each as its side and its words. */
async function timeline(session: Session, line: TwilioLine, phone: string): Promise<string[]> {
  const html = await (await get(session, conversationPath(line, phone))).text();
  const list = /<ol class="timeline"[^>]*>([\s\S]*?)<\/ol>/.exec(html)?.[1] ?? "";
  return [...list.matchAll(/<li class="(\w+)"[^>]*>([\s\S]*?)<\/li>/g)].map(([, side, inner]) => {
    const words = inner!.replace(/<form[\s\S]*?<\/form>/g, "").replace(/<[^>]+>/g, " ").replace(/&#39;/g, "'").replace(/\s+/g, " ").trim();
    return `${side}: ${words}`;
  });
}

/** The follow-ups and delayed texts the line holds: message id → when it goes out. */
async function held(line: TwilioLine): Promise<Map<string, number>> {
  const rows = await runInDurableObject(env.LINE.get(env.LINE.idFromName(line.e164)), (_i, state) =>
    state.storage.sql.exec<{ message_id: string; due: number }>("SELECT message_id, due FROM pending").toArray(),
  );
  return new Map(rows.map((r) => [r.message_id, r.due]));
}

describe("a conversation in true order", () => {
  it("puts each STOP, HELP and START before the answer it caused", async () => {
    const carrier = mockTwilio();
    const line = await createTwilioLine();
    const caller = uniquePhone();
    const session = await newSession();
    await missedCall(line, caller);
    await eventually(async () => carrier.to(caller).length === 1);
    // As a person would: each keyword after the answer to the one before.
    for (const [i, word] of ["HELP", "STOP", "START"].entries()) {
      await text(line, caller, word);
      await eventually(async () => carrier.to(caller).length === i + 2);
    }
    const items = await timeline(session, line, caller);
    // Times as T, the texts' bodies as …
    const shape = items.map((item) => item.replace(/[A-Z][a-z]{2} \d{1,2}, \d{1,2}:\d\d [AP]M/g, "T").replace(/ (Sent) .*$/, " $1 …"));
    expect(shape).toEqual([
      "event: T Missed call: no answer · Texted: no answer",
      "out: Missed-call text · T · Sent …",
      "in: Caller · T HELP",
      "event: T Asked for HELP, by a keyword text",
      "out: HELP answer · T · Sent …",
      "in: Caller · T STOP",
      "event: T Opted out, by a keyword text",
      "out: Opt-out confirmation · T · Sent …",
      "in: Caller · T START",
      "event: T Opted in again, by a keyword text",
      "out: Opt-in confirmation · T · Sent …",
    ]);
  });

  it("puts the scheduled follow-up after the first text, says when it goes out, and cancels it", async () => {
    const carrier = mockTwilio();
    const line = await createTwilioLine({ settings: { followUp: { enabled: true, afterHours: 1 } } });
    const caller = uniquePhone();
    const session = await newSession();
    await missedCall(line, caller);
    await eventually(async () => carrier.to(caller).length === 1);
    const [followUpId, due] = [...(await held(line))][0]!;

    const items = await timeline(session, line, caller);
    expect(items).toHaveLength(3);
    expect(items[0]).toMatch(/^event: .*Missed call: no answer · Texted: no answer$/);
    expect(items[1]).toMatch(/^out: Missed-call text · .* · Sent /);
    expect(items[2]).toContain(`out: Follow-up · Scheduled: goes out ${formatTime(due!, "America/Chicago")} `);

    const page = await (await get(session, conversationPath(line, caller))).text();
    expect(page).toContain(`name="messageId" value="${followUpId}"`);
    const res = await post(session, `${conversationPath(line, caller)}/cancel`, { messageId: followUpId! });
    expect(res.status).toBe(303);
    expect(res.headers.get("location")).toMatch(/done=text_canceled$/);
    expect(await held(line)).toEqual(new Map());
    expect((await timeline(session, line, caller))[2]).toMatch(/^out: Follow-up · .* · Not sent: a person canceled it /);

    // Again: it is not held any more, and the page says so.
    const again = await post(session, `${conversationPath(line, caller)}/cancel`, { messageId: followUpId! });
    expect(again.status).toBe(409);
    expect(await again.text()).toContain("this text is no longer held (not sent: a person canceled it)");
  });

  it("POST /api/messages/:id/cancel cancels a held text once, and the line never sends it", async () => {
    const carrier = mockTwilio();
    const line = await createTwilioLine({ settings: { textDelaySeconds: 60 } });
    const caller = uniquePhone();
    await missedCall(line, caller);
    const [id] = [...(await held(line))][0]!;
    // Not from another business's page.
    const other = await createTwilioLine();
    const session = await newSession();
    expect((await post(session, `${conversationPath(other, caller)}/cancel`, { messageId: id })).status).toBe(404);
    const res = await api("POST", `/messages/${id}/cancel`);
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ id, status: "canceled", errorCode: "admin" });
    expect((await api("POST", `/messages/${id}/cancel`)).status).toBe(409);
    expect((await api("POST", "/messages/m_nope/cancel")).status).toBe(404);
    expect(await held(line)).toEqual(new Map());
    expect(carrier.to(caller)).toHaveLength(0);
    const { calls } = await (await api("GET", `/businesses/${line.businessId}/calls`)).json<{ calls: { explanation: string }[] }>();
    expect(calls[0]!.explanation).toBe("Not texted: a person canceled it");
  });
});
