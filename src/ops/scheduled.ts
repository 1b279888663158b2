import { and, desc, eq, gte, inArray, lt, ne, or, sql } from "drizzle-orm";
import { drizzle } from "drizzle-orm/d1";
import { auditLog, businesses, calls, messages, webhookDeliveries } from "../db/schema";
import { deleteStaleSessions } from "../db/sessions";
import { deleteSpentFailures } from "../db/team";
import type { Env } from "../env";
import { log } from "../log";
import { emitEvent, requeueDueEvents } from "../notify/events";
import { buildReport, reportScope } from "../reports/report";
import { businessAlerts, digestText, type HourStats } from "../rules/alerts";
import { CARRIER_AUTH_ERRORS } from "../rules/carrier-errors";
import { localTime } from "../rules/schedule";
import { startOfLocalDay } from "../rules/utc-offsets";
import { addDays } from "../rules/weeks";
import { parseSettings } from "../settings";
import { LANDLINE_DECISIONS, LINE_TYPE_TTL_MS } from "../rules/line-type";
import { TEXT_BACK_KINDS } from "../vocabulary";
import { checkNumberHealth } from "./number-health";
import { claim, notifyBusiness, type Db } from "./owner-texts";
import { requeueStrandedTranscripts } from "./stranded-transcripts";
import { sendWeeklySummaries } from "./weekly-summary";

const HOUR = 3_600_000;
/** The same alert is not repeated within this window. */
const ALERT_QUIET_MS = 6 * HOUR;
/** Local hour after which yesterday's digest goes out. */
const DIGEST_HOUR = 8;
const AUTH_ERRORS = [...CARRIER_AUTH_ERRORS];
export const REDACTED = "[redacted: past the business's retention period]";

/** The cron handler: alerts, daily digests, weekly summaries, event webhooks due again and stranded voicemail reads, retention. Each part is independent; one failing does not stop the others. */
export async function runScheduled(env: Env, now = Date.now()): Promise<void> {
  for (const [name, job] of [
    ["alerts", checkAlerts],
    ["digests", sendDigests],
    ["weekly", sendWeeklySummaries],
    ["webhooks", requeueDueEvents],
    ["transcripts", requeueStrandedTranscripts],
    ["retention", applyRetention],
    ["number health", checkNumberHealth],
    ["sessions", sweepSessions],
  ] as const) {
    try {
      await job(env, now);
    } catch (e) {
      log.error("scheduled.failed", { job: name, error: String(e) });
    }
  }
}

/** Sessions past their lifetime or idle limit (already refused at login checks) and spent login failures leave D1. */
export async function sweepSessions(env: Env, now: number): Promise<number> {
  const db = drizzle(env.DB);
  const [ended] = await db.batch([deleteStaleSessions(db, now), deleteSpentFailures(db, now)]);
  return ended.meta.changes ?? 0;
}

export async function checkAlerts(env: Env, now: number): Promise<number> {
  const db = drizzle(env.DB);
  const since = now - HOUR;
  const missed = await db
    .select({ businessId: calls.businessId, n: sql<number>`count(*)` })
    .from(calls)
    .where(and(gte(calls.at, since), ne(calls.outcome, "answered")))
    .groupBy(calls.businessId);
  let raised = 0;
  for (const m of missed) {
    const [counts, recent] = await db.batch([
      db
        .select({
          sent: sql<number>`sum(${messages.status} in ('sent','delivered'))`,
          delivered: sql<number>`sum(${messages.status} = 'delivered')`,
          failed: sql<number>`sum(${messages.status} in ('failed','undelivered','dead'))`,
          auth: sql<number>`sum(${messages.errorCode} in ${AUTH_ERRORS})`,
        })
        .from(messages)
        .where(and(eq(messages.businessId, m.businessId), eq(messages.direction, "outbound"), gte(messages.updatedAt, since))),
      db
        .select({ status: messages.status })
        .from(messages)
        .where(and(eq(messages.businessId, m.businessId), inArray(messages.kind, TEXT_BACK_KINDS), inArray(messages.status, ["sent", "delivered", "failed", "undelivered", "dead"])))
        .orderBy(desc(messages.createdAt))
        .limit(10),
    ]);
    const c = counts[0];
    let inARow = 0;
    for (const r of recent) {
      if (r.status === "sent" || r.status === "delivered") break;
      inARow += 1;
    }
    const stats: HourStats = {
      missedCalls: Number(m.n),
      sent: Number(c?.sent ?? 0),
      delivered: Number(c?.delivered ?? 0),
      failed: Number(c?.failed ?? 0),
      failuresInARow: inARow,
      authErrors: Number(c?.auth ?? 0),
    };
    for (const alert of businessAlerts(stats)) {
      if (await claim(db, m.businessId, alert.kind, now, alert.message, ALERT_QUIET_MS)) {
        await notifyBusiness(env, db, m.businessId, `Textback alert: ${alert.message}. Missed callers may not be getting texts.`, now, "alert");
        await emitEvent(env, m.businessId, "alert.raised", { kind: alert.kind, message: alert.message });
        log.warn("alert.raised", { businessId: m.businessId, kind: alert.kind });
        raised += 1;
      }
    }
  }
  return raised;
}

/** The callers whose missed calls in [from, to) went untexted because they are landlines (looked up, or refused as one), first caller first. */
async function landlineCallersBetween(db: Db, businessId: string, from: number, to: number): Promise<string[]> {
  const rows = await db
    .select({ phone: calls.fromPhone, first: sql<number>`min(${calls.at})` })
    .from(calls)
    .where(and(eq(calls.businessId, businessId), gte(calls.at, from), lt(calls.at, to), inArray(calls.decision, LANDLINE_DECISIONS)))
    .groupBy(calls.fromPhone)
    .orderBy(sql`min(${calls.at})`);
  return rows.map((r) => r.phone);
}

export async function sendDigests(env: Env, now: number): Promise<number> {
  const db = drizzle(env.DB);
  const all = await db.select({ id: businesses.id, name: businesses.name, timezone: businesses.timezone, notifyPhone: businesses.notifyPhone, settings: businesses.settings }).from(businesses);
  let sent = 0;
  for (const b of all) {
    if (!b.notifyPhone) continue;
    const local = localTime(now, b.timezone);
    const hh = Number(local.time.slice(0, 2));
    if (hh < DIGEST_HOUR) continue;
    // Yesterday's local midnight to today's: 23 or 25 hours across a clock change, never "24 h ago".
    const midnight = startOfLocalDay(local.date, b.timezone);
    const from = startOfLocalDay(addDays(local.date, -1), b.timezone);
    // The report's own figures, so the digest and the dashboard never disagree.
    const report = await buildReport(env.DB, reportScope(b), from, midnight);
    const landlineCallers = await landlineCallersBetween(db, b.id, from, midnight);
    const outcome = { won: report.funnel.won, wonCents: report.revenue.wonCents, booked: report.funnel.booked, urgent: report.urgent.count };
    const day = { missedCalls: report.calls.missed, missedCallers: report.callers.missed, textedBack: report.callers.textedBack, replied: report.callers.replied, landlineCallers, outcome };
    // A day without missed calls needs no message.
    if (day.missedCalls === 0) continue;
    if (!(await claim(db, b.id, `digest:${local.date}`, now, null))) continue;
    if (await notifyBusiness(env, db, b.id, digestText(b.name, day), now, "digest")) sent += 1;
  }
  return sent;
}

/**
 * A delivered event webhook is kept this long (or the business's retention, if shorter) for its
 * delivery log; one that failed stays until the retention, for a replay. Its payload carries
 * callers' numbers and reply bodies, which the business's own system now holds.
 */
export const DELIVERED_WEBHOOK_DAYS = 30;

/** A CRM's request id is remembered this long, so its retried or replayed request acts once (webhooks/crm-generic.ts). */
export const CRM_KEY_DAYS = 30;

/**
 * Past each business's retention: message bodies are redacted and event webhook deliveries deleted
 * (delivered ones sooner, see DELIVERED_WEBHOOK_DAYS); carriers' line type answers past 90 days go. The consent ledger is kept whole.
 */
export async function applyRetention(env: Env, now: number): Promise<number> {
  const db = drizzle(env.DB);
  const all = await db.select({ id: businesses.id, settings: businesses.settings }).from(businesses);
  let total = 0;
  for (const b of all) {
    const days = parseSettings(b.settings).retentionDays;
    const cutoff = now - days * 24 * HOUR;
    const deliveredDays = Math.min(days, DELIVERED_WEBHOOK_DAYS);
    const deliveredCutoff = now - deliveredDays * 24 * HOUR;
    const [redacted, deleted] = await db.batch([
      db
        .update(messages)
        .set({ body: REDACTED })
        .where(and(eq(messages.businessId, b.id), lt(messages.createdAt, cutoff), ne(messages.body, REDACTED))),
      db
        .delete(webhookDeliveries)
        .where(
          and(
            eq(webhookDeliveries.businessId, b.id),
            lt(webhookDeliveries.createdAt, deliveredCutoff),
            or(lt(webhookDeliveries.createdAt, cutoff), eq(webhookDeliveries.status, "delivered")),
          ),
        ),
    ]);
    const audit = [
      { action: "messages.redact", detail: { count: redacted.meta.changes, olderThanDays: days } },
      { action: "webhooks.delete", detail: { count: deleted.meta.changes, olderThanDays: days, deliveredOlderThanDays: deliveredDays } },
    ].filter((a) => a.detail.count > 0);
    if (audit.length > 0) {
      await db.insert(auditLog).values(audit.map((a) => ({ actor: "retention", entity: "business", entityId: b.id, at: now, ...a })));
    }
    total += redacted.meta.changes + deleted.meta.changes;
  }
  // A number's line type is of no use past 90 days (it is asked again): not kept longer. A CRM's
  // request ids only need to outlive its retries (days, not months).
  const [expired, keys] = await env.DB.batch([
    env.DB.prepare("DELETE FROM line_types WHERE checked_at < ?1").bind(now - LINE_TYPE_TTL_MS),
    env.DB.prepare("DELETE FROM crm_inbound_keys WHERE at < ?1").bind(now - CRM_KEY_DAYS * 24 * HOUR),
  ]);
  return total + expired!.meta.changes + keys!.meta.changes;
}
