/**
 * UNDO's answers (plan-staff-answers.ts planUndo) worded for the lead as it stands, read after the
 * line has decided: the caller named as the business knows them, and the status the lead goes back
 * to. The batch decides which answer is written (leads/record.ts undoLeadWrites); the words never
 * change what UNDO does.
 */
import { callerName } from "../db/caller-name";
import { shortcutEntry } from "../db/lead-undo";
import { withBody } from "../outbox/new-text";
import { formatPhone } from "../rules/display";
import { callerLabel } from "../rules/owner-commands";
import { withNote } from "../rules/owner-choice";
import { nothingUndone, undoneAnswer } from "../rules/owner-undo";
import { shortName } from "../rules/staff-texts";
import { LEAD_STATUSES, type LeadStatus } from "../vocabulary";
import type { InboundPlan } from "./plan-inbound";
import type { RecordContext } from "./record-call";

export async function wordingUndo(d1: D1Database, plan: InboundPlan, ctx: RecordContext): Promise<InboundPlan> {
  const { lead } = plan;
  if (lead?.does !== "undo") return plan;
  const [stored, entry] = await Promise.all([callerName(d1, ctx.business.id, lead.phone), shortcutEntry(d1, lead.shortcut.causeId)]);
  const name = ctx.business.privateTexts ? shortName(stored) : stored;
  const who = callerLabel(formatPhone(lead.phone), name);
  const restored = entry && (LEAD_STATUSES as readonly string[]).includes(entry.from) ? (entry.from as LeadStatus) : null;
  const { command } = lead.shortcut;
  // BLOCK's tag comes off either way: only whether the lead went back differs.
  const none = command.kind === "block" ? undoneAnswer(command, who, null) : nothingUndone(command, who);
  const reply = {
    applied: withBody(lead.reply.applied, withNote(undoneAnswer(command, who, restored), plan.answerNote)),
    none: withBody(lead.reply.none, withNote(none, plan.answerNote)),
  };
  return { ...plan, lead: { ...lead, reply } };
}
