import type { calls } from "../db/schema";
import { callRowId, callTextId } from "./ids";
import type { CallRows } from "../db/call-record";
import type { IfContact } from "../outbox/contact-texts";
import { newText, type NewText } from "../outbox/new-text";
import type { OutboundTextJob } from "../outbox/jobs";
import { callerStatusCanChange, decide, type DecisionInput } from "../rules/eligibility";
import type { CallFacts } from "../rules/outcome";
import type { CallerContact } from "../rules/contacts";
import { decisionColumns, explainDecision, type Decision, type Outcome, type TemplateKind } from "../rules/reasons";
import { localeOf } from "../rules/display";
import { hoursToday, isOpen } from "../rules/schedule";
import { callerFirstName, callerIdDisplayName } from "../rules/caller-name";
import { usesCallerName } from "../rules/template-check";
import { renderTemplate, type TemplateVars } from "../rules/templates";
import { withOptOutWording } from "../rules/opt-out-wording";
import { TEXT_BACK_KINDS } from "../vocabulary";
import { bookingLinkFor } from "../links/tracked";
import { dailyLimit, staffPhones } from "../rules/outbound-guard";
import { onCallAt } from "../rules/on-call";
import { repeatAlertDue, repeatAlertTo } from "../rules/repeat-call";
import type { CallerState, LocalConsent, Reservation } from "./store";
import type { CallEvent, LineContext } from "./types";

/**
 * How a decided call reaches D1 and the queue:
 * - `call_only`: no text; the call's row (and, for a line that decided before reading the caller's
 *   status, that status in the same batch).
 * - `write_behind`: a text now and nothing after it: the queue consumer writes the rows in its batch
 *   before sending, so the webhook waits for no D1 round trip; `foresee`: the caller is told what
 *   happens (CallEvent.tellsCaller), so the line reads the caller's status to answer with what D1
 *   will make of the text (record-call.ts).
 * - `record_now`: a delayed text or a follow-up: the rows are written first, then the text is queued
 *   (`textDue` null) or held by the line until `textDue`, and the follow-up until `followUpDue`.
 *
 * `capAt`: the caller is told what happens, and the outbox stops this text once the business has
 * sent this many texts in 24 hours (its `dailyTextCap`): the line reads the count with what it
 * records, so the caller is not promised a text the cap will stop.
 */
export type CallRecording =
  | { how: "call_only" }
  | { how: "write_behind"; job: OutboundTextJob; foresee?: true; capAt?: number }
  | { how: "record_now"; rows: CallRows; text: NewText; textDue: number | null; followUp: { text: NewText; due: number } | null; capAt?: number };

export interface CallPlan {
  eventId: string;
  callId: string;
  outcome: Outcome;
  /** The caller's contact as the decision read it (a VIP's alert names them). */
  contact: CallerContact | null;
  decision: Decision;
  code: string;
  explanation: string;
  messageId: string | null;
  /** Decided before the caller's status (contact, deliverability, consent) was read: D1 checks it when it records. */
  verify: boolean;
  /** What the call does if the caller turns out to be a contact (or is one): the VIP alert, the customer's text. */
  ifContact: IfContact;
  /** The cooldown and daily-cap reservation a text takes, to give back if it does not go out. */
  reservation: Reservation | null;
  call: typeof calls.$inferInsert;
  /** The carrier's caller ID name as the caller's lead's name, when it is a person's (rules/caller-name.ts). */
  callerIdName: string | null;
  recording: CallRecording;
  /**
   * A caller texted within the cooldown calling again, due an alert (rules/repeat-call.ts): whom it
   * goes to and when their text-back was decided (absent: no alert, and from plans kept before it).
   */
  repeatAlert?: { to: string[]; textedAt: number };
}

export interface CallPlanInput {
  event: CallEvent;
  ctx: LineContext;
  outcome: Outcome;
  facts: CallFacts;
  caller: CallerState;
  now: number;
  /** The business's local date at `now` (the daily cap's day). */
  day: string;
  /**
   * The name the caller gave when their questions were asked (the line's own record), if any:
   * read only when a template greets the caller by name.
   */
  answeredName?: () => string | null;
  /** The line still holds the caller's text-back (a delay): they have not had it, so calling again alerts nobody yet. */
  textBackHeld?: () => boolean;
}

/** The id a carrier's call event is deduped by. */
export const callEventId = (event: Pick<CallEvent, "carrier" | "carrierCallId">) => `${event.carrier}:${event.carrierCallId}`;

/** The line's own consent record wins over D1's when it is newer (it may not have landed there yet). */
export function optedOutNow(local: LocalConsent | null, ctx: Pick<LineContext, "optedOut" | "consentAt">): boolean {
  if (local && (ctx.consentAt === null || local.at >= ctx.consentAt)) return local.optedOut;
  return ctx.optedOut;
}

/**
 * Everything the line does about a finished call, decided from what it knows now: whether to text,
 * what the text says, and how it is recorded. Pure: the line carries the plan out (recordCall).
 */
export function planCall({ event, ctx, outcome, facts, caller, now, day, answeredName, textBackHeld }: CallPlanInput): CallPlan {
  const decision = decide(decisionInput({ event, ctx, outcome, caller, now }));
  const eventId = callEventId(event);
  const callId = callRowId(ctx.number.id, event.carrierCallId);
  const { decision: code, reason } = decisionColumns(decision);
  const plan: CallPlan = {
    eventId,
    callId,
    outcome,
    contact: ctx.contact,
    decision,
    code,
    explanation: explainDecision(decision),
    messageId: decision.action === "text" ? callTextId(ctx.number.id, event.carrierCallId) : null,
    verify: ctx.callerStatus === "deferred" && callerStatusCanChange(decision),
    ifContact: {
      notifyPhone: ctx.business.settings.shadow ? null : ctx.business.notifyPhone,
      customer: null,
      publicBaseUrl: ctx.publicBaseUrl,
      ...(ctx.business.settings.privateTexts ? { privateTexts: true } : {}),
      timezone: ctx.business.timezone,
    },
    reservation: decision.action === "text" ? { caller: event.from, day, previousTextAt: caller.lastTextedAt } : null,
    call: {
      id: callId,
      businessId: ctx.business.id,
      numberId: ctx.number.id,
      carrierCallId: event.carrierCallId,
      fromPhone: event.from,
      toPhone: event.to,
      outcome,
      decision: code,
      reason,
      facts,
      at: event.at,
    },
    callerIdName: callerIdDisplayName(event.callerName),
    recording: { how: "call_only" },
  };
  const repeat = repeatAlertOf(decision, ctx, caller, now);
  // Read only for a call due an alert: one statement less on every other call's path.
  if (repeat && textBackHeld?.() !== true) plan.repeatAlert = repeat;
  if (decision.action === "text") plan.recording = withCapAt(planText(plan, decision.templateKind, { event, ctx, now, day, answeredName }), decision.templateKind, event, ctx);
  return plan;
}

/** What the decision about the call is made from: the call, the business and the caller as the line knows them. */
function decisionInput({ event, ctx, outcome, caller, now }: Pick<CallPlanInput, "event" | "ctx" | "outcome" | "caller" | "now">): DecisionInput {
  return {
    outcome,
    caller: event.from,
    settings: ctx.business.settings,
    // The business's own phone too: a PBX that forwards with its own number as the caller ID
    // (ops/number-health.ts tells the owner) must not get the caller's text.
    ownNumbers: ctx.business.forwardTo ? [...ctx.ownNumbers, ctx.business.forwardTo] : ctx.ownNumbers,
    contact: ctx.contact,
    optedOut: optedOutNow(caller.consent, ctx),
    undeliverable: ctx.undeliverable,
    undeliverableCode: ctx.undeliverableCode ?? null,
    lastTextedAt: caller.lastTextedAt,
    textedToday: caller.textedToday,
    open: isOpen(ctx.business.hours, ctx.business.timezone, event.at),
    templates: Object.keys(ctx.templates) as TemplateKind[],
    now,
  };
}

/** The repeat-call alert a cooldown's skip is due (none in test mode, or with nobody to tell). */
function repeatAlertOf(decision: Decision, ctx: LineContext, caller: CallerState, now: number): CallPlan["repeatAlert"] | null {
  const { settings, notifyPhone } = ctx.business;
  if (decision.action !== "skip" || caller.lastTextedAt === null || settings.shadow) return null;
  if (!repeatAlertDue(decision.reason, caller.repeatAlertAt, now)) return null;
  // The first person on call by their hours now, as an emergency would page.
  const to = repeatAlertTo(notifyPhone, { enabled: settings.urgent.enabled, onCall: onCallAt(settings.urgent.onCall, ctx.business.timezone, now) }, []);
  return to.length > 0 ? { to, textedAt: caller.lastTextedAt } : null;
}

/**
 * A text-back whose caller is told what happens carries the business's 24-hour count at which the
 * outbox stops it at the daily cap (none for a caller who is one of the business's own people, whom
 * the cap does not stop).
 */
function withCapAt(recording: CallRecording, kind: TemplateKind, event: CallEvent, ctx: LineContext): CallRecording {
  if (!event.tellsCaller || recording.how === "call_only") return recording;
  const { settings, notifyPhone } = ctx.business;
  const limit = dailyLimit({ kind, to: event.from, settings, staffPhones: staffPhones(notifyPhone, settings) });
  return limit?.refusal === "business_daily_cap" ? { ...recording, capAt: limit.at } : recording;
}

const isTextBack = (kind: TemplateKind) => (TEXT_BACK_KINDS as readonly TemplateKind[]).includes(kind);

/** What a call's texts fill in: the business's values and the caller's first name, if any is known (rules/caller-name.ts). */
function callVars({ event, ctx, now, answeredName }: Pick<CallPlanInput, "event" | "ctx" | "now" | "answeredName">): TemplateVars {
  const b = ctx.business;
  return {
    business: b.name,
    bookingUrl: b.bookingUrl,
    businessPhone: ctx.number.e164,
    callerPhone: event.from,
    callerFirstName: Object.values(ctx.templates).some((t) => t !== undefined && usesCallerName(t))
      ? callerFirstName({ contact: ctx.contact?.name, lead: ctx.lead?.name ?? answeredName?.(), carrier: event.callerName })
      : null,
    priorityPhone: b.priorityPhone,
    hoursToday: hoursToday(b.hours, b.timezone, now, localeOf(ctx.number.e164)),
  };
}

function planText(
  plan: CallPlan,
  templateKind: TemplateKind,
  { event, ctx, now, day, answeredName }: Pick<CallPlanInput, "event" | "ctx" | "now" | "day" | "answeredName">,
): CallRecording {
  const { settings } = ctx.business;
  const vars = callVars({ event, ctx, now, answeredName });
  const template = ctx.templates[templateKind] ?? "";
  const named = prepareIfContact(plan, templateKind, template, ctx, vars);
  const textOf = textMaker(plan, event, ctx, now, vars);
  const text = textOf(plan.messageId!, templateKind, template);
  const rows: CallRows = { call: plan.call, message: text.row, consent: impliedConsent(plan, event, ctx, now), verify: plan.verify, ...(named ? { named: true } : {}) };
  const delayMs = settings.textDelaySeconds * 1000;
  const followUpTpl = settings.followUp.enabled ? ctx.templates.follow_up : undefined;
  if (delayMs === 0 && !followUpTpl) return writeBehind(plan, rows, text, { event, ctx, day });
  if (delayMs > 0) text.row.status = "scheduled";
  let followUp: { text: NewText; due: number } | null = null;
  if (followUpTpl) {
    followUp = { text: textOf(`${plan.messageId}_fu`, "follow_up", followUpTpl), due: now + settings.followUp.afterHours * 3_600_000 };
    followUp.text.row.status = "scheduled";
  }
  return { how: "record_now", rows, text, textDue: delayMs > 0 ? now + delayMs : null, followUp };
}

/**
 * The texts D1 may swap in for a plan made before the caller's status was read: planned for a
 * stranger, a customer's own text; greeting a stranger, the same text with their contact's name
 * (a contact's name comes first, so D1 refuses the unnamed text for a contact with one). True when
 * the text must be refused for a named contact.
 */
function prepareIfContact(plan: CallPlan, templateKind: TemplateKind, template: string, ctx: LineContext, vars: TemplateVars): boolean {
  const customerTemplate = ctx.templates.existing_customer;
  if (plan.verify && templateKind !== "existing_customer" && customerTemplate) {
    const link = bookingLinkFor(ctx.business, ctx.publicBaseUrl);
    plan.ifContact.customer = { template: customerTemplate, vars: { ...vars, bookingUrl: link.bookingUrl }, linkCode: link.linkCode };
  }
  const named = plan.verify && !ctx.contact && isTextBack(templateKind) && usesCallerName(template);
  if (named) {
    const link = bookingLinkFor(ctx.business, ctx.publicBaseUrl);
    plan.ifContact.named = { template, vars: { ...vars, bookingUrl: link.bookingUrl }, linkCode: link.linkCode };
  }
  return named;
}

/** Makes the call's texts, each with a booking link of its own, so a click says which text led to it. */
function textMaker(plan: CallPlan, event: CallEvent, ctx: LineContext, now: number, vars: TemplateVars) {
  return (id: string, kind: TemplateKind, template: string): NewText => {
    const link = bookingLinkFor(ctx.business, ctx.publicBaseUrl);
    const rendered = renderTemplate(template, { ...vars, bookingUrl: link.bookingUrl });
    return newText({
      id,
      businessId: ctx.business.id,
      numberId: ctx.number.id,
      callId: plan.callId,
      kind,
      from: ctx.number.e164,
      to: event.from,
      // The first text must say how to stop texts, even from a template saved before that was refused.
      body: isTextBack(kind) ? withOptOutWording(rendered) : rendered,
      now,
      publicBaseUrl: ctx.publicBaseUrl,
      linkCode: link.linkCode,
    });
  };
}

/** The consent ledger's entry a missed call makes: the caller called, so a reply about it is expected. */
function impliedConsent(plan: CallPlan, event: CallEvent, ctx: LineContext, now: number): CallRows["consent"] {
  return { businessId: ctx.business.id, phone: event.from, kind: "implied_by_call", source: "call", evidenceId: event.carrierCallId, evidenceText: plan.code, at: now };
}

/** A text now and nothing after it: the queue's consumer writes the call's rows before sending. */
function writeBehind(plan: CallPlan, rows: CallRows, text: NewText, { event, ctx, day }: Pick<CallPlanInput, "event" | "ctx" | "day">): CallRecording {
  const { settings } = ctx.business;
  const record = {
    ...rows,
    line: ctx.number.e164,
    eventId: plan.eventId,
    day,
    previousTextAt: plan.reservation!.previousTextAt,
    explanation: plan.explanation,
    notify: ctx.hasWebhook,
    ifContact: plan.ifContact,
    ...(settings.lookupLineType ? { lookupLineType: true } : {}),
    ...(plan.callerIdName ? { callerIdName: plan.callerIdName } : {}),
  };
  return { how: "write_behind", job: { ...text.job, record }, ...(event.tellsCaller && plan.verify ? { foresee: true as const } : {}) };
}
