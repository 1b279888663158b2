/** A lead's timeline on its card: its calls and texts as themselves, its own entries in words. */
import type { QualifySettings } from "../../lead-settings";
import { labelledAnswers, truncateWords } from "../../rules/lead-answers";
import { explainCode } from "../../rules/reasons";
import { LOST_REASONS } from "../../vocabulary";
import type { TimelineEntry } from "../leads";
import { formatTime, outcomeLabel, statusTone, textLabel } from "./format";
import { bookingWords, lostReasonLabel, nameFromWords } from "./lead-format";

/** The lead's own entries in words; its calls and replies show as themselves. */
const EVENT_WORDS: Record<string, ((detail: Record<string, unknown>, tz: string, actor: string) => string) | null> = {
  opened: (d) => ["Lead opened", namedWords(d, "name")].filter(Boolean).join(" · "),
  call: null,
  reply: null,
  opted_out: () => "Texted STOP: no more texts",
  human_reply: () => "A person answered: automatic questions stop",
  status: (d, _tz, actor) => `Status: ${String(d.from)} → ${String(d.to)}${lostWhy(d)}${d.noReason ? ` · marked lost ${actor === "crm" ? "by the CRM" : "through the API"} without a reason` : ""}`,
  fields: (d) => fieldsWords(d),
  note: (d) => `Note: ${String(d.text)}`,
  urgent: (d) => `Urgent: ${Array.isArray(d.words) ? d.words.join(", ") : ""}; on-call paged`,
  acknowledged: (d) => `Taken by ${String(d.name ?? d.phone)}`,
  click: () => "Opened the booking link",
  booking: (d, tz) => bookingWords(d, tz),
};

const isTextRecord = (v: unknown): v is Record<string, string> => typeof v === "object" && v !== null && Object.values(v).every((x) => typeof x === "string");

/**
 * A details entry in words: the caller's answers it kept (and what they made the lead), what a
 * person changed, or a lost lead's reason.
 */
function fieldsWords(d: Record<string, unknown>): string {
  if (d.lostReason) return `Lost${lostWhy({ reason: d.lostReason, note: d.lostNote })}`;
  if (isTextRecord(d.answers)) {
    const kept = labelledAnswers(d.answers, []).map((a) => `${a.label} “${truncateWords(a.value, 60)}”`);
    const made = d.to === "qualified" ? " · qualified" : d.to === "lost" ? ` · lost (${lostReasonLabel("out_of_area").toLowerCase()})` : "";
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

function TimelineItem(props: { entry: TimelineEntry; tz: string; qualify: QualifySettings }) {
  const { entry: e, tz } = props;
  if (e.type === "message") {
    return (
      // The id is where a redirect after sending lands (#<message id>), so the text just sent is in view.
      <li class={e.direction === "inbound" ? "in" : "out"} id={e.id}>
        <span class="meta">
          {e.direction === "inbound" ? "Caller" : textLabel(e, props.qualify)} · {formatTime(e.at, tz)}
          {e.direction === "outbound" ? <> · <span class={`chip ${statusTone(e.status)}`}>{e.status}</span></> : null}
        </span>
        <span class="bubble">{e.body}</span>
      </li>
    );
  }
  const describe = e.type === "lead_event" ? EVENT_WORDS[e.event] : undefined;
  if (describe === null) return null;
  const words = e.type === "call" ? `Missed call: ${outcomeLabel(e.outcome).toLowerCase()} · ${explainCode(e.decision)}` : (describe?.(e.detail ?? {}, tz, e.actor) ?? e.event);
  return (
    <li class="event">
      <span class="note">
        {words} · {formatTime(e.at, tz)}
      </span>
    </li>
  );
}

export const LeadTimeline = (props: { entries: readonly TimelineEntry[]; tz: string; qualify: QualifySettings }) => (
  <ul class="timeline">
    {props.entries.map((entry) => (
      <TimelineItem entry={entry} tz={props.tz} qualify={props.qualify} />
    ))}
  </ul>
);
