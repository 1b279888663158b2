import { DurableObject } from "cloudflare:workers";
import { and, eq, inArray } from "drizzle-orm";
import { drizzle } from "drizzle-orm/d1";
import { callDecisionUpdate, callerClear, callerStatus, callRecordStatements, CALL_UPSERT, CALLER_STATUS_SQL } from "../db/call-record";
import { calls, consentEvents, messages } from "../db/schema";
import { asStatement, insertRow, JUST_WRITTEN } from "../db/statements";
import type { Env } from "../env";
import { log } from "../log";
import { callerStatusCanChange, decide, refusedText, type DecisionInput } from "../rules/eligibility";
import { classifyOutcome, withProgress, type CallProgress } from "../rules/outcome";
import { decisionCode, explainDecision, type Decision, type TemplateKind } from "../rules/reasons";
import { hoursToday, isOpen, localTime } from "../rules/schedule";
import type { ConsentKind, ConsentSource } from "../rules/consent";
import { countSegments } from "../rules/encoding";
import { parseOwnerReply, planInbound } from "../rules/inbound";
import { isInsideQuietHoursWindow, nextAllowedSendTime, recipientZones } from "../rules/quiet-hours";
import { emitEvent, eventStatement, queueEvents, type RecordedEvent } from "../notify/webhooks";
import type { OutboundText } from "../outbox/outbound-text";
import { classifyKeyword } from "../rules/keywords";
import { DEFAULT_TEMPLATES, renderTemplate } from "../rules/templates";
import { outboundText } from "./outbound";
import type { CallEvent, InboundResult, InboundText, LineContext, LineDecision } from "./types";

const EVENT_RETENTION_MS = 7 * 24 * 3_600_000;
const CALLER_RETENTION_MS = 31 * 24 * 3_600_000;

/** The line's own SQLite: dedupe, reservations, its view of consent, pending texts, call progress. */
export const SCHEMA = `
  CREATE TABLE IF NOT EXISTS events (
    id TEXT PRIMARY KEY, call_id TEXT NOT NULL, outcome TEXT NOT NULL, decision TEXT NOT NULL,
    explanation TEXT NOT NULL, message_id TEXT, at INTEGER NOT NULL);
  CREATE INDEX IF NOT EXISTS events_at ON events(at);
  CREATE TABLE IF NOT EXISTS callers (phone TEXT PRIMARY KEY, last_texted_at INTEGER NOT NULL);
  CREATE TABLE IF NOT EXISTS daily (day TEXT PRIMARY KEY, texts INTEGER NOT NULL);
  CREATE TABLE IF NOT EXISTS consent (phone TEXT PRIMARY KEY, opted_out INTEGER NOT NULL, at INTEGER NOT NULL);
  CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
  CREATE TABLE IF NOT EXISTS pending (
    message_id TEXT PRIMARY KEY, kind TEXT NOT NULL, phone TEXT NOT NULL, due INTEGER NOT NULL,
    timezone TEXT NOT NULL, job TEXT NOT NULL);
  CREATE INDEX IF NOT EXISTS pending_due ON pending(due);
  CREATE INDEX IF NOT EXISTS pending_phone ON pending(phone);
  CREATE TABLE IF NOT EXISTS progress (
    call_id TEXT PRIMARY KEY, connected_at INTEGER, answered_by TEXT, at INTEGER NOT NULL);
`;

/** Every table and index SCHEMA creates (a new one must be added here, or it is never created). */
export const SCHEMA_OBJECTS = ["events", "events_at", "callers", "daily", "consent", "meta", "pending", "pending_due", "pending_phone", "progress"];

/** `text` and `follow_up` wait for their time (rows `scheduled`); `queue` only for the queue (rows `queued`). */
type PendingKind = "text" | "follow_up" | "queue";

interface PendingRow extends Record<string, SqlStorageValue> {
  message_id: string;
  kind: PendingKind;
  phone: string;
  due: number;
  timezone: string;
  job: string;
}

/** The line's own record of one caller (callerState). */
interface CallerState {
  lastTextedAt: number | null;
  textedToday: number;
  consent: { optedOut: boolean; at: number } | null;
}

interface EventRow extends Record<string, SqlStorageValue> {
  id: string;
  call_id: string;
  outcome: string;
  decision: string;
  explanation: string;
  message_id: string | null;
}

/**
 * One per business number (`idFromName(e164)`): the only place that decides about calls to that
 * number, so "have we seen this call?", "was this caller texted recently?" and "how many texts today?"
 * are answered against one serialised SQLite, never against a racing read of D1.
 *
 * The invariant: every check-then-write happens synchronously, before the first `await`. RPCs into a
 * Durable Object interleave at any non-storage await (fetch, queue, D1), so a decision made after an
 * await could be made twice by two copies of the same webhook.
 */
export class BusinessLine extends DurableObject<Env> {
  private readonly sql: SqlStorage;
  /** The alarm's notion of now; tests swap it to land on a chosen local time. */
  clock: () => number = Date.now;
  private prunedAt = 0;
  /** When an admin last changed this number's business (configChanged); older cached configurations are stale. */
  private configChangedAt = 0;
  /** Call events being decided right now, by event id (see handleCall). */
  private readonly inflight = new Map<string, Promise<LineDecision>>();

  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env);
    this.sql = ctx.storage.sql;
    // SQL storage is synchronous, so this runs to the end before any call is delivered: no
    // blockConcurrencyWhile. A line that calls come to every few minutes is started again after
    // each idle spell (10 s, as in production), so its start is on the hot path and every statement
    // here is compiled anew each time: one lookup instead of re-running every CREATE, one meta read.
    const present = this.sql
      .exec<{ n: number }>(`SELECT COUNT(*) AS n FROM sqlite_master WHERE name IN (${SCHEMA_OBJECTS.map(() => "?").join(", ")})`, ...SCHEMA_OBJECTS)
      .one().n;
    if (present !== SCHEMA_OBJECTS.length) this.sql.exec(SCHEMA);
    for (const { key, value } of this.sql.exec<{ key: string; value: string }>("SELECT key, value FROM meta WHERE key IN ('pruned_at', 'config_changed_at')")) {
      if (key === "pruned_at") this.prunedAt = Number(value);
      else this.configChangedAt = Number(value);
    }
  }

  /**
   * An admin change to this number's business (settings, hours, templates, numbers), made through
   * any isolate: from now on a configuration cached before `at` is refused as stale. Kept in the
   * line's storage, so a restarted line still knows.
   */
  async configChanged(at: number): Promise<void> {
    if (at <= this.configChangedAt) return;
    this.configChangedAt = at;
    this.setMeta("config_changed_at", String(at));
  }

  /** Decide about a call event; a duplicate (carrier retry) gets the first answer back. */
  async handleCall(event: CallEvent, ctx: LineContext): Promise<LineDecision> {
    // A cached configuration read no later than the business's last change (both on D1's clock) is
    // not decided on; one read for this very request is.
    if (!ctx.config.fresh && ctx.config.loadedAt <= this.configChangedAt) {
      return { final: false, duplicate: false, callId: null, outcome: null, decision: null, explanation: null, messageId: null, stale: true };
    }
    const eventId = `${event.carrier}:${event.carrierCallId}`;
    // A carrier retry that arrives while the first delivery is still being handled waits for it: if
    // that one fails (the queue refused its text), it gave its reservation back and this one decides
    // again, rather than answering 200 for a text that was never queued.
    for (let first = this.inflight.get(eventId); first; first = this.inflight.get(eventId)) await first.catch(() => undefined);
    const attempt = this.decideOnCall(event, ctx, eventId);
    this.inflight.set(eventId, attempt);
    try {
      return await attempt;
    } finally {
      if (this.inflight.get(eventId) === attempt) this.inflight.delete(eventId);
    }
  }

  private async decideOnCall(event: CallEvent, ctx: LineContext, eventId: string): Promise<LineDecision> {
    const { settings } = ctx.business;
    const facts = event.mergeProgress ? withProgress(event.facts, this.progressOf(event.carrierCallId), event.at) : event.facts;
    const outcome = classifyOutcome(facts, settings.minAnsweredSeconds);
    if (!outcome) {
      return { final: false, duplicate: false, callId: null, outcome: null, decision: null, explanation: null, messageId: null };
    }
    const seen = this.sql.exec<EventRow>("SELECT * FROM events WHERE id = ?", eventId).toArray()[0];
    // An AI receptionist answers every call it takes, so the carrier's callback says "answered"; the
    // AI's own "caller hung up on me" is the better witness and may turn that into a miss, once.
    const aiOverrides = seen !== undefined && seen.outcome === "answered" && event.facts.source === "ai" && outcome !== "answered";
    if (aiOverrides) this.sql.exec("DELETE FROM events WHERE id = ?", eventId);
    else if (seen) {
      return {
        final: true,
        duplicate: true,
        callId: seen.call_id,
        outcome: seen.outcome as LineDecision["outcome"],
        decision: seen.decision,
        explanation: seen.explanation,
        messageId: seen.message_id,
      };
    }

    // --- synchronous: decide and reserve (no await until the reservation is written) ---
    const now = Date.now();
    const day = localTime(now, ctx.business.timezone).date;
    const caller = this.callerState(event.from, day);
    const input: DecisionInput = {
      outcome,
      caller: event.from,
      settings,
      ownNumbers: ctx.ownNumbers,
      optedOut: this.optedOut(caller, ctx),
      undeliverable: ctx.undeliverable,
      lastTextedAt: caller.lastTextedAt,
      textedToday: caller.textedToday,
      open: isOpen(ctx.business.hours, ctx.business.timezone, event.at),
      templates: new Set(Object.keys(ctx.templates) as TemplateKind[]),
      now,
    };
    const decision = decide(input);
    const callId = `c_${event.carrierCallId}`;
    let messageId = decision.action === "text" ? `m_${event.carrierCallId}` : null;
    let code = decisionCode(decision);
    let explanation = explainDecision(decision);
    // Decided before the caller's consent and deliverability were read (a cached line): the D1 batch
    // that records the call reads them first and writes the text only if they allow it.
    const verify = ctx.callerStatus === "deferred" && callerStatusCanChange(decision);
    this.ctx.storage.transactionSync(() => {
      this.sql.exec(
        "INSERT INTO events (id, call_id, outcome, decision, explanation, message_id, at) VALUES (?, ?, ?, ?, ?, ?, ?)",
        eventId, callId, outcome, code, explanation, messageId, now,
      );
      if (decision.action === "text") {
        this.sql.exec(
          "INSERT INTO callers (phone, last_texted_at) VALUES (?, ?) ON CONFLICT(phone) DO UPDATE SET last_texted_at = excluded.last_texted_at",
          event.from, now,
        );
        this.sql.exec(
          "INSERT INTO daily (day, texts) VALUES (?, 1) ON CONFLICT(day) DO UPDATE SET texts = texts + 1",
          day,
        );
      }
      this.prune(now);
    });

    // An answered call means the business reached this caller: pending texts are moot.
    const canceled = outcome === "answered" ? this.takePending(event.from) : [];

    // --- asynchronous: record in D1, then enqueue; undo the reservation if either fails ---
    let writtenBehind = false;
    try {
      const d1 = this.env.DB;
      const reason = decision.action === "text" ? decision.outcome : decision.reason;
      const callValues = {
        id: callId,
        businessId: ctx.business.id,
        numberId: ctx.number.id,
        carrierCallId: event.carrierCallId,
        fromPhone: event.from,
        toPhone: event.to,
        outcome,
        decision: code,
        reason,
        facts,
        at: event.at,
      };
      let corrected: Decision | null = null;
      if (decision.action === "text" && messageId) {
        const vars = {
          business: ctx.business.name,
          bookingUrl: ctx.business.bookingUrl,
          businessPhone: ctx.number.e164,
          callerPhone: event.from,
          hoursToday: hoursToday(ctx.business.hours, ctx.business.timezone, now),
        };
        const text = outboundText({
          id: messageId,
          businessId: ctx.business.id,
          numberId: ctx.number.id,
          callId,
          kind: decision.templateKind,
          from: ctx.number.e164,
          to: event.from,
          body: renderTemplate(ctx.templates[decision.templateKind] ?? "", vars),
          now,
          publicBaseUrl: ctx.publicBaseUrl,
        });
        const record = {
          call: callValues,
          message: text.row,
          consent: {
            businessId: ctx.business.id,
            phone: event.from,
            kind: "implied_by_call",
            source: "call",
            evidenceId: event.carrierCallId,
            evidenceText: code,
            at: now,
          },
          verify,
        };
        const delayMs = settings.textDelaySeconds * 1000;
        const followUpTpl = ctx.templates.follow_up;
        if (delayMs === 0 && !(settings.followUp.enabled && followUpTpl)) {
          // The common case, a text now and nothing after it: the queue consumer writes these rows
          // in its batch (shared with the other texts it sends) before it sends this one, so the
          // webhook waits for no D1 round trip. If D1 refuses the text there, the consumer corrects
          // the call's record and gives the reservation back (refuseText below).
          await this.env.SMS_OUT.send({
            ...text.job,
            record: {
              ...record,
              line: ctx.number.e164,
              eventId,
              day,
              previousTextAt: caller.lastTextedAt,
              explanation,
              notify: ctx.hasWebhook,
            },
          });
          writtenBehind = true;
        } else {
          if (delayMs > 0) text.row.status = "scheduled";
          const followUp =
            settings.followUp.enabled && followUpTpl
              ? outboundText({
                  id: `${messageId}_fu`,
                  businessId: ctx.business.id,
                  numberId: ctx.number.id,
                  callId,
                  kind: "follow_up",
                  from: ctx.number.e164,
                  to: event.from,
                  body: renderTemplate(followUpTpl, vars),
                  now,
                  publicBaseUrl: ctx.publicBaseUrl,
                })
              : null;
          if (followUp) followUp.row.status = "scheduled";
          // The text's inserts are conditional on the caller's status; if the message row was not
          // written, either D1 says no (read why, in a second round trip) or it exists from an earlier
          // attempt of this webhook (then the text goes ahead as planned).
          const results = await d1.batch([
            ...callRecordStatements(d1, record),
            ...(followUp ? [insertRow(d1, messages, followUp.row, "ON CONFLICT DO NOTHING", verify ? callerClear(ctx.business.id, event.from) : undefined)] : []),
          ]);
          const written = (results[1]?.meta.changes ?? 0) > 0;
          corrected = verify && !written ? refusedText(decision, callerStatus(await d1.prepare(CALLER_STATUS_SQL).bind(ctx.business.id, event.from).all())) : null;
          if (!corrected) {
            if (delayMs > 0) this.schedule(text.job, "text", event.from, now + delayMs, ctx.business.timezone);
            else await this.env.SMS_OUT.send(text.job);
            if (followUp) {
              this.schedule(followUp.job, "follow_up", event.from, now + settings.followUp.afterHours * 3_600_000, ctx.business.timezone);
            }
            await this.armAlarm();
          }
        }
      } else if (verify) {
        const results = await d1.batch([d1.prepare(CALLER_STATUS_SQL).bind(ctx.business.id, event.from), insertRow(d1, calls, callValues, CALL_UPSERT)]);
        const status = callerStatus(results[0]);
        corrected = status.optedOut || status.undeliverable ? decide({ ...input, ...status }) : null;
      } else {
        await insertRow(d1, calls, callValues, CALL_UPSERT).run();
      }
      if (corrected) {
        // The caller opted out or cannot receive texts: nothing was written for the text (its
        // inserts were conditional); record the real reason and give the reservation back.
        code = decisionCode(corrected);
        explanation = explainDecision(corrected);
        messageId = null;
        const reserved = decision.action === "text" ? { caller: event.from, day, previousTextAt: caller.lastTextedAt } : null;
        this.correctEvent(eventId, code, explanation, reserved);
        await callDecisionUpdate(d1, callId, corrected).run();
      }
      if (canceled.length > 0) await this.markCanceled(canceled, "answered_callback");
    } catch (e) {
      this.release(eventId, event.from, day, caller.lastTextedAt, decision.action === "text" && messageId !== null);
      this.restorePending(canceled);
      const planned = `m_${event.carrierCallId}`;
      this.sql.exec("DELETE FROM pending WHERE message_id IN (?, ?)", planned, `${planned}_fu`);
      throw e;
    }
    // A written-behind call's event comes from the consumer, once D1 has had its say on the text.
    if (ctx.hasWebhook && outcome !== "answered" && !writtenBehind) {
      // Off the webhook's critical path: the event is recorded and queued after we answer.
      this.ctx.waitUntil(
        emitEvent(this.env, ctx.business.id, "call.missed", { callId, from: event.from, to: event.to, outcome, decision: code, explanation }),
      );
    }
    return { final: true, duplicate: false, callId, outcome, decision: code, explanation, messageId };
  }

  /**
   * A text to the business number: a keyword (STOP/START/HELP) changes consent and gets one
   * confirmation; anything else is a conversation, stored and relayed to the owner. A text from the
   * owner's own phone is the owner answering a caller.
   */
  async handleInboundText(msg: InboundText, ctx: LineContext): Promise<InboundResult> {
    const eventId = `sms:${msg.carrierMessageId}`;
    const seen = this.sql.exec<EventRow>("SELECT * FROM events WHERE id = ?", eventId).toArray()[0];
    if (seen) return { duplicate: true, decision: seen.decision, replyMessageId: seen.message_id };

    // --- synchronous: classify, decide, reserve ---
    const now = Date.now();
    const b = ctx.business;
    const fromOwner = b.notifyPhone !== null && msg.from === b.notifyPhone;
    const texts: ReturnType<typeof outboundText>[] = [];
    const send = (id: string, kind: string, to: string, body: string) =>
      texts.push(
        outboundText({ id, businessId: b.id, numberId: ctx.number.id, kind, from: ctx.number.e164, to, body, now, publicBaseUrl: ctx.publicBaseUrl }),
      );
    let decision: string;
    let label: string;
    let consent: { kind: ConsentKind; source: ConsentSource; evidence: string | null } | null = null;
    let cancelReason: string | null = null;
    const previousConsent = this.sql.exec<{ opted_out: number; at: number }>("SELECT opted_out, at FROM consent WHERE phone = ?", msg.from).toArray()[0];

    if (fromOwner) {
      const reply = parseOwnerReply(msg.body);
      const to = reply.to ?? this.meta("last_relayed_caller");
      label = "owner";
      if (to && reply.text) {
        send(`m_${msg.carrierMessageId}_manual`, "manual", to, reply.text);
        decision = "owner:manual";
      } else {
        decision = "owner:no_conversation";
      }
    } else {
      const keyword = classifyKeyword(msg.body);
      const plan = planInbound(keyword, this.isOptedOut(msg.from, ctx), msg.carrierConfirmed);
      label = plan.label;
      decision = `inbound:${plan.label}`;
      if (plan.consent) consent = { ...plan.consent, evidence: keyword.matched };
      if (plan.cancelPending) cancelReason = plan.label === "opt_out" ? "opted_out" : "replied";
      const vars = {
        business: b.name,
        bookingUrl: b.bookingUrl,
        businessPhone: ctx.number.e164,
        callerPhone: msg.from,
        hoursToday: hoursToday(b.hours, b.timezone, now),
      };
      if (plan.reply) {
        const tpl = ctx.templates[plan.reply] ?? DEFAULT_TEMPLATES[plan.reply];
        send(`m_${msg.carrierMessageId}_${plan.reply}`, plan.reply, msg.from, renderTemplate(tpl, vars));
      }
      if (plan.relay && b.notifyPhone) {
        send(`m_${msg.carrierMessageId}_relay`, "relay", b.notifyPhone, this.relayBody(msg, ctx));
      }
    }

    this.ctx.storage.transactionSync(() => {
      this.sql.exec(
        "INSERT INTO events (id, call_id, outcome, decision, explanation, message_id, at) VALUES (?, '', 'text', ?, ?, ?, ?)",
        eventId, decision, decision, texts[0]?.row.id ?? null, now,
      );
      if (consent?.kind === "opt_out" || consent?.kind === "opt_in") {
        this.sql.exec(
          "INSERT INTO consent (phone, opted_out, at) VALUES (?, ?, ?) ON CONFLICT(phone) DO UPDATE SET opted_out = excluded.opted_out, at = excluded.at",
          msg.from, consent.kind === "opt_out" ? 1 : 0, now,
        );
      }
      if (!fromOwner && label === "reply") this.setMeta("last_relayed_caller", msg.from);
    });
    const canceled = cancelReason ? this.takePending(msg.from) : [];

    // The events for the business's webhook are written with the message and the consent record
    // they report, so one is never recorded without the other; a redelivery records them once.
    const events: RecordedEvent[] = [];
    if (ctx.hasWebhook && label === "reply") {
      const data = { from: msg.from, to: msg.to, body: msg.body, messageId: `in_${msg.carrierMessageId}` };
      events.push(eventStatement(this.env.DB, b.id, "reply.received", data, { key: `reply_${msg.carrierMessageId}` }));
    }
    if (ctx.hasWebhook && (consent?.kind === "opt_out" || consent?.kind === "opt_in")) {
      const status = consent.kind === "opt_out" ? "opted_out" : "opted_in";
      const data = { phone: msg.from, status, source: consent.source };
      events.push(eventStatement(this.env.DB, b.id, "consent.changed", data, { key: `consent_${msg.carrierMessageId}` }));
    }
    let results: D1Result[] | undefined;
    try {
      const d1 = this.env.DB;
      const db = drizzle(d1);
      results = await d1.batch([
        ...events.map((e) => e.statement),
        asStatement(
          d1,
          db
            .insert(messages)
            .values({
              id: `in_${msg.carrierMessageId}`,
              businessId: b.id,
              numberId: ctx.number.id,
              direction: "inbound",
              kind: label,
              fromPhone: msg.from,
              toPhone: msg.to,
              body: msg.body,
              encoding: countSegments(msg.body).encoding,
              segments: countSegments(msg.body).segments,
              status: "received",
              carrierMessageId: msg.carrierMessageId,
              createdAt: now,
              updatedAt: now,
            })
            .onConflictDoNothing(),
        ),
        // Right after the message: a redelivered text (its row already there) adds no second
        // record of the same STOP or START to the ledger.
        ...(consent
          ? [
              insertRow(
                d1,
                consentEvents,
                {
                  businessId: b.id,
                  phone: msg.from,
                  kind: consent.kind,
                  source: consent.source,
                  evidenceId: msg.carrierMessageId,
                  evidenceText: msg.body.slice(0, 160),
                  at: now,
                },
                "",
                JUST_WRITTEN,
              ),
            ]
          : []),
        ...texts.map((t) => insertRow(d1, messages, t.row, "ON CONFLICT DO NOTHING")),
      ]);
      if (texts.length > 0) await this.queueOrDefer(texts, b.timezone);
      if (canceled.length > 0 && cancelReason) await this.markCanceled(canceled, cancelReason);
    } catch (e) {
      this.restorePending(canceled);
      this.ctx.storage.transactionSync(() => {
        this.sql.exec("DELETE FROM events WHERE id = ?", eventId);
        if (previousConsent) {
          this.sql.exec("UPDATE consent SET opted_out = ?, at = ? WHERE phone = ?", previousConsent.opted_out, previousConsent.at, msg.from);
        } else {
          this.sql.exec("DELETE FROM consent WHERE phone = ?", msg.from);
        }
      });
      throw e;
    } finally {
      // Written means it happened: queued even if what follows failed (a redelivery records it once).
      const written = results;
      if (written) this.ctx.waitUntil(queueEvents(this.env, events.map((event, i) => ({ event, result: written[i] }))));
    }
    return { duplicate: false, decision, replyMessageId: texts[0]?.row.id ?? null };
  }

  /**
   * The outbox found that D1 would not take a written-behind text (the caller opted out or cannot
   * receive texts; see consumeOutbound): the call's event says so from now on, and the text's
   * cooldown and daily-cap reservation is given back. Idempotent: a later report changes nothing.
   */
  async refuseText(eventId: string, refusal: { decision: string; explanation: string; caller: string; day: string; previousTextAt: number | null }): Promise<void> {
    this.correctEvent(eventId, refusal.decision, refusal.explanation, refusal);
  }

  /**
   * A decision corrected once D1 had its say on the caller: the event says why from now on, and a
   * text's cooldown and daily-cap reservation (`text`) is given back, only the first time.
   */
  private correctEvent(
    eventId: string,
    decision: string,
    explanation: string,
    text: { caller: string; day: string; previousTextAt: number | null } | null,
  ): void {
    this.ctx.storage.transactionSync(() => {
      const changed = this.sql
        .exec("UPDATE events SET decision = ?, explanation = ?, message_id = NULL WHERE id = ? AND decision <> ?", decision, explanation, eventId, decision)
        .rowsWritten;
      if (changed > 0 && text) this.giveBack(text.caller, text.day, text.previousTextAt);
    });
  }

  /**
   * Delayed text-backs and follow-ups come due here. Each row is claimed (deleted) before the first
   * await, so a reply or STOP that arrives meanwhile cannot also act on it; a failure puts it back
   * and the runtime retries the alarm.
   */
  async alarm(): Promise<void> {
    const now = this.clock();
    const due = this.sql.exec<PendingRow>("SELECT * FROM pending WHERE due <= ? ORDER BY due", now).toArray();
    for (const p of due) {
      if (p.kind === "follow_up") {
        // Follow-ups are marketing-adjacent: only inside the caller's quiet-hours window.
        const zones = recipientZones(p.phone, p.timezone);
        if (!isInsideQuietHoursWindow(now, zones)) {
          const next = nextAllowedSendTime(now, zones) ?? now + 3_600_000;
          this.sql.exec("UPDATE pending SET due = ? WHERE message_id = ?", next, p.message_id);
          continue;
        }
      }
      this.sql.exec("DELETE FROM pending WHERE message_id = ?", p.message_id);
      try {
        const job = JSON.parse(p.job) as OutboundText;
        if (p.kind === "queue") {
          // Its row is already `queued`; the outbox sends a row once, however often it is queued.
          await this.env.SMS_OUT.send(job);
          continue;
        }
        const db = drizzle(this.env.DB);
        const res = await db
          .update(messages)
          .set({ status: "queued", updatedAt: Date.now() })
          .where(and(eq(messages.id, p.message_id), eq(messages.status, "scheduled")));
        if (res.meta.changes > 0) await this.env.SMS_OUT.send(job);
      } catch (e) {
        this.restorePending([p]);
        await this.armAlarm();
        throw e;
      }
    }
    await this.armAlarm();
  }

  /**
   * Queue texts whose rows D1 has just written. If the queue refuses them, the message is still
   * handled (its rows and the caller's consent are written): a carrier's redelivery would be planned
   * against that new consent (no confirmation for a STOP already recorded), so the line's alarm
   * queues them instead, as `queue` entries that no later message cancels.
   */
  private async queueOrDefer(texts: { row: { toPhone: string }; job: OutboundText }[], timezone: string): Promise<void> {
    try {
      await this.env.SMS_OUT.sendBatch(texts.map((t) => ({ body: t.job })));
    } catch (e) {
      log.warn("line.queue_deferred", { texts: texts.length, error: String(e) });
      const now = Date.now();
      for (const t of texts) this.schedule(t.job, "queue", t.row.toPhone, now, timezone);
      await this.armAlarm();
    }
  }

  private schedule(job: OutboundText, kind: PendingKind, phone: string, due: number, timezone: string) {
    this.sql.exec(
      "INSERT OR REPLACE INTO pending (message_id, kind, phone, due, timezone, job) VALUES (?, ?, ?, ?, ?, ?)",
      job.messageId, kind, phone, due, timezone, JSON.stringify(job),
    );
  }

  /** Remove and return this caller's scheduled texts (synchronous: part of a decision). */
  private takePending(phone: string): PendingRow[] {
    const rows = this.sql.exec<PendingRow>("SELECT * FROM pending WHERE phone = ? AND kind <> 'queue'", phone).toArray();
    if (rows.length > 0) this.sql.exec("DELETE FROM pending WHERE phone = ? AND kind <> 'queue'", phone);
    return rows;
  }

  private restorePending(rows: PendingRow[]) {
    for (const r of rows) {
      this.sql.exec(
        "INSERT OR REPLACE INTO pending (message_id, kind, phone, due, timezone, job) VALUES (?, ?, ?, ?, ?, ?)",
        r.message_id, r.kind, r.phone, r.due, r.timezone, r.job,
      );
    }
  }

  private async markCanceled(rows: PendingRow[], reason: string) {
    await drizzle(this.env.DB)
      .update(messages)
      .set({ status: "canceled", errorCode: reason, updatedAt: Date.now() })
      .where(and(inArray(messages.id, rows.map((r) => r.message_id)), eq(messages.status, "scheduled")));
  }

  private async armAlarm() {
    const next = this.sql.exec<{ due: number | null }>("SELECT MIN(due) AS due FROM pending").toArray()[0]?.due ?? null;
    if (next === null) await this.ctx.storage.deleteAlarm();
    else await this.ctx.storage.setAlarm(next);
  }

  /**
   * Remember what happened on a call before it ended (connected, machine answered), for carriers that
   * report it in separate events. Idempotent: a redelivered event writes the same values.
   */
  async noteCallProgress(carrierCallId: string, note: { connectedAt?: number; answeredBy?: string }): Promise<void> {
    this.sql.exec(
      `INSERT INTO progress (call_id, connected_at, answered_by, at) VALUES (?, ?, ?, ?)
       ON CONFLICT(call_id) DO UPDATE SET
         connected_at = COALESCE(progress.connected_at, excluded.connected_at),
         answered_by = COALESCE(excluded.answered_by, progress.answered_by)`,
      carrierCallId, note.connectedAt ?? null, note.answeredBy ?? null, Date.now(),
    );
  }

  private progressOf(carrierCallId: string): CallProgress | null {
    const row = this.sql
      .exec<{ connected_at: number | null; answered_by: string | null }>("SELECT connected_at, answered_by FROM progress WHERE call_id = ?", carrierCallId)
      .toArray()[0];
    return row ? { connectedAt: row.connected_at, answeredBy: row.answered_by } : null;
  }

  /**
   * What the line knows of a caller today, in one statement: a line started cold compiles every
   * statement it runs, and most calls reach a line that was idle.
   */
  private callerState(phone: string, day: string): CallerState {
    const row = this.sql
      .exec<{ last_texted_at: number | null; texts: number | null; opted_out: number | null; consent_at: number | null }>(
        `SELECT c.last_texted_at, d.texts, k.opted_out, k.at AS consent_at FROM (SELECT 1)
           LEFT JOIN callers c ON c.phone = ?1 LEFT JOIN daily d ON d.day = ?2 LEFT JOIN consent k ON k.phone = ?1`,
        phone,
        day,
      )
      .one();
    return {
      lastTextedAt: row.last_texted_at,
      textedToday: row.texts ?? 0,
      consent: row.opted_out === null ? null : { optedOut: row.opted_out === 1, at: row.consent_at ?? 0 },
    };
  }

  private isOptedOut(phone: string, ctx: LineContext): boolean {
    const local = this.sql.exec<{ opted_out: number; at: number }>("SELECT opted_out, at FROM consent WHERE phone = ?", phone).toArray()[0];
    return this.optedOut({ consent: local ? { optedOut: local.opted_out === 1, at: local.at } : null }, ctx);
  }

  /** The line's own consent record wins over D1's when it is newer (it may not have landed there yet). */
  private optedOut({ consent }: Pick<CallerState, "consent">, ctx: LineContext): boolean {
    if (consent && (ctx.consentAt === null || consent.at >= ctx.consentAt)) return consent.optedOut;
    return ctx.optedOut;
  }

  private relayBody(msg: InboundText, ctx: LineContext): string {
    const last = this.sql
      .exec<{ last_texted_at: number }>("SELECT last_texted_at FROM callers WHERE phone = ?", msg.from)
      .toArray()[0];
    const when = last ? ` (missed call ${localTime(last.last_texted_at, ctx.business.timezone).time})` : "";
    return `Textback: ${msg.from}${when} replied: ${msg.body}`;
  }

  private meta(key: string): string | null {
    return this.sql.exec<{ value: string }>("SELECT value FROM meta WHERE key = ?", key).toArray()[0]?.value ?? null;
  }

  private setMeta(key: string, value: string) {
    this.sql.exec("INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value", key, value);
  }

  /** Give the reservation back so the carrier's redelivery of this webhook can succeed. */
  private release(eventId: string, caller: string, day: string, previous: number | null, texted: boolean) {
    this.ctx.storage.transactionSync(() => {
      this.sql.exec("DELETE FROM events WHERE id = ?", eventId);
      if (texted) this.giveBack(caller, day, previous);
    });
  }

  /** Undo a text's cooldown and daily-cap reservation (inside a transaction). */
  private giveBack(caller: string, day: string, previous: number | null) {
    if (previous === null) this.sql.exec("DELETE FROM callers WHERE phone = ?", caller);
    else this.sql.exec("UPDATE callers SET last_texted_at = ? WHERE phone = ?", previous, caller);
    this.sql.exec("UPDATE daily SET texts = MAX(texts - 1, 0) WHERE day = ?", day);
  }

  /**
   * Carrier retries come within hours; keep a week of event ids and a month of callers. Run at most
   * hourly (the time is kept in meta, so a restarted line does not prune again): the retention is
   * days, so pruning on every call only cost four statements per webhook.
   */
  private prune(now: number) {
    if (now - this.prunedAt < 3_600_000) return;
    this.prunedAt = now;
    this.setMeta("pruned_at", String(now));
    this.sql.exec("DELETE FROM events WHERE at < ?", now - EVENT_RETENTION_MS);
    this.sql.exec("DELETE FROM progress WHERE at < ?", now - EVENT_RETENTION_MS);
    this.sql.exec("DELETE FROM callers WHERE last_texted_at < ?", now - CALLER_RETENTION_MS);
    this.sql.exec("DELETE FROM daily WHERE day < date(?, 'unixepoch', '-7 days')", Math.floor(now / 1000));
  }
}
