/**
 * An `OK all` recorded (DESIGN.md §6.3): for each caller whose page the sender got, the same write
 * as one OK (record-ack.ts: who and when on the lead, and `lead.acknowledged`, only if nobody had
 * taken it, so a page someone else took is never taken again), then, in the same batch, how each
 * turned out; the one answer is worded from that and written after the batch.
 */
import { acknowledgedLeadWrites, combineLeadWrites, type LeadWrites } from "../leads/record";
import { takeAllOutcomeStatement, type TakeAllRow } from "../db/page-taken";
import { messages } from "../db/schema";
import { insertRow } from "../db/statements";
import { withBody, type NewText } from "../outbox/new-text";
import { formatPhone } from "../rules/display";
import { withNote } from "../rules/owner-choice";
import { takeAllText } from "../rules/page-taken";
import { callerWho, shortName } from "../rules/staff-texts";
import type { ActedBy } from "../vocabulary";
import type { InboundPlan } from "./plan-inbound";
import type { RecordContext } from "./record-call";

type TakeAll = Extract<NonNullable<InboundPlan["lead"]>, { does: "acknowledge_all" }>;

/** The OK all's lead writes, and the read of how they turned out (the last of its statements). */
export interface TakeAllWrites extends LeadWrites {
  outcome: D1PreparedStatement;
}

/** Each caller's entry is the text's own: `ack:<message id>_<phone>`, so a text recorded again takes nothing twice. */
const causeOf = (messageId: string, phone: string) => `${messageId}_${phone}`;

/** The writes of an `OK all`; null for any other text. `actedBy` the owner's phone or the on-call person's. */
export function takeAllWrites(d1: D1Database, plan: InboundPlan, ctx: RecordContext, now: number, actedBy: ActedBy): TakeAllWrites | null {
  const { lead } = plan;
  if (lead?.does !== "acknowledge_all") return null;
  const businessId = ctx.business.id;
  const each = lead.phones.map((phone) => acknowledgedLeadWrites(d1, { businessId, phone, causeId: causeOf(plan.inbound.id, phone), at: now, by: lead.by, actedBy }, ctx.hasWebhook));
  const outcome = takeAllOutcomeStatement(d1, businessId, each.map((w, i) => [lead.phones[i]!, w.entryId] as const));
  const writes = combineLeadWrites(...each);
  return { ...writes, statements: [...writes.statements, outcome], outcome };
}

/** The answer, worded from the batch's read (`read`: TakeAllWrites.outcome's result), written once (its id is the planned text's) and returned for the queue. */
export async function takeAllAnswer(d1: D1Database, plan: InboundPlan, read: D1Result | undefined): Promise<NewText[]> {
  const lead = plan.lead as TakeAll;
  const rows = (read?.results ?? []) as TakeAllRow[];
  const planned = plan.texts.find((t) => t.row.toPhone === plan.inbound.fromPhone);
  if (!planned) return [];
  // Named as on the business's phones: first name and initial beside the number.
  const who = (r: TakeAllRow) => callerWho(formatPhone(r.phone), shortName(r.name)).who;
  const held = rows.filter((r) => r.took !== 1);
  const outcome = {
    took: rows.filter((r) => r.took === 1).map(who),
    takenBy: held.filter((r) => r.by !== null).map((r) => ({ caller: who(r), by: r.by })),
    over: held.filter((r) => r.by === null).map(who),
  };
  const answer = withBody(planned, withNote(takeAllText(outcome, lead.by.name), plan.answerNote));
  // Those paged before about a caller hear who took it, only for a page this OK all took.
  const told = new Set(rows.filter((r) => r.took === 1).flatMap((r) => lead.told?.[r.phone] ?? []));
  const others = plan.texts.filter((t) => told.has(t.row.id));
  await d1.batch([answer, ...others].map((t) => insertRow(d1, messages, t.row, "ON CONFLICT DO NOTHING")));
  return [answer, ...others];
}
