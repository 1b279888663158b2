/**
 * The caller's lead at the top of their conversation: where it stands, whether it is urgent and who
 * took the page (or that nobody was paged, and why), what it is worth, the way to its card, and (while it is open) won or lost without
 * leaving the conversation: the form posts to the card, which comes back here.
 */
import type { LeadRow } from "../leads";
import { CloseFields } from "./lead-forms";
import { urgentChip } from "../../rules/emergency-words";
import { EmergencyChips, LeadStatusChip, leadSourceLabel, LeadTakenBy, leadValueWords, type TakePageAction } from "./lead-format";
import { businessPath, PostForm } from "./layout";
import { mayHere } from "./nav";

export function ConversationLead(props: { businessId: string; lead: LeadRow | null; csrf: string; tz: string; ownerPhone: string | null; taker: TakePageAction["taker"]; serviceZips?: readonly string[]; unpaged: string | null }) {
  const { lead } = props;
  if (!lead) return null;
  const card = businessPath(props.businessId, `/leads/${encodeURIComponent(lead.id)}`);
  const open = lead.status !== "won" && lead.status !== "lost";
  // The same chip as the caller's row on the lists: whether the page was taken, and by whom.
  const urgent = urgentChip({ ...lead, closed: !open }, props.ownerPhone);
  return (
    <section class="card lead-line" id="lead" aria-label="Lead">
      <p class="chips">
        <strong>Lead</strong>
        {lead.dangerAt !== null || urgent ? <EmergencyChips danger={lead.dangerAt !== null} urgent={urgent} /> : null}
        <LeadStatusChip status={lead.status} />
        <span>
          {leadSourceLabel(lead.source)}
          {leadValueWords(lead, props.serviceZips)} · <a href={card}>Open the lead</a>
        </span>
      </p>
      {lead.urgent ? <LeadTakenBy lead={lead} tz={props.tz} take={{ action: `${card}/take`, csrf: props.csrf, back: "conversation", taker: props.taker }} unpaged={props.unpaged} /> : null}
      {open && mayHere("POST", card) ? (
        <details>
          <summary>Mark won or lost</summary>
          <PostForm action={card} csrf={props.csrf}>
            <input type="hidden" name="do" value="status" />
            <input type="hidden" name="back" value="conversation" />
            <CloseFields lead={lead} posted={{}} />
          </PostForm>
        </details>
      ) : null}
    </section>
  );
}
