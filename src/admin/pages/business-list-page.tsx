/**
 * `/admin/businesses`: every business the person sees, 50 a page by name (or a search), each with
 * what needs someone now (admin/business-attention.ts), and above them the businesses where an
 * urgent page waits for someone to take it, a danger first: an agency's morning starts here.
 */
import { drizzle } from "drizzle-orm/d1";
import { Hono } from "hono";
import type { BusinessRow } from "../../db/schema";
import { DANGER_MEANS, DANGER_WORDS } from "../../rules/emergency-words";
import { parseSettings } from "../../settings";
import { attentionOf, needsYouNow, REPLY_WINDOW_DAYS, type Attention, type NeedsYou } from "../business-attention";
import { BUSINESS_PAGE_SIZE, businessListQuerySchema, businessPage, type BusinessListQuery } from "../business-list";
import { TextingChip } from "./businesses";
import { DataTable } from "./data-table";
import type { AdminPagesEnv } from "./env";
import { businessPath, renderPage } from "./layout";
import { mayHere } from "./nav";

export const businessListPages = new Hono<AdminPagesEnv>();

const plural = (n: number, one: string, many: string) => `${n.toLocaleString("en-US")} ${n === 1 ? one : many}`;

/** What waits at one business, as chips linking to where it is dealt with; "Nothing waiting" when nothing does. */
function AttentionChips(props: { businessId: string; a: Attention | Omit<Attention, "needsReply"> }) {
  const { a, businessId } = props;
  const replies = "needsReply" in a ? a.needsReply : 0;
  if (a.untaken === 0 && replies === 0) return <span class="meta">Nothing waiting</span>;
  return (
    <span class="chips attention">
      {a.dangers > 0 ? (
        <a class="chip danger" href={businessPath(businessId, "/conversations")} title={DANGER_MEANS}>
          {DANGER_WORDS} · not taken
        </a>
      ) : null}
      {a.untaken > 0 ? (
        <a class="chip bad" href={businessPath(businessId, "/leads")}>
          {plural(a.untaken, "urgent page", "urgent pages")} not taken
        </a>
      ) : null}
      {replies > 0 ? (
        <a class="chip warn" href={businessPath(businessId, "/conversations")}>
          {plural(replies, "needs a reply", "need a reply")}
        </a>
      ) : null}
    </span>
  );
}

/** The businesses where an urgent page waits: a danger first, then the longest waiting. */
function NeedsYouNow(props: { rows: readonly NeedsYou[] }) {
  if (props.rows.length === 0) return null;
  return (
    <section class="card needs-you" aria-labelledby="needs-you-heading">
      <h2 id="needs-you-heading">Needs you now</h2>
      <p class="hint">Urgent pages nobody has taken yet, at these businesses.</p>
      <ul class="needs-you-list">
        {props.rows.map((r) => (
          <li class={r.dangers > 0 ? "danger" : undefined}>
            <a href={businessPath(r.businessId, "/leads")}>
              <strong>{r.name}</strong>
            </a>{" "}
            <AttentionChips businessId={r.businessId} a={r} />
          </li>
        ))}
      </ul>
    </section>
  );
}

type ListedBusiness = Pick<BusinessRow, "id" | "name" | "timezone" | "settings">;

function BusinessTable(props: { rows: readonly ListedBusiness[]; numberCount: ReadonlyMap<string, number>; attention: ReadonlyMap<string, Attention> }) {
  return (
    <DataTable
      phone="table"
      columns={["Name", { label: "Numbers", num: true }, "Texting"]}
      rows={props.rows.map((b) => [
        <>
          <a href={businessPath(b.id)}>{b.name}</a>
          {/* Under the name, not columns of their own: a phone's width goes to the name. */}
          <div class="cell-note">{b.timezone}</div>
          <div class="needs-you-cell">
            <AttentionChips businessId={b.id} a={props.attention.get(b.id) ?? { untaken: 0, dangers: 0, needsReply: 0 }} />
          </div>
        </>,
        props.numberCount.get(b.id) ?? 0,
        <TextingChip settings={parseSettings(b.settings)} on="On" paused="Paused" shadow="Test mode" />,
      ])}
    />
  );
}

function Search(props: { q?: string }) {
  return (
    <form method="get" action="/admin/businesses" class="inline filters" role="search">
      <div>
        <label for="business-q">Search</label>
        <input id="business-q" type="search" name="q" value={props.q ?? ""} placeholder="Name or phone number" />
      </div>
      <button type="submit" class="secondary">
        Find
      </button>
    </form>
  );
}

/** "1,234 businesses, 50 a page by name.", or how many a search found. */
function countLine(shown: number, total: number, q: string | undefined): string {
  const all = `${total.toLocaleString("en-US")} ${total === 1 ? "business" : "businesses"}`;
  if (q) return `${all} ${total === 1 ? "matches" : "match"} “${q}”.`;
  return shown < total ? `${all}, ${BUSINESS_PAGE_SIZE} a page by name.` : `${all}.`;
}

businessListPages.get("/businesses", async (c) => {
  const parsed = businessListQuerySchema.safeParse({ q: c.req.query("q") || undefined, after: c.req.query("after") || undefined });
  const query: BusinessListQuery = parsed.success ? parsed.data : {};
  const viewer = c.get("principal");
  const [page, needsYou] = await Promise.all([businessPage(drizzle(c.env.DB), viewer, query), needsYouNow(c.env.DB, viewer)]);
  const attention = await attentionOf(c.env.DB, page.rows.map((b) => b.id));
  const nextHref = page.next ? `/admin/businesses?${new URLSearchParams({ ...(query.q ? { q: query.q } : {}), after: page.next })}` : null;
  const errors = parsed.success ? [] : ["That search is not one this page can read; showing every business."];
  return renderPage(
    c,
    { title: "Businesses", errors },
    <>
      <h1>Businesses</h1>
      {mayHere("GET", "/admin/businesses/new") ? (
        <p>
          <a class="button" href="/admin/businesses/new">
            New business
          </a>
        </p>
      ) : null}
      <NeedsYouNow rows={needsYou} />
      {page.total === 0 && !query.q ? (
        <p class="card">No businesses yet. Create one to start texting back missed calls.</p>
      ) : (
        <>
          {page.total > BUSINESS_PAGE_SIZE || query.q ? <Search q={query.q} /> : null}
          <p class="meta">
            {countLine(page.rows.length, page.total, query.q)} Under each name, what needs someone now: urgent pages nobody has taken, and
            conversations whose caller waits for a reply (texts of the last {REPLY_WINDOW_DAYS} days).
          </p>
          {page.rows.length > 0 ? <BusinessTable rows={page.rows} numberCount={page.numberCount} attention={attention} /> : <p class="card">No business matches.</p>}
          {nextHref ? (
            <p>
              <a class="button secondary" href={nextHref}>
                More businesses
              </a>
            </p>
          ) : null}
        </>
      )}
    </>,
  );
});
