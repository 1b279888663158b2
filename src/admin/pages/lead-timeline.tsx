/** A lead's timeline on its card: its calls and texts as themselves, its own entries in words with who did them, its pages as they happened. */
import type { QualifySettings } from "../../lead-settings";
import { labelledAnswers, truncateWords } from "../../rules/lead-answers";
import { explainCode } from "../../rules/reasons";
import { LOST_REASONS } from "../../vocabulary";
import type { TimelineEntry } from "../leads";
import { formatTime, outcomeLabel, textLabel } from "./format";
import { textFate } from "../../rules/text-fate";
import { bookingWords, formatCents, lostReasonLabel, nameFromWords } from "./lead-format";
import { actedByLabel, actedByWords } from "../../rules/acted-by";
import type { PageStep } from "../../rules/page-history";
import type { ActedBy } from "../../vocabulary";
import { shownBody } from "../../rules/media";
import { MediaLinks } from "./media-links";
import { isCallerAlert } from "../../rules/caller-alerts";
import { AlertItem, type AlertPeople } from "./alert-item";

type Words = (detail: Record<string, unknown>, tz: string, actor: string, by: ActedBy | null, owner: string | null) => string;

/** " by Carla", " by the owner's phone": who did a person's act, when it was kept (older entries say nothing). */
const byWords = (by: ActedBy | null, owner: string | null) => (by ? ` by ${actedByWords(by, owner)}` : "");

/**
 * The lead's own entries in words, with who did a person's act; its calls and replies show as
 * themselves, and its urgent page's story (who was paged, who took it) as the page history.
 */
const EVENT_WORDS: Record<string, Words | null> = {
  opened: (d) => ["Lead opened", namedWords(d, "name")].filter(Boolean).join(" · "),
  call: null,
  reply: null,
  opted_out: () => "Texted STOP: no more texts",
  human_reply: (d, _tz, _actor, by, owner) =>
    // A call the business answered hands the lead over as a person's text does (db/lead-acts.ts).
    typeof d.callId === "string" ? "Answered on the phone: automatic questions and follow-ups stop" : `${by ? actedByLabel(by, owner) : "A person"} answered: automatic questions stop`,
  status: (d, _tz, actor, by, owner) =>
    isUndoEntry(d)
      ? `Undone${byWords(by, owner)} (UNDO): ${statusWords(d.undid)} · back to ${String(d.to)}`
      : `${statusWords(d)}${byWords(by, owner)}${d.noReason ? (by ? " · no reason given" : ` · marked lost ${actor === "crm" ? "by the CRM" : "through the API"} without a reason`) : ""}`,
  fields: (d, _tz, _actor, by, owner) => `${fieldsWords(d)}${byWords(by, owner)}`,
  note: (d, _tz, _actor, by, owner) => `Note${byWords(by, owner)}: ${String(d.text)}`,
  urgent: (d) => `Urgent: ${Array.isArray(d.words) ? d.words.join(", ") : ""}${typeof d.why === "string" ? ` · ${d.why}` : ""}`,
  acknowledged: null,
  click: () => "Opened the booking link",
  booking: (d, tz, _actor, by, owner) => `${bookingWords(d, tz)}${byWords(by, owner)}`,
};

/** An UNDO's entry: the shortcut's own entry it took back, in `undid`. */
const isUndoEntry = (d: Record<string, unknown>): d is Record<string, unknown> & { undid: Record<string, unknown> } => typeof d.undid === "object" && d.undid !== null;

/** "Won $1,250" when the amount came with it, else "Status: booked → won" and why a lost lead was lost. */
function statusWords(d: Record<string, unknown>): string {
  if (d.to === "won" && typeof d.wonCents === "number") return `Won ${formatCents(d.wonCents)}`;
  return `Status: ${String(d.from)} → ${String(d.to)}${lostWhy(d)}`;
}

const isTextRecord = (v: unknown): v is Record<string, string> => typeof v === "object" && v !== null && Object.values(v).every((x) => typeof x === "string");

/**
 * A details entry in words: the caller's answers it kept (and what they made the lead), what a
 * person changed, or a lost lead's reason.
 */
function fieldsWords(d: Record<string, unknown>): string {
  if (d.lostReason) return `Lost${lostWhy({ reason: d.lostReason, note: d.lostNote })}`;
  if (typeof d.wonCents === "number") return `Won amount: ${formatCents(d.wonCents)}`;
  if (isTextRecord(d.answers)) {
    // A name the caller gave in passing (no question asks it) is kept on the lead too.
    const answers = typeof d.name === "string" ? { ...d.answers, name: d.name } : d.answers;
    const kept = labelledAnswers(answers, []).map((a) => `${a.label} “${truncateWords(a.value, 60)}”`);
    // The one loss automation decides: the ZIP this reply gave, outside the service area.
    const zip = d.answers.zip ? `: ZIP ${d.answers.zip} was not in your service area` : "";
    const made = d.to === "qualified" ? " · qualified" : d.to === "lost" ? ` · lost (${lostReasonLabel("out_of_area").toLowerCase()}${zip})` : "";
    return `Answer kept: ${kept.join(", ")}${made}`;
  }
  if (typeof d.fields === "object" && d.fields !== null) {
    const keys = Object.fromEntries(Object.keys(d.fields).map((k) => [k, ""]));
    return `Details changed: ${labelledAnswers(keys, []).map((a) => a.label).join(", ")}`;
  }
  if (typeof d.name === "string") return namedWords(d, "Name") || `Name set: ${d.name}`;
  return "Details changed";
}

/** "name from caller ID: John Smith" (`word` starts it) from an entry's name and where it came from; "" without them. */
function namedWords(d: Record<string, unknown>, word: string): string {
  const from = nameFromWords(d.nameFrom);
  return from && typeof d.name === "string" ? `${word} ${from}: ${d.name}` : "";
}

/** " (price: went elsewhere)" from a status entry's reason and note. */
function lostWhy(d: Record<string, unknown>): string {
  if (typeof d.reason !== "string") return "";
  const label = (LOST_REASONS as readonly string[]).includes(d.reason) || d.reason === "blocked" ? lostReasonLabel(d.reason as never).toLowerCase() : d.reason;
  return ` (${label}${typeof d.note === "string" && d.note ? `: ${d.note}` : ""})`;
}

/** A text both ways: the caller's, Textback's by what it is, a person's by who wrote it. */
/** How a text went, in the words the conversation uses ("Delivered", "Failed: …", held for the owner's digest), never a raw status. */
const Fate = ({ e }: { e: Extract<TimelineEntry, { type: "message" }> }) => {
  const fate = textFate(e);
  return (
    <>
      {" "}
      · <span class={`chip ${fate.tone}`}>{fate.words}</span>
    </>
  );
};

function TextItem(props: { e: Extract<TimelineEntry, { type: "message" }>; tz: string; qualify: QualifySettings; owner: string | null }) {
  const { e, tz } = props;
  const label = e.direction === "inbound" ? "Caller" : e.actedBy ? actedByLabel(e.actedBy, props.owner) : textLabel(e, props.qualify);
  return (
    // The id is where a redirect after sending lands (#<message id>), so the text just sent is in view.
    <li class={e.direction === "inbound" ? "in" : "out"} id={e.id}>
      <span class="meta">
        {label} · {formatTime(e.at, tz)}
        {e.direction === "outbound" ? <Fate e={e} /> : null}
      </span>
      <span class="bubble">{shownBody(e.body, e.media.length)}</span>
      <MediaLinks media={e.media} />
    </li>
  );
}

/** A line of the lead's story that is not a text: an entry, a call, or a step of its page history. */
const EventItem = (props: { words: string; at: number; tz: string; tone?: PageStep["tone"]; timed?: boolean }) => (
  <li class={props.tone === undefined ? "event" : `event page ${props.tone}`}>
    <span class="note">
      {props.words}
      {props.timed ? null : <> · {formatTime(props.at, props.tz)}</>}
    </span>
  </li>
);

function TimelineItem(props: { entry: TimelineEntry; tz: string; qualify: QualifySettings; owner: string | null; people: AlertPeople }) {
  const { entry: e, tz } = props;
  // Pages show as the page history's steps.
  if (e.type === "message" && e.kind === "page") return null;
  if (e.type === "message" && isCallerAlert(e.kind)) {
    return <AlertItem m={{ id: e.id, kind: e.kind, toPhone: e.to, body: e.body, status: e.status }} at={e.at} tz={tz} people={props.people} status={<Fate e={e} />} />;
  }
  if (e.type === "message") return <TextItem e={e} tz={tz} qualify={props.qualify} owner={props.owner} />;
  if (e.type === "call") return <EventItem words={`Missed call: ${outcomeLabel(e.outcome).toLowerCase()} · ${explainCode(e.decision)}`} at={e.at} tz={tz} />;
  const describe = EVENT_WORDS[e.event];
  if (describe === null) return null;
  return <EventItem words={describe?.(e.detail ?? {}, tz, e.actor, e.actedBy, props.owner) ?? e.event} at={e.at} tz={tz} />;
}

/**
 * The lead's timeline, with its page history (rules/page-history.ts) where each step happened.
 * `owner`: the business's name for its owner, who the admin token's acts are by; `people`: whom
 * the alerts about the caller went to.
 */
export const LeadTimeline = (props: { entries: readonly TimelineEntry[]; pageSteps: readonly PageStep[]; tz: string; qualify: QualifySettings; owner: string | null; people: AlertPeople }) => {
  const items = [
    ...props.entries.map((entry) => ({ at: entry.at, item: <TimelineItem entry={entry} tz={props.tz} qualify={props.qualify} owner={props.owner} people={props.people} /> })),
    ...props.pageSteps.map((step) => ({ at: step.at, item: <EventItem words={step.words} at={step.at} tz={props.tz} tone={step.tone} timed={step.timed} /> })),
  ];
  // Stable: a step at the same time as an entry (the urgent reply and its first page) comes after it.
  return <ul class="timeline">{items.sort((a, b) => a.at - b.at).map((i) => i.item)}</ul>;
};
