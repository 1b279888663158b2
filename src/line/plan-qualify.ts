import { businessKind } from "../rules/business-kind";
import { openedLeadId } from "../db/leads";
import { formatPhone } from "../rules/display";
import { inboundId } from "./ids";
import { relayMode } from "../lead-settings";
import { standingOf } from "../rules/contacts";
import { asksQuestion } from "../rules/first-reply";
import { estimateCents, planQualification, qualifiedSummary } from "../rules/qualify";
import { renderTemplate } from "../rules/templates";
import { bookingLinkFor } from "../links/tracked";
import type { Qualifying } from "./store";
import type { InboundText, LineContext } from "./types";
import { staffCaller } from "./staff-caller";
import { leadLink, namingCaller, qualifiedNotice } from "../rules/staff-texts";
import { outOfAreaNotice } from "../rules/lost-reason";
import { photoOnly } from "../rules/media";

/** What a caller's reply does to their qualification. */
export interface QualifyPlan {
  /** Where the caller's questions stand from now on (the line's memo). */
  memo: Qualifying;
  /**
   * The lead's new answers, and what they make of it; `asked`, the question sent back (the caller is
   * answering it: nothing for a person yet), null when none went (the questions are over, or an
   * urgent answer went instead: planCallerText), absent from records kept before it.
   */
  lead: { answers: Record<string, string>; name: string | null; estimatedCents: number | null; outcome: "asked" | "qualified" | "out_of_area"; asked?: string | null };
  /** The one automated text back to the caller: the next question, the thanks, or out of area. */
  reply: string;
  /** The caller asked a question of their own: a person answers it, so the owner gets it now whatever `relay` says. */
  question: boolean;
  /** The questions ended with a required one unanswered (replies twice did not answer it): a person takes it from here, so the owner gets this reply. */
  toPerson: boolean;
  /** The owner's one summary, when the lead qualifies. */
  summary: string | null;
  /** The owner's text that automation closed the lead (its ZIP outside the service area): who, why, and how to reopen it. */
  lostNotice: string | null;
  /** The tracked booking link's code, when `reply` carries one. */
  linkCode: string | null;
}

/**
 * The qualification step for a caller's reply (DESIGN.md §6.2), or null when automation does not
 * ask: qualification is off, the caller is a contact the business knows (a customer, a VIP, its own
 * people: DESIGN.md §6.4 asks only strangers), a person has taken over (wrote to them, or took their
 * urgent page: `emergency.taken`), or this lead's questions are over. In an emergency
 * (`emergency.now`: the lead is urgent, or this reply makes it so) the urgency is known: it is an
 * answer, never a question. Pure.
 */
export function planQualifyReply(msg: InboundText, ctx: LineContext, memo: Qualifying | null, emergency: { now: boolean; taken: boolean } = { now: false, taken: false }): QualifyPlan | null {
  const settings = ctx.business.settings;
  const personHasIt = ctx.lead?.handedOver === true || ctx.lead?.acknowledged === true || emergency.taken;
  if (!settings.qualify.enabled || !automates(ctx) || standingOf(ctx.contact) !== null || personHasIt) return null;
  // A caller whose lead just closed is not asked again until a new missed call opens a new one; a
  // second quick text from a new texter continues the questions the first one started.
  if (!ctx.lead && ctx.hadLead) return null;
  const recent = memo && memo.at !== undefined && msg.at - memo.at < QUESTIONS_MEMORY_MS ? memo : null;
  if (!ctx.lead && recent?.done) return null;
  const leadId = ctx.lead?.id ?? (recent ? recent.leadId : openedLeadId(inboundId({ msg, ctx })));
  const mine = memo?.leadId === leadId ? memo : null;
  // A photo alone answers no question asked in words (a name, an address): kept and relayed, the
  // question stays open. A first text of photos alone is still answered: the first question goes.
  if (photoOnly(msg) && (ctx.lead || mine)) return null;
  if (mine?.done || (ctx.lead && ctx.lead.status !== "new" && ctx.lead.status !== "engaged")) return null;
  // The business's contact for the caller already says who they are: nobody is asked their name again.
  const contactName = ctx.contact?.name?.trim() || null;
  const given: Record<string, string> = { ...(contactName ? { name: contactName } : {}), ...(ctx.lead?.fields ?? {}), ...(mine?.fields ?? {}) };
  // An emergency answers "how urgent is it?" by itself.
  const urgency: Record<string, string> = emergency.now && !given[URGENCY] && settings.qualify.questions.some((q) => q.key === URGENCY) ? { [URGENCY]: EMERGENCY } : {};
  const known = { ...given, ...urgency };
  // Texted first, or the question planned last was never sent (an urgent answer took its place):
  // nothing is waiting for an answer, so the text answers only what it says outright.
  const nothingAsked = (!ctx.lead && !mine) || mine?.unsent === true;
  const services = Object.keys(settings.jobValues);
  const step = planQualification({
    qualify: settings.qualify, urgentWords: settings.urgent.words, known, asked: mine?.asked ?? null, nothingAsked, services, missed: mine?.missed ?? [], reply: msg.body,
  });
  const { missed } = step;
  const fields = { ...known, ...step.answers };
  const link = bookingLinkFor(ctx.business, ctx.publicBaseUrl);
  const linkCode = link.linkCode;
  const render = (text: string) => renderTemplate(text, { business: ctx.business.name, bookingUrl: link.bookingUrl, callerPhone: msg.from });
  const { name } = step;
  const estimatedCents = step.answers.service ? estimateCents(step.answers.service, settings.jobValues, settings.defaultJobValueCents) : null;
  const lead = { answers: { ...urgency, ...step.answers }, name, estimatedCents, asked: null };
  const question = asksQuestion(msg.body);
  const said = { question, toPerson: false, linkCode, lostNotice: null };
  if (step.does === "ask") {
    const asked = step.question.key;
    return { ...said, memo: { leadId, fields, asked, done: false, missed }, lead: { ...lead, outcome: "asked", asked }, reply: render(step.question.ask), summary: null };
  }
  const memoDone = { leadId, fields, asked: null, done: true, missed };
  if (step.does === "out_of_area") {
    const lostNotice = outOfAreaText(ctx, msg.from, fields, name, leadId);
    return { ...said, lostNotice, memo: memoDone, lead: { ...lead, outcome: "out_of_area" }, reply: render(settings.qualify.outOfAreaMessage), summary: null };
  }
  const reply = render(settings.qualify.doneMessage);
  // A required answer still missing: the lead is not qualified, and a person reads the caller's words.
  if (step.unanswered.length > 0) return { ...said, toPerson: true, memo: memoDone, lead: { ...lead, outcome: "asked" }, reply, summary: null };
  const summary = relayMode(settings) === "summary" ? summaryText(ctx, msg.from, fields, name) : null;
  return { ...said, memo: memoDone, lead: { ...lead, outcome: "qualified" }, reply, summary };
}

const QUESTIONS_MEMORY_MS = 24 * 3_600_000;

/** The urgency question's key, and its answer in an emergency (as the extractors write an urgent reply's). */
const URGENCY = "urgency";
const EMERGENCY = "urgent";

/** The owner's one summary of a qualified lead: its answers, or (private) who and the link to them. */
function summaryText(ctx: LineContext, phone: string, fields: Record<string, string>, name: string | null): string {
  const caller = staffCaller(ctx, phone, name);
  const { link } = caller;
  const kind = businessKind(ctx.business.settings);
  if (link) return namingCaller(caller, (who) => qualifiedNotice(who, link, kind));
  return qualifiedSummary(formatPhone(phone), fields, name ?? ctx.lead?.name ?? (ctx.contact?.name?.trim() || null), ctx.business.settings.qualify.questions, kind);
}

/** The owner's text that the caller's lead closed as out of area: the ZIP and address read, or (private) who and the link. */
function outOfAreaText(ctx: LineContext, phone: string, fields: Record<string, string>, name: string | null, leadId: string): string {
  const caller = staffCaller(ctx, phone, name);
  const read = caller.link ? null : { zip: fields.zip ?? "", address: fields.address ?? null };
  return namingCaller(caller, (who) => outOfAreaNotice(who, read, leadLink(ctx.publicBaseUrl, ctx.business.id, leadId)));
}

/** Whether automation (questions, urgent answers and pages) talks to this caller at all: not while the business is paused or in shadow mode, never to a blocked number. */
export function automates(ctx: LineContext): boolean {
  const s = ctx.business.settings;
  return !s.paused && !s.shadow && !isBlocked(ctx);
}

/** The caller is a contact the business blocked (the owner's BLOCK, the contacts page): nothing of theirs reaches anyone's phone. */
export function isBlocked(ctx: LineContext): boolean {
  return ctx.contact?.tags.includes("blocked") === true;
}

/**
 * Whether the owner gets this reply relayed: always with `every_reply`; with `summary`, once the
 * caller is not being asked questions (a person took over, or the questions are over), a reply
 * that asks a question of its own (the caller was told a person will answer it), the reply that
 * ends the questions with a required one unanswered, and a text of photos alone (a summary carries
 * no photo: a person looks at them).
 */
export function relaysReply(ctx: LineContext, qualifying: QualifyPlan | null, msg: InboundText): boolean {
  return relayMode(ctx.business.settings) === "every_reply" || qualifying === null || qualifying.question || qualifying.toPerson || photoOnly(msg);
}
