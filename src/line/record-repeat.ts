/**
 * The owner's alert (and the first on-call person's, where the business pages) that a caller texted
 * within the cooldown called again (rules/repeat-call.ts): once per call (rows keyed by it), to
 * phones that have not paused Textback's texts (STOP), through the outbox like every alert.
 */
import { messages } from "../db/schema";
import { insertRow } from "../db/statements";
import { repeatCallRecord } from "../db/repeat-call";
import { newText } from "../outbox/new-text";
import type { CallerContact } from "../rules/contacts";
import { formatPhone } from "../rules/display";
import { repeatCallAlert } from "../rules/repeat-call";
import { callerWho, conversationLink, shortName } from "../rules/staff-texts";
import type { CallPlan } from "./plan-call";
import type { LineParts, RecordContext } from "./record-call";

export async function alertRepeatCall(line: LineParts, plan: CallPlan, contact: CallerContact | null, ctx: RecordContext): Promise<void> {
  const repeat = plan.repeatAlert;
  if (!repeat) return;
  const paused = line.store.staff.paused();
  const to = repeat.to.filter((p) => !paused.includes(p));
  if (to.length === 0) return;
  const { call } = plan;
  const record = await repeatCallRecord(line.env.DB, call.businessId, call.fromPhone, repeat.textedAt);
  const name = shortName(contact?.name) ?? shortName(record.lead?.name);
  const privateTexts = ctx.business.privateTexts === true;
  const body = repeatCallAlert(
    {
      caller: callerWho(formatPhone(call.fromPhone), name),
      calls: record.callsSince + 1,
      spanMs: Math.max(0, call.at - repeat.textedAt),
      lead: record.lead ? { status: record.lead.status, said: record.lead.said } : null,
      link: conversationLink(plan.ifContact.publicBaseUrl, call.businessId, call.fromPhone),
    },
    privateTexts,
  );
  const now = Date.now();
  const texts = to.map((phone, i) =>
    newText({ id: `${call.id}_repeat${i}`, businessId: call.businessId, numberId: call.numberId, callId: call.id, kind: "alert", from: call.toPhone, to: phone, body, now, publicBaseUrl: plan.ifContact.publicBaseUrl, about: call.fromPhone }),
  );
  await line.env.DB.batch(texts.map((t) => insertRow(line.env.DB, messages, t.row, "ON CONFLICT DO NOTHING")));
  await line.pending.queueOrDefer(texts, ctx.business.timezone);
}
