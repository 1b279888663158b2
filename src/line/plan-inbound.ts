import type { messages } from "../db/schema";
import type { NotifyEvent } from "../notify/events";
import type { ConsentKind, ConsentSource } from "../rules/consent";
import { countSegments } from "../rules/encoding";
import { parseOwnerReply, planInbound } from "../rules/inbound";
import { commandConfirmation, parseOwnerCommand, type OwnerCommand } from "../rules/owner-commands";
import { classifyKeyword } from "../rules/keywords";
import { hoursToday, localTime } from "../rules/schedule";
import { DEFAULT_TEMPLATES, renderTemplate } from "../rules/templates";
import { newText, type NewText } from "../outbox/new-text";
import { planQualifyReply, relaysReply, type QualifyPlan } from "./plan-qualify";
import type { Qualifying } from "./store";
import { optedOutNow } from "./plan-call";
import type { LocalConsent } from "./store";
import type { InboundText, LineContext } from "./types";
import type { MessageKind } from "../vocabulary";

export interface InboundPlan {
  eventId: string;
  /** `inbound:opt_out`, `inbound:reply`, `owner:manual`… */
  decision: string;
  /** The stored message's kind: `reply`, `opt_out`, `owner`… */
  label: MessageKind;
  /** The text's own row. */
  inbound: typeof messages.$inferInsert;
  /** Texts to send: a keyword's confirmation, the relay to the owner, the owner's answer to a caller. */
  texts: NewText[];
  /** A record for the consent ledger. */
  consent: { kind: ConsentKind; source: ConsentSource } | null;
  /** The line's own consent record of the sender from now on (a STOP or START), if it changes. */
  localConsent: LocalConsent | null;
  /** Cancel the sender's pending texts, and why. */
  cancelReason: "opted_out" | "replied" | null;
  /** The caller the owner's next unaddressed text answers. */
  relayedCaller: string | null;
  /** What the text does to a lead: a caller's reply engages (or opens) theirs, a STOP is noted, the owner's answer hands the caller's over. */
  lead:
    | { does: "reply" | "opt_out"; phone: string }
    | { does: "human_reply"; phone: string; messageId: string }
    | { does: "command"; phone: string; command: OwnerCommand; reply: { applied: NewText; none: NewText } }
    | null;
  /** The caller's qualification step, for the lead's answers (record-inbound). */
  qualify: QualifyPlan | null;
  /** Where the caller's questions stand from now on; undefined leaves it as it is. */
  qualifying: Qualifying | null | undefined;
  /** The local day the owner was last reminded of the shortcuts, when this relay reminds them. */
  relayHintDay: string | null;
  /** Events for the business's webhook, written with the message; keys derive from the text, so a redelivery records them once. */
  events: { type: NotifyEvent; key: string; data: Record<string, unknown> }[];
}

export interface InboundPlanInput {
  msg: InboundText;
  ctx: LineContext;
  /** The line's own consent record of the sender. */
  consent: LocalConsent | null;
  /** Whom the owner answered last (the line's meta). */
  lastRelayedCaller: string | null;
  /** When the line last texted the sender (for the relay's "missed call at"). */
  lastTextedAt: number | null;
  /** Where the caller's qualification stood before this text. */
  qualifying: Qualifying | null;
  /** The business's local day, and whether the owner has been reminded of the shortcuts on it. */
  today: string;
  remindedToday: boolean;
  now: number;
}

/**
 * A text to the business number: a keyword (STOP/START/HELP) changes consent and gets one
 * confirmation; anything else is a conversation, stored and relayed to the owner. A text from the
 * owner's own phone is the owner answering a caller. Pure: the line records the plan (recordInbound).
 */
export function planInboundText(input: InboundPlanInput): InboundPlan {
  const { msg, ctx, now } = input;
  const b = ctx.business;
  const texts: NewText[] = [];
  const send = (id: string, kind: MessageKind, to: string, body: string) =>
    texts.push(newText({ id, businessId: b.id, numberId: ctx.number.id, kind, from: ctx.number.e164, to, body, now, publicBaseUrl: ctx.publicBaseUrl }));
  const base = { eventId: `sms:${msg.carrierMessageId}`, texts, consent: null, localConsent: null, cancelReason: null, relayedCaller: null, lead: null, relayHintDay: null, qualify: null, qualifying: undefined, events: [] };

  if (b.notifyPhone !== null && msg.from === b.notifyPhone) {
    const command = parseOwnerCommand(msg.body);
    const target = input.lastRelayedCaller;
    if (command && target) {
      const reply = (applied: boolean) =>
        newText({ id: `m_${msg.carrierMessageId}_cmd${applied ? "" : "_none"}`, businessId: b.id, numberId: ctx.number.id, kind: "command_reply", from: ctx.number.e164, to: msg.from, body: commandConfirmation(command, target, applied), now, publicBaseUrl: ctx.publicBaseUrl });
      const lead = { does: "command" as const, phone: target, command, reply: { applied: reply(true), none: reply(false) } };
      return { ...base, decision: `owner:${command.kind}`, label: "owner", inbound: inboundRow(input, "owner"), lead };
    }
    const reply = parseOwnerReply(msg.body);
    const to = reply.to ?? input.lastRelayedCaller;
    if (!to || !reply.text) return { ...base, decision: "owner:no_conversation", label: "owner", inbound: inboundRow(input, "owner") };
    const messageId = `m_${msg.carrierMessageId}_manual`;
    send(messageId, "manual", to, reply.text);
    return { ...base, decision: "owner:manual", label: "owner", inbound: inboundRow(input, "owner"), lead: { does: "human_reply", phone: to, messageId } };
  }

  const keyword = classifyKeyword(msg.body);
  const plan = planInbound(keyword, optedOutNow(input.consent, ctx), msg.carrierConfirmed);
  if (plan.reply) {
    const vars = { business: b.name, bookingUrl: b.bookingUrl, businessPhone: ctx.number.e164, callerPhone: msg.from, hoursToday: hoursToday(b.hours, b.timezone, now) };
    const template = ctx.templates[plan.reply] ?? DEFAULT_TEMPLATES[plan.reply];
    send(`m_${msg.carrierMessageId}_${plan.reply}`, plan.reply, msg.from, renderTemplate(template, vars));
  }
  const qualify = plan.label === "reply" ? planQualifyReply(msg, ctx, input.qualifying) : null;
  if (qualify) send(`m_${msg.carrierMessageId}_qualify`, "qualify", msg.from, qualify.reply);
  const relay = plan.relay && b.notifyPhone !== null && relaysReply(ctx, qualify);
  if (relay) send(`m_${msg.carrierMessageId}_relay`, "relay", b.notifyPhone!, relayBody(input));
  const summary = qualify?.summary && b.notifyPhone !== null ? qualify.summary : null;
  if (summary) send(`m_${msg.carrierMessageId}_summary`, "relay", b.notifyPhone!, summary);
  const changesConsent = plan.consent?.kind === "opt_out" || plan.consent?.kind === "opt_in";
  return {
    ...base,
    decision: `inbound:${plan.label}`,
    label: plan.label,
    inbound: inboundRow(input, plan.label),
    consent: plan.consent,
    localConsent: changesConsent ? { optedOut: plan.consent!.kind === "opt_out", at: now } : null,
    cancelReason: plan.cancelPending ? (plan.label === "opt_out" ? "opted_out" : "replied") : null,
    relayedCaller: relay || summary ? msg.from : null,
    qualify,
    // A STOP ends the questions for good.
    qualifying: qualify ? qualify.memo : plan.label === "opt_out" && input.qualifying ? { ...input.qualifying, done: true } : undefined,
    relayHintDay: relay && !input.remindedToday ? input.today : null,
    lead: plan.label === "reply" || plan.label === "opt_out" ? { does: plan.label, phone: msg.from } : null,
    events: ctx.hasWebhook ? webhookEvents(msg, plan.label, changesConsent ? plan.consent : null) : [],
  };
}

function webhookEvents(msg: InboundText, label: MessageKind, consent: { kind: ConsentKind; source: ConsentSource } | null): InboundPlan["events"] {
  const events: InboundPlan["events"] = [];
  if (label === "reply") {
    const data = { from: msg.from, to: msg.to, body: msg.body, messageId: `in_${msg.carrierMessageId}` };
    events.push({ type: "reply.received", key: `reply_${msg.carrierMessageId}`, data });
  }
  if (consent) {
    const data = { phone: msg.from, status: consent.kind === "opt_out" ? "opted_out" : "opted_in", source: consent.source };
    events.push({ type: "consent.changed", key: `consent_${msg.carrierMessageId}`, data });
  }
  return events;
}

/** The reply as the owner gets it; the day's first relay also reminds them of the shortcuts. */
function relayBody({ msg, ctx, lastTextedAt, remindedToday }: InboundPlanInput): string {
  const when = lastTextedAt !== null ? ` (missed call ${localTime(lastTextedAt, ctx.business.timezone).time})` : "";
  const hint = remindedToday ? "" : "\n(Reply W 450 when won, L if lost, B if booked.)";
  return `Textback: ${msg.from}${when} replied: ${msg.body}${hint}`;
}

function inboundRow({ msg, ctx, now }: InboundPlanInput, label: MessageKind): typeof messages.$inferInsert {
  const { encoding, segments } = countSegments(msg.body);
  return {
    id: `in_${msg.carrierMessageId}`,
    businessId: ctx.business.id,
    numberId: ctx.number.id,
    direction: "inbound",
    kind: label,
    fromPhone: msg.from,
    toPhone: msg.to,
    body: msg.body,
    encoding,
    segments,
    status: "received",
    carrierMessageId: msg.carrierMessageId,
    createdAt: now,
    updatedAt: now,
  };
}
