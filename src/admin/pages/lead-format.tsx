/** How the pages name a lead's status and source, and their chips. Pure. */
import type { LeadSource, LeadStatus, LostReason } from "../../vocabulary";
import { formatTime, outcomeLabel } from "./format";

const STATUS_WORDS: Record<LeadStatus, string> = {
  new: "New",
  engaged: "Replied",
  qualified: "Qualified",
  booked: "Booked",
  won: "Won",
  lost: "Lost",
};

const STATUS_TONE: Record<LeadStatus, "ok" | "warn" | "bad" | ""> = {
  new: "warn",
  engaged: "",
  qualified: "",
  booked: "ok",
  won: "ok",
  lost: "bad",
};

export const leadStatusLabel = (status: LeadStatus) => STATUS_WORDS[status];

const LOST_WORDS: Record<LostReason, string> = {
  out_of_area: "Out of the service area",
  no_response: "No response",
  price: "Price",
  other: "Other",
  blocked: "Blocked",
};

/** "Price", "No response". */
export const lostReasonLabel = (reason: LostReason) => LOST_WORDS[reason];

/** "Missed call: no answer", "Texted first". */
export function leadSourceLabel(source: LeadSource): string {
  return source === "inbound_text" ? "Texted first" : `Missed call: ${outcomeLabel(source).toLowerCase()}`;
}

// One formatter for every amount on a page: toLocaleString would build one per call.
const DOLLARS = new Intl.NumberFormat("en-US", { minimumFractionDigits: 2, maximumFractionDigits: 2 });

/** "$450.00" from cents. */
export function formatCents(cents: number | null): string {
  return cents === null ? "—" : `$${DOLLARS.format(cents / 100)}`;
}

export const LeadStatusChip = (props: { status: LeadStatus }) => <span class={`chip ${STATUS_TONE[props.status]}`}>{STATUS_WORDS[props.status]}</span>;

export const UrgentChip = () => <span class="chip bad">Urgent</span>;

/** A booking's entry: what the provider said, and when the appointment is. */
export function bookingWords(d: Record<string, unknown>, tz: string): string {
  const what = d.action === "canceled" ? "Booking canceled" : d.action === "rescheduled" ? "Booking moved" : d.action === "attached" ? "Booking attached by hand" : "Booked";
  const via = typeof d.provider === "string" ? ` (${d.provider === "calcom" ? "Cal.com" : d.provider === "calendly" ? "Calendly" : "booking system"})` : "";
  const when = typeof d.startsAt === "number" && d.action !== "canceled" ? ` for ${formatTime(d.startsAt, tz)}` : "";
  return `${what}${via}${when}`;
}
