/** Consent: look a number up, read its ledger, record an opt-out by hand, export the ledger as CSV. */
import { desc, eq } from "drizzle-orm";
import { drizzle } from "drizzle-orm/d1";
import { Hono } from "hono";
import { consentCsv, consentLedger, findBusiness, recordConsent } from "../actions";
import { consentEvents, type BusinessRow, type ConsentEventRow } from "../../db/schema";
import { consentStatus } from "../../rules/consent";
import { normalizePhone } from "../../rules/phone";
import { explainCode } from "../../rules/reasons";
import { manualConsentSchema } from "../schemas";
import type { AdminPagesEnv, PageContext } from "./env";
import { consentEventLabel, consentLabel, formatPhone, formatTime } from "./format";
import { formFields } from "./forms";
import { businessPath, PostForm, renderPage } from "./layout";

export const consentPages = new Hono<AdminPagesEnv>();

const LedgerTable = ({ rows, tz, withPhone }: { rows: readonly ConsentEventRow[]; tz: string; withPhone: boolean }) => (
  <div class="table-wrap">
    <table>
      <thead>
        <tr>
          <th scope="col">When</th>
          {withPhone ? <th scope="col">Number</th> : null}
          <th scope="col">What happened</th>
          <th scope="col">Evidence</th>
        </tr>
      </thead>
      <tbody>
        {rows.map((e) => (
          <tr>
            <td class="nowrap">{formatTime(e.at, tz)}</td>
            {withPhone ? (
              <td class="nowrap">
                <a href={`?phone=${encodeURIComponent(e.phone)}`}>{formatPhone(e.phone)}</a>
              </td>
            ) : null}
            <td>{consentEventLabel(e.kind, e.source)}</td>
            {/* A call's evidence text is its decision code: shown in words like on the calls page. */}
            <td>{[e.evidenceText ? explainCode(e.evidenceText) : null, e.evidenceId].filter(Boolean).join(" · ") || "—"}</td>
          </tr>
        ))}
      </tbody>
    </table>
  </div>
);

async function consentPage(
  c: PageContext,
  business: BusinessRow,
  opts: { query?: string; errors?: string[]; status?: 200 | 400; form?: Record<string, string> } = {},
) {
  const db = drizzle(c.env.DB);
  const query = opts.query?.trim() ?? "";
  const phone = query ? normalizePhone(query) : null;
  const errors = [...(opts.errors ?? [])];
  if (query && !phone) errors.push(`Look up a number: "${query}" is not a valid phone number.`);
  const ledger = phone ? await consentLedger(db, business.id, phone) : null;
  const recent = phone
    ? []
    : await db.select().from(consentEvents).where(eq(consentEvents.businessId, business.id)).orderBy(desc(consentEvents.at), desc(consentEvents.id)).limit(50);
  const tz = business.timezone;
  const csrf = c.get("session").csrfToken;
  const f = opts.form ?? {};
  return renderPage(
    c,
    { title: "Consent", business, tab: "consent", errors, status: opts.status ?? (errors.length ? 400 : 200) },
    <>
      <h1>Consent</h1>
      <p class="sub">Every opt-in and opt-out, kept for good. A number that opted out gets no texts until it texts START.</p>
      <div class="actions">
        <form method="get" action={businessPath(business.id, "/consent")} class="inline" role="search">
          <div>
            <label for="phone-q">Look up a number</label>
            <input id="phone-q" name="phone" type="tel" value={query} placeholder="(415) 234-5678" />
          </div>
          <button type="submit" class="secondary">
            Look up
          </button>
        </form>
        <a class="button secondary" href={businessPath(business.id, "/consent.csv")} download>
          Export all as CSV
        </a>
      </div>

      {phone && ledger ? (
        <section aria-labelledby="ledger-heading">
          <h2 id="ledger-heading">
            {formatPhone(phone)}: <span id="consent-status">{consentLabel(consentStatus(ledger))}</span>
          </h2>
          <p>
            <a href={businessPath(business.id, `/conversations/${encodeURIComponent(phone)}`)}>See the conversation</a>
          </p>
          {ledger.length === 0 ? <p class="card">No consent events for this number.</p> : <LedgerTable rows={ledger} tz={tz} withPhone={false} />}
        </section>
      ) : (
        <section aria-labelledby="recent-heading">
          <h2 id="recent-heading">Latest events</h2>
          {recent.length === 0 ? <p class="card">No consent events yet.</p> : <LedgerTable rows={recent} tz={tz} withPhone />}
        </section>
      )}

      <h2>Record an opt-out or opt-in by hand</h2>
      <PostForm action={businessPath(business.id, "/consent")} csrf={csrf} class="card">
        <p class="hint">For a request made by phone, by email or in person. It is recorded as done by an admin, with your note.</p>
        <label for="consent-phone">Phone number</label>
        <input id="consent-phone" name="phone" type="tel" required value={f.phone ?? (phone ?? "")} />
        <label for="consent-note">
          Note
          <span class="hint">Optional: how the request came in.</span>
        </label>
        <input id="consent-note" name="note" maxlength={500} value={f.note ?? ""} />
        <div class="actions">
          <button type="submit" name="kind" value="opt_out" class="danger">
            Opt out
          </button>
          <button type="submit" name="kind" value="opt_in" class="secondary">
            Opt in again
          </button>
        </div>
      </PostForm>
    </>,
  );
}

consentPages.get("/businesses/:id/consent", async (c) => {
  const business = await findBusiness(drizzle(c.env.DB), c.req.param("id"));
  return consentPage(c, business, { query: c.req.query("phone") });
});

consentPages.post("/businesses/:id/consent", async (c) => {
  const db = drizzle(c.env.DB);
  const business = await findBusiness(db, c.req.param("id"));
  const f = await formFields(c);
  const parsed = manualConsentSchema.safeParse({ phone: f.phone ?? "", kind: f.kind, note: f.note?.trim() || undefined });
  if (!parsed.success) {
    const errors = parsed.error.issues.map((i) => `${i.path[0] === "phone" ? "Phone number" : i.path[0] === "note" ? "Note" : "Action"}: ${i.message}`);
    return consentPage(c, business, { errors, status: 400, form: f });
  }
  await recordConsent(c.env, c.executionCtx, business.id, parsed.data);
  return c.redirect(`${businessPath(business.id, "/consent")}?phone=${encodeURIComponent(parsed.data.phone)}&done=${parsed.data.kind === "opt_out" ? "opted_out" : "opted_in"}`, 303);
});

consentPages.get("/businesses/:id/consent.csv", async (c) => {
  const db = drizzle(c.env.DB);
  const business = await findBusiness(db, c.req.param("id"));
  const { csv, headers } = await consentCsv(db, business.id);
  return c.body(csv, 200, headers);
});
