/** How the pages name a lead's status, source, value and urgent page, and their chips. Pure. */
import { LANDLINE_CHIP, LANDLINE_MEANS } from "../../rules/line-type";
import { LEAD_NAME_SOURCES, LOST_REASONS, type LeadNameSource, type LeadSource, type LeadStatus, type LostReason } from "../../vocabulary";
import { namesOf, type KnownCaller } from "../callers";
import type { LeadRow } from "../leads";
import { storedActorWords } from "../../rules/acted-by";
import { formatPhone, personWords, shownCaller, type ShownCaller } from "../../rules/display";
import { DANGER_MEANS, DANGER_WORDS, type EmergencyChip } from "../../rules/emergency-words";
import { outOfAreaWhy, zipOutsideArea } from "../../rules/lost-reason";
import { formatTime, outcomeLabel } from "./format";
import { PostForm } from "./layout";
import { mayHere } from "./nav";

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
  out_of_area: "Out of area",
  no_response: "No response",
  price: "Price",
  other: "Other",
  blocked: "Blocked",
};

/** Where a lead's name came from, as "Name from …" finishes it. */
const NAME_FROM_WORDS: Record<LeadNameSource, string> = {
  contact: "from contacts",
  caller_id: "from caller ID",
  caller: "the caller gave",
  person: "set by hand",
};

/** "from caller ID", "the caller gave"; null for a source the page does not know (none, or an older lead's). */
export function nameFromWords(source: unknown): string | null {
  return (LEAD_NAME_SOURCES as readonly unknown[]).includes(source) ? NAME_FROM_WORDS[source as LeadNameSource] : null;
}

/** "Name from caller ID", under a lead's name on its card; null as nameFromWords. */
export function nameSourceWords(source: unknown): string | null {
  const from = nameFromWords(source);
  return from ? `Name ${from}` : null;
}

/** A lead's caller as the pages show them: the business's contact's name, else this lead's own (rules/display.ts shownCaller). */
export const leadShownCaller = (lead: Pick<LeadRow, "phone" | "name">, caller: KnownCaller | undefined): ShownCaller =>
  shownCaller(lead.phone, namesOf(caller, lead.name));

/**
 * A lead card's heading: the caller's name (or phone) and where the name came from. A contact's
 * name shown over another on the lead says the lead's too, which the details form edits.
 */
export function LeadName(props: { lead: Pick<LeadRow, "name" | "nameSource">; who: ShownCaller }) {
  const { lead, who } = props;
  const from = who.nameFrom === "contact" ? nameSourceWords("contact") : who.nameFrom === "lead" ? nameSourceWords(lead.nameSource) : null;
  const own = lead.name?.trim();
  const also = who.nameFrom === "contact" && own && own !== who.name ? `this lead's: “${own}”` : null;
  const words = [from, also].filter(Boolean).join("; ");
  return (
    <>
      <h1>{who.name ?? who.phone}</h1>
      {words ? <p class="sub">{words}</p> : null}
    </>
  );
}

/** "Price", "No response". */
export const lostReasonLabel = (reason: LostReason) => LOST_WORDS[reason];

/** Marking a lead lost without a reason, asked in the reason list's own words. */
export const LOST_REASON_PROMPT = `Choose why the lead was lost: ${LOST_REASONS.map(lostReasonLabel).join(", ")}`;

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

/**
 * Why a lead was lost, in words (`zips`: the business's service area): "Out of area: ZIP 75240 is
 * not in your service area" when its ZIP answer is outside it, "Price (went elsewhere)", "No reason given".
 */
export function lostWords(lead: Pick<LeadRow, "lostReason" | "lostNote" | "fields">, zips: readonly string[] | undefined): string {
  if (lead.lostReason === null) return "No reason given";
  const zip = zipOutsideArea(lead, zips);
  return `${lostReasonLabel(lead.lostReason)}${zip ? `: ${outOfAreaWhy(zip)}` : ""}${lead.lostNote ? ` (${lead.lostNote})` : ""}`;
}

/** " · won $450.00", " · estimated $250.00", then " · lost: price (went elsewhere)" for a lost lead (lostWords). */
export function leadValueWords(lead: Pick<LeadRow, "wonCents" | "estimatedCents" | "lostReason" | "lostNote" | "fields">, zips?: readonly string[]): string {
  const value = lead.wonCents !== null ? ` · won ${formatCents(lead.wonCents)}` : lead.estimatedCents !== null ? ` · estimated ${formatCents(lead.estimatedCents)}` : "";
  const why = lostWords(lead, zips);
  const lost = lead.lostReason !== null ? ` · lost: ${why.charAt(0).toLowerCase()}${why.slice(1)}` : "";
  return value + lost;
}

/** Where "I'm taking this" posts, with this session's token; `back` brings the person back to the conversation. */
export interface TakePageAction {
  action: string;
  csrf: string;
  back?: "conversation";
  /** The person looking is on call (admin/page-take.ts takerHere): taking it sends the caller's texts to this phone. */
  taker?: { phone: string; name: string } | null;
}

/**
 * An urgent lead's page: who took it and when, or that nobody has, with the button that takes it
 * as the person looking (shown only to a role that may, while the lead is open).
 */
/**
 * Who took an urgent lead's page, or that nobody did; `unpaged` (rules/page-history.ts
 * unpagedWords): no page reached anyone, and why, said instead of "nobody has taken the page".
 */
export const LeadTakenBy = (props: { lead: Pick<LeadRow, "acknowledgedAt" | "acknowledgedBy" | "closedAt">; tz: string; take?: TakePageAction; unpaged?: string | null }) => {
  const { lead, take } = props;
  const unpaged = props.unpaged ? `Urgent: ${props.unpaged.charAt(0).toLowerCase()}${props.unpaged.slice(1)}` : null;
  if (lead.acknowledgedAt !== null) {
    return (
      <p class="taken ok">
        Taken by {lead.acknowledgedBy ? personWords(storedActorWords(lead.acknowledgedBy)) : "someone"} at {formatTime(lead.acknowledgedAt, props.tz)}
      </p>
    );
  }
  if (lead.closedAt !== null) return <p class="taken bad">{unpaged ?? "Urgent: nobody took the page."}</p>;
  return (
    <div class="take-page">
      <p class="taken bad">{unpaged ?? "Urgent: nobody has taken the page yet."}</p>
      {take ? (
        <PostForm action={take.action} csrf={take.csrf}>
          {take.back ? <input type="hidden" name="back" value={take.back} /> : null}
          <button type="submit">I'm taking this</button>
        </PostForm>
      ) : null}
      {take?.taker && mayHere("POST", take.action) ? (
        <span class="hint">
          You're on call as {take.taker.name}: once you take it, the caller's texts reach {formatPhone(take.taker.phone)} too.
        </span>
      ) : null}
    </div>
  );
};

export const LeadStatusChip = (props: { status: LeadStatus }) => <span class={`chip ${STATUS_TONE[props.status]}`}>{STATUS_WORDS[props.status]}</span>;

export const UrgentChip = () => <span class="chip bad">Urgent</span>;

/** A danger the caller named: louder than any other chip, since the caller was told to call 911. */
export const DangerChip = () => (
  <span class="chip danger" title={DANGER_MEANS}>
    {DANGER_WORDS}
  </span>
);

/** A caller who can only be called back (rules/line-type.ts): nobody texted them. */
export const LandlineChip = () => (
  <span class="chip warn" title={LANDLINE_MEANS}>
    {LANDLINE_CHIP}
  </span>
);

/** A list row's emergency (rules/emergency-words.ts): a danger first, then whether the urgent page was taken. */
export const EmergencyChips = (props: { danger: boolean; urgent: EmergencyChip | null }) => (
  <span class="chips emergency">
    {props.danger ? <DangerChip /> : null}
    {props.urgent ? <span class={`chip ${props.urgent.tone}`}>{props.urgent.words}</span> : null}
  </span>
);

/** A booking's entry: what the provider said, and when the appointment is. */
export function bookingWords(d: Record<string, unknown>, tz: string): string {
  const what = d.action === "canceled" ? "Booking canceled" : d.action === "rescheduled" ? "Booking moved" : d.action === "attached" ? "Booking attached by hand" : "Booked";
  const via = typeof d.provider === "string" ? ` (${d.provider === "calcom" ? "Cal.com" : d.provider === "calendly" ? "Calendly" : "booking system"})` : "";
  const when = typeof d.startsAt === "number" && d.action !== "canceled" ? ` for ${formatTime(d.startsAt, tz)}` : "";
  return `${what}${via}${when}`;
}
