/** How the pages show times, phones and statuses to people. Pure. */
import type { QualifySettings } from "../../lead-settings";
import { actedByWords, storedActedBy } from "../../rules/acted-by";
import { qualifyTextRole, type QualifyTextRole } from "../../rules/qualify-texts";
import { OUTCOMES, type Outcome } from "../../rules/reasons";

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(timeZone: string, withYear: boolean): Intl.DateTimeFormat {
  const key = `${timeZone}|${withYear}`;
  let f = formatters.get(key);
  if (!f) {
    f = new Intl.DateTimeFormat("en-US", {
      timeZone,
      month: "short",
      day: "numeric",
      ...(withYear ? { year: "numeric" } : {}),
      hour: "numeric",
      minute: "2-digit",
    });
    formatters.set(key, f);
  }
  return f;
}

/** "Mar 3, 2:05 PM" in the business's time zone (the year only when it is not this year). */
export function formatTime(at: number, timeZone: string, now = Date.now()): string {
  const sameYear = new Date(at).getUTCFullYear() === new Date(now).getUTCFullYear();
  return formatter(timeZone, !sameYear).format(at);
}

/** "Mar 3, 2:05 PM CST": for a page that is not one business's, where the zone is not said once above. */
export function formatTimeInZone(at: number, timeZone: string): string {
  const zone = new Intl.DateTimeFormat("en-US", { timeZone, timeZoneName: "short" }).formatToParts(at).find((p) => p.type === "timeZoneName")?.value ?? timeZone;
  return `${formatTime(at, timeZone)} ${zone}`;
}

/** "Mar 3" in the business's time zone. */
export function formatDay(at: number, timeZone: string): string {
  return new Intl.DateTimeFormat("en-US", { timeZone, month: "short", day: "numeric" }).format(at);
}

export { formatPhone } from "../../rules/display";

/** "30 ms", "3 s", "3 min 20 s", "2 h 5 min": under a second in milliseconds, so it never reads "0 s". */
export function formatSeconds(seconds: number | null): string {
  if (seconds === null) return "—";
  if (seconds < 0.9995) return `${Math.round(seconds * 1000)} ms`;
  const s = Math.round(seconds);
  if (s < 60) return `${s} s`;
  if (s < 3600) return `${Math.floor(s / 60)} min${s % 60 ? ` ${s % 60} s` : ""}`;
  return `${Math.floor(s / 3600)} h${Math.floor((s % 3600) / 60) ? ` ${Math.floor((s % 3600) / 60)} min` : ""}`;
}

/** "1 segment", "3 segments". */
export function countOf(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? "" : "s"}`;
}

export function formatPercent(rate: number | null): string {
  return rate === null ? "—" : `${Math.round(rate * 100)}%`;
}

/** `part` as a share of `whole` ("44%"); "—" with nothing to take a share of. */
export function formatShare(part: number, whole: number): string {
  return formatPercent(whole === 0 ? null : part / whole);
}

/** The chip colour of a message status. */
export function statusTone(status: string): "ok" | "warn" | "bad" | "" {
  if (status === "delivered" || status === "sent" || status === "received") return "ok";
  if (status === "failed" || status === "undelivered" || status === "dead" || status === "suppressed") return "bad";
  if (status === "queued" || status === "retrying" || status === "scheduled" || status === "sending") return "warn";
  return "";
}

const KIND_WORDS: Record<string, string> = {
  missed_call: "Missed-call text",
  after_hours: "After-hours text",
  voicemail: "Voicemail text",
  ai_abandoned: "Text after the AI call ended",
  existing_customer: "Customer's text",
  follow_up: "Follow-up",
  help: "HELP answer",
  opt_out: "Opt-out confirmation",
  opt_in: "Opt-in confirmation",
  manual: "Manual text",
  test: "Test text",
  relay: "Relayed to the business",
  alert: "Alert to the business",
  qualify: "Qualifying text",
  urgent_reply: "Urgent answer",
  page: "Page to on-call",
  staff: "On-call",
  command_reply: "Answer to a shortcut",
  reply: "Reply",
};

/** A message kind or template kind in words. */
export function kindLabel(kind: string): string {
  return KIND_WORDS[kind] ?? kind.replace(/_/g, " ");
}

/** The qualification messages by what they are, named as the Leads settings name them. */
const QUALIFY_WORDS: Record<QualifyTextRole, string> = {
  question: "Question",
  thanks: "Thanks message",
  out_of_area: "Out-of-area message",
};

/**
 * A text in words by what it is: its kind, and for qualification's texts which message it was
 * (rules/qualify-texts.ts); one whose wording the business has since changed is named for them all.
 */
export function textLabel(text: { kind: string; body: string }, qualify: Pick<QualifySettings, "questions" | "doneMessage" | "outOfAreaMessage">): string {
  if (text.kind !== "qualify") return kindLabel(text.kind);
  const role = qualifyTextRole(text.body, qualify);
  return role ? QUALIFY_WORDS[role] : "Qualifying text";
}

const CONSENT_WORDS: Record<string, string> = {
  opted_in: "Opted in",
  opted_out: "Opted out",
  implied: "Implied (called the business)",
  none: "No record",
};

export function consentLabel(status: string): string {
  return CONSENT_WORDS[status] ?? status;
}

const EVENT_WORDS: Record<string, string> = {
  implied_by_call: "Called the business (implied consent to a reply)",
  opt_out: "Opted out",
  opt_in: "Opted in again",
  help: "Asked for HELP",
};

const SOURCE_WORDS: Record<string, string> = {
  call: "a call",
  keyword: "a keyword text",
  intent: "a reply asking to stop",
  carrier_error: "the carrier (recipient unsubscribed)",
  admin: "an admin",
  api: "the API",
};

/**
 * What a ledger row says happened and by whom: a change by hand names the person (rules/acted-by.ts;
 * the admin token by `owner`'s name when the business has one), older ones "an admin".
 */
export function consentEventLabel(kind: string, source: string, actedBy: unknown = null, owner: string | null = null): string {
  const by = storedActedBy(actedBy);
  return `${EVENT_WORDS[kind] ?? kind}, by ${by ? actedByWords(by, owner) : (SOURCE_WORDS[source] ?? source)}`;
}

/** Short column labels; an outcome added later falls back to its code in words. */
const OUTCOME_WORDS: Partial<Record<Outcome, string>> = {
  answered: "Answered",
  no_answer: "No answer",
  busy: "Busy",
  failed: "Failed",
  canceled: "Caller hung up",
  voicemail: "Voicemail",
  short_call: "Very short",
  ai_abandoned: "Hung up on the AI",
  ai_failed: "AI receptionist failed",
};

export function outcomeLabel(outcome: string): string {
  const words = (OUTCOMES as readonly string[]).includes(outcome) ? OUTCOME_WORDS[outcome as Outcome] : undefined;
  return words ?? outcome.charAt(0).toUpperCase() + outcome.slice(1).replace(/_/g, " ");
}
