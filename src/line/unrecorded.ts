/**
 * Once the line has decided about a call, the decision stands: the carrier has been (or is being)
 * answered with it, and a caller still on the line must never hear an application error because D1
 * or the queue refused a write. So the plan is kept in the line's own storage, in the same
 * transaction as the decision, and dropped when its records are written; if D1 or the queue refuses,
 * the line's alarm carries it out again, with backoff, until they accept. Recording is idempotent
 * (record-call.ts), so a retry after a partial success writes each row and queues each text once.
 */
import { log } from "../log";
import type { CallPlan } from "./plan-call";
import { plannedDecision, recordCall, type LineParts, type RecordContext } from "./record-call";
import type { LineStore, PendingRow } from "./store";
import type { LineDecision } from "./types";

/** The first retry is soon (a blip), later ones back off to a few minutes. */
const FIRST_RETRY_MS = 2_000;
const MAX_RETRY_MS = 5 * 60_000;

export const retryDelayMs = (attempts: number) => Math.min(MAX_RETRY_MS, FIRST_RETRY_MS * 2 ** attempts);

interface UnrecordedJob {
  plan: CallPlan;
  ctx: RecordContext;
  canceled: PendingRow[];
}

/** JSON has no Set: the decision input's template kinds travel as a list. */
function serialize(job: UnrecordedJob): string {
  return JSON.stringify(job, (_k, v: unknown) => (v instanceof Set ? { $set: [...v] } : v));
}

function revive(json: string): UnrecordedJob {
  return JSON.parse(json, (_k, v: unknown) => (v && typeof v === "object" && "$set" in v && Array.isArray(v.$set) ? new Set(v.$set) : v)) as UnrecordedJob;
}

/** Keep the plan until it is recorded (synchronous: part of the decision's transaction). */
export function keepUnrecorded(store: LineStore, plan: CallPlan, ctx: RecordContext, canceled: PendingRow[], now: number): void {
  const trimmed: RecordContext = { business: { id: ctx.business.id, timezone: ctx.business.timezone }, hasWebhook: ctx.hasWebhook };
  store.putUnrecorded({ call_id: plan.callId, job: serialize({ plan, ctx: trimmed, canceled }), attempts: 0, due: now + FIRST_RETRY_MS });
}

/**
 * Record a decided call now; if D1 or the queue refuses, leave it to the alarm and answer with the
 * decision as planned (what D1 may still correct, an opt-out it knew of, the alarm corrects).
 */
export async function recordOrDefer(line: LineParts, plan: CallPlan, ctx: RecordContext, canceled: PendingRow[]): Promise<LineDecision> {
  try {
    const decision = await recordCall(line, plan, ctx, canceled);
    line.store.dropUnrecorded(plan.callId);
    return decision;
  } catch (e) {
    log.warn("line.record_deferred", { callId: plan.callId, businessId: ctx.business.id, error: String(e) });
    await line.pending.arm();
    return plannedDecision(plan);
  }
}

/** The alarm's part: carry out every kept plan that is due; one that fails again waits longer. */
export async function retryUnrecorded(line: LineParts, now: number): Promise<void> {
  for (const row of line.store.unrecordedDue(now)) {
    const job = revive(row.job);
    try {
      await recordCall(line, job.plan, job.ctx, job.canceled);
      line.store.dropUnrecorded(row.call_id);
      log.info("line.recorded_late", { callId: row.call_id, businessId: job.ctx.business.id, attempts: row.attempts + 1 });
    } catch (e) {
      const attempts = row.attempts + 1;
      line.store.putUnrecorded({ ...row, attempts, due: now + retryDelayMs(attempts) });
      log.warn("line.record_deferred", { callId: row.call_id, businessId: job.ctx.business.id, attempts, error: String(e) });
    }
  }
}
