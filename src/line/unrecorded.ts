/**
 * Once the line has decided about a call or a text, the decision stands: the carrier has been (or
 * is being) answered with it, and a caller still on the line must never hear an application error
 * because D1 or the queue refused a write. So what remains to write is kept in the line's own
 * storage, in the same synchronous step as the decision, and dropped once written; if D1 or the
 * queue refuses, the line's alarm carries it out again, with backoff, until they accept. Writing is
 * idempotent (record-call.ts, record-inbound.ts), so a retry after a partial success writes each row
 * and queues each text once.
 */
import { log } from "../log";
import type { CallerContact } from "../rules/contacts";
import type { CallPlan } from "./plan-call";
import { recordCall, type LineParts, type RecordContext } from "./record-call";
import { writeInbound, type InboundRecord } from "./record-inbound";
import type { LineStore, PendingRow } from "./store";
import type { LineDecision } from "./types";

/** The first retry is soon (a blip), later ones back off to a few minutes. */
const FIRST_RETRY_MS = 2_000;
const MAX_RETRY_MS = 5 * 60_000;

export const retryDelayMs = (attempts: number) => Math.min(MAX_RETRY_MS, FIRST_RETRY_MS * 2 ** attempts);

export type Unrecorded =
  | { kind: "call"; plan: CallPlan; ctx: RecordContext; canceled: PendingRow[] }
  | ({ kind: "text" } & InboundRecord);

const idOf = (job: Unrecorded) => (job.kind === "call" ? job.plan.callId : job.plan.inbound.id);

/** Plain JSON (no replacer: it runs on every call, and a replacer costs a call per key). */
function serialize(job: Unrecorded): string {
  return JSON.stringify(job);
}

/** A call's plan kept by an older version held its whole decision input, of which recording reads the contact. */
function revive(json: string): Unrecorded {
  const job = JSON.parse(json) as Unrecorded & { plan: { input?: { contact?: CallerContact | null } } };
  if (job.kind === "call" && job.plan.contact === undefined) job.plan.contact = job.plan.input?.contact ?? null;
  return job;
}

function carryOut(line: LineParts, job: Unrecorded): Promise<LineDecision | void> {
  return job.kind === "call" ? recordCall(line, job.plan, job.ctx, job.canceled) : writeInbound(line, job);
}

/** Keep what remains to write until it is written (synchronous: part of the decision). */
export function keepUnrecorded(store: LineStore, job: Unrecorded, now: number): void {
  store.putUnrecorded({ id: idOf(job), job: serialize(job), attempts: 0, due: now + FIRST_RETRY_MS });
}

/**
 * Write it now; if D1 or the queue refuses, leave it to the alarm. Returns what writing answered
 * (a call's decision as D1 left it), or undefined when it was deferred.
 */
export async function recordOrDefer(line: LineParts, job: Unrecorded): Promise<LineDecision | void> {
  try {
    const done = await carryOut(line, job);
    line.store.dropUnrecorded(idOf(job));
    return done;
  } catch (e) {
    log.warn("line.record_deferred", { id: idOf(job), businessId: job.ctx.business.id, error: String(e) });
    await line.pending.arm();
    return undefined;
  }
}

/** The alarm's part: carry out everything kept that is due; what fails again waits longer. */
export async function retryUnrecorded(line: LineParts, now: number): Promise<void> {
  for (const row of line.store.unrecordedDue(now)) {
    const job = revive(row.job);
    try {
      await carryOut(line, job);
      line.store.dropUnrecorded(row.id);
      log.info("line.recorded_late", { id: row.id, businessId: job.ctx.business.id, attempts: row.attempts + 1 });
    } catch (e) {
      const attempts = row.attempts + 1;
      line.store.putUnrecorded({ ...row, attempts, due: now + retryDelayMs(attempts) });
      log.warn("line.record_deferred", { id: row.id, businessId: job.ctx.business.id, attempts, error: String(e) });
    }
  }
}
