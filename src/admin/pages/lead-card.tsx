/** One lead: who, what they need, what happened, and what a person does next (status, details, a note, a text). */
import { drizzle } from "drizzle-orm/d1";
import { Hono } from "hono";
import { HTTPException } from "hono/http-exception";
import type { BusinessRow } from "../../db/schema";
import { publicBase } from "../../public-base";
import { explainCode } from "../../rules/reasons";
import { LEAD_STATUSES, LOST_REASONS } from "../../vocabulary";
import { routeBusiness } from "../businesses";
import { updateLead } from "../lead-changes";
import { findLead, leadTimeline, type LeadRow, type TimelineEntry } from "../leads";
import { leadPatchSchema } from "../schemas";
import { MAX_TEXT_LENGTH, sendAdminText } from "../texts";
import type { AdminPagesEnv, PageContext } from "./env";
import { formatPhone, formatTime, kindLabel, outcomeLabel, statusTone } from "./format";
import { contactTagsOf } from "../contacts";
import { TagChips } from "./contact-format";
import { formFields, formRefusal, formRequestKey, issueMessages, postedRequestKey } from "./forms";
import { bookingWords, formatCents, LeadStatusChip, leadSourceLabel, leadStatusLabel, lostReasonLabel, UrgentChip } from "./lead-format";
import { Input, invalidMark, MarkInvalid, TextArea, type FormRefusal } from "./invalid";
import { businessPath, PostForm, renderPage } from "./layout";

export const leadCardPages = new Hono<AdminPagesEnv>();

/** The lead's own entries in words; its calls and replies show as themselves. */
const EVENT_WORDS: Record<string, ((detail: Record<string, unknown>, tz: string) => string) | null> = {
  opened: () => "Lead opened",
  call: null,
  reply: null,
  opted_out: () => "Texted STOP: no more texts",
  human_reply: () => "A person answered: automatic questions stop",
  status: (d) => `Status: ${String(d.from)} → ${String(d.to)}${lostWhy(d)}`,
  fields: (d) => (d.lostReason ? `Lost${lostWhy({ reason: d.lostReason, note: d.lostNote })}` : "Details changed"),
  note: (d) => `Note: ${String(d.text)}`,
  urgent: (d) => `Urgent: ${Array.isArray(d.words) ? d.words.join(", ") : ""}; on-call paged`,
  acknowledged: (d) => `Taken by ${String(d.name ?? d.phone)}`,
  click: () => "Opened the booking link",
  booking: (d, tz) => bookingWords(d, tz),
};

/** " (price: went elsewhere)" from a status entry's reason and note. */
function lostWhy(d: Record<string, unknown>): string {
  if (typeof d.reason !== "string") return "";
  const label = (LOST_REASONS as readonly string[]).includes(d.reason) || d.reason === "blocked" ? lostReasonLabel(d.reason as never).toLowerCase() : d.reason;
  return ` (${label}${typeof d.note === "string" && d.note ? `: ${d.note}` : ""})`;
}

function TimelineItem(props: { entry: TimelineEntry; tz: string }) {
  const { entry: e, tz } = props;
  if (e.type === "message") {
    return (
      <li class={e.direction === "inbound" ? "in" : "out"}>
        <span class="meta">
          {e.direction === "inbound" ? "Caller" : kindLabel(e.kind)} · {formatTime(e.at, tz)}
          {e.direction === "outbound" ? <> · <span class={`chip ${statusTone(e.status)}`}>{e.status}</span></> : null}
        </span>
        <span class="bubble">{e.body}</span>
      </li>
    );
  }
  const describe = e.type === "lead_event" ? EVENT_WORDS[e.event] : undefined;
  if (describe === null) return null;
  const words = e.type === "call" ? `Missed call: ${outcomeLabel(e.outcome).toLowerCase()} · ${explainCode(e.decision)}` : (describe?.(e.detail ?? {}, tz) ?? e.event);
  return (
    <li class="event">
      <span class="note">
        {words} · {formatTime(e.at, tz)}
      </span>
    </li>
  );
}

/** What a refused card form posted, to show it again as typed; `do` names the form. */
type Posted = Record<string, string>;

function StatusForm(props: { action: string; csrf: string; lead: LeadRow; posted: Posted }) {
  const won = props.posted.do === "status" ? props.posted.wonDollars : props.lead.wonCents !== null ? String(props.lead.wonCents / 100) : "";
  return (
    <PostForm action={props.action} csrf={props.csrf} class="card">
      <input type="hidden" name="do" value="status" />
      <h2>Status</h2>
      <div class="actions status-buttons">
        {LEAD_STATUSES.filter((s) => s !== "won" && s !== "lost").map((s) => (
          <button type="submit" name="status" value={s} class={s === props.lead.status ? "" : "secondary"} aria-pressed={s === props.lead.status}>
            {leadStatusLabel(s)}
          </button>
        ))}
      </div>
      <div class="inline">
        <div>
          <label for="won-dollars">Won, amount ($)</label>
          <Input id="won-dollars" type="number" name="wonDollars" min="0" step="0.01" inputmode="decimal" value={won ?? ""} />
        </div>
        <button type="submit" name="status" value="won">
          Mark won
        </button>
      </div>
      <LostFields lead={props.lead} posted={props.posted} />
    </PostForm>
  );
}

/** Why it was lost: a reason from the list, and words (needed for Other). */
function LostFields(props: { lead: LeadRow; posted: Posted }) {
  const v = props.posted.do === "status" ? props.posted : { lostReason: props.lead.lostReason ?? "", lostNote: props.lead.lostNote ?? "" };
  return (
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
  );
}

function DetailsForm(props: { action: string; csrf: string; lead: LeadRow; posted: Posted }) {
  const { lead } = props;
  const v: Posted = props.posted.do === "details" ? props.posted : { name: lead.name ?? "", ...Object.fromEntries(Object.entries(lead.fields).map(([k, x]) => [`field.${k}`, x])) };
  return (
    <PostForm action={props.action} csrf={props.csrf} class="card">
      <input type="hidden" name="do" value="details" />
      <h2>Details</h2>
      <label for="lead-name">Name</label>
      <Input id="lead-name" name="name" value={v.name ?? ""} maxlength={200} autocomplete="off" />
      {Object.keys(lead.fields).map((key) => (
        <>
          <label for={`field-${key}`}>{key}</label>
          <Input id={`field-${key}`} name={`field.${key}`} value={v[`field.${key}`] ?? ""} maxlength={500} />
        </>
      ))}
      <div class="inline">
        <div>
          <label for="new-key">New detail</label>
          <Input id="new-key" name="newKey" placeholder="e.g. address" maxlength={40} value={v.newKey ?? ""} />
        </div>
        <div>
          <label for="new-value">Value</label>
          <Input id="new-value" name="newValue" maxlength={500} value={v.newValue ?? ""} />
        </div>
      </div>
      <div class="actions">
        <button type="submit">Save details</button>
      </div>
    </PostForm>
  );
}

const NoteForm = (props: { action: string; csrf: string; posted: Posted }) => (
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

const ReplyForm = (props: { action: string; csrf: string; phone: string; posted: Posted }) => (
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

async function routeLead(c: PageContext): Promise<{ business: BusinessRow; lead: LeadRow }> {
  const business = await routeBusiness(c);
  const lead = await findLead(drizzle(c.env.DB), c.req.param("leadId") ?? "");
  if (lead.businessId !== business.id) throw new HTTPException(404, { message: "no such lead" });
  return { business, lead };
}

/** A refused card form: its status, the problems, the fields they name, and what was posted (kept). */
type CardRefusal = FormRefusal & { status: 400 | 409 | 503; posted: Posted };

async function leadPage(c: PageContext, business: BusinessRow, lead: LeadRow, refusal?: CardRefusal) {
  const [timeline, tags] = await Promise.all([leadTimeline(drizzle(c.env.DB), lead), contactTagsOf(c.env.DB, business.id, [lead.phone])]);
  const csrf = c.get("session").csrfToken;
  const path = businessPath(business.id, `/leads/${encodeURIComponent(lead.id)}`);
  const tz = business.timezone;
  const posted = refusal?.posted ?? {};
  return renderPage(
    c,
    { title: lead.name ?? formatPhone(lead.phone), business, tab: "leads", status: refusal?.status, errors: refusal?.errors },
    <MarkInvalid names={refusal?.invalid}>
      <p class="sub">
        <a href={businessPath(business.id, "/leads")}>← Leads</a>
      </p>
      <h1>{lead.name ?? formatPhone(lead.phone)}</h1>
      <p class="chips">
        {lead.urgent ? <UrgentChip /> : null}
        <LeadStatusChip status={lead.status} /> <TagChips tags={tags.get(lead.phone) ?? []} /> <a href={`tel:${lead.phone}`}>{formatPhone(lead.phone)}</a> ·{" "}
        <a href={businessPath(business.id, `/contacts/${encodeURIComponent(lead.phone)}`)}>contact</a> · {leadSourceLabel(lead.source)}
        {lead.wonCents !== null ? ` · won ${formatCents(lead.wonCents)}` : lead.estimatedCents !== null ? ` · estimated ${formatCents(lead.estimatedCents)}` : ""}
        {lead.lostReason !== null ? ` · lost: ${lostReasonLabel(lead.lostReason).toLowerCase()}${lead.lostNote ? ` (${lead.lostNote})` : ""}` : ""}
      </p>
      <div class="editor">
        <section>
          <StatusForm action={path} csrf={csrf} lead={lead} posted={posted} />
          <DetailsForm action={path} csrf={csrf} lead={lead} posted={posted} />
          <NoteForm action={path} csrf={csrf} posted={posted} />
        </section>
        <section>
          <h2>What happened</h2>
          <ul class="timeline">
            {timeline.map((entry) => (
              <TimelineItem entry={entry} tz={tz} />
            ))}
          </ul>
          <ReplyForm action={`${path}/reply`} csrf={csrf} phone={lead.phone} posted={posted} />
        </section>
      </div>
    </MarkInvalid>,
  );
}

leadCardPages.get("/businesses/:id/leads/:leadId", async (c) => {
  const { business, lead } = await routeLead(c);
  return leadPage(c, business, lead);
});

/** The patch a card form asks for: `do` names the form. */
function patchFrom(f: Record<string, string>): unknown {
  if (f.do === "note") return { note: f.note };
  if (f.do === "status") {
    const won = f.status === "won" && f.wonDollars ? { wonCents: Math.round(Number(f.wonDollars) * 100) } : {};
    const lost = f.status === "lost" ? { ...(f.lostReason ? { lostReason: f.lostReason } : {}), lostNote: f.lostNote?.trim() || null } : {};
    return { status: f.status, ...won, ...lost };
  }
  const fields: Record<string, string | null> = {};
  for (const [k, v] of Object.entries(f)) if (k.startsWith("field.")) fields[k.slice("field.".length)] = v.trim() === "" ? null : v;
  if (f.newKey?.trim()) fields[f.newKey.trim()] = f.newValue ?? "";
  return { name: f.name?.trim() ? f.name : null, fields };
}

/** The posted field a validation issue of a card form is about. */
function cardFieldName(path: readonly PropertyKey[], posted: Posted): string {
  const [head, key] = path.map(String);
  if (head === "wonCents") return "wonDollars";
  if (head === "fields" && key !== undefined) return posted.newKey?.trim() === key ? "newValue" : `field.${key}`;
  return head ?? "";
}

leadCardPages.post("/businesses/:id/leads/:leadId", async (c) => {
  const { business, lead } = await routeLead(c);
  const posted = await formFields(c);
  const parsed = leadPatchSchema.safeParse(patchFrom(posted));
  if (!parsed.success) {
    const invalid = new Set(parsed.error.issues.map((i) => cardFieldName(i.path, posted)));
    return leadPage(c, business, lead, { status: 400, errors: issueMessages(parsed.error, (p) => String(p[0] ?? "form")), invalid, posted });
  }
  const refused = await formRefusal([400, 409], () => updateLead(c.env, lead.id, parsed.data));
  if (refused) return leadPage(c, business, lead, { ...refused, invalid: new Set(refused.errors[0]?.startsWith("lostReason:") ? ["lostReason"] : []), posted });
  return c.redirect(`${businessPath(business.id, `/leads/${encodeURIComponent(lead.id)}`)}?done=saved`, 303);
});

leadCardPages.post("/businesses/:id/leads/:leadId/reply", async (c) => {
  const { business, lead } = await routeLead(c);
  const f = await formFields(c);
  const send = () =>
    sendAdminText(c.env, { businessId: business.id, to: lead.phone, body: f.body ?? "", kind: "manual", publicBaseUrl: publicBase(c), requestKey: postedRequestKey(f) });
  const refused = await formRefusal([400, 409, 503], send);
  // The text is kept whatever was refused; it is the field at fault only when the refusal says so.
  if (refused) return leadPage(c, business, lead, { ...refused, invalid: new Set(refused.errors[0]?.startsWith("body:") ? ["body"] : []), posted: { ...f, do: "reply" } });
  return c.redirect(`${businessPath(business.id, `/leads/${encodeURIComponent(lead.id)}`)}?done=reply_sent`, 303);
});
