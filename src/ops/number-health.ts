/**
 * Per-number health, from the cron: a phone system that replaces the caller's number when it
 * forwards (nothing can be texted), and a number that usually gets calls going quiet for a whole
 * business day (forwarding switched off). Each alert goes to the owner once.
 */
import { and, eq, gte, ne, sql } from "drizzle-orm";
import { drizzle } from "drizzle-orm/d1";
import { businesses, calls, numbers } from "../db/schema";
import type { Env } from "../env";
import { log } from "../log";
import { emitEvent } from "../notify/events";
import type { AlertKind } from "../rules/alerts";
import { formatPhone, localeOf } from "../rules/display";
import { HEARTBEAT_WEEKS, heartbeatMessage, quietBusinessDay } from "../rules/heartbeat";
import { setupChangedAlert, type SetupCheck } from "../rules/number-setup";
import { hoursSchema } from "../rules/schedule";
import { claim, notifyBusiness, type Db } from "./owner-texts";
import { canUndoSetup, checkNumberSetup, configuredBase } from "../carrier-setup/number-setup";
import { lastCall } from "../db/last-call";

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const WEEK = 7 * DAY;
/** The cron runs every 10 minutes; the heartbeat needs only one run an hour. */
const HEARTBEAT_EVERY_MS = HOUR;
const CRON_PERIOD_MS = 10 * 60_000;
/** A fixed phone system stays fixed; if it breaks again a month later, say so again. */
const REWRITE_QUIET_MS = 30 * DAY;

export async function checkNumberHealth(env: Env, now: number): Promise<number> {
  const db = drizzle(env.DB);
  let raised = await checkCallerIdRewrites(env, db, now);
  if (now % HEARTBEAT_EVERY_MS < CRON_PERIOD_MS) raised += await checkHeartbeats(env, db, now);
  raised += await checkCarrierSetups(env, db, now);
  return raised;
}

/**
 * Calls whose caller is the business's own phone, on a number that phone forwards to (or whose own
 * call flow reports to us): the forwarding replaced the caller's number, so the caller is unknown.
 */
async function checkCallerIdRewrites(env: Env, db: Db, now: number): Promise<number> {
  const rewritten = await db
    .selectDistinct({ businessId: calls.businessId, e164: numbers.e164 })
    .from(calls)
    .innerJoin(businesses, eq(businesses.id, calls.businessId))
    .innerJoin(numbers, eq(numbers.id, calls.numberId))
    .where(and(gte(calls.at, now - 2 * HOUR), eq(calls.reason, "own_number"), eq(calls.fromPhone, businesses.forwardTo), ne(numbers.mode, "forward")));
  let raised = 0;
  for (const r of rewritten) {
    const message =
      `your phone system replaces the caller's number with your own when it forwards calls to ${formatPhone(r.e164)}, ` +
      "so Textback cannot text callers until that is changed: in its forwarding settings, keep the original caller ID";
    raised += await raise(env, db, r.businessId, "caller_id_rewritten", "caller_id_rewritten", message, now, REWRITE_QUIET_MS);
  }
  return raised;
}

/** Numbers whose last call is recent enough to matter and old enough for a business day to have passed since. */
async function checkHeartbeats(env: Env, db: Db, now: number): Promise<number> {
  const recent = await db
    .select({
      numberId: numbers.id,
      e164: numbers.e164,
      businessId: numbers.businessId,
      timezone: businesses.timezone,
      hours: businesses.hours,
      lastCallAt: sql<number | null>`(SELECT max(c.at) FROM calls c WHERE c.number_id = ${numbers.id})`,
    })
    .from(numbers)
    .innerJoin(businesses, eq(businesses.id, numbers.businessId));
  let raised = 0;
  for (const n of recent) {
    const last = n.lastCallAt === null ? null : Number(n.lastCallAt);
    if (last === null || now - last < DAY || now - last > 8 * DAY) continue;
    const weeklyCalls = await weeklyCallCounts(db, n.numberId, last);
    const hours = n.hours === null ? null : hoursSchema.safeParse(n.hours);
    const quiet = quietBusinessDay({ lastCallAt: last, weeklyCalls, hours: hours?.success ? hours.data : null, timeZone: n.timezone, now });
    if (quiet === null) continue;
    const message = heartbeatMessage(formatPhone(n.e164), last, n.timezone, localeOf(n.e164));
    raised += await raise(env, db, n.businessId, "no_calls", `no_calls:${n.numberId}:${last}`, message, now);
  }
  return raised;
}

/** Calls in each of the weeks up to and including the last one, newest first. */
async function weeklyCallCounts(db: Db, numberId: string, last: number): Promise<number[]> {
  const weeks = Array.from({ length: HEARTBEAT_WEEKS }, (_, i) => sql`sum(${calls.at} > ${last - (i + 1) * WEEK} AND ${calls.at} <= ${last - i * WEEK})`);
  const [row] = await db
    .select({ counts: sql<string>`json_array(${sql.join(weeks, sql`, `)})` })
    .from(calls)
    .where(and(eq(calls.numberId, numberId), gte(calls.at, last - HEARTBEAT_WEEKS * WEEK)));
  return (JSON.parse(row?.counts ?? "[]") as Array<number | null>).map((n) => Number(n ?? 0));
}

/** Each cron run checks the numbers of one 10-minute slot of the day: every number once a day, a few per run. */
const SLOTS_PER_DAY = DAY / CRON_PERIOD_MS;
const SETUP_QUIET_MS = 7 * DAY;

/**
 * A number that has worked (it has had a call, or Textback configured it) whose carrier settings
 * no longer point at Textback: someone changed them, or another app took the number over.
 */
async function checkCarrierSetups(env: Env, db: Db, now: number): Promise<number> {
  const slot = Math.floor((now % DAY) / CRON_PERIOD_MS);
  const due = await db
    .select({ number: numbers })
    .from(numbers)
    .where(sql`${numbers}.rowid % ${SLOTS_PER_DAY} = ${slot}`);
  let raised = 0;
  for (const { number } of due) {
    const base = env.PUBLIC_BASE_URL?.replace(/\/$/, "") || (await configuredBase(db, number.id));
    if (!base || !((await lastCall(db, number.id)) || (await canUndoSetup(db, number.id)))) continue;
    let wrong: SetupCheck[];
    try {
      wrong = (await checkNumberSetup(env, base, number)).checks.filter((c) => !c.ok);
    } catch (e) {
      log.warn("number_health.setup_unreadable", { numberId: number.id, error: e instanceof Error ? e.message : String(e) });
      continue;
    }
    if (wrong.length === 0) continue;
    const message = setupChangedAlert(formatPhone(number.e164), wrong);
    raised += await raise(env, db, number.businessId, "setup_changed", `setup_changed:${number.id}`, message, now, SETUP_QUIET_MS);
  }
  return raised;
}

async function raise(env: Env, db: Db, businessId: string, kind: AlertKind, key: string, message: string, now: number, quietMs?: number): Promise<number> {
  if (!(await claim(db, businessId, key, now, message, quietMs))) return 0;
  await notifyBusiness(env, db, businessId, `Textback alert: ${message}`, now, "alert", `${key}_${now}`);
  await emitEvent(env, businessId, "alert.raised", { kind, message });
  log.warn("alert.raised", { businessId, kind });
  return 1;
}
