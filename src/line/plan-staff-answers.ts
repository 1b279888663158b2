import { businessKind } from "../rules/business-kind";
import { commandStop } from "../rules/automation-stops";
import { formatPhone, localeOf } from "../rules/display";
import type { parseOwnerReply } from "../rules/inbound";
import { isNumberRefusal, outboundRefusal, refusalWords, staffPhones, type OutboundRefusal } from "../rules/outbound-guard";
import { commandConfirmation, NO_PAGE_ANSWER, noTargetAnswer, parseOwnerCommand, shortcutTarget, unclearAmountQuestion, type OwnerCommand, type UnclearAmount } from "../rules/owner-commands";
import { isUndo, NOTHING_TO_UNDO, nothingUndone, undoable, undoneAnswer } from "../rules/owner-undo";
import { nearMiss, notSentAnswer, sendAsWritten, type NearMiss } from "../rules/shortcut-like";
import { takePageHint } from "../rules/page-taken";
import { photosLeftOut, photosNotPassed } from "../rules/media";
import { optedOutAnswer } from "../rules/staff-consent";
import { replyTextId } from "./ids";
import { textSender, type InboundPlan, type InboundPlanInput } from "./inbound-plan";

export type Send = ReturnType<typeof textSender>;
export type OwnerReply = ReturnType<typeof parseOwnerReply>;
/** A plan for a text from the business's people, short of its decision. */
export type StaffPlan = Omit<InboundPlan, "decision"> & { label: "owner" | "staff" };

/**
 * What the owner or an on-call person texts besides OK and the keywords (DESIGN.md §6.6): a
 * shortcut on a caller's lead, UNDO, or an answer to a caller. Both go to the caller the text
 * names, else to the one the sender dealt with last: the owner's relays and answers, an on-call
 * person's pages and answers (the line fills InboundPlanInput's callers with the sender's own). A
 * text that only looks like a shortcut is sent to nobody, and the sender told how to send it;
 * `SEND` before a text sends it as written. Pure.
 */
export function planStaffAnswer(input: InboundPlanInput, send: Send, addressed: OwnerReply, plan: StaffPlan, isOwner: boolean): InboundPlan {
  const asWritten = sendAsWritten(addressed.text);
  if (asWritten !== null) return planAnswer(input, send, { ...addressed, text: asWritten }, plan, isOwner);
  // "+14155552671 W 450" marks that caller's lead: nobody means to text a caller a shortcut.
  const shortcut = parseOwnerCommand(addressed.text);
  if (shortcut) return planShortcut(input, send, shortcut, addressed.to, plan, isOwner);
  if (isUndo(addressed.text)) return planUndo(input, send, addressed.to, plan);
  const miss = nearMiss(addressed.text, addressed.to !== null);
  if (miss) return planNotSent(input, send, addressed, miss, plan);
  return planAnswer(input, send, addressed, plan, isOwner);
}

/** A text that looks like a shortcut: sent to nobody; the sender is told what it looks like, and how to send it to whom it would have gone. */
function planNotSent(input: InboundPlanInput, send: Send, addressed: OwnerReply, miss: NearMiss, plan: StaffPlan): InboundPlan {
  const to = addressed.to ?? input.lastRelayedCaller;
  send(replyTextId(input, "not_sent"), "command_reply", input.msg.from, notSentAnswer(addressed.text, miss, to ? formatPhone(to) : null));
  return { ...plan, decision: `${plan.label}:looks_like_shortcut` };
}

/**
 * UNDO: the sender's last shortcut, within 10 minutes (and on the caller it names, if it names
 * one), taken back if the lead is still as it left it (D1 decides: record-inbound.ts words the
 * answer as it turned out); with none, the sender is told so.
 */
function planUndo(input: InboundPlanInput, send: Send, named: string | null, plan: StaffPlan): InboundPlan {
  const sender = input.msg.from;
  const shortcut = undoable(input.lastShortcut ?? null, input.now, named);
  if (!shortcut) {
    send(replyTextId(input, "undo_none"), "command_reply", sender, NOTHING_TO_UNDO);
    return { ...plan, decision: `${plan.label}:undo_none` };
  }
  const caller = formatPhone(shortcut.caller);
  // BLOCK's tag comes off whether or not the lead goes back.
  const words = (applied: boolean) => (applied || shortcut.command.kind === "block" ? undoneAnswer(shortcut.command, caller, null) : nothingUndone(shortcut.command, caller));
  const reply = (applied: boolean) => textSender(input, [])(replyTextId(input, applied ? "undo" : "undo_none"), "command_reply", sender, words(applied));
  const lead = { does: "undo" as const, phone: shortcut.caller, shortcut, reply: { applied: reply(true), none: reply(false) } };
  return { ...plan, decision: `${plan.label}:undo`, lead };
}

/**
 * A shortcut on the lead of the caller it names, else of the caller the sender dealt with last
 * (shortcutTarget). Its one answer goes to the sender, never to the caller: the lead's change says
 * which (recordInbound names the caller in it); an amount read two ways changes nothing and asks again.
 */
function planShortcut(input: InboundPlanInput, send: Send, shortcut: OwnerCommand | UnclearAmount, named: string | null, plan: StaffPlan, isOwner: boolean): InboundPlan {
  const sender = input.msg.from;
  const target = shortcutTarget({ named, ownerLastCaller: input.ownerLastCaller, lastRelayedCaller: input.lastRelayedCaller });
  if (!target) {
    send(replyTextId(input, "cmd_none"), "command_reply", sender, noTargetAnswer(!isOwner));
    return { ...plan, decision: `${plan.label}:no_conversation` };
  }
  if (shortcut.kind === "unclear_amount") {
    send(replyTextId(input, "cmd_unclear"), "command_reply", sender, unclearAmountQuestion(shortcut.typed, formatPhone(target), target));
    return { ...plan, decision: `${plan.label}:unclear_amount` };
  }
  const reply = (applied: boolean) => textSender(input, [])(replyTextId(input, applied ? "cmd" : "cmd_none"), "command_reply", sender, commandConfirmation(shortcut, formatPhone(target), applied, businessKind(input.ctx.business.settings)));
  const lead = { does: "command" as const, phone: target, command: shortcut, reply: { applied: reply(true), none: reply(false) } };
  return { ...plan, decision: `${plan.label}:${shortcut.kind}`, lead, stops: { phone: target, reason: commandStop(shortcut) } };
}

/**
 * An answer to a caller: "+14155552671 On our way" goes to that number, anything else to the
 * caller of the sender's newest relay or page. Not planned, and the sender told why instead of the
 * outbox refusing it where they cannot see: a number the cost guard would refuse (premium-rate,
 * toll-free, a country the business does not text, its own number), or a caller who opted out.
 * Photos never go (rules/media.ts photosNotPassed): photos alone send nothing, photos with words
 * send the words; either way the sender is told.
 */
function planAnswer(input: InboundPlanInput, send: Send, reply: OwnerReply, plan: StaffPlan, isOwner: boolean): InboundPlan {
  const { msg, ctx } = input;
  const to = reply.to ?? input.lastRelayedCaller;
  const decision = (what: string) => `${plan.label}:${what}`;
  const photos = msg.media?.length ?? 0;
  if (!reply.text && photos > 0) {
    send(replyTextId(input, "photos"), "command_reply", msg.from, photosNotPassed(to ? formatPhone(to) : null));
    return { ...plan, decision: decision("photos_not_sent") };
  }
  // An on-call person is told when nothing they could mean has reached them; the owner's texts to nobody are their own.
  if (!to && !isOwner) send(replyTextId(input, "cmd_none"), "command_reply", msg.from, NO_PAGE_ANSWER);
  if (!to || !reply.text) return { ...plan, decision: decision("no_conversation") };
  const refused = reply.to ? numberRefusal(ctx, reply.to) : null;
  if (refused) {
    send(replyTextId(input, "refused"), "command_reply", msg.from, `Textback: not sent to ${formatPhone(to)}: ${refusalWords(refused)}.`);
    return { ...plan, decision: decision("refused") };
  }
  const consent = input.targetConsent[to];
  if (consent?.optedOut) {
    send(replyTextId(input, "refused"), "command_reply", msg.from, optedOutAnswer(to, consent, ctx.business.timezone, localeOf(ctx.number.e164)));
    return { ...plan, decision: decision("opted_out") };
  }
  const messageId = replyTextId(input, "manual");
  send(messageId, "manual", to, reply.text);
  // Escalation goes on until someone replies OK: an on-call person answering first is told so.
  const page = isOwner ? "" : takePageHint(to, input.openPages, input.pagedCaller);
  // Said once per person answered, so a conversation is not doubled: the sender knows where it went;
  // and whenever photos stayed behind, which the caller would otherwise wait for.
  const sent = photos > 0 ? photosLeftOut(formatPhone(to), photos) : `Textback: sent to ${formatPhone(to)}.`;
  if (to !== input.lastAnsweredCaller || page || photos > 0) send(replyTextId(input, "sent"), "command_reply", msg.from, `${sent}${page}`);
  return { ...plan, decision: decision("manual"), answeredCaller: to, lead: { does: "human_reply", phone: to, messageId }, stops: { phone: to, reason: "handed_over" } };
}

/** What the cost guard says of a text to `to` on the number alone (the outbox judges the limits). */
function numberRefusal(ctx: InboundPlanInput["ctx"], to: string): OutboundRefusal | null {
  const b = ctx.business;
  const reason = outboundRefusal({
    kind: "manual",
    to,
    settings: b.settings,
    staffPhones: staffPhones(b.notifyPhone, b.settings),
    // The line's own numbers include the forward-to phone; only the carrier numbers would loop.
    toOwnNumber: to !== b.forwardTo && ctx.ownNumbers.includes(to),
    recipientLastHour: 0,
    businessLastDay: 0,
  });
  return reason && isNumberRefusal(reason) ? reason : null;
}
