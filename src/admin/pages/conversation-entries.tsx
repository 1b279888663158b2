/** A conversation's timeline as a list (admin/timeline.ts puts it in order): calls, voicemails, texts both ways, consent changes. */
import type { FC } from "hono/jsx";
import type { MessageRow } from "../../db/schema";
import type { QualifySettings } from "../../lead-settings";
import { actedByLabel, storedActedBy } from "../../rules/acted-by";
import { explainCall, textFate } from "../../rules/text-fate";
import { transcriptNote } from "../../rules/transcripts";
import type { TimelineEntry } from "../timeline";
import { CARRIER_NAMES } from "./carrier-fields";
import { consentEventLabel, formatPhone, formatTime, kindLabel, outcomeLabel, textLabel } from "./format";
import { PostForm } from "./layout";
import { MediaLinks } from "./media-links";
import { shownBody } from "../../rules/media";
import { AlertItem, type AlertPeople } from "./alert-item";

export interface TimelineProps {
  entries: readonly TimelineEntry[];
  tz: string;
  /** The business's questions, thanks and out-of-area wording: which one a qualification text was. */
  qualify: QualifySettings;
  /** Where a held text's Cancel button posts, with this session's token. */
  cancelAction: string;
  csrf: string;
  /** The business's name for its owner, who the admin token's texts are by. */
  owner?: string | null;
  /** Whom the alerts about the caller went to: the owner's phone, the on-call list. */
  people: AlertPeople;
}

/** When a held text goes out (the line that holds it says; unknown if it could not be asked). */
const Held: FC<{ goesOutAt: number | null; tz: string }> = ({ goesOutAt, tz }) => (
  <>
    {" "}
    · <span class="chip warn">{goesOutAt === null ? "Scheduled" : `Scheduled: goes out ${formatTime(goesOutAt, tz)}`}</span>
  </>
);

const CancelHeld: FC<{ m: MessageRow; action: string; csrf: string }> = ({ m, action, csrf }) => (
  <PostForm action={action} csrf={csrf} class="held-cancel">
    <input type="hidden" name="messageId" value={m.id} />
    <button type="submit" class="secondary" aria-label={`Cancel the ${kindLabel(m.kind).toLowerCase()} to ${formatPhone(m.toPhone)}`}>
      Cancel this text
    </button>
  </PostForm>
);

/** What finally happened to a text, in words (rules/text-fate.ts), never its raw status or code. */
const Fate: FC<{ m: MessageRow }> = ({ m }) => {
  const fate = textFate(m);
  return (
    <>
      {" "}
      · <span class={`chip ${fate.tone}`}>{fate.words}</span>
    </>
  );
};

const TextItem: FC<{ e: Extract<TimelineEntry, { type: "text" }> } & Omit<TimelineProps, "entries">> = ({ e, tz, qualify, cancelAction, csrf, owner }) => {
  const m = e.text;
  const outbound = m.direction === "outbound";
  const held = outbound && m.status === "scheduled";
  // A person's text is named by who wrote it (older ones, by their kind).
  const by = storedActedBy(m.actedBy);
  return (
    // The id is where a redirect after sending lands (#<message id>).
    <li class={outbound ? "out" : "in"} id={m.id}>
      <span class="meta">
        {outbound ? (by ? actedByLabel(by, owner ?? null) : textLabel(m, qualify)) : "Caller"}
        {held ? <Held goesOutAt={e.goesOutAt} tz={tz} /> : ` · ${formatTime(e.at, tz)}`}
        {outbound && !held ? <Fate m={m} /> : null}
      </span>
      <span class="bubble">{shownBody(m.body, m.media?.length ?? 0)}</span>
      <MediaLinks media={m.media} />
      {held ? <CancelHeld m={m} action={cancelAction} csrf={csrf} /> : null}
    </li>
  );
};

/** A call, and what finally happened to its text-back. */
function callWords(e: Extract<TimelineEntry, { type: "call" }>) {
  const r = e.call;
  return (
    <>
      <strong>{r.outcome === "answered" ? "Call answered" : `Missed call: ${outcomeLabel(r.outcome).toLowerCase()}`}</strong> · {explainCall(r.decision, e.textBack)}
    </>
  );
}

/** A voicemail whose words did not come (yet): read, being read, none heard, gone, or dead. */
function voicemailWords(e: Extract<TimelineEntry, { type: "voicemail" }>) {
  const v = e.voicemail;
  return transcriptNote(CARRIER_NAMES[v.carrier] ?? v.carrier, v.status, v.lastError);
}

export const Timeline: FC<TimelineProps> = ({ entries, ...rest }) => (
  <ol class="timeline" aria-label="Calls and texts, oldest first">
    {entries.map((e) =>
      e.type === "text" ? (
        <TextItem e={e} {...rest} />
      ) : e.type === "alert" ? (
        <AlertItem m={e.text} at={e.at} tz={rest.tz} people={rest.people} timed={e.text.status === "scheduled"} status={e.text.status === "scheduled" ? <Held goesOutAt={e.goesOutAt} tz={rest.tz} /> : <Fate m={e.text} />} />
      ) : (
        <li class="event">
          <span class="meta">{formatTime(e.at, rest.tz)}</span>
          <span class="note">{e.type === "call" ? callWords(e) : e.type === "voicemail" ? voicemailWords(e) : consentEventLabel(e.event.kind, e.event.source, e.event.actedBy, rest.owner ?? null)}</span>
        </li>
      ),
    )}
  </ol>
);
