/**
 * The consent of the business's own people (the owner's notify phone, the on-call phones) to what
 * the business texts them (compliance.md §1.2: act on every opt-out). A STOP from one of them to
 * any of the business's numbers is recorded in the consent ledger like a caller's and stops relays,
 * pages, alerts, digests and summaries to that phone until it texts START. Pure.
 */
import type { BusinessSettings } from "../settings";
import type { ConsentSource } from "../vocabulary";
import { calendarDate, formatPhone, type DisplayLocale } from "./display";

/** A phone's newest opt-out or opt-in: the line's own record (no source) or the ledger's. */
export interface PhoneConsent {
  optedOut: boolean;
  at: number;
  source?: ConsentSource | null;
}

/** One of the business's own people as the admin configured them. */
export interface StaffMember {
  phone: string;
  role: "owner" | "on_call";
  name: string | null;
}

/** The owner first, then the on-call list; a phone listed twice is the owner's. */
export function staffMembers(notifyPhone: string | null, settings: Pick<BusinessSettings, "urgent">): StaffMember[] {
  const owner: StaffMember[] = notifyPhone ? [{ phone: notifyPhone, role: "owner", name: null }] : [];
  const onCall = settings.urgent.onCall.filter((p) => p.phone !== notifyPhone).map((p): StaffMember => ({ phone: p.phone, role: "on_call", name: p.name || null }));
  return [...owner, ...onCall];
}

/** The newer of two records (the ledger's on a tie: it says how); null when neither exists. */
export function newestConsent(a: PhoneConsent | null | undefined, b: PhoneConsent | null | undefined): PhoneConsent | null {
  if (!a || !b) return a ?? b ?? null;
  return a.at > b.at ? a : b;
}

/**
 * The ledger's records newer than the line's own: a STOP or START texted to another of the
 * business's numbers, or an admin's change. The line takes them as its own, so every number stops
 * (and starts again) together.
 *
 * @example newerThanLocal(new Map([["+1…", { optedOut: true, at: 5 }]]), { "+1…": { optedOut: false, at: 9 } }) // [["+1…", { optedOut: false, at: 9 }]]
 */
export function newerThanLocal(local: ReadonlyMap<string, PhoneConsent>, ledger: Readonly<Record<string, PhoneConsent>>): [string, PhoneConsent][] {
  return Object.entries(ledger).filter(([phone, c]) => {
    const mine = local.get(phone);
    return !mine || c.at > mine.at;
  });
}

/** A STOP typed by the person (the line's own records come only from texts). */
const byText = (c: PhoneConsent) => !c.source || c.source === "keyword" || c.source === "intent";

/**
 * Why a text to a caller was not sent, for the owner or on-call person who wrote it.
 *
 * @example optedOutAnswer("+14155552671", { optedOut: true, at, source: "keyword" }, "America/Chicago", "en-US")
 * // "Textback: not sent to (415) 555-2671: they texted STOP on Dec 7, 2026. Nothing goes to them until they text START."
 */
export function optedOutAnswer(caller: string, c: PhoneConsent, timeZone: string, locale: DisplayLocale): string {
  const day = calendarDate(c.at, timeZone, locale);
  const how = byText(c) ? `texted STOP on ${day}` : `are opted out since ${day}`;
  return `Textback: not sent to ${formatPhone(caller)}: they ${how}. Nothing goes to them until they text START.`;
}

/**
 * What the settings page says of one of the business's own phones that opted out.
 *
 * @example staffStopNotice({ phone, role: "owner", name: null }, { optedOut: true, at, source: "keyword" }, "America/Chicago")
 * // "The owner's phone texted STOP on Dec 7, 2026: no alerts or relays are sent to it until it texts START."
 */
export function staffStopNotice(who: StaffMember, c: PhoneConsent, timeZone: string): string {
  const day = calendarDate(c.at, timeZone, "en-US");
  const how = byText(c) ? `texted STOP on ${day}` : `was opted out on ${day}`;
  if (who.role === "owner") return `The owner's phone ${how}: no alerts or relays are sent to it until it texts START.`;
  const phone = who.name ? `${who.name}'s phone (on call)` : `The on-call phone ${formatPhone(who.phone)}`;
  return `${phone} ${how}: no pages are sent to it until it texts START.`;
}
