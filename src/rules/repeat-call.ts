/**
 * A caller texted back within the cooldown who calls again: still waiting on the business, the
 * hottest lead there is. They get no second text (the cooldown), so the owner (and the first person
 * on call, where the business pages) is alerted instead, at most once per caller every
 * REPEAT_ALERT_EVERY_MS however often they call. Pure: no I/O.
 */
import type { LeadStatus } from "../vocabulary";
import { namingCaller, type CallerOnPhone } from "./staff-texts";

/** The least time between two repeat-call alerts about one caller. */
export const REPEAT_ALERT_EVERY_MS = 10 * 60_000;

/**
 * Whether a call the line skipped for `reason` alerts of a repeat call, given when the line last
 * alerted of this caller's: only a cooldown's skip (a blocked caller, staff or an opted-out caller
 * is ranked before it and alerts nobody), and not twice within REPEAT_ALERT_EVERY_MS.
 *
 * @example repeatAlertDue("cooldown", null, 0) // true
 * @example repeatAlertDue("cooldown", 0, 5 * 60_000) // false
 * @example repeatAlertDue("blocked", null, 0) // false
 */
export function repeatAlertDue(reason: string, lastAlertAt: number | null, now: number): boolean {
  return reason === "cooldown" && (lastAlertAt === null || now - lastAlertAt >= REPEAT_ALERT_EVERY_MS);
}

/** Who is alerted of a repeat call: the owner, and the first person on call where the business pages; each once. `onCall`: those on call now (on-call.ts onCallAt). */
export function repeatAlertTo(owner: string | null, urgent: { enabled: boolean; onCall: readonly { phone: string }[] }, paused: readonly string[]): string[] {
  const onCall = urgent.enabled ? urgent.onCall[0]?.phone : undefined;
  return [...new Set([owner, onCall].filter((p): p is string => typeof p === "string" && !paused.includes(p)))];
}

/** What the alert says of the caller and their calls, as D1 has them. */
export interface RepeatCall {
  caller: CallerOnPhone;
  /** Their calls since the text-back, the one it answered included. */
  calls: number;
  /** From the call the text-back answered to this one. */
  spanMs: number;
  /** Their open lead: its status, and their latest text (null: none, or kept off the business's phones). */
  lead: { status: LeadStatus; said: string | null } | null;
  /** The caller's conversation on the admin page. */
  link: string;
}

/**
 * "Textback: Maria G. (612) 234-0000 called again: 3 calls in 12 min, still waiting. Lead: engaged,
 * said "roof is leaking". Call them back. Open: <link>". `privateTexts`: never the caller's words.
 *
 * @example repeatCallAlert({ caller: { who: "(612) 234-0000", phone: "(612) 234-0000" }, calls: 2, spanMs: 40_000, lead: { status: "new", said: null }, link: "L" }, false)
 * // "Textback: (612) 234-0000 called again: 2 calls in under a minute, still waiting. Lead: new, no reply yet. Call them back. Open: L"
 */
export function repeatCallAlert(r: RepeatCall, privateTexts: boolean): string {
  const lead = r.lead ? ` Lead: ${r.lead.status}${leadWords(r.lead.said, privateTexts)}.` : "";
  return namingCaller(r.caller, (who) => `Textback: ${who} called again: ${r.calls} calls in ${spanWords(r.spanMs)}, still waiting.${lead} Call them back. Open: ${r.link}`);
}

function leadWords(said: string | null, privateTexts: boolean): string {
  if (said === null) return ", no reply yet";
  if (privateTexts) return ", they replied";
  const words = said.replace(/\s+/g, " ").trim();
  // "..." rather than an ellipsis, which GSM-7 lacks: one would make the whole alert UCS-2.
  return `, said "${words.length > SAID_MAX ? `${words.slice(0, SAID_MAX - 3)}...` : words}"`;
}

/** Most of the caller's latest text the alert quotes. */
const SAID_MAX = 80;

/**
 * A span as the alert says it.
 *
 * @example spanWords(12 * 60_000) // "12 min"
 * @example spanWords(65 * 60_000) // "1 h 5 min"
 */
export function spanWords(ms: number): string {
  const minutes = Math.round(ms / 60_000);
  if (minutes < 1) return "under a minute";
  if (minutes < 60) return `${minutes} min`;
  const rest = minutes % 60;
  return `${Math.floor(minutes / 60)} h${rest ? ` ${rest} min` : ""}`;
}
