import { isLinkCode } from "../rules/booking-link";
import type { BookingProvider } from "../vocabulary";

/**
 * What a booking provider's webhook says, whichever provider (DESIGN.md §6.5): the protocol
 * adapters (calcom.ts, calendly.ts, generic.ts) read their payloads into this, and apply.ts acts
 * on it the same way for all.
 */
export interface BookingNotice {
  provider: BookingProvider;
  /**
   * `<event>:<provider's id>`: the same delivery acts once. Null for the generic webhook, which
   * states the booking as it is now (each change is applied only if it changes something).
   */
  deliveryKey: string | null;
  /** `ignored`: an event we do not act on (a ping, Calendly's cancel half of a reschedule). */
  action: "booked" | "rescheduled" | "canceled" | "ignored";
  /** The provider's id of the booking as it stands after this event. */
  externalId: string;
  /** A reschedule: the id the booking had before (Cal.com's `rescheduleUid`, Calendly's `old_invitee`). */
  previousExternalId: string | null;
  startsAt: number | null;
  /** Our link codes found in the booking (`tb`), to match the lead by. */
  codes: string[];
  /** Phones the attendee gave, as typed. */
  phones: string[];
  name: string | null;
  email: string | null;
}

/** `…tb=<code>…` inside a value (a referrer URL someone put in a booking question). */
const TB_IN_TEXT = /(?:^|[?&#\s])tb=([0-9A-Za-z]{10,32})(?![0-9A-Za-z])/g;

/**
 * The link codes in a booking's values: a value that is a code (a hidden `tb` question, a UTM
 * parameter) and `tb=<code>` inside a longer one. Unique, at most a few.
 *
 * @example codesIn(["a1B2c3D4e5F6", "https://acme.example/?tb=Zz9Yy8Xx7Ww6", null]) // ["a1B2c3D4e5F6", "Zz9Yy8Xx7Ww6"]
 */
export function codesIn(values: readonly unknown[]): string[] {
  const codes = new Set<string>();
  for (const v of values) {
    if (typeof v !== "string") continue;
    const s = v.trim();
    if (isLinkCode(s)) codes.add(s);
    for (const m of s.matchAll(TB_IN_TEXT)) codes.add(m[1]!);
  }
  return [...codes].slice(0, 5);
}

/** A provider's time as ms, or null when it is not a time. */
export function timeOf(value: string | number | null | undefined): number | null {
  if (value === null || value === undefined) return null;
  const ms = typeof value === "number" ? value : Date.parse(value);
  return Number.isFinite(ms) ? ms : null;
}

/** The strings worth looking at among a few values: trimmed, non-empty, unique. */
export function present(values: readonly unknown[]): string[] {
  return [...new Set(values.filter((v): v is string => typeof v === "string").map((v) => v.trim()).filter((v) => v !== ""))];
}
