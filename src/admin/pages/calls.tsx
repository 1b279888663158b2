/** Calls: newest first, each with its outcome and the decision in words. */
import { and, desc, eq, inArray, lt } from "drizzle-orm";
import { drizzle } from "drizzle-orm/d1";
import { Hono } from "hono";
import { findBusiness } from "../actions";
import { calls, consentEvents, type CallRow } from "../../db/schema";
import { explainCode, OUTCOMES, type Outcome } from "../../rules/reasons";
import type { AdminPagesEnv } from "./env";
import { formatDay, formatPhone, formatTime } from "./format";
import { businessPath, renderPage } from "./layout";

export const callPages = new Hono<AdminPagesEnv>();

const PAGE_SIZE = 50;

/** Short column labels; an outcome added later falls back to its code in words. */
const OUTCOME_WORDS: Partial<Record<Outcome, string>> = {
  answered: "Answered",
  no_answer: "No answer",
  busy: "Busy",
  failed: "Failed",
  canceled: "Caller hung up",
  voicemail: "Voicemail",
  short_call: "Very short",
  ai_abandoned: "Hung up on the AI",
  ai_failed: "AI receptionist failed",
};

export function outcomeLabel(outcome: string): string {
  const words = (OUTCOMES as readonly string[]).includes(outcome) ? OUTCOME_WORDS[outcome as Outcome] : undefined;
  return words ?? outcome.charAt(0).toUpperCase() + outcome.slice(1).replace(/_/g, " ");
}

/**
 * "Not texted: the caller opted out on Mar 3": for calls skipped because of an opt-out, the date
 * of the newest opt-out before the call, from the consent ledger.
 */
async function optOutDates(d1: D1Database, businessId: string, rows: readonly CallRow[]): Promise<Map<string, number>> {
  const skipped = rows.filter((r) => r.decision === "skipped:opted_out");
  if (skipped.length === 0) return new Map();
  const phones = [...new Set(skipped.map((r) => r.fromPhone))];
  const events = await drizzle(d1)
    .select({ phone: consentEvents.phone, at: consentEvents.at })
    .from(consentEvents)
    .where(and(eq(consentEvents.businessId, businessId), eq(consentEvents.kind, "opt_out"), inArray(consentEvents.phone, phones)));
  const out = new Map<string, number>();
  for (const call of skipped) {
    const before = events.filter((e) => e.phone === call.fromPhone && e.at <= call.at).map((e) => e.at);
    if (before.length > 0) out.set(call.id, Math.max(...before));
  }
  return out;
}

callPages.get("/businesses/:id/calls", async (c) => {
  const business = await findBusiness(drizzle(c.env.DB), c.req.param("id"));
  const before = Number(c.req.query("before"));
  const rows = await drizzle(c.env.DB)
    .select()
    .from(calls)
    .where(and(eq(calls.businessId, business.id), Number.isFinite(before) && before > 0 ? lt(calls.at, before) : undefined))
    .orderBy(desc(calls.at), desc(calls.id))
    .limit(PAGE_SIZE + 1);
  const shown = rows.slice(0, PAGE_SIZE);
  const optedOutOn = await optOutDates(c.env.DB, business.id, shown);
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
        <div class="table-wrap">
          <table>
            <thead>
              <tr>
                <th scope="col">When</th>
                <th scope="col">Caller</th>
                <th scope="col">Call</th>
                <th scope="col">What Textback did</th>
              </tr>
            </thead>
            <tbody>
              {shown.map((r) => {
                const optedOut = optedOutOn.get(r.id);
                return (
                  <tr>
                    <td class="nowrap">{formatTime(r.at, tz)}</td>
                    <td class="nowrap">
                      <a href={businessPath(business.id, `/conversations/${encodeURIComponent(r.fromPhone)}`)}>{formatPhone(r.fromPhone)}</a>
                    </td>
                    <td>{outcomeLabel(r.outcome)}</td>
                    <td>
                      {explainCode(r.decision)}
                      {optedOut ? ` on ${formatDay(optedOut, tz)}` : ""}
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
      {rows.length > PAGE_SIZE ? (
        <p>
          <a class="button secondary" href={`${businessPath(business.id, "/calls")}?before=${shown.at(-1)!.at}`}>
            Older calls
          </a>
        </p>
      ) : null}
    </>,
  );
});
