/**
 * The texts a call makes once its caller turns out to be a contact (DESIGN.md §6.4) or a landline, built where
 * that becomes known: by the line when it read the caller's status, by the outbox when D1 refused
 * a stranger's text written behind. Pure.
 */
import type { calls, messages } from "../db/schema";
import { firstNameOf, vipAlertBody, type CallerContact } from "../rules/contacts";
import { isLandlineError } from "../rules/carrier-errors";
import { clockTime, localeOf } from "../rules/display";
import { landlineAlertBody } from "../rules/line-type";
import { withOptOutWording } from "../rules/opt-out-wording";
import { shortName } from "../rules/staff-texts";
import { renderTemplate, type TemplateVars } from "../rules/templates";
import { TEXT_BACK_KINDS } from "../vocabulary";
import { newText, type NewText } from "./new-text";

/**
 * What a call planned for a stranger carries for the case D1 says otherwise: where the owner's VIP
 * alert goes (null in shadow mode or with no notifyPhone), and the customer's template with the
 * call's values (null when the business has no `existing_customer` text, or the plan was not a text).
 */
export interface IfContact {
  notifyPhone: string | null;
  customer: { template: string; vars: TemplateVars; linkCode?: string | null } | null;
  /**
   * The planned text's own template and values when it greets the caller by name without having
   * read their contact: should D1 say they have a contact with a name, the text is written again
   * with it (absent from plans made before names).
   */
  named?: { template: string; vars: TemplateVars; linkCode?: string | null } | null;
  publicBaseUrl: string;
  /** The business keeps callers' words off its phones: the alert names the VIP short (absent from plans made before it). */
  privateTexts?: boolean;
  /** The business's time zone: a landline's alert says when they called (absent from plans made before it: no time). */
  timezone?: string;
}

type CallRow = Pick<typeof calls.$inferInsert, "id" | "businessId" | "numberId" | "fromPhone" | "toPhone" | "at">;

/**
 * The owner's alert for a call skipped because of who the caller is, to call them back: a VIP's,
 * a landline's (by the lookup, or by the carrier's refusal of an earlier text); null for any other
 * reason or with nowhere to go (no notifyPhone, shadow mode).
 */
export function callBackAlert(reason: string, call: CallRow, ifContact: Pick<IfContact, "notifyPhone" | "publicBaseUrl" | "privateTexts" | "timezone">, contact: CallerContact | null, now: number): NewText | null {
  if (reason === "vip") return vipAlertText(call, ifContact, contact, now);
  if (reason === "landline" || reason === "undeliverable_landline") return landlineAlertText(call, ifContact, now);
  return null;
}

/** A call's alert to the owner's phone, from the business number, once per call and `what` (its id). */
function ownerAlert(call: CallRow, ifContact: Pick<IfContact, "notifyPhone" | "publicBaseUrl">, what: string, body: string, now: number): NewText | null {
  if (!ifContact.notifyPhone) return null;
  return newText({
    id: `${call.id}_${what}`,
    businessId: call.businessId,
    numberId: call.numberId,
    callId: call.id!,
    kind: "alert",
    from: call.toPhone,
    to: ifContact.notifyPhone,
    body,
    now,
    publicBaseUrl: ifContact.publicBaseUrl,
    about: call.fromPhone,
  });
}

/** "Textback: missed call from a landline (612) 234-0000 at 2:04 AM: call them back", once per call (keyed by it). */
export function landlineAlertText(call: CallRow, ifContact: Pick<IfContact, "notifyPhone" | "publicBaseUrl" | "timezone">, now: number): NewText | null {
  const at = ifContact.timezone && call.at ? clockTime(call.at, ifContact.timezone, localeOf(call.toPhone)) : null;
  return ownerAlert(call, ifContact, "landline", landlineAlertBody(call.fromPhone, at), now);
}

/** The owner's "Textback: VIP … called and got no answer: call back", from the business number, or null when it has nowhere to go. */
export function vipAlertText(call: CallRow, ifContact: Pick<IfContact, "notifyPhone" | "publicBaseUrl" | "privateTexts">, contact: CallerContact | null, now: number): NewText | null {
  // Kept off a private business's phones: the VIP's full name (the first name and an initial do).
  const shown = contact && ifContact.privateTexts ? { ...contact, name: shortName(contact.name) } : contact;
  return ownerAlert(call, ifContact, "vip", vipAlertBody(shown, call.fromPhone), now);
}

/** A text that failed, as far as its alert goes: what it was, its call, and its business's phone and clock. */
interface FailedText {
  kind: string;
  callId: string | null;
  businessId: string;
  numberId: string;
  fromPhone: string;
  toPhone: string;
  createdAt: number;
  timezone: string;
  notifyPhone: string | null;
}

/**
 * The owner's call-back alert for a call's text-back the carrier refused as a landline's (or a
 * number that cannot take texts: LANDLINE_ERROR_CODES), keyed by the call as the lookup's is, so a
 * call alerts once however it became known; null for any other text or error. Nothing goes out in
 * shadow mode, where no text-back is sent to fail.
 */
export function landlineFailureAlert(text: FailedText, code: string | null, now: number, publicBaseUrl = ""): NewText | null {
  if (!text.callId || !isLandlineError(code) || !(TEXT_BACK_KINDS as readonly string[]).includes(text.kind)) return null;
  const call = { id: text.callId, businessId: text.businessId, numberId: text.numberId, fromPhone: text.toPhone, toPhone: text.fromPhone, at: text.createdAt };
  return landlineAlertText(call, { notifyPhone: text.notifyPhone, publicBaseUrl, timezone: text.timezone }, now);
}

/**
 * The planned text again, greeting the caller by their contact's first name, in place of the one D1
 * refused for not knowing it (same row); null when the contact has no name after all.
 */
export function namedText(planned: typeof messages.$inferInsert, ifContact: IfContact, contact: CallerContact | null, now: number): NewText | null {
  const first = firstNameOf(contact?.name);
  if (!ifContact.named || !first) return null;
  const { template, vars, linkCode } = ifContact.named;
  const body = renderTemplate(template, { ...vars, callerFirstName: first });
  const text = newText({
    id: planned.id,
    businessId: planned.businessId,
    numberId: planned.numberId,
    callId: planned.callId,
    kind: planned.kind,
    from: planned.fromPhone,
    to: planned.toPhone,
    // A text-back (the only kind planned this way) says how to stop texts, as planned.
    body: withOptOutWording(body),
    now,
    publicBaseUrl: ifContact.publicBaseUrl,
    linkCode,
  });
  return { ...text, row: { ...text.row, status: planned.status, createdAt: planned.createdAt } };
}

/**
 * The customer's text in place of the stranger's one D1 refused: the same row (id, status, times),
 * with the `existing_customer` template greeting them by their contact's first name.
 */
export function customerText(planned: typeof messages.$inferInsert, ifContact: IfContact, contact: CallerContact | null, now: number): NewText | null {
  if (!ifContact.customer) return null;
  const { template, vars, linkCode } = ifContact.customer;
  const text = newText({
    id: planned.id,
    businessId: planned.businessId,
    numberId: planned.numberId,
    callId: planned.callId,
    kind: "existing_customer",
    from: planned.fromPhone,
    to: planned.toPhone,
    // A text-back: it says how to stop texts even if the template was saved before that was refused.
    // Their contact's name first; else what the line knew (their answers, caller ID).
    body: withOptOutWording(renderTemplate(template, { ...vars, callerFirstName: firstNameOf(contact?.name) ?? vars.callerFirstName })),
    now,
    publicBaseUrl: ifContact.publicBaseUrl,
    linkCode,
  });
  return { ...text, row: { ...text.row, status: planned.status, createdAt: planned.createdAt } };
}
