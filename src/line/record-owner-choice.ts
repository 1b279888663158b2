/**
 * The owner's question "Which caller?" (plan-owner-choice.ts) names each caller as the business
 * knows them, read here after the line has decided and written its records: the names change only
 * the question's words, never which caller a number picks.
 */
import { callerNames } from "../db/caller-name";
import { withBody } from "../outbox/new-text";
import { formatPhone } from "../rules/display";
import { whichCallerQuestion, withNote } from "../rules/owner-choice";
import { callerWho, shortName } from "../rules/staff-texts";
import type { InboundPlan } from "./plan-inbound";
import type { RecordContext } from "./record-call";

export async function namingTheChoices(d1: D1Database, plan: InboundPlan, ctx: RecordContext): Promise<InboundPlan> {
  const held = plan.ownerHeld;
  const question = plan.texts.findIndex((t) => t.row.toPhone === plan.inbound.fromPhone);
  if (!held || question < 0) return plan;
  const names = await callerNames(d1, ctx.business.id, held.choices);
  // First name and initial beside the number, as every text to the business's phones names them (private or not).
  const who = held.choices.map((phone) => callerWho(formatPhone(phone), shortName(names[phone])).who);
  const texts = [...plan.texts];
  texts[question] = withBody(texts[question]!, withNote(whichCallerQuestion(who), plan.answerNote));
  return { ...plan, texts };
}
