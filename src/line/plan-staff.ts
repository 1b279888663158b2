import { businessKind, wonWhen } from "../rules/business-kind";
import { formatPhone } from "../rules/display";
import { classifyKeyword } from "../rules/keywords";
import { parseOwnerReply } from "../rules/inbound";
import { pageTakenAnswer } from "../rules/owner-commands";
import { isUndo } from "../rules/owner-undo";
import { NO_PAGE_OPEN, stillOpenWords, takeAllText, tookPageText, tookPageTo } from "../rules/page-taken";
import { isAcknowledgement, isTakeAll } from "../rules/triage";
import { inboundId, replyTextId } from "./ids";
import { emptyPlan, inboundRow, textSender, webhookEvents, type InboundPlan, type InboundPlanInput } from "./inbound-plan";
import { planOwnerText } from "./plan-owner-choice";
import { planStaffAnswer, type OwnerReply, type Send, type StaffPlan } from "./plan-staff-answers";
import type { NewText } from "../outbox/new-text";

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
 * A text from the business's own people (DESIGN.md §6.6): an on-call person or the owner taking a
 * page (`OK`) or every page still open (`OK all`), their STOP, START or HELP, and otherwise the shortcuts (`W 450`, `L`, `B`, `BLOCK`, `UNDO`)
 * and answers to callers, alone or after a caller's number (plan-staff-answers.ts); the owner's,
 * when it is not clear which caller it is for, asked about first (plan-owner-choice.ts). Null when the
 * sender is neither the owner (`notifyPhone`) nor on call: it is a caller. Pure.
 */
export function planStaffText(input: InboundPlanInput): InboundPlan | null {
  const { msg, ctx } = input;
  const b = ctx.business;
  const onCall = b.settings.urgent.onCall.find((p) => p.phone === msg.from);
  const isOwner = b.notifyPhone !== null && msg.from === b.notifyPhone;
  if (!isOwner && !onCall) return null;
  const texts: NewText[] = [];
  const send = textSender(input, texts);
  const label = isOwner ? ("owner" as const) : ("staff" as const);
  const plan: StaffPlan = { ...emptyPlan(input, texts), label, inbound: inboundRow(input, label) };
  const addressed = parseOwnerReply(msg.body);
  const sender = { isOwner, name: onCall?.name ?? null };
  const act = (a: OwnerReply, over: Partial<InboundPlanInput> = {}) => planStaffReply({ ...input, ...over }, send, a, plan, sender);
  if (!isOwner) return act(addressed);
  // Which caller the owner's text is for, when that is not clear (plan-owner-choice.ts).
  const command = staffKeyword(msg.body) !== null || (!addressed.to && (isTakeAll(addressed.text) || isUndo(addressed.text)));
  return planOwnerText(input, send, addressed, plan, command, act);
}

/** The text as the sender's own (`addressed`: to the caller it names, if any): OK all, OK, a keyword, or a shortcut or answer. */
function planStaffReply(input: InboundPlanInput, send: Send, addressed: OwnerReply, plan: StaffPlan, sender: { isOwner: boolean; name: string | null }): InboundPlan {
  const { msg } = input;
  const { isOwner, name } = sender;
  if (!addressed.to && isTakeAll(addressed.text)) return planTakeAll(input, send, plan, name);
  const acknowledged = acknowledgedCaller(input, addressed, isOwner);
  if (acknowledged) {
    // Another page the sender holds open is named, so an OK is never taken to cover both; by number
    // when a bare OK would not take it (the owner's takes the one page open, and asks about two).
    const others = input.openPages.filter((c) => c !== acknowledged);
    const bareOk = isOwner ? (others.length === 1 ? others[0]! : null) : input.pagedCaller === acknowledged ? null : input.pagedCaller;
    const stillOpen = stillOpenWords(others, bareOk);
    send(replyTextId(input, "ack"), "command_reply", msg.from, `Textback: thanks${name ? ` ${name}` : ""}, it's yours. Call ${formatPhone(acknowledged)} now.${stillOpen}`);
    // Sent only if the OK takes the page (record-ack.ts), as its thanks is.
    tellTaken(input, send, acknowledged, takerWords(msg.from, sender));
    const lead = { does: "acknowledge" as const, phone: acknowledged, by: { phone: msg.from, name }, stillOpen };
    return { ...plan, decision: `${plan.label}:acknowledged`, lead, cancelPagesOf: [acknowledged] };
  }
  const keyword = staffKeyword(msg.body);
  if (keyword) return planStaffKeyword(input, send, keyword, plan);
  // An on-call person's OK to a page someone took already: an answer to the caller would puzzle them.
  if (!isOwner && !addressed.to && isAcknowledgement(addressed.text) && input.lastRelayedCaller) {
    send(replyTextId(input, "ack"), "command_reply", msg.from, pageTakenAnswer(formatPhone(input.lastRelayedCaller)));
    return { ...plan, decision: "staff:page_taken" };
  }
  return planStaffAnswer(input, send, addressed, plan, isOwner);
}

/**
 * The caller whose page an `OK` is about: the one it names, if any of the business's phones got a
 * page about them in the last day (with none, "+14155552671 OK" is an ordinary answer to them),
 * else the one whose page the sender got last; the owner's, only while it is the newest text they
 * got (after a newer relay, an OK or a Yes answers that caller). A page someone took already is
 * still theirs to ask about: recording the OK tells them who took it (record-ack.ts), so an OK
 * meant for the page never reaches the caller.
 */
function acknowledgedCaller(input: InboundPlanInput, addressed: OwnerReply, isOwner: boolean): string | null {
  if (!isAcknowledgement(addressed.text)) return null;
  if (addressed.to) return input.pagedCallers.includes(addressed.to) ? addressed.to : null;
  if (isOwner && input.pagedCaller !== input.lastRelayedCaller) return null;
  return input.pagedCaller;
}

/**
 * `OK all`: every page the sender got in the last day that they did not take themselves. The line
 * takes the open ones at once; D1 says which each OK took (a person may have taken one on the
 * admin page meanwhile), so the answer is worded as it turned out when recorded
 * (record-take-all.ts): planned here as if it took them all.
 */
function planTakeAll(input: InboundPlanInput, send: Send, plan: StaffPlan, name: string | null): InboundPlan {
  const { msg } = input;
  const phones = [...input.pagesToTake];
  if (phones.length === 0) {
    send(replyTextId(input, "ack_all"), "command_reply", msg.from, NO_PAGE_OPEN);
    return { ...plan, decision: `${plan.label}:no_page` };
  }
  send(replyTextId(input, "ack_all"), "command_reply", msg.from, takeAllText({ took: phones.map(formatPhone), takenBy: [], over: [] }, name));
  // Each sent only for a page the OK all takes (record-take-all.ts).
  const by = takerWords(msg.from, { isOwner: msg.from === input.ctx.business.notifyPhone, name });
  const told = Object.fromEntries(phones.map((caller) => [caller, tellTaken(input, send, caller, by).map((t) => t.row.id)]));
  const lead = { does: "acknowledge_all" as const, phones, by: { phone: msg.from, name }, told };
  return { ...plan, decision: `${plan.label}:acknowledged_all`, lead, cancelPagesOf: [...input.openPages] };
}

/** Who took a page, as the others are told: the on-call person's name, "the owner", else their number. */
function takerWords(phone: string, sender: { isOwner: boolean; name: string | null }): string {
  return sender.name ?? (sender.isOwner ? "the owner" : formatPhone(phone));
}

/**
 * The texts telling everyone paged before about `caller` that the sender took it (tookPageTo;
 * nothing in test mode), planned with the OK: only one that takes the page sends them.
 */
function tellTaken(input: InboundPlanInput, send: Send, caller: string, by: string): NewText[] {
  if (input.ctx.business.settings.shadow) return [];
  const to = tookPageTo(input.pagedAbout?.[caller] ?? [], input.msg.from, input.pausedStaff);
  return to.map((phone, i) => send(replyTextId(input, `took_${caller}_${i}`), "command_reply", phone, tookPageText(caller, by)));
}

/**
 * STOP or START from one of the business's people: recorded in the consent ledger like a caller's
 * (so every one of the business's numbers, and the cron's texts, stop texting that phone until
 * START: rules/staff-consent.ts), kept by this line at once, and confirmed once.
 */
function planStaffKeyword(input: InboundPlanInput, send: Send, keyword: "stop" | "start" | "help", plan: StaffPlan): InboundPlan {
  const { msg, ctx, now } = input;
  const won = `W 450 ${wonWhen(businessKind(ctx.business.settings))}`;
  const words = {
    stop: `Textback: paused. No more relays, pages, alerts or summaries to this phone from any of ${ctx.business.name}'s numbers until you text START.`,
    start: "Textback: back on. Replies and pages come to this phone again.",
    help:
      plan.label === "owner"
        ? `Textback: callers' replies come here; reply to answer the last one. ${won}, L lost, B booked, BLOCK, UNDO takes back the last within 10 min, OK to take a page, OK all takes every page still open, SEND first texts a shortcut as written, STOP to pause.`
        : `Textback: pages come here. OK takes the newest page; a caller's number then OK takes theirs; OK all takes every page still open. Other texts go to the caller you were last paged about. ${won}, L lost, B booked, BLOCK, UNDO takes back the last within 10 min, STOP to pause.`,
  };
  // The carrier answered a STOP or START itself (Twilio Advanced Opt-Out): one confirmation is enough.
  if (!msg.carrierConfirmed) send(replyTextId(input, "staff"), "command_reply", msg.from, words[keyword]);
  const decision = `${plan.label}:${keyword}`;
  if (keyword === "help") return { ...plan, decision };
  const optedOut = keyword === "stop";
  const consent = { kind: optedOut ? ("opt_out" as const) : ("opt_in" as const), source: "keyword" as const };
  return {
    ...plan,
    decision,
    consent,
    localConsent: { optedOut, at: now },
    staffPaused: { phone: msg.from, paused: optedOut },
    events: ctx.hasWebhook ? webhookEvents(msg, inboundId(input), plan.label, consent) : [],
  };
}
