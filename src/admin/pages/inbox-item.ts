/**
 * A conversation as the inbox shows it (admin/inbox.ts says where each stands): the page renders
 * these items, and its live script redraws them from conversations.json, so both say the same.
 */
import type { BusinessRow } from "../../db/schema";
import type { Question } from "../../lead-settings";
import { shownCaller } from "../../rules/display";
import { urgentChip, type EmergencyChip } from "../../rules/emergency-words";
import { keyLabel, leadNeed, questionLabel } from "../../rules/lead-answers";
import type { InboxRow, InboxState, ShownLead } from "../inbox";
import { formatTime } from "./format";
import { businessPath } from "./layout";
import { formatCents, leadStatusLabel, lostReasonLabel } from "./lead-format";

/** The longest preview of a text a conversation quotes. */
const PREVIEW_CHARS = 140;

/** A chip of a row: its words, its tone (a class of `.chip`) and what it means, on hover. */
export interface RowChip {
  words: string;
  tone: "ok" | "warn" | "bad" | "";
  title: string;
}

/** A conversation as the list shows it: the page renders it, and the live script redraws it from the JSON. */
export interface ConversationItem {
  phone: string;
  href: string;
  title: string;
  /** The phone, under the caller's name. */
  subtitle: string;
  preview: string;
  at: string;
  unread: boolean;
  needsReply: boolean;
  /** Where the conversation stands: a person should answer, the caller should, or it is over. */
  state: InboxState;
  /** "Waiting since Dec 7, 2:48 PM": when a person's answer became due; "" unless one is. */
  waiting: string;
  /** What the caller needs (their lead's service answer), cut short; "" unknown. */
  need: string;
  /** The job's address from their answers; "" unknown. */
  address: string;
  /** Waiting on the caller: answering automation's questions (which one), or on anything else; null otherwise. */
  stateChip: RowChip | null;
  /** The lead's status when it says something to act on: qualified, booked, won, lost (and why). */
  leadChip: RowChip | null;
  /** The caller is a blocked contact: asks for no reply. */
  blocked: boolean;
  /** The open lead's urgent page: taken (by whom) or not (rules/emergency-words.ts). */
  urgent: EmergencyChip | null;
  /** Its page is urgent and nobody has taken it: on top of the list, marked. */
  untaken: boolean;
  /** The caller named a danger while the lead is open. */
  danger: boolean;
  /** A landline: "Landline · call back" (rules/line-type.ts). */
  landline: boolean;
}

const clip = (body: string) => (body.length > PREVIEW_CHARS ? `${body.slice(0, PREVIEW_CHARS - 1)}…` : body);
const said = (text: { kind: string; body: string }) => (text.kind === "transcript" ? `Voicemail: ${clip(text.body)}` : clip(text.body));

/**
 * What the row quotes: the caller's own newest words whenever they spoke last, wait for a person's
 * answer, or are answering automation's questions (`asked`: an automatic text after them is not
 * what the office needs to read); "You: …" or "Automatic: …" only when the business spoke last and
 * nothing of the caller's is unanswered.
 */
export function previewOf(row: Pick<InboxRow, "last" | "callerSaid" | "needsReply"> & { asked?: string | null }): string {
  const { last, callerSaid } = row;
  if (!last) return "";
  if (last.direction === "inbound") return said(last);
  if ((row.needsReply || row.asked) && callerSaid) return said(callerSaid);
  return `${last.kind === "manual" ? "You" : "Automatic"}: ${clip(last.body)}`;
}

/** What a landline caller's conversation of calls alone says. */
const LANDLINE_PREVIEW = "Missed call: a landline, so nobody could text them.";

const OPTED_OUT: RowChip = { words: "Opted out", tone: "bad", title: "They asked for no more texts: nobody may text them." };

/** The question automation asked, in its own words (the business's question), else its key's. */
function askedWords(key: string, questions: readonly Pick<Question, "key" | "ask">[]): string {
  const q = questions.find((x) => x.key === key);
  return q ? questionLabel(q.ask) : keyLabel(key);
}

/** A conversation waiting on the caller, or one they opted out of: what it waits for. */
function stateChipOf(row: InboxRow, questions: readonly Pick<Question, "key" | "ask">[]): RowChip | null {
  if (row.optedOut && !row.needsReply) return OPTED_OUT;
  if (row.state !== "caller") return null;
  const asked = row.lead?.asked;
  if (asked) return { words: "Answering questions", tone: "", title: `Automation asked “${askedWords(asked, questions)}”: nothing for a person until they answer.` };
  return { words: "Waiting on caller", tone: "", title: "The business wrote last: nothing for a person until the caller writes." };
}

/** The lead's status, when it is past the questions: qualified, booked, won (how much), lost (why). */
export function leadChipOf(lead: Pick<ShownLead, "status" | "lostReason" | "wonCents"> | null): RowChip | null {
  if (!lead) return null;
  const label = leadStatusLabel(lead.status);
  if (lead.status === "lost") {
    const why = lead.lostReason ? ` · ${lostReasonLabel(lead.lostReason).toLowerCase()}` : "";
    return { words: `${label}${why}`, tone: "bad", title: "The lead is closed as lost: nothing to answer unless they write again." };
  }
  if (lead.status === "won") {
    const amount = lead.wonCents !== null ? ` ${formatCents(lead.wonCents)}` : "";
    return { words: `${label}${amount}`, tone: "ok", title: "The lead is closed as won: nothing to answer unless they write again." };
  }
  if (lead.status === "booked") return { words: label, tone: "ok", title: "A booking came in for this lead." };
  if (lead.status === "qualified") return { words: label, tone: "", title: "They answered every question the business asks." };
  return null;
}

/** The need says nothing the row does not quote already: their service answer is their newest words. */
const repeats = (need: string, preview: string) => preview.startsWith(need.replace(/…$/, ""));

type ItemBusiness = Pick<BusinessRow, "id" | "timezone" | "notifyPhone">;

export function conversationItem(row: InboxRow, business: ItemBusiness, questions: readonly Pick<Question, "key" | "ask">[] = []): ConversationItem {
  const who = shownCaller(row.phone, { contact: row.contactName, lead: row.leadName });
  const lead = row.openLead;
  const { need, address } = leadNeed(row.lead?.fields ?? {});
  const preview = previewOf({ ...row, asked: row.lead?.asked }) || (row.landline ? LANDLINE_PREVIEW : "");
  return {
    phone: row.phone,
    href: businessPath(business.id, `/conversations/${encodeURIComponent(row.phone)}`),
    title: who.name ?? who.phone,
    subtitle: who.name ? who.phone : "",
    preview,
    at: formatTime(row.lastAt, business.timezone),
    unread: row.unread,
    needsReply: row.needsReply,
    state: row.state,
    waiting: row.waitingAt !== null ? `Waiting since ${formatTime(row.waitingAt, business.timezone)}` : "",
    need: need && !repeats(need, preview) ? need : "",
    address: address ?? "",
    stateChip: stateChipOf(row, questions),
    // A blocked caller says so in its own chip.
    leadChip: row.blocked ? null : leadChipOf(row.lead),
    blocked: row.blocked,
    urgent: lead ? urgentChip({ ...lead, closed: false }, business.notifyPhone) : null,
    untaken: lead !== null && lead.urgent && lead.acknowledgedAt === null,
    danger: lead?.dangerAt != null,
    landline: row.landline,
  };
}
