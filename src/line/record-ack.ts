/**
 * An `OK` that takes an urgent page (DESIGN.md §6.3), recorded: who and when on the lead, and
 * `lead.acknowledged`, only if nobody had taken it. The texts planned with it (the taker's thanks)
 * go only if it took the page; otherwise the sender is told who took it first (by text, or on the
 * admin page) and when, or that the lead is closed. The same write as the admin's "I'm taking
 * this" (admin/page-take.ts), so whichever comes second changes nothing.
 */
import { pageTakenState } from "../db/page-taken";
import { acknowledgedLeadWrites, type LeadWrites } from "../leads/record";
import { withBody, type NewText } from "../outbox/new-text";
import { clockTime, localeOf } from "../rules/display";
import { withNote } from "../rules/owner-choice";
import { takenAlreadyText } from "../rules/page-taken";
import type { ActedBy } from "../vocabulary";
import type { InboundPlan } from "./plan-inbound";
import type { RecordContext } from "./record-call";

type Acknowledge = Extract<NonNullable<InboundPlan["lead"]>, { does: "acknowledge" }>;

export interface AckAnswers {
  taken: NewText[];
  already: NewText[];
}

const isAcknowledge = (lead: InboundPlan["lead"]): lead is Acknowledge => lead?.does === "acknowledge";

/**
 * For an OK: its planned texts (sent if it takes the page) and the answer if it does not, worded
 * from the caller's lead as it stands now (the batch decides which is written). Null for other texts.
 */
export async function ackAnswers(d1: D1Database, plan: InboundPlan, ctx: RecordContext): Promise<AckAnswers | null> {
  const { lead } = plan;
  if (!isAcknowledge(lead)) return null;
  const thanks = plan.texts.find((t) => t.row.toPhone === plan.inbound.fromPhone);
  if (!thanks) return { taken: plan.texts, already: [] };
  const state = await pageTakenState(d1, ctx.business.id, lead.phone);
  const time = (at: number) => clockTime(at, ctx.business.timezone, localeOf(plan.inbound.toPhone));
  const words = withBody(thanks, withNote(takenAlreadyText(lead.phone, state, time) + (lead.stillOpen ?? ""), plan.answerNote));
  const id = `${thanks.row.id}_already`;
  return { taken: plan.texts, already: [{ row: { ...words.row, id }, job: { ...words.job, messageId: id } }] };
}

/** The OK's writes on the lead, with its answers; `actedBy` the owner's phone or the on-call person's, as who took it. */
export function ackLeadWrites(d1: D1Database, plan: InboundPlan, ctx: RecordContext, now: number, answers: AckAnswers, actedBy: ActedBy): LeadWrites {
  const lead = plan.lead as Acknowledge;
  const cause = { businessId: ctx.business.id, phone: lead.phone, causeId: plan.inbound.id, at: now, by: lead.by, actedBy };
  return acknowledgedLeadWrites(d1, cause, ctx.hasWebhook, answers);
}
