/** One lead: who, what they need, what happened, and what a person does next (status, details, a note, a text). */
import { drizzle } from "drizzle-orm/d1";
import { Hono } from "hono";
import { HTTPException } from "hono/http-exception";
import type { BusinessRow } from "../../db/schema";
import type { Question } from "../../lead-settings";
import { publicBase } from "../../public-base";
import { parseDollars } from "../../rules/amount";
import { keyLabel, questionLabel } from "../../rules/lead-answers";
import { ownerName } from "../../rules/acted-by";
import { parseSettings } from "../../settings";
import { routeBusiness } from "../businesses";
import { callersOf } from "../callers";
import { updateLead } from "../lead-changes";
import { findLead, leadRecords, timelineOf, type LeadRow } from "../leads";
import { leadPageHistory } from "../page-history";
import { unpagedWords } from "../../rules/page-history";
import { takePage, takerHere } from "../page-take";
import { leadPatchSchema } from "../schemas";
import { sendAdminText } from "../texts";
import type * as z from "../../zod";
import { TagChips } from "./contact-format";
import type { AdminPagesEnv, PageContext } from "./env";
import { formatTime } from "./format";
import { formFields, formRefusal, postedRequestKey } from "./forms";
import { MarkInvalid, type FormRefusal } from "./invalid";
import { DetailsForm, NoteForm, ReplyForm, StatusForm, type Posted } from "./lead-forms";
import { LandlineChip, LeadName, leadShownCaller, LeadStatusChip, leadSourceLabel, LeadTakenBy, leadValueWords, lostWords, LOST_REASON_PROMPT, UrgentChip, DangerChip } from "./lead-format";
import { LeadTimeline } from "./lead-timeline";
import { businessPath, renderPage } from "./layout";

export const leadCardPages = new Hono<AdminPagesEnv>();

async function routeLead(c: PageContext): Promise<{ business: BusinessRow; lead: LeadRow }> {
  const business = await routeBusiness(c);
  const lead = await findLead(drizzle(c.env.DB), c.req.param("leadId") ?? "");
  if (lead.businessId !== business.id) throw new HTTPException(404, { message: "no such lead" });
  return { business, lead };
}

const cardPath = (business: BusinessRow, lead: LeadRow) => businessPath(business.id, `/leads/${encodeURIComponent(lead.id)}`);

/** A refused card form: its status, the problems, the fields they name, and what was posted (kept). */
type CardRefusal = FormRefusal & { status: 400 | 409 | 503; posted: Posted };

async function leadPage(c: PageContext, business: BusinessRow, lead: LeadRow, refusal?: CardRefusal) {
  const [records, callers] = await Promise.all([leadRecords(drizzle(c.env.DB), lead), callersOf(c.env.DB, business.id, [lead.phone])]);
  const caller = callers.get(lead.phone);
  const who = leadShownCaller(lead, caller);
  const pageSteps = await leadPageHistory(c.env, business, lead, records, (at) => formatTime(at, business.timezone));
  const settings = parseSettings(business.settings);
  const { qualify } = settings;
  const csrf = c.get("session").csrfToken;
  const path = cardPath(business, lead);
  const tz = business.timezone;
  const posted = refusal?.posted ?? {};
  return renderPage(
    c,
    { title: who.name ?? who.phone, business, tab: "leads", status: refusal?.status, errors: refusal?.errors },
    <MarkInvalid names={refusal?.invalid}>
      <p class="sub">
        <a href={businessPath(business.id, "/leads")}>← Leads</a>
      </p>
      <LeadName lead={lead} who={who} />
      <p class="chips">
        {lead.dangerAt !== null ? <DangerChip /> : null}
        {lead.urgent ? <UrgentChip /> : null}
        <LeadStatusChip status={lead.status} /> {caller?.landline && lead.closedAt === null ? <LandlineChip /> : null} <TagChips tags={caller?.tags ?? []} />{" "}
        <a href={`tel:${lead.phone}`}>{who.phone}</a> ·{" "}
        <a href={businessPath(business.id, `/conversations/${encodeURIComponent(lead.phone)}`)}>conversation</a> ·{" "}
        <a href={businessPath(business.id, `/contacts/${encodeURIComponent(lead.phone)}`)}>contact</a> · {leadSourceLabel(lead.source)}
        {leadValueWords(lead, qualify.serviceArea?.zips)}
      </p>
      {lead.urgent ? <LeadTakenBy lead={lead} tz={tz} take={{ action: `${path}/take`, csrf, taker: takerHere({ notifyPhone: business.notifyPhone, onCall: settings.urgent.onCall }) }} unpaged={unpagedWords({ pages: records.pages, ownerPhone: business.notifyPhone, onCall: settings.urgent.onCall })} /> : null}
      <div class="editor">
        <section>
          <StatusForm action={path} csrf={csrf} lead={lead} posted={posted} lostWhy={lead.status === "lost" ? lostWords(lead, qualify.serviceArea?.zips) : null} />
          <DetailsForm action={path} csrf={csrf} lead={lead} posted={posted} questions={qualify.questions} />
          <NoteForm action={path} csrf={csrf} posted={posted} />
        </section>
        <section>
          <h2>What happened</h2>
          <LeadTimeline entries={timelineOf(records)} pageSteps={pageSteps} tz={tz} qualify={qualify} owner={ownerName(business.notifyPhone, settings.urgent.onCall)} people={{ ownerPhone: business.notifyPhone, onCall: settings.urgent.onCall }} />
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
    const cents = f.status === "won" && f.wonDollars?.trim() ? parseDollars(f.wonDollars) : null;
    const won = cents !== null ? { wonCents: cents } : {};
    const lost = f.status === "lost" ? { ...(f.lostReason ? { lostReason: f.lostReason } : {}), lostNote: f.lostNote?.trim() || null } : {};
    return { status: f.status, ...won, ...lost };
  }
  const fields: Record<string, string | null> = {};
  for (const [k, v] of Object.entries(f)) if (k.startsWith("field.")) fields[k.slice("field.".length)] = v.trim() === "" ? null : v;
  if (f.newKey?.trim()) fields[f.newKey.trim()] = f.newValue ?? "";
  return { name: f.name?.trim() ? f.name : null, fields };
}

type Issue = z.core.$ZodIssue;

/** The posted field a validation issue of a card form is about. */
function cardFieldName({ path, code }: Issue, posted: Posted): string {
  const [head, key] = path.map(String);
  if (code === "invalid_key") return "newKey";
  if (head === "wonCents") return "wonDollars";
  if (head === "fields" && key !== undefined) return posted.newKey?.trim() === key ? "newValue" : `field.${key}`;
  return head ?? "";
}

/** The card's own label of the field a validation issue is about, never the API's name for it. */
const CARD_LABELS: Record<string, string> = {
  status: "Status",
  name: "Name",
  wonCents: "Won, amount ($)",
  lostReason: "Lost, because",
  lostNote: "In words (for Other)",
  note: "Note",
  fields: "New detail",
};

function cardLabel(path: readonly PropertyKey[], posted: Posted, questions: readonly Question[]): string {
  const [head, key] = path.map(String);
  if (head === "fields" && key !== undefined && posted.newKey?.trim() !== key) {
    const question = questions.find((q) => q.key === key);
    return question ? questionLabel(question.ask) : keyLabel(key);
  }
  return CARD_LABELS[head ?? ""] ?? "Form";
}

/** A problem in the card's words: a detail's name is refused by what is wrong with it. */
function cardProblem(issue: Issue, posted: Posted, questions: readonly Question[]): string {
  const words = issue.code === "invalid_key" ? (issue.issues[0]?.message ?? issue.message) : issue.message;
  return `${cardLabel(issue.path, posted, questions)}: ${words}`;
}

/** Marking a lead lost without choosing why: asked in the dropdown's words (the API names its codes). */
const lostWithoutReason = (lead: LeadRow, f: Posted) => f.do === "status" && f.status === "lost" && !f.lostReason && lead.status !== "lost";

/** A won amount typed as the owner's "W $1,250" takes it, or one that reads two ways ("12,34"): asked again, never guessed. */
const wonAmountUnread = (f: Posted) => f.do === "status" && f.status === "won" && !!f.wonDollars?.trim() && parseDollars(f.wonDollars) === null;

leadCardPages.post("/businesses/:id/leads/:leadId", async (c) => {
  const { business, lead } = await routeLead(c);
  const posted = await formFields(c);
  if (lostWithoutReason(lead, posted)) return leadPage(c, business, lead, { status: 400, errors: [LOST_REASON_PROMPT], invalid: new Set(["lostReason"]), posted });
  if (wonAmountUnread(posted)) {
    const errors = [`${CARD_LABELS.wonCents}: “${posted.wonDollars!.trim()}” is not an amount: write it like 1250 or $1,250.50`];
    return leadPage(c, business, lead, { status: 400, errors, invalid: new Set(["wonDollars"]), posted });
  }
  const parsed = leadPatchSchema.safeParse(patchFrom(posted));
  if (!parsed.success) {
    const { qualify } = parseSettings(business.settings);
    const invalid = new Set(parsed.error.issues.map((i) => cardFieldName(i, posted)));
    return leadPage(c, business, lead, { status: 400, errors: parsed.error.issues.map((i) => cardProblem(i, posted, qualify.questions)), invalid, posted });
  }
  const refused = await formRefusal([400, 409], () => updateLead(c.env, lead.id, parsed.data));
  if (refused) return leadPage(c, business, lead, { ...refused, invalid: new Set(refused.errors[0]?.startsWith("lostReason:") ? ["lostReason"] : []), posted });
  // Won or lost from the caller's conversation: back there, to the lead's line.
  if (posted.back === "conversation") return c.redirect(`${businessPath(business.id, `/conversations/${encodeURIComponent(lead.phone)}`)}?done=saved#lead`, 303);
  return c.redirect(`${cardPath(business, lead)}?done=saved`, 303);
});

/** "I'm taking this": the urgent page is this person's (admin/page-take.ts), back where they pressed it. */
leadCardPages.post("/businesses/:id/leads/:leadId/take", async (c) => {
  const { business, lead } = await routeLead(c);
  const f = await formFields(c);
  let took = false;
  const refused = await formRefusal([409], async () => {
    const { onCall } = parseSettings(business.settings).urgent;
    took = (await takePage(c.env, lead, { owner: ownerName(business.notifyPhone, onCall), onCall, publicBaseUrl: publicBase(c) })).took;
  });
  if (refused) return leadPage(c, business, lead, { ...refused, invalid: new Set(), posted: {} });
  const done = took ? "page_taken" : "page_already_taken";
  if (f.back === "conversation") return c.redirect(`${businessPath(business.id, `/conversations/${encodeURIComponent(lead.phone)}`)}?done=${done}#lead`, 303);
  return c.redirect(`${cardPath(business, lead)}?done=${done}`, 303);
});

leadCardPages.post("/businesses/:id/leads/:leadId/reply", async (c) => {
  const { business, lead } = await routeLead(c);
  const f = await formFields(c);
  let sent = "";
  const send = async () => {
    const { message } = await sendAdminText(c.env, { businessId: business.id, to: lead.phone, body: f.body ?? "", kind: "manual", publicBaseUrl: publicBase(c), requestKey: postedRequestKey(f) });
    sent = message.id;
  };
  const refused = await formRefusal([400, 409, 503], send);
  // The text is kept whatever was refused; it is the field at fault only when the refusal says so.
  if (refused) return leadPage(c, business, lead, { ...refused, invalid: new Set(refused.errors[0]?.startsWith("body:") ? ["body"] : []), posted: { ...f, do: "reply" } });
  // Lands on the text just sent (its timeline entry's id), not the top of the page.
  return c.redirect(`${cardPath(business, lead)}?done=reply_sent#${encodeURIComponent(sent)}`, 303);
});
