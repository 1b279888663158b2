import { runDurableObjectAlarm, runInDurableObject } from "cloudflare:test";
import { formatPhone } from "../src/rules/display";
import { env } from "cloudflare:workers";
import { afterEach, describe, expect, it, vi } from "vitest";
import { api, apiJson, createTwilioLine, dialStatus, eventually, settle, twilioWebhook, uniquePhone, type TwilioLine } from "./support/app";
import { mockTwilio } from "./support/carriers";
import { heldMissedCall, queueRefusesOnce, runQueueBatch } from "./support/queue";

afterEach(() => vi.restoreAllMocks());

let smsSeq = 0;
function inbound(line: TwilioLine, from: string, body: string, extra: Record<string, string> = {}) {
  smsSeq += 1;
  const sid = `SM${crypto.randomUUID().replace(/-/g, "")}`;
  return {
    sid,
    send: () =>
      twilioWebhook(
        "/webhooks/twilio/sms",
        { AccountSid: line.accountSid, ApiVersion: "2010-04-01", MessageSid: sid, SmsSid: sid, From: from, To: line.e164, Body: body, NumMedia: "0", ...extra },
        line.authToken,
      ),
  };
}

async function text(line: TwilioLine, from: string, body: string, extra: Record<string, string> = {}) {
  const res = await inbound(line, from, body, extra).send();
  expect(res.status).toBe(200);
  return res;
}

async function missedCall(line: TwilioLine, caller: string) {
  const res = await twilioWebhook("/webhooks/twilio/dial-status", dialStatus(line, caller, "no-answer"), line.authToken);
  expect(res.status).toBe(200);
}

const bodiesTo = (carrier: ReturnType<typeof mockTwilio>, phone: string) => carrier.to(phone).map((r) => r.form.get("Body") ?? "");

async function consent(line: TwilioLine, phone: string) {
  return apiJson("GET", `/businesses/${line.businessId}/consent/${encodeURIComponent(phone)}`);
}

async function lastCall(line: TwilioLine) {
  const { calls } = await apiJson("GET", `/businesses/${line.businessId}/calls`);
  return calls[0];
}

describe("STOP, START and HELP", () => {
  it.each(["STOP", "stop.", " Stop ", "UNSUBSCRIBE", "revoke", "opt-out", "Arrêt", "ALTO", "stop texting me"])(
    "%j opts out with one confirmation, and the next missed call sends nothing",
    async (word) => {
      const carrier = mockTwilio();
      const line = await createTwilioLine({ settings: { cooldownHours: 0 } });
      const caller = uniquePhone();
      await missedCall(line, caller);
      await eventually(async () => carrier.to(caller).length === 1);

      await text(line, caller, word);
      await eventually(async () => carrier.to(caller).length === 2);
      expect(bodiesTo(carrier, caller)[1]).toMatch(/unsubscribed/i);
      expect((await consent(line, caller)).status).toBe("opted_out");

      await missedCall(line, caller);
      expect(await lastCall(line)).toMatchObject({ decision: "skipped:opted_out" });

      await text(line, caller, "STOP");
      await settle(300);
      expect(carrier.to(caller)).toHaveLength(2);
    },
  );

  it("a STOP whose confirmation the queue refuses is still answered 200, and the line's alarm sends the confirmation once", async () => {
    const carrier = mockTwilio();
    const line = await createTwilioLine();
    const caller = uniquePhone();
    await missedCall(line, caller);
    await eventually(async () => carrier.to(caller).length === 1);
    const queue = queueRefusesOnce();
    const stop = inbound(line, caller, "STOP");
    expect((await stop.send()).status).toBe(200);
    expect(queue.matching).toBe(1);
    expect((await consent(line, caller)).status).toBe("opted_out");
    // Before, the webhook failed here and the carrier's redelivery, seeing the caller opted out
    // already, sent no confirmation at all.
    await runDurableObjectAlarm(env.LINE.get(env.LINE.idFromName(line.e164)));
    await eventually(async () => carrier.to(caller).length === 2);
    expect(bodiesTo(carrier, caller)[1]).toMatch(/unsubscribed/i);
    expect((await stop.send()).status).toBe(200);
    await settle(300);
    expect(carrier.to(caller)).toHaveLength(2);
    const { events } = await consent(line, caller);
    expect(events.filter((e: { kind: string }) => e.kind === "opt_out")).toHaveLength(1);
  });

  it("a STOP handled again after the line gave its decision back (a failure past the D1 write) is one entry in the consent ledger", async () => {
    mockTwilio();
    const line = await createTwilioLine();
    const caller = uniquePhone();
    await missedCall(line, caller);
    const stop = inbound(line, caller, "STOP");
    await stop.send();
    // What the line does when something after the D1 write fails: it forgets the message, so the
    // carrier's redelivery is decided again.
    await runInDurableObject(env.LINE.get(env.LINE.idFromName(line.e164)), (_line, state) => {
      state.storage.sql.exec("DELETE FROM events WHERE id LIKE ?", `%${stop.sid}`);
    });
    expect((await stop.send()).status).toBe(200);
    const { status, events } = await consent(line, caller);
    expect(status).toBe("opted_out");
    expect(events.filter((e: { kind: string }) => e.kind === "opt_out")).toHaveLength(1);
  });

  it("START re-subscribes with one confirmation, and the caller is texted again", async () => {
    const carrier = mockTwilio();
    const line = await createTwilioLine({ settings: { cooldownHours: 0 } });
    const caller = uniquePhone();
    await text(line, caller, "STOP");
    await eventually(async () => carrier.to(caller).length === 1);
    await text(line, caller, "start");
    await eventually(async () => carrier.to(caller).length === 2);
    expect(bodiesTo(carrier, caller)[1]).toMatch(/resubscribed/i);
    expect((await consent(line, caller)).status).toBe("opted_in");
    await missedCall(line, caller);
    await eventually(async () => carrier.to(caller).length === 3);
    expect(await lastCall(line)).toMatchObject({ decision: "texted:no_answer" });
  });

  it("HELP answers anyone, opted out or not, and changes nothing", async () => {
    const carrier = mockTwilio();
    const line = await createTwilioLine();
    const caller = uniquePhone();
    await text(line, caller, "STOP");
    await eventually(async () => carrier.to(caller).length === 1);
    await text(line, caller, "help");
    await eventually(async () => carrier.to(caller).length === 2);
    const help = bodiesTo(carrier, caller)[1]!;
    expect(help).toContain("Acme Plumbing");
    expect(help).toContain("Msg&data rates may apply");
    expect(help).toContain("Reply STOP to opt out");
    expect((await consent(line, caller)).status).toBe("opted_out");
  });

  it("stays silent when Twilio already confirmed the STOP itself, but records the opt-out", async () => {
    const carrier = mockTwilio();
    const line = await createTwilioLine();
    const caller = uniquePhone();
    await text(line, caller, "Stop", { OptOutType: "STOP" });
    await settle(300);
    expect(carrier.to(caller)).toHaveLength(0);
    const c = await consent(line, caller);
    expect(c.status).toBe("opted_out");
    expect(c.events.at(-1)).toMatchObject({ kind: "opt_out", source: "keyword", evidenceText: "Stop" });
  });

  /** A missed call's text job held in the queue while the caller texts STOP, then run: only the STOP's confirmation goes out. */
  async function stopWhileQueued(settings: Record<string, unknown> = {}) {
    const carrier = mockTwilio();
    const line = await createTwilioLine({ settings });
    const caller = uniquePhone();
    const { job } = await heldMissedCall(line, caller);
    await text(line, caller, "STOP");
    await eventually(async () => carrier.to(caller).length === 1); // the confirmation
    await runQueueBatch("sms-outbound", [job]);
    expect(carrier.to(caller)).toHaveLength(1);
    return line;
  }

  it("sends nothing when a STOP arrives while the text-back sits in the queue", async () => {
    const line = await stopWhileQueued();
    // The job carries the call's records (written behind): D1 takes no text for an opted-out caller,
    // and the call says why.
    const { messages } = await apiJson("GET", `/businesses/${line.businessId}/messages`);
    expect(messages.find((m: { kind: string }) => m.kind === "missed_call")).toBeUndefined();
    const { calls } = await apiJson("GET", `/businesses/${line.businessId}/calls`);
    expect(calls[0]).toMatchObject({ decision: "skipped:opted_out", explanation: "Not texted: the caller opted out" });
  });

  it("suppresses a queued text whose row is already written when a STOP arrives before the send", async () => {
    // A text with a follow-up is recorded by the line itself; the send-time check still applies.
    const line = await stopWhileQueued({ followUp: { enabled: true, afterHours: 24 } });
    const { messages } = await apiJson("GET", `/businesses/${line.businessId}/messages`);
    expect(messages.find((m: { kind: string }) => m.kind === "missed_call")).toMatchObject({ status: "suppressed", errorCode: "opted_out" });
  });
});

describe("conversations", () => {
  it("stores a reply and relays it to the owner once, even when Twilio redelivers it", async () => {
    const carrier = mockTwilio();
    const owner = uniquePhone("773");
    const line = await createTwilioLine();
    await api("PATCH", `/businesses/${line.businessId}`, { notifyPhone: owner });
    const caller = uniquePhone();
    await missedCall(line, caller);
    // A reply to the text-back (a text before it went out is not counted as one in the report).
    await eventually(async () => carrier.to(caller).length === 1);
    const reply = inbound(line, caller, "Water heater is leaking, can you come today?");
    await Promise.all([reply.send(), reply.send(), reply.send()]);
    await eventually(async () => carrier.to(owner).length === 1);
    await settle(300);
    expect(carrier.to(owner)).toHaveLength(1);
    const relay = bodiesTo(carrier, owner)[0]!;
    expect(relay).toContain(formatPhone(caller));
    expect(relay).toContain("Water heater is leaking, can you come today?");
    expect(carrier.to(owner)[0]!.form.get("From")).toBe(line.e164);
    const { messages } = await apiJson("GET", `/businesses/${line.businessId}/messages`);
    expect(messages.filter((m: { direction: string }) => m.direction === "inbound")).toHaveLength(1);
    const report = await apiJson("GET", `/businesses/${line.businessId}/report`);
    expect(report.replies).toBe(1);
    expect(report.recoveryRate).toBe(1);
  });

  it("sends the owner's answer to the caller from the business number", async () => {
    const carrier = mockTwilio();
    const owner = uniquePhone("773");
    const line = await createTwilioLine();
    await api("PATCH", `/businesses/${line.businessId}`, { notifyPhone: owner });
    const caller = uniquePhone();
    const other = uniquePhone();
    await text(line, caller, "Do you do drains?");
    await eventually(async () => carrier.to(owner).length === 1);
    await text(line, owner, "Yes! We can come at 3pm.");
    await eventually(async () => carrier.to(caller).length === 1);
    expect(carrier.to(caller)[0]!.form.get("Body")).toBe("Yes! We can come at 3pm.");
    expect(carrier.to(caller)[0]!.form.get("From")).toBe(line.e164);
    await text(line, owner, `${other} Hi, this is Acme returning your call`);
    await eventually(async () => carrier.to(other).length === 1);
    expect(carrier.to(other)[0]!.form.get("Body")).toBe("Hi, this is Acme returning your call");
  });

  it("does not relay keywords to the owner; a STOP is told to them once, as a notice", async () => {
    const carrier = mockTwilio();
    const owner = uniquePhone("773");
    const line = await createTwilioLine();
    await api("PATCH", `/businesses/${line.businessId}`, { notifyPhone: owner });
    const caller = uniquePhone();
    await text(line, caller, "HELP");
    await text(line, caller, "STOP");
    await text(line, caller, "STOP");
    await eventually(async () => carrier.to(caller).length === 2);
    await settle(200);
    expect(carrier.to(owner).map((r) => r.form.get("Body"))).toEqual([`Textback: ${formatPhone(caller)} texted STOP and is opted out: no more texts to them from Acme Plumbing, from any of its numbers.`]);
  });
});

describe("consent API", () => {
  it("records a manual opt-out by an admin and exports the ledger as CSV", async () => {
    const carrier = mockTwilio();
    const line = await createTwilioLine();
    const caller = uniquePhone();
    const res = await api("POST", `/businesses/${line.businessId}/consent`, { phone: caller, kind: "opt_out", note: "asked on the phone" });
    expect(res.status).toBe(201);
    await missedCall(line, caller);
    await eventually(async () => (await lastCall(line))?.decision === "skipped:opted_out");
    expect(carrier.to(caller)).toHaveLength(0);
    const csv = await (await api("GET", `/businesses/${line.businessId}/consent.csv`)).text();
    expect(csv.split("\r\n")[0]).toBe("phone,kind,source,evidence_id,evidence_text,at,by");
    // The phone as it is: the formula guard leaves a number alone (no "'+1…").
    expect(csv.split("\r\n").filter((row) => row.startsWith(`${caller},opt_out,admin,,asked on the phone,`))).toHaveLength(1);
  });

  it("rejects a manual consent change with a bad kind or phone", async () => {
    const line = await createTwilioLine();
    expect((await api("POST", `/businesses/${line.businessId}/consent`, { phone: uniquePhone(), kind: "maybe" })).status).toBe(400);
    expect((await api("POST", `/businesses/${line.businessId}/consent`, { phone: "12", kind: "opt_out" })).status).toBe(400);
  });
});
