/**
 * A text Textback sent the business's own phones about the caller, in the caller's story: one line
 * saying to whom and why (rules/caller-alerts.ts), when and how it went (`status`, after its own
 * " · "; `timed`: the status says when, for one still held); its words open beneath.
 */
import type { Child } from "hono/jsx";
import { callerAlertWords, type alertRecipient } from "../../rules/caller-alerts";
import { formatTime } from "./format";

export type AlertPeople = Parameters<typeof alertRecipient>[1];

export const AlertItem = (props: { m: { id: string; kind: string; toPhone: string; body: string; status: string }; at: number; tz: string; people: AlertPeople; status: Child; timed?: boolean }) => (
  <li class="event alert" id={props.m.id}>
    <details>
      <summary class="note">
        {callerAlertWords(props.m, props.people)}
        {props.timed ? null : ` · ${formatTime(props.at, props.tz)}`}
        {props.status}
      </summary>
      <span class="bubble">{props.m.body}</span>
    </details>
  </li>
);
