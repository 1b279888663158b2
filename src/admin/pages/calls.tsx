/** Calls: newest first, each with its outcome and the decision in words. */
import { drizzle } from "drizzle-orm/d1";
import { Hono } from "hono";
import { explainCall } from "../../rules/text-fate";
import { LANDLINE_DECISIONS } from "../../rules/line-type";
import { routeBusiness } from "../businesses";
import { listCalls, optOutDates, type ListedCall } from "../calls";
import { callersOf, namesOf, type KnownCaller } from "../callers";
import { TagChips } from "./contact-format";
import { LandlineChip } from "./lead-format";
import type { AdminPagesEnv } from "./env";
import { shownCaller } from "../../rules/display";
import { formatDay, formatTime, outcomeLabel } from "./format";
import { DataTable } from "./data-table";
import { businessPath, renderPage } from "./layout";

export const callPages = new Hono<AdminPagesEnv>();

const PAGE_SIZE = 50;

const isLandlineDecision = (decision: string) => (LANDLINE_DECISIONS as readonly string[]).includes(decision);

function CallTable(props: { businessId: string; rows: readonly ListedCall[]; optedOutOn: ReadonlyMap<string, number>; callers: ReadonlyMap<string, KnownCaller>; tz: string }) {
  const { businessId, tz } = props;
  return (
    <DataTable
      columns={[{ label: "When", cell: "nowrap" }, { label: "Caller", cell: "nowrap" }, "Call", "What Textback did"]}
      rows={props.rows.map(({ call: r, text }) => {
        const optedOut = props.optedOutOn.get(r.id);
        const caller = props.callers.get(r.fromPhone);
        const who = shownCaller(r.fromPhone, namesOf(caller));
        return [
          formatTime(r.at, tz),
          <>
            <a href={businessPath(businessId, `/conversations/${encodeURIComponent(r.fromPhone)}`)}>{who.name ?? who.phone}</a>{" "}
            <TagChips tags={caller?.tags ?? []} />
            {isLandlineDecision(r.decision) || caller?.landline ? <LandlineChip /> : null}
            {who.name ? <span class="hint">{who.phone}</span> : null}
          </>,
          // The after-hours text went out: the business's hours said it was closed when they called.
          `${outcomeLabel(r.outcome)}${text?.kind === "after_hours" ? ", after hours" : ""}`,
          `${explainCall(r.decision, text)}${optedOut ? ` on ${formatDay(optedOut, tz)}` : ""}`,
        ];
      })}
    />
  );
}

callPages.get("/businesses/:id/calls", async (c) => {
  const business = await routeBusiness(c);
  const db = drizzle(c.env.DB);
  const before = Number(c.req.query("before"));
  // One more than a page, to know whether there are older ones.
  const rows = await listCalls(db, business.id, { limit: PAGE_SIZE + 1, before: Number.isFinite(before) && before > 0 ? before : undefined });
  const shown = rows.slice(0, PAGE_SIZE);
  const [optedOutOn, callers] = await Promise.all([optOutDates(db, business.id, shown.map((r) => r.call)), callersOf(c.env.DB, business.id, shown.map((r) => r.call.fromPhone))]);
  const tz = business.timezone;
  return renderPage(
    c,
    { title: "Calls", business, tab: "calls" },
    <>
      <h1>Calls</h1>
      <p class="sub">Newest first; times in {tz}. Open a caller to see the conversation.</p>
      {shown.length === 0 ? (
        <p class="card">No calls {before ? "before this" : "yet"}.</p>
      ) : (
        <CallTable businessId={business.id} rows={shown} optedOutOn={optedOutOn} callers={callers} tz={tz} />
      )}
      {rows.length > PAGE_SIZE ? (
        <p>
          <a class="button secondary" href={`${businessPath(business.id, "/calls")}?before=${shown.at(-1)!.call.at}`}>
            Older calls
          </a>
        </p>
      ) : null}
    </>,
  );
});
