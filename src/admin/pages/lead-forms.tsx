/** The forms of a lead's card: status (won with an amount, lost with a reason), details, a note, a text. */
import type { Question } from "../../lead-settings";
import { labelledAnswers } from "../../rules/lead-answers";
import { LEAD_STATUSES, LOST_REASONS } from "../../vocabulary";
import type { LeadRow } from "../leads";
import { MAX_TEXT_LENGTH } from "../texts";
import { formatPhone } from "./format";
import { formRequestKey } from "./forms";
import { Input, invalidMark, TextArea } from "./invalid";
import { leadStatusLabel, lostReasonLabel } from "./lead-format";
import { PostForm } from "./layout";

/** What a refused card form posted, to show it again as typed; `do` names the form. */
export type Posted = Record<string, string>;

type FormProps = { action: string; csrf: string; lead: LeadRow; posted: Posted };

/** The status form; a lost lead's says why (lostWords) and how to reopen it. */
export function StatusForm(props: FormProps & { lostWhy?: string | null }) {
  return (
    <PostForm action={props.action} csrf={props.csrf} class="card">
      <input type="hidden" name="do" value="status" />
      <h2>Status</h2>
      {props.lostWhy ? (
        <p class="lost-why">
          Lost: {props.lostWhy}. To reopen it, choose {LEAD_STATUSES.filter((s) => s !== "won" && s !== "lost").map(leadStatusLabel).join(", ")}.
        </p>
      ) : null}
      <div class="actions status-buttons">
        {LEAD_STATUSES.filter((s) => s !== "won" && s !== "lost").map((s) => (
          <button type="submit" name="status" value={s} class={s === props.lead.status ? "" : "secondary"} aria-pressed={s === props.lead.status}>
            {leadStatusLabel(s)}
          </button>
        ))}
      </div>
      <CloseFields lead={props.lead} posted={props.posted} />
    </PostForm>
  );
}

/**
 * Won with an amount, lost with a reason (and words, needed for Other): inside a status form, on the
 * card and on the caller's conversation.
 */
export function CloseFields(props: { lead: LeadRow; posted: Posted }) {
  const refused = props.posted.do === "status";
  const won = refused ? props.posted.wonDollars : props.lead.wonCents !== null ? String(props.lead.wonCents / 100) : "";
  const v = refused ? props.posted : { lostReason: props.lead.lostReason ?? "", lostNote: props.lead.lostNote ?? "" };
  return (
    <>
      {/* Refused after a post from the conversation: the corrected one goes back there too. */}
      {props.posted.back === "conversation" ? <input type="hidden" name="back" value="conversation" /> : null}
      <div class="inline">
        <div>
          <label for="won-dollars">Won, amount ($)</label>
          <Input id="won-dollars" type="text" name="wonDollars" inputmode="decimal" autocomplete="off" value={won ?? ""} />
        </div>
        <button type="submit" name="status" value="won">
          Mark won
        </button>
      </div>
      <div class="inline">
        <div>
          <label for="lost-reason">Lost, because</label>
          <select id="lost-reason" name="lostReason" {...invalidMark("lostReason")}>
            <option value="">Choose a reason</option>
            {LOST_REASONS.map((r) => (
              <option value={r} selected={v.lostReason === r}>
                {lostReasonLabel(r)}
              </option>
            ))}
          </select>
        </div>
        <div>
          <label for="lost-note">In words (for Other)</label>
          <Input id="lost-note" name="lostNote" maxlength={500} value={v.lostNote ?? ""} />
        </div>
        <button type="submit" name="status" value="lost" class={props.lead.status === "lost" ? "" : "secondary"} aria-pressed={props.lead.status === "lost"}>
          Mark lost
        </button>
      </div>
    </>
  );
}

/**
 * A caller's answer, in full however long: a box that grows with its words (`field-sizing`, and
 * rows enough where a browser lacks it) rather than a one-line input that cuts them off on a phone.
 */
const AnswerArea = ({ id, name, value }: { id: string; name: string; value: string }) => (
  <TextArea id={id} name={name} class="answer" rows={Math.min(6, Math.max(1, Math.ceil(value.length / 36)))} maxlength={500}>
    {value}
  </TextArea>
);

/**
 * The name and the answers, each under the question that asked for it, in the questions' order,
 * then any other detail (rules/lead-answers.ts). A `name` answer is the Name above unless it differs.
 */
export function DetailsForm(props: FormProps & { questions: readonly Question[] }) {
  const { lead } = props;
  const v: Posted = props.posted.do === "details" ? props.posted : { name: lead.name ?? "", ...Object.fromEntries(Object.entries(lead.fields).map(([k, x]) => [`field.${k}`, x])) };
  const answers = labelledAnswers(lead.fields, props.questions).filter((a) => !(a.key === "name" && a.value === lead.name));
  return (
    <PostForm action={props.action} csrf={props.csrf} class="card">
      <input type="hidden" name="do" value="details" />
      <h2>Details</h2>
      <label for="lead-name">Name</label>
      <Input id="lead-name" name="name" value={v.name ?? ""} maxlength={200} autocomplete="off" />
      {answers.map((a) => (
        <>
          <label for={`field-${a.key}`}>{a.label}</label>
          <AnswerArea id={`field-${a.key}`} name={`field.${a.key}`} value={v[`field.${a.key}`] ?? ""} />
        </>
      ))}
      {/* One above the other: the value may be as long as an answer. */}
      <label for="new-key">New detail</label>
      <Input id="new-key" name="newKey" placeholder="e.g. address" maxlength={40} value={v.newKey ?? ""} />
      <label for="new-value">Its value</label>
      <AnswerArea id="new-value" name="newValue" value={v.newValue ?? ""} />
      <div class="actions">
        <button type="submit">Save details</button>
      </div>
    </PostForm>
  );
}

export const NoteForm = (props: { action: string; csrf: string; posted: Posted }) => (
  <PostForm action={props.action} csrf={props.csrf} class="card">
    <input type="hidden" name="do" value="note" />
    <label for="lead-note">Note (only your team sees it)</label>
    <TextArea id="lead-note" name="note" rows={2} maxlength={2000} required>
      {props.posted.do === "note" ? (props.posted.note ?? "") : ""}
    </TextArea>
    <div class="actions">
      <button type="submit" class="secondary">
        Add note
      </button>
    </div>
  </PostForm>
);

export const ReplyForm = (props: { action: string; csrf: string; phone: string; posted: Posted }) => (
  <PostForm action={props.action} csrf={props.csrf} class="card">
    <input type="hidden" name="requestKey" value={formRequestKey()} />
    <label for="lead-reply">
      Text {formatPhone(props.phone)}
      <span class="hint">From the business number they called. Automatic questions stop once a person writes.</span>
    </label>
    <TextArea id="lead-reply" name="body" rows={3} maxlength={MAX_TEXT_LENGTH} required>
      {props.posted.do === "reply" ? (props.posted.body ?? "") : ""}
    </TextArea>
    <div class="actions">
      <button type="submit">Send text</button>
    </div>
  </PostForm>
);
