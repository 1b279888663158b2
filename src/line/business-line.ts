import { DurableObject } from "cloudflare:workers";
import { drizzle } from "drizzle-orm/d1";
import { calls, consentEvents, messages } from "../db/schema";
import type { Env } from "../env";
import { decide } from "../rules/eligibility";
import { countSegments } from "../rules/encoding";
import { classifyOutcome } from "../rules/outcome";
import { decisionCode, explainDecision, type TemplateKind } from "../rules/reasons";
import { isOpen, localTime } from "../rules/schedule";
import { renderTemplate } from "../rules/templates";
import type { CallEvent, LineContext, LineDecision } from "./types";

const EVENT_RETENTION_MS = 7 * 24 * 3_600_000;
const CALLER_RETENTION_MS = 31 * 24 * 3_600_000;

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

  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env);
    this.sql = ctx.storage.sql;
    ctx.blockConcurrencyWhile(async () => {
      this.sql.exec(`
        CREATE TABLE IF NOT EXISTS events (
          id TEXT PRIMARY KEY, call_id TEXT NOT NULL, outcome TEXT NOT NULL, decision TEXT NOT NULL,
          explanation TEXT NOT NULL, message_id TEXT, at INTEGER NOT NULL);
        CREATE INDEX IF NOT EXISTS events_at ON events(at);
        CREATE TABLE IF NOT EXISTS callers (phone TEXT PRIMARY KEY, last_texted_at INTEGER NOT NULL);
        CREATE TABLE IF NOT EXISTS daily (day TEXT PRIMARY KEY, texts INTEGER NOT NULL);
      `);
    });
  }

  /** Decide about a call event; a duplicate (carrier retry) gets the first answer back. */
  async handleCall(event: CallEvent, ctx: LineContext): Promise<LineDecision> {
    const { settings } = ctx.business;
    const outcome = classifyOutcome(event.facts, settings.minAnsweredSeconds);
    if (!outcome) {
      return { final: false, duplicate: false, callId: null, outcome: null, decision: null, explanation: null, messageId: null };
    }
    const eventId = `${event.carrier}:${event.carrierCallId}`;
    const seen = this.sql.exec<EventRow>("SELECT * FROM events WHERE id = ?", eventId).toArray()[0];
    if (seen) {
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
    const last = this.sql
      .exec<{ last_texted_at: number }>("SELECT last_texted_at FROM callers WHERE phone = ?", event.from)
      .toArray()[0];
    const today = this.sql.exec<{ texts: number }>("SELECT texts FROM daily WHERE day = ?", day).toArray()[0];
    const decision = decide({
      outcome,
      caller: event.from,
      settings,
      ownNumbers: ctx.ownNumbers,
      optedOut: ctx.optedOut,
      lastTextedAt: last?.last_texted_at ?? null,
      textedToday: today?.texts ?? 0,
      open: isOpen(ctx.business.hours, ctx.business.timezone, event.at),
      templates: new Set(Object.keys(ctx.templates) as TemplateKind[]),
      now,
    });
    const callId = `c_${event.carrierCallId}`;
    const messageId = decision.action === "text" ? `m_${event.carrierCallId}` : null;
    const code = decisionCode(decision);
    const explanation = explainDecision(decision);
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

    // --- asynchronous: record in D1, then enqueue; undo the reservation if either fails ---
    try {
      const db = drizzle(this.env.DB);
      const callRow = db
        .insert(calls)
        .values({
          id: callId,
          businessId: ctx.business.id,
          numberId: ctx.number.id,
          carrierCallId: event.carrierCallId,
          fromPhone: event.from,
          toPhone: event.to,
          outcome,
          decision: code,
          reason: decision.action === "text" ? decision.outcome : decision.reason,
          facts: event.facts,
          at: event.at,
        })
        .onConflictDoNothing();
      if (decision.action === "text" && messageId) {
        const body = renderTemplate(ctx.templates[decision.templateKind] ?? "", {
          business: ctx.business.name,
          bookingUrl: ctx.business.bookingUrl,
          businessPhone: ctx.number.e164,
          callerPhone: event.from,
        });
        const seg = countSegments(body);
        await db.batch([
          callRow,
          db
            .insert(messages)
            .values({
              id: messageId,
              businessId: ctx.business.id,
              numberId: ctx.number.id,
              callId,
              direction: "outbound",
              kind: decision.templateKind,
              fromPhone: ctx.number.e164,
              toPhone: event.from,
              body,
              encoding: seg.encoding,
              segments: seg.segments,
              status: "queued",
              attempts: 0,
              createdAt: now,
              updatedAt: now,
            })
            .onConflictDoNothing(),
          db.insert(consentEvents).values({
            businessId: ctx.business.id,
            phone: event.from,
            kind: "implied_by_call",
            source: "call",
            evidenceId: event.carrierCallId,
            evidenceText: code,
            at: now,
          }),
        ]);
        await this.env.SMS_OUT.send({
          messageId,
          businessId: ctx.business.id,
          statusCallback: `${ctx.publicBaseUrl}/webhooks/twilio/sms-status`,
        });
      } else {
        await callRow;
      }
    } catch (e) {
      this.release(eventId, event.from, day, last?.last_texted_at ?? null, decision.action === "text");
      throw e;
    }
    return { final: true, duplicate: false, callId, outcome, decision: code, explanation, messageId };
  }

  /** Give the reservation back so the carrier's redelivery of this webhook can succeed. */
  private release(eventId: string, caller: string, day: string, previous: number | null, texted: boolean) {
    this.ctx.storage.transactionSync(() => {
      this.sql.exec("DELETE FROM events WHERE id = ?", eventId);
      if (!texted) return;
      if (previous === null) this.sql.exec("DELETE FROM callers WHERE phone = ?", caller);
      else this.sql.exec("UPDATE callers SET last_texted_at = ? WHERE phone = ?", previous, caller);
      this.sql.exec("UPDATE daily SET texts = MAX(texts - 1, 0) WHERE day = ?", day);
    });
  }

  /** Carrier retries come within hours; keep a week of event ids and a month of callers. */
  private prune(now: number) {
    this.sql.exec("DELETE FROM events WHERE at < ?", now - EVENT_RETENTION_MS);
    this.sql.exec("DELETE FROM callers WHERE last_texted_at < ?", now - CALLER_RETENTION_MS);
    this.sql.exec("DELETE FROM daily WHERE day < date(?, 'unixepoch', '-7 days')", Math.floor(now / 1000));
  }
}
