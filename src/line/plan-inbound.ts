import { businessKind, shortcutReminder } from "../rules/business-kind";
import { replyTextId, inboundId } from "./ids";
import { truncateToSegments } from "../rules/encoding";
import { planInbound } from "../rules/inbound";
import { RELAY_MAX_SEGMENTS } from "../rules/outbound-guard";
import { classifyKeyword, type KeywordFlag } from "../rules/keywords";
import { clockTime, formatPhone, localeOf } from "../rules/display";
import { hoursToday } from "../rules/schedule";
import { bookingLinkFor } from "../links/tracked";
import { DEFAULT_TEMPLATES, renderTemplate } from "../rules/templates";
import { automatedText } from "../rules/first-reply";
import type { NewText } from "../outbox/new-text";
import { emptyPlan, inboundRow, textSender, webhookEvents, type InboundPlan, type InboundPlanInput } from "./inbound-plan";
import { optedOutNow } from "./plan-call";
import { isBlocked, planQualifyReply, relaysReply } from "./plan-qualify";
import { planStaffText } from "./plan-staff";
import { pageAddressOf, planUrgentReply } from "./plan-urgent";
import { triage } from "../rules/triage";
import { extractName } from "../rules/extract/name";
import { addressInPassing } from "../rules/extract/address-fix";
import { staffCaller } from "./staff-caller";
import { CALLED_OFF_NOTE, callsOff, questionsOver, standDown } from "./plan-called-off";
import { conversationLink, namingCaller, optedInNotice, optedOutNotice, replyNotice, voicemailNotice } from "../rules/staff-texts";
import { photoCount } from "../rules/media";

export type { InboundPlan, InboundPlanInput } from "./inbound-plan";

/**
 * A text to the business number: a keyword (STOP/START/HELP) changes consent and gets one
 * confirmation; anything else is a conversation, stored and relayed to the owner. A text from the
 * owner's own phone is the owner answering a caller. Pure: the line records the plan (recordInbound).
 */
export function planInboundText(input: InboundPlanInput): InboundPlan {
  if (input.msg.transcript) return planTranscript(input);
  return planStaffText(input) ?? planCallerText(input);
}

/** A voicemail's words: an emergency in them pages the on-call like a reply would; the owner gets them. */
function planTranscript(input: InboundPlanInput): InboundPlan {
  const { msg, ctx } = input;
  const texts: NewText[] = [];
  const urgent = planUrgentReply(input, texts, {});
  const owner = ctx.business.notifyPhone;
  const notify = owner && !input.pausedStaff.includes(owner) && !isBlocked(ctx) ? owner : null;
  // A page or a danger's alert carries the words (or, private, the link); otherwise they are relayed.
  if (notify && !urgent?.urgent && !urgent?.alerted.includes(notify)) textSender(input, texts)(replyTextId(input, "relay"), "relay", notify, voicemailBody(input));
  return {
    ...emptyPlan(input, texts),
    decision: urgent?.urgent ? "transcript:urgent" : "transcript:relayed",
    label: "transcript",
    inbound: inboundRow(input, "transcript"),
    relayedCaller: notify ? msg.from : null,
    urgent: urgent?.urgent ?? null,
    warned: urgent?.warned ?? null,
    ...(urgent?.danger ? { danger: true as const } : {}),
    ...(urgent?.pageDanger ? { pageDanger: urgent.pageDanger } : {}),
  };
}

/**
 * What a caller's text tells the business's phones: the relay to the owner, the stand-down of a page
 * it calls off, the relay to whoever took their page, the qualified lead's summary, the notice of a
 * lead closed as out of area, and a change of consent.
 */
function tellTheBusiness(
  input: InboundPlanInput,
  send: ReturnType<typeof textSender>,
  reply: { plan: ReturnType<typeof planInbound>; qualify: ReturnType<typeof planQualifyReply>; urgent: ReturnType<typeof planUrgentReply>; calledOff: boolean; wasOptedOut: boolean },
) {
  const { plan, qualify, urgent, calledOff } = reply;
  const b = input.ctx.business;
  // A page or a danger's alert to the owner carries the caller's words: no relay beside it.
  const ownerHasTheWords = b.notifyPhone !== null && (urgent?.urgent?.paged.includes(b.notifyPhone) === true || urgent?.alerted.includes(b.notifyPhone) === true);
  // Nothing to an owner who texted STOP; a blocked caller's texts are kept for the conversation, never put on the owner's phone.
  const blocked = isBlocked(input.ctx);
  const owner = b.notifyPhone !== null && !input.pausedStaff.includes(b.notifyPhone) && !blocked ? b.notifyPhone : null;
  const relay = plan.relay && owner !== null && !ownerHasTheWords && relaysReply(input.ctx, qualify, input.msg);
  const note = calledOff ? CALLED_OFF_NOTE : null;
  if (relay) send(replyTextId(input, "relay"), "relay", owner, relayBody(input, plan.review, qualify?.lead.name ?? null, qualify?.question === true && !urgent, note));
  // Whoever took the caller's page has them now: the caller's texts reach their phone too (called off: they are stood down instead).
  const stoodDown = calledOff ? standDown(input, send, owner) : [];
  const holder = plan.relay && !blocked && !calledOff ? relayToHolder(input, send, owner, urgent?.alerted ?? [], plan.review) : null;
  const summary = qualify?.summary && owner !== null ? qualify.summary : null;
  if (summary && owner) send(replyTextId(input, "summary"), "relay", owner, summary);
  // A lead automation closed is never closed silently: the owner hears why, and their reply reaches the caller.
  const lostNotice = qualify?.lostNotice && owner !== null ? qualify.lostNotice : null;
  if (lostNotice && owner) send(replyTextId(input, "lost"), "alert", owner, lostNotice);
  if (owner !== null) tellOwnerOfConsent(input, send, owner, plan.consent?.kind ?? null, reply.wasOptedOut);
  return { relay, stoodDown, holder, summary, lostNotice };
}

/** A caller's text: a keyword, or a reply (qualification, urgent triage, the relay to the owner). */
function planCallerText(input: InboundPlanInput): InboundPlan {
  const { msg, ctx, now } = input;
  const b = ctx.business;
  const texts: NewText[] = [];
  const send = textSender(input, texts);
  const base = emptyPlan(input, texts);

  const keyword = classifyKeyword(msg.body);
  const wasOptedOut = optedOutNow(input.consent, ctx);
  const plan = planInbound(keyword, wasOptedOut, msg.carrierConfirmed);
  if (plan.reply) sendKeywordReply(input, send, plan.reply);
  // A reply that may be an opt-out (or asks to cancel) is no answer to a question: a person reads it.
  // Nor is one calling the request off ("nvm found my spare key"): the questions stop, the page stands down.
  const calledOff = plan.label === "reply" && !plan.review && !isBlocked(ctx) && callsOff(input);
  const qualify = plan.label === "reply" && !plan.review && !calledOff ? planQualifyReply(msg, ctx, input.qualifying, emergencyOf(input)) : null;
  // Someone the line has not texted (they texted first) hears who is writing and how to stop, once:
  // the questions' memo, or an emergency already opened, says they were answered before.
  const introduce = input.lastTextedAt === null && input.qualifying === null && !ctx.lead?.urgent;
  const worded = (body: string, questionNoted = false) => automatedText(body, { business: b.name, introduce, questionNoted });
  // One automated text per reply: an emergency's answer comes before the next question.
  const urgent = plan.label === "reply" && !calledOff ? planUrgentReply(input, texts, qualify?.memo.fields ?? {}, worded) : null;
  if (qualify && !urgent) send(replyTextId(input, "qualify"), "qualify", msg.from, worded(qualify.reply, qualify.question), qualify.linkCode);
  const blocked = isBlocked(ctx);
  const { relay, stoodDown, holder, summary, lostNotice } = tellTheBusiness(input, send, { plan, qualify, urgent, calledOff, wasOptedOut });
  const changesConsent = plan.consent?.kind === "opt_out" || plan.consent?.kind === "opt_in";
  return {
    ...base,
    decision: `inbound:${plan.label}`,
    label: plan.label,
    inbound: inboundRow(input, plan.label),
    consent: plan.consent,
    localConsent: changesConsent ? { optedOut: plan.consent!.kind === "opt_out", at: now } : null,
    cancelReason: plan.cancelPending ? (plan.label === "opt_out" ? "opted_out" : "replied") : null,
    relayedCaller: relay || summary || lostNotice ? msg.from : null,
    ...(calledOff ? { calledOff: { stoodDown } } : {}),
    ...(holder ? { holderRelayed: holder } : {}),
    // An urgent answer went instead of the next question: the caller is answering none.
    qualify: qualify && urgent ? { ...qualify, lead: { ...qualify.lead, asked: null } } : qualify,
    ...givenInPassing(input, plan.label === "reply" && !qualify && !blocked && !calledOff),
    // A STOP ends the questions for good.
    // An urgent answer went instead of the next question: it stays planned but unsent, so the caller's
    // next text is no answer to it; it goes with the next automated text that is not urgent.
    qualifying: qualify ? (urgent ? { ...qualify.memo, unsent: true } : qualify.memo) : calledOff ? questionsOver(input) : plan.label === "opt_out" && input.qualifying ? { ...input.qualifying, done: true } : undefined,
    urgent: urgent?.urgent ?? null,
    warned: urgent?.warned ?? null,
    ...(urgent?.danger ? { danger: true as const } : {}),
    ...(urgent?.pageDanger ? { pageDanger: urgent.pageDanger } : {}),
    ...pageAddressOf(input, qualify?.memo.fields, urgent?.urgent != null),
    relayHintDay: relay && !input.remindedToday ? input.today : null,
    // A blocked caller's text opens or engages no lead: like their calls, it is not a customer's.
    lead: (plan.label === "reply" && !blocked) || plan.label === "opt_out" ? { does: plan.label, phone: msg.from } : null,
    events: ctx.hasWebhook ? webhookEvents(msg, inboundId(input), plan.label, changesConsent ? plan.consent : null) : [],
  };
}

/**
 * What the caller's reply gives their lead when qualification did not read it (`unread`: a reply it
 * did not take, off, over or handed to a person): a name it introduces ("Hi this is Tom Nguyen"),
 * none for a contact the business named; the address it corrects ("sorry, it's 412 Elm St not 214").
 */
function givenInPassing({ msg, ctx }: InboundPlanInput, unread: boolean): { named?: string; corrected?: Record<string, string> } {
  if (!unread) return {};
  const named = !ctx.contact?.name?.trim() ? extractName(msg.body) : null;
  const corrected = ctx.lead ? addressInPassing(msg.body, ctx.lead.fields.address) : null;
  return { ...(named ? { named } : {}), ...(corrected ? { corrected } : {}) };
}

/** The answer to a keyword (STOP, START, HELP), from the business's template. */
function sendKeywordReply(input: InboundPlanInput, send: ReturnType<typeof textSender>, kind: NonNullable<ReturnType<typeof planInbound>["reply"]>): void {
  const { msg, ctx, now } = input;
  const b = ctx.business;
  const link = bookingLinkFor(b, ctx.publicBaseUrl);
  const vars = { business: b.name, bookingUrl: link.bookingUrl, businessPhone: ctx.number.e164, callerPhone: msg.from, hoursToday: hoursToday(b.hours, b.timezone, now, localeOf(ctx.number.e164)) };
  const template = ctx.templates[kind] ?? DEFAULT_TEMPLATES[kind];
  send(replyTextId(input, kind), kind, msg.from, renderTemplate(template, vars), link.linkCode);
}

/**
 * The caller's emergency as their text finds it: `now`, the lead is urgent or this text makes it so
 * (triage on); `taken`, someone took its page (the line's own record: D1's may not be written yet).
 */
function emergencyOf({ msg, ctx, callerPages }: InboundPlanInput): { now: boolean; taken: boolean } {
  const settings = ctx.business.settings.urgent;
  const urgentLead = ctx.lead?.urgent === true;
  return { now: settings.enabled && (urgentLead || triage(msg.body, settings) !== null), taken: urgentLead && callerPages.taken !== null };
}

/**
 * The owner hears of an opt-out, so nobody texts them by hand either, and of the opt-in that undoes
 * it, so they know they may again; not a relay to answer.
 */
function tellOwnerOfConsent(input: InboundPlanInput, send: ReturnType<typeof textSender>, owner: string, kind: string | null, wasOptedOut: boolean): void {
  if (kind === "opt_out" && !wasOptedOut) send(replyTextId(input, "opted_out"), "relay", owner, consentBody(input, "out"));
  if (kind === "opt_in" && wasOptedOut) send(replyTextId(input, "opted_in"), "relay", owner, consentBody(input, "in"));
}

/** The caller's text relayed to the phone that took their page (pageHolder), if any: whom it went to. */
function relayToHolder(input: InboundPlanInput, send: ReturnType<typeof textSender>, owner: string | null, alerted: readonly string[], review: KeywordFlag): string | null {
  const holder = pageHolder(input, owner, alerted);
  if (holder) send(replyTextId(input, "holder"), "relay", holder, relayBody({ ...input, remindedToday: true }, review, null, false));
  return holder;
}

/**
 * The phone that took the caller's urgent page, by an OK or on the admin page as someone on call
 * (BusinessLine.pageTaken), to relay their texts to: not the owner's (the relay setting decides
 * theirs: `owner`, whom the owner's relay goes to), not one that texted STOP, nor one a danger's
 * alert (with the words) just reached. Null when nobody with a phone on the list took it.
 */
function pageHolder(input: InboundPlanInput, owner: string | null, alerted: readonly string[]): string | null {
  const by = input.ctx.lead?.urgent ? (input.callerPages.taken?.by ?? null) : null;
  if (!by || by === input.ctx.business.notifyPhone || by === owner || input.pausedStaff.includes(by) || alerted.includes(by)) return null;
  return by;
}

/** What the owner should check in a reply that automation left to a person. */
const REVIEW_NOTES: Record<NonNullable<KeywordFlag>, string> = {
  possible_opt_out: "\n(They may be asking for no more texts. If so, opt them out under Consent on the admin page.)",
  cancellation_request: "\n(They may be asking to cancel.)",
};

/** A question of the caller's, which automation told them a person will answer. */
const QUESTION_NOTE = "\n(They asked a question: we told them someone will answer it.)";

/**
 * The reply as the owner gets it, naming the caller (`given`: a name they just gave), with what to
 * check when it may be an opt-out or asks to cancel (automation asked no question), or that the
 * caller was promised an answer to their question (`promised`); the day's first relay also reminds
 * them of the shortcuts. A long reply is cut to the relay's segment cap (the whole is on the admin
 * page), keeping the note and the reminder. Private: a notice and the link, no words. Photos are
 * counted ("[1 photo]") with the link to the conversation, where they are: the relay is a text.
 */
function relayBody({ msg, ctx, lastTextedAt, remindedToday }: InboundPlanInput, review: KeywordFlag, given: string | null, promised: boolean, said: string | null = null): string {
  const when = lastTextedAt !== null ? ` (missed call ${clockTime(lastTextedAt, ctx.business.timezone, localeOf(ctx.number.e164))})` : "";
  const note = review ? REVIEW_NOTES[review] : promised ? QUESTION_NOTE : (said ?? "");
  const hint = remindedToday ? "" : `\nReply to answer them. ${shortcutReminder(businessKind(ctx.business.settings), true)}.`;
  const caller = staffCaller(ctx, msg.from, given);
  const { link } = caller;
  const photos = photoCount(msg.media?.length ?? 0);
  if (link) return namingCaller(caller, (who) => truncateToSegments(replyNotice(who, link, when, photos), RELAY_MAX_SEGMENTS, note + hint));
  const words = msg.body.trim() === "" && photos ? "" : ` ${msg.body}`;
  const seePhotos = photos ? ` ${photos} ${conversationLink(ctx.publicBaseUrl, ctx.business.id, msg.from)}` : "";
  return namingCaller(caller, (who) => truncateToSegments(`Textback: ${who}${when} replied:${words}`, RELAY_MAX_SEGMENTS, seePhotos + note + hint));
}

/** A voicemail's words as the owner gets them, naming the caller; private: a notice and the link. */
function voicemailBody({ msg, ctx }: InboundPlanInput): string {
  const caller = staffCaller(ctx, msg.from);
  const { link } = caller;
  return namingCaller(caller, (who) => (link ? voicemailNotice(who, link) : `Textback: voicemail from ${who}: ${msg.body}`));
}

/** The owner told of an opt-out or an opt-in; private: without what the caller texted to ask for it. */
function consentBody({ msg, ctx }: InboundPlanInput, opted: "out" | "in"): string {
  const b = ctx.business;
  if (b.settings.privateTexts) return namingCaller(staffCaller(ctx, msg.from), (who) => (opted === "out" ? optedOutNotice : optedInNotice)(who, b.name));
  const texted = `Textback: ${formatPhone(msg.from)} texted ${msg.body.trim().slice(0, 20)}`;
  return opted === "out"
    ? `${texted} and is opted out: no more texts to them from ${b.name}, from any of its numbers.`
    : `${texted} and is opted back in: texts to them from ${b.name} can go out again.`;
}
