/** When to tell a business that its text-back is not working (issue: outcome alerts), and its daily digest. Pure. */
import { formatDollars } from "./amount";
import { formatPhone } from "./display";
import type { AlertKind } from "../vocabulary";

export type { AlertKind } from "../vocabulary";

export interface HourStats {
  missedCalls: number;
  /** Text-backs that reached a final state in the window. */
  sent: number;
  delivered: number;
  failed: number;
  /** Failures in a row among the newest outbound texts (any age). */
  failuresInARow: number;
  /** A carrier said our credentials are wrong (Twilio 20003, HTTP 401/403). */
  authErrors: number;
}

export interface Alert {
  kind: AlertKind;
  message: string;
}

/** Below this many settled texts, a delivery rate says nothing. */
const MIN_SAMPLE = 5;
const MIN_DELIVERY_RATE = 0.8;
const MAX_FAILURES_IN_A_ROW = 3;

/**
 * Alerts for one business from its last hour. Only while calls are being missed: a quiet business
 * with an old failure has nothing urgent to fix.
 *
 * @example businessAlerts({ missedCalls: 4, sent: 0, delivered: 0, failed: 4, failuresInARow: 4, authErrors: 0 })
 * // [{ kind: "delivery_failing", … }]
 */
export function businessAlerts(s: HourStats): Alert[] {
  if (s.missedCalls === 0) return [];
  const alerts: Alert[] = [];
  if (s.authErrors > 0) {
    alerts.push({ kind: "carrier_auth", message: "the carrier rejected our credentials; check the number's API keys" });
  }
  const settled = s.delivered + s.failed;
  const rate = settled > 0 ? s.delivered / settled : 1;
  if (s.failuresInARow > MAX_FAILURES_IN_A_ROW || (settled >= MIN_SAMPLE && rate < MIN_DELIVERY_RATE)) {
    alerts.push({
      kind: "delivery_failing",
      message:
        s.failuresInARow > MAX_FAILURES_IN_A_ROW
          ? `the last ${s.failuresInARow} texts failed`
          : `only ${Math.round(rate * 100)}% of texts were delivered in the last hour`,
    });
  }
  return alerts;
}

/** A day's figures, as the report defines them (src/reports/figures.ts): calls, then people. */
export interface DayStats {
  missedCalls: number;
  missedCallers: number;
  textedBack: number;
  replied: number;
  /** Callers not texted because their number is a landline (setting lookupLineType, or the carrier's refusal of a text): the owner calls them. */
  landlineCallers?: readonly string[];
  /** What came of the day's leads by now: won (and for how much), booked, urgent. */
  outcome?: { won: number; wonCents: number; booked: number; urgent: number };
}

/** At most this many landline callers are named in a digest; the rest are counted. */
const LANDLINES_NAMED = 5;

/** " Won 2 ($650), booked 1, urgent 1." with only what happened; empty when nothing did. */
function outcomeWords(o: DayStats["outcome"]): string {
  if (!o) return "";
  const parts = [
    o.won > 0 ? `won ${o.won}${o.wonCents > 0 ? ` (${formatDollars(o.wonCents)})` : ""}` : null,
    o.booked > 0 ? `booked ${o.booked}` : null,
    o.urgent > 0 ? `urgent ${o.urgent}` : null,
  ].filter((p): p is string => p !== null);
  if (parts.length === 0) return "";
  const said = parts.join(", ");
  return ` ${said[0]!.toUpperCase()}${said.slice(1)}.`;
}

/**
 * "Textback for Acme Plumbing, yesterday: 7 missed calls from 6 people; 5 texted back, 3 replied."
 * then what came of them by now (" Won 2 ($650), booked 1, urgent 1.": what was recovered, said
 * where the owner reads it first), and, when some were landlines, " Landline callers to call back:
 * (415) 555-0100, (415) 555-0101."
 */
export function digestText(business: string, d: DayStats): string {
  const n = (k: number, one: string, many: string) => `${k} ${k === 1 ? one : many}`;
  const calls = `${n(d.missedCalls, "missed call", "missed calls")} from ${n(d.missedCallers, "person", "people")}`;
  const summary = `Textback for ${business}, yesterday: ${calls}; ${d.textedBack} texted back, ${d.replied} replied.${outcomeWords(d.outcome)}`;
  const landlines = d.landlineCallers ?? [];
  if (landlines.length === 0) return summary;
  const named = landlines.slice(0, LANDLINES_NAMED).map(formatPhone).join(", ");
  const more = landlines.length > LANDLINES_NAMED ? ` and ${landlines.length - LANDLINES_NAMED} more` : "";
  return `${summary} Landline callers to call back: ${named}${more}.`;
}
