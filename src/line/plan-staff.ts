import { commandConfirmation, NO_TARGET_ANSWER, parseOwnerCommand, shortcutTarget, unclearAmountQuestion, type OwnerCommand, type UnclearAmount } from "../rules/owner-commands";
import { commandStop } from "../rules/automation-stops";
import { formatPhone } from "../rules/display";
import { replyTextId } from "./ids";
import { parseOwnerReply } from "../rules/inbound";
import { isAcknowledgement } from "../rules/triage";
import { emptyPlan, inboundRow, textSender, type InboundPlan, type InboundPlanInput } from "./inbound-plan";
import type { NewText } from "../outbox/new-text";
import { classifyKeyword } from "../rules/keywords";
import { isNumberRefusal, outboundRefusal, refusalWords, staffPhones, type OutboundRefusal } from "../rules/outbound-guard";

/**
 * STOP, START or HELP from the business's own phones is about what Textback sends to them, never
 * an answer to a caller. Only the exact keywords ("YES" stays an acknowledgement or an answer).
 */
function staffKeyword(body: string): "stop" | "start" | "help" | null {
  const k = classifyKeyword(body);
  if (k.via !== "keyword") return null;
  if (k.kind === "opt_out") return "stop";
  if (k.kind === "opt_in" && k.matched !== "YES") return "start";
  return k.kind === "help" ? "help" : null;
}

/**
 * A text from the business's own people: an on-call person taking a page (`OK`), the owner's
 * shortcuts (`W 450`, `L`, `B`, `BLOCK`, and `OK` to a page), alone or after a caller's number,
 * and the owner's answers to callers. Null when the sender is neither the owner (`notifyPhone`)
 * nor on call: it is a caller. Pure.
 */
export function planStaffText(input: InboundPlanInput): InboundPlan | null {
  const { msg, ctx } = input;
  const b = ctx.business;
  const onCall = b.settings.urgent.onCall.find((p) => p.phone === msg.from);
  const isOwner = b.notifyPhone !== null && msg.from === b.notifyPhone;
  if (!isOwner && !onCall) return null;
  const texts: NewText[] = [];
  const send = textSender(input, texts);
  const base = emptyPlan(input, texts);
  const label = isOwner ? "owner" : "staff";
  const addressed = parseOwnerReply(msg.body);
  const acknowledged = acknowledgedCaller(input, addressed, isOwner);
  if (acknowledged) {
    const name = onCall?.name ?? null;
    send(replyTextId(input, "ack"), "command_reply", msg.from, `Textback: thanks${name ? ` ${name}` : ""}, it's yours. Call ${formatPhone(acknowledged)} now.`);
    const lead = { does: "acknowledge" as const, phone: acknowledged, by: { phone: msg.from, name } };
    return { ...base, decision: `${label}:acknowledged`, label, inbound: inboundRow(input, label), lead, cancelPagesOf: acknowledged };
  }
  const keyword = staffKeyword(msg.body);
  if (keyword) {
    const words = {
      stop: "Textback: paused. No more relays or pages to this phone until you text START.",
      start: "Textback: back on. Replies and pages come to this phone again.",
      help: "Textback: callers' replies come here; reply to answer the last one. W 450 when won, L lost, B booked, BLOCK, OK to take a page, STOP to pause.",
    };
    // The carrier answered a STOP or START itself (Twilio Advanced Opt-Out): one confirmation is enough.
    if (!msg.carrierConfirmed) send(replyTextId(input, "staff"), "command_reply", msg.from, words[keyword]);
    const staffPaused = keyword === "help" ? null : { phone: msg.from, paused: keyword === "stop" };
    return { ...base, decision: `${label}:${keyword}`, label, inbound: inboundRow(input, label), staffPaused };
  }
  if (!isOwner) {
    // Escalation goes on until someone replies OK: say so rather than stay silent.
    if (input.pagedCaller) send(replyTextId(input, "how"), "command_reply", msg.from, `Textback: to take the page for ${formatPhone(input.pagedCaller)}, reply just OK.`);
    return { ...base, decision: "staff:other", label, inbound: inboundRow(input, label) };
  }
  const plan = { ...base, label: "owner" as const, inbound: inboundRow(input, "owner") };
  // "+14155552671 W 450" marks that caller's lead: an owner never means to text a caller a shortcut.
  const shortcut = parseOwnerCommand(addressed.text);
  if (shortcut) return planShortcut(input, send, shortcut, addressed.to, plan);
  return planOwnerAnswer(input, send, addressed, plan);
}

/**
 * The caller whose page an `OK` takes: the one it names while their page is untaken (with none to
 * take, "+14155552671 OK" is an ordinary answer to them), else the one whose page the sender got
 * last; the owner's, only while it is the newest text they got (after a newer relay, an OK or a
 * Yes answers that caller).
 */
function acknowledgedCaller(input: InboundPlanInput, addressed: OwnerReply, isOwner: boolean): string | null {
  if (!isAcknowledgement(addressed.text)) return null;
  if (addressed.to) return input.pagedCallers.includes(addressed.to) ? addressed.to : null;
  if (isOwner && input.pagedCaller !== input.lastRelayedCaller) return null;
  return input.pagedCaller;
}

type Send = ReturnType<typeof textSender>;
type OwnerReply = ReturnType<typeof parseOwnerReply>;

/**
 * A shortcut on the lead of the caller it names, else of the caller the owner dealt with last
 * (shortcutTarget). Its one answer goes to the owner, never to the caller: the lead's change says
 * which (recordInbound names the caller in it); an amount read two ways changes nothing and asks again.
 */
function planShortcut(input: InboundPlanInput, send: Send, shortcut: OwnerCommand | UnclearAmount, named: string | null, plan: Omit<InboundPlan, "decision">): InboundPlan {
  const owner = input.msg.from;
  const target = shortcutTarget({ named, ownerLastCaller: input.ownerLastCaller, lastRelayedCaller: input.lastRelayedCaller });
  if (!target) {
    send(replyTextId(input, "cmd_none"), "command_reply", owner, NO_TARGET_ANSWER);
    return { ...plan, decision: "owner:no_conversation" };
  }
  if (shortcut.kind === "unclear_amount") {
    send(replyTextId(input, "cmd_unclear"), "command_reply", owner, unclearAmountQuestion(shortcut.typed, formatPhone(target)));
    return { ...plan, decision: "owner:unclear_amount" };
  }
  const reply = (applied: boolean) => textSender(input, [])(replyTextId(input, applied ? "cmd" : "cmd_none"), "command_reply", owner, commandConfirmation(shortcut, formatPhone(target), applied));
  const lead = { does: "command" as const, phone: target, command: shortcut, reply: { applied: reply(true), none: reply(false) } };
  return { ...plan, decision: `owner:${shortcut.kind}`, lead, stops: { phone: target, reason: commandStop(shortcut) } };
}

/**
 * The owner's answer to a caller: "+14155552671 On our way" goes to that number, anything else to
 * the caller of the newest relay. A number the cost guard would refuse (premium-rate, toll-free, a
 * country the business does not text, its own number) is not planned: the owner is told why
 * instead of the outbox refusing it where they cannot see.
 */
function planOwnerAnswer(input: InboundPlanInput, send: Send, reply: OwnerReply, plan: Omit<InboundPlan, "decision">): InboundPlan {
  const to = reply.to ?? input.lastRelayedCaller;
  if (!to || !reply.text) return { ...plan, decision: "owner:no_conversation" };
  const refused = reply.to ? numberRefusal(input.ctx, reply.to) : null;
  if (refused) {
    send(replyTextId(input, "refused"), "command_reply", input.msg.from, `Textback: not sent to ${formatPhone(to)}: ${refusalWords(refused)}.`);
    return { ...plan, decision: "owner:refused" };
  }
  const messageId = replyTextId(input, "manual");
  send(messageId, "manual", to, reply.text);
  // Said once per person answered, so a conversation is not doubled: the owner knows where it went.
  if (to !== input.lastAnsweredCaller) send(replyTextId(input, "sent"), "command_reply", input.msg.from, `Textback: sent to ${formatPhone(to)}.`);
  return { ...plan, decision: "owner:manual", answeredCaller: to, lead: { does: "human_reply", phone: to, messageId }, stops: { phone: to, reason: "handed_over" } };
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
