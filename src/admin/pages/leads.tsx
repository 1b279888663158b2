/** Leads: who called and what became of them, urgent first, then by latest activity. */
import { drizzle } from "drizzle-orm/d1";
import { Hono } from "hono";
import { routeBusiness } from "../businesses";
import { callersOf, type KnownCaller } from "../callers";
import { latestWordsOf, leadCursor, listLeads, type LeadRow } from "../leads";
import { TagChips } from "./contact-format";
import { leadListQuerySchema } from "../schemas";
import { LEAD_STATUSES } from "../../vocabulary";
import { countUnmatchedBookings } from "../../db/bookings";
import type { Question } from "../../lead-settings";
import { leadSummary } from "../../rules/lead-answers";
import { parseSettings } from "../../settings";
import type { AdminPagesEnv } from "./env";
import { countOf, formatTime } from "./format";
import { EmergencyChips, LandlineChip, leadShownCaller, LeadStatusChip, leadStatusLabel, leadSourceLabel, lostWords } from "./lead-format";
import { urgentChip } from "../../rules/emergency-words";
import { businessPath, renderPage } from "./layout";

export const leadPages = new Hono<AdminPagesEnv>();

const PAGE_SIZE = 50;

/** The first page starts with every open urgent lead (up to a page), however old its last activity, those whose page nobody took first. */
async function pinnedUrgent(db: ReturnType<typeof drizzle>, businessId: string, query: { status?: LeadRow["status"]; q?: string; cursor?: string; urgent?: boolean }) {
  if (query.cursor || query.urgent === false) return [];
  const rows = await listLeads(db, businessId, { ...query, urgent: true, limit: PAGE_SIZE });
  // A page nobody has taken before one somebody has (sort is stable: each group keeps its order).
  return rows.filter((l) => l.closedAt === null).sort((a, b) => Number(a.acknowledgedAt !== null) - Number(b.acknowledgedAt !== null));
}

/**
 * What each caller needs, in a few words (rules/lead-answers.ts): their answers, else their latest
 * words, read only for the leads without answers.
 */
async function summaries(d1: D1Database, businessId: string, shown: readonly LeadRow[], questions: readonly Question[]): Promise<Map<string, string>> {
  const answered = new Map(shown.map((l) => [l.id, leadSummary(l.fields, questions, null)]));
  const words = await latestWordsOf(d1, businessId, shown.filter((l) => !answered.get(l.id)));
  return new Map(shown.map((l) => [l.id, answered.get(l.id) || leadSummary({}, questions, words.get(l.id) ?? null)]));
}

function LeadItem(props: { lead: LeadRow; businessId: string; ownerPhone: string | null; tz: string; caller: KnownCaller | undefined; summary: string; serviceZips: readonly string[] | undefined }) {
  const { lead, tz, summary } = props;
  const who = leadShownCaller(lead, props.caller);
  const urgent = urgentChip({ ...lead, closed: lead.closedAt !== null }, props.ownerPhone);
  return (
    <li class={`lead${lead.urgent && !lead.closedAt ? " urgent" : ""}`}>
      <a href={businessPath(props.businessId, `/leads/${encodeURIComponent(lead.id)}`)}>
        <span class="lead-head">
          <strong>{who.name ?? who.phone}</strong>
          <span class="chips">
            {urgent || lead.dangerAt !== null ? <EmergencyChips danger={lead.dangerAt !== null} urgent={urgent} /> : null}
            <LeadStatusChip status={lead.status} />
            {props.caller?.landline && lead.closedAt === null ? <LandlineChip /> : null}
            <TagChips tags={props.caller?.tags ?? []} />
          </span>
        </span>
        {who.name ? <span class="meta">{who.phone}</span> : null}
        {summary ? <span class="summary">{summary}</span> : null}
        {lead.status === "lost" ? <span class="meta lost-why">Lost: {lostWords(lead, props.serviceZips)}</span> : null}
        <span class="meta">
          {leadSourceLabel(lead.source)} · {countOf(lead.calls, "call")} · {formatTime(lead.lastActivityAt, tz)}
          {lead.handedOver && !lead.closedAt ? " · a person is talking to them" : lead.handedOver ? " · a person answered them" : ""}
        </span>
      </a>
    </li>
  );
}

function LeadFilters(props: { businessId: string; status?: string; q?: string }) {
  return (
    <form method="get" action={businessPath(props.businessId, "/leads")} class="inline filters" role="search">
      <div>
        <label for="lead-status">Status</label>
        <select id="lead-status" name="status">
          <option value="">Any</option>
          {LEAD_STATUSES.map((s) => (
            <option value={s} selected={props.status === s}>
              {leadStatusLabel(s)}
            </option>
          ))}
        </select>
      </div>
      <div>
        <label for="lead-q">Search</label>
        <input id="lead-q" type="search" name="q" value={props.q ?? ""} placeholder="Name, phone or answer" />
      </div>
      <button type="submit" class="secondary">
        Show
      </button>
    </form>
  );
}

leadPages.get("/businesses/:id/leads", async (c) => {
  const business = await routeBusiness(c);
  const parsed = leadListQuerySchema.safeParse({ ...c.req.query(), status: c.req.query("status") || undefined, q: c.req.query("q") || undefined });
  const query = parsed.success ? parsed.data : { limit: PAGE_SIZE };
  const db = drizzle(c.env.DB);
  const { qualify } = parseSettings(business.settings);
  const [pinned, rows, unmatched] = await Promise.all([
    pinnedUrgent(db, business.id, query),
    listLeads(db, business.id, { ...query, limit: PAGE_SIZE + 1 }),
    countUnmatchedBookings(c.env.DB, business.id),
  ]);
  const pinnedIds = new Set(pinned.map((l) => l.id));
  const shown = [...pinned, ...rows.slice(0, PAGE_SIZE).filter((l) => !pinnedIds.has(l.id))];
  const more = rows.length > PAGE_SIZE ? leadCursor(rows[PAGE_SIZE - 1]!) : null;
  const [callers, said] = await Promise.all([
    callersOf(c.env.DB, business.id, shown.map((l) => l.phone)),
    summaries(c.env.DB, business.id, shown, qualify.questions),
  ]);
  const params = (extra: Record<string, string>) => new URLSearchParams({ ...(query.status ? { status: query.status } : {}), ...(query.q ? { q: query.q } : {}), ...extra });
  return renderPage(
    c,
    { title: "Leads", business, tab: "leads", errors: parsed.success ? undefined : ["That filter is not one this page knows; showing every lead."] },
    <>
      <h1>Leads</h1>
      <p class="sub">Every missed caller, urgent first (a page nobody has taken before one taken), then the latest activity. Times in {business.timezone}.</p>
      {unmatched > 0 ? (
        <p class="card">
          <a href={businessPath(business.id, "/bookings")}>{countOf(unmatched, "booking")} from your booking system could not be matched to a lead: attach them</a>
        </p>
      ) : null}
      <LeadFilters businessId={business.id} status={query.status} q={query.q} />
      {shown.length === 0 ? (
        <p class="card">{query.status || query.q ? "No leads match." : "No leads yet: they appear here with the first missed call."}</p>
      ) : (
        <ul class="leads">
          {shown.map((lead) => (
            <LeadItem lead={lead} businessId={business.id} ownerPhone={business.notifyPhone} tz={business.timezone} caller={callers.get(lead.phone)} summary={said.get(lead.id) ?? ""} serviceZips={qualify.serviceArea?.zips} />
          ))}
        </ul>
      )}
      {more ? (
        <p>
          <a class="button secondary" href={`${businessPath(business.id, "/leads")}?${params({ cursor: more })}`}>
            Older leads
          </a>
        </p>
      ) : null}
    </>,
  );
});
