/**
 * An urgent lead's pages as they happened (DESIGN.md §6.3), from the page texts' rows and the lead's
 * acknowledgement: who was paged and when, each escalation, a page that failed or was never sent
 * and why, the one still held and when it goes, and who took it. Pure: the lead card reads it from
 * rows it already has, with no query of its own.
 */
import type { MessageStatus } from "../vocabulary";
import { storedActorWords } from "./acted-by";
import { formatPhone, personWords } from "./display";
import { textFate, type TextFate } from "./text-fate";

/** A page text, as its `messages` row has it. */
export interface PageRecord {
  id: string;
  toPhone: string;
  status: MessageStatus;
  errorCode: string | null;
  errorMessage?: string | null;
  attempts?: number;
  createdAt: number;
  sentAt: number | null;
  updatedAt: number;
}

export interface PageStep {
  /** When it happened; for a page still held, when it goes (unknown: after everything else). */
  at: number;
  /** The words say when (a page still held): the time is not written again beside them. */
  timed?: true;
  words: string;
  tone: TextFate["tone"];
}

export interface PageHistoryInput {
  pages: readonly PageRecord[];
  /** The business's notifyPhone: its page is "the owner"'s. */
  ownerPhone: string | null;
  /** The on-call list, to name the people paged (a phone no longer on it reads as the number). */
  onCall: readonly { phone: string; name: string }[];
  /** The lead's `acknowledgedAt` and `acknowledgedBy`, when someone took the page. */
  taken: { at: number; by: string | null } | null;
  /** When the line sends each page it still holds, by message id. */
  held: ReadonlyMap<string, number>;
  /** A time as the page writes it, for when a held page goes. */
  time: (at: number) => string;
}

/** A page's place in its emergency's order (`…_page0` is the first person paged, the next ones escalations). */
export function pageIndex(id: string): number {
  const m = /_page(\d+)$/.exec(id);
  return m ? Number(m[1]) : 0;
}

function whoWords(phone: string, input: PageHistoryInput): string {
  if (phone === input.ownerPhone) return "the owner";
  const person = input.onCall.find((p) => p.phone === phone);
  return person ? `${person.name}, ${formatPhone(phone)}` : formatPhone(phone);
}

const lower = (words: string) => words.charAt(0).toLowerCase() + words.slice(1);

function pageStep(page: PageRecord, input: PageHistoryInput): PageStep {
  const who = whoWords(page.toPhone, input);
  const fate = textFate(page);
  const owner = page.toPhone === input.ownerPhone;
  switch (page.status) {
    case "scheduled": {
      const due = input.held.get(page.id);
      const when = due === undefined ? "next" : `at ${input.time(due)}`;
      return { at: due ?? Number.MAX_SAFE_INTEGER, timed: true, words: `${owner ? "Pages the owner" : `Escalates to ${who}`} ${when} unless someone takes the page first`, tone: "warn" };
    }
    case "canceled":
    case "suppressed":
      return { at: page.updatedAt, words: `Page to ${who} ${lower(fate.words)}`, tone: "" };
    case "queued":
    case "sending":
      return { at: page.updatedAt, words: `Paging ${who}`, tone: "warn" };
    case "retrying":
      return { at: page.updatedAt, words: `Page to ${who}: ${lower(fate.words)}`, tone: "warn" };
    case "failed":
    case "undelivered":
    case "dead":
      return { at: page.sentAt ?? page.updatedAt, words: `Page to ${who} ${lower(fate.words)}`, tone: "bad" };
    default: {
      const words = owner ? "Paged the owner" : pageIndex(page.id) === 0 ? `Paged ${who}` : `Escalated to ${who}`;
      return { at: page.sentAt ?? page.updatedAt, words, tone: "ok" };
    }
  }
}

/**
 * Each page in the order it happened (pages at the same time in escalation order), then who took
 * it, where it falls among them.
 *
 * @example
 * pageHistory({ pages: [{ id: "m_1_page0", toPhone: "+15122345601", status: "delivered", sentAt: 1, … }],
 *   onCall: [{ phone: "+15122345601", name: "Dr. Patel" }], taken: null, … })
 * // [{ at: 1, words: "Paged Dr. Patel, (512) 234-5601", tone: "ok" }]
 */
export function pageHistory(input: PageHistoryInput): PageStep[] {
  const pages = [...input.pages].map((p) => ({ step: pageStep(p, input), order: pageIndex(p.id) }));
  if (input.taken) {
    const { by } = input.taken;
    const who = by === null ? "" : by === input.ownerPhone ? " by the owner" : ` by ${personWords(storedActorWords(by))}`;
    pages.push({ step: { at: input.taken.at, words: `Taken${who}`, tone: "ok" }, order: Number.MAX_SAFE_INTEGER });
  }
  return pages.sort((a, b) => a.step.at - b.step.at || a.order - b.order).map((p) => p.step);
}

/** A page on its way or gone: someone was, or is being, paged. */
const PAGING = new Set<MessageStatus>(["queued", "sending", "retrying", "sent", "delivered"]);

/**
 * For an emergency nobody took, when no page reached anyone and none is on its way: that nobody was
 * paged, and why each page made did not go ("Page to Dr. Patel, (512) 234-5601 not sent: the
 * business reached its daily cap…"), so nobody reads "nobody has taken the page yet" as someone
 * having been paged. Null when a page went out or is going.
 *
 * @example
 * unpagedWords({ pages: [{ id: "m_1_page0", toPhone: "+15122345601", status: "suppressed", errorCode: "premium_rate", … }], ownerPhone: null, onCall: [] })
 * // "Nobody was paged. Page to (512) 234-5601 not sent: the number is premium-rate or shared-cost."
 */
export function unpagedWords(input: Pick<PageHistoryInput, "pages" | "ownerPhone" | "onCall">): string | null {
  if (input.pages.some((p) => PAGING.has(p.status))) return null;
  const full: PageHistoryInput = { ...input, taken: null, held: new Map(), time: () => "" };
  const ended = [...input.pages].filter((p) => p.status !== "scheduled").sort((a, b) => pageIndex(a.id) - pageIndex(b.id));
  const why = ended.map((p) => ` ${pageStep(p, full).words}.`).join("");
  const held = input.pages.some((p) => p.status === "scheduled") ? " The next page is held for its time." : "";
  return `Nobody was paged.${why}${held}`;
}
