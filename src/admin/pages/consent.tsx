/** Consent: look a number up, read its ledger, record an opt-out by hand, export the ledger as CSV. */
import { drizzle } from "drizzle-orm/d1";
import { Hono } from "hono";
import type { BusinessRow, ConsentEventRow } from "../../db/schema";
import { consentStatus } from "../../rules/consent";
import { explainCode } from "../../rules/reasons";
import { routeBusiness } from "../businesses";
import { mayRecordConsent } from "../../rules/permissions";
import { ownerName } from "../../rules/acted-by";
import { parseSettings } from "../../settings";
import { checkConsentRole, consentCsv, consentLedger, latestConsentEvents, recordConsent } from "../consent";
import { manualConsentSchema } from "../schemas";
import type { AdminPagesEnv, PageContext } from "./env";
import { consentEventLabel, consentLabel, formatPhone, formatTime } from "./format";
import { formFields, formRefusal, issueMessages, phoneField } from "./forms";
import { invalidMark, MarkInvalid } from "./invalid";
import { DataTable } from "./data-table";
import { businessPath, PostForm, renderPage } from "./layout";

export const consentPages = new Hono<AdminPagesEnv>();

const LATEST = 50;

const CONSENT_LABELS: Record<string, string> = { phone: "Phone number", note: "Note" };

const LedgerTable = ({ rows, tz, withPhone, owner }: { rows: readonly ConsentEventRow[]; tz: string; withPhone: boolean; owner: string | null }) => (
  <DataTable
    columns={[{ label: "When", cell: "nowrap" }, ...(withPhone ? [{ label: "Number", cell: "nowrap" } as const] : []), "What happened", "Evidence"]}
    rows={rows.map((e) => [
      formatTime(e.at, tz),
      ...(withPhone ? [<a href={`?phone=${encodeURIComponent(e.phone)}`}>{formatPhone(e.phone)}</a>] : []),
      consentEventLabel(e.kind, e.source, e.actedBy, owner),
      // A call's evidence text is its decision code: shown in words like on the calls page.
      [e.evidenceText ? explainCode(e.evidenceText) : null, e.evidenceId].filter(Boolean).join(" · ") || "—",
    ])}
  />
);

const LookupForm = ({ businessId, query }: { businessId: string; query: string }) => (
  <div class="actions">
    <form method="get" action={businessPath(businessId, "/consent")} class="inline" role="search">
      <div>
        <label for="phone-q">Look up a number</label>
        <input id="phone-q" name="phone" type="tel" value={query} placeholder="(415) 234-5678" {...invalidMark("lookup")} />
      </div>
      <button type="submit" class="secondary">
        Look up
      </button>
    </form>
    <a class="button secondary" href={businessPath(businessId, "/consent.csv")} download>
      Export all as CSV
    </a>
  </div>
);

const ManualConsentForm = ({ businessId, csrf, phone, note, mayOptIn }: { businessId: string; csrf: string; phone: string; note: string; mayOptIn: boolean }) => (
  <PostForm action={businessPath(businessId, "/consent")} csrf={csrf} class="card">
    <p class="hint">For a request made by phone, by email or in person. It is recorded with your name and your note.</p>
    {mayOptIn ? null : <p class="hint">Opting a number in again is for the business's owner or a manager: ask one of them.</p>}
    <label for="consent-phone">Phone number</label>
    <input id="consent-phone" name="phone" type="tel" required value={phone} {...invalidMark("phone")} />
    <label for="consent-note">
      Note
      <span class="hint">Optional: how the request came in.</span>
    </label>
    <input id="consent-note" name="note" maxlength={500} value={note} {...invalidMark("note")} />
    <div class="actions">
      <button type="submit" name="kind" value="opt_out" class="danger">
        Opt out
      </button>
      {mayOptIn ? (
        <button type="submit" name="kind" value="opt_in" class="secondary">
          Opt in again
        </button>
      ) : null}
    </div>
  </PostForm>
);

/** One number's ledger and status when one was looked up, else the latest events of everyone. */
async function ledgerSection(c: PageContext, business: BusinessRow, phone: string | undefined) {
  const db = drizzle(c.env.DB);
  const tz = business.timezone;
  const owner = ownerName(business.notifyPhone, parseSettings(business.settings).urgent.onCall);
  if (!phone) {
    const latest = await latestConsentEvents(db, business.id, LATEST);
    return (
      <section aria-labelledby="recent-heading">
        <h2 id="recent-heading">Latest events</h2>
        {latest.length === 0 ? <p class="card">No consent events yet.</p> : <LedgerTable rows={latest} tz={tz} withPhone owner={owner} />}
      </section>
    );
  }
  const ledger = await consentLedger(db, business.id, phone);
  return (
    <section aria-labelledby="ledger-heading">
      <h2 id="ledger-heading">
        {formatPhone(phone)}: <span id="consent-status">{consentLabel(consentStatus(ledger))}</span>
      </h2>
      <p>
        <a href={businessPath(business.id, `/conversations/${encodeURIComponent(phone)}`)}>See the conversation</a>
      </p>
      {ledger.length === 0 ? <p class="card">No consent events for this number.</p> : <LedgerTable rows={ledger} tz={tz} withPhone={false} owner={owner} />}
    </section>
  );
}

async function consentPage(
  c: PageContext,
  business: BusinessRow,
  opts: { query?: string; errors?: string[]; invalid?: string[]; status?: 200 | 400 | 403; form?: Record<string, string> } = {},
) {
  const query = opts.query?.trim() ?? "";
  const lookup = query ? phoneField("Look up a number", query) : null;
  const errors = [...(opts.errors ?? []), ...(lookup?.error ? [lookup.error] : [])];
  const invalid = new Set([...(opts.invalid ?? []), ...(lookup?.error ? ["lookup"] : [])]);
  const ledger = await ledgerSection(c, business, lookup?.phone);
  const f = opts.form ?? {};
  return renderPage(
    c,
    { title: "Consent", business, tab: "consent", errors, status: opts.status ?? (errors.length ? 400 : 200) },
    <MarkInvalid names={invalid}>
      <h1>Consent</h1>
      <p class="sub">Every opt-in and opt-out, kept for good. A number that opted out gets no texts until it texts START.</p>
      <LookupForm businessId={business.id} query={query} />
      {ledger}
      <h2>{mayRecordConsent(c.get("principal").role, "opt_in") ? "Record an opt-out or opt-in by hand" : "Record an opt-out by hand"}</h2>
      <ManualConsentForm
        businessId={business.id}
        csrf={c.get("session").csrfToken}
        phone={f.phone ?? lookup?.phone ?? ""}
        note={f.note ?? ""}
        mayOptIn={mayRecordConsent(c.get("principal").role, "opt_in")}
      />
    </MarkInvalid>,
  );
}

consentPages.get("/businesses/:id/consent", async (c) => {
  const business = await routeBusiness(c);
  return consentPage(c, business, { query: c.req.query("phone") });
});

consentPages.post("/businesses/:id/consent", async (c) => {
  const business = await routeBusiness(c);
  const f = await formFields(c);
  const parsed = manualConsentSchema.safeParse({ phone: f.phone ?? "", kind: f.kind, note: f.note?.trim() || undefined });
  if (!parsed.success) {
    const errors = issueMessages(parsed.error, (path) => CONSENT_LABELS[String(path[0])] ?? "Action");
    const invalid = parsed.error.issues.map((i) => String(i.path[0])).filter((name) => name in CONSENT_LABELS);
    return consentPage(c, business, { errors, invalid, status: 400, form: f });
  }
  const refused = await formRefusal([403], async () => checkConsentRole(c.get("principal").role, parsed.data.kind));
  if (refused) return consentPage(c, business, { errors: refused.errors.map((e) => e.replace(/^kind: /, "")), status: 403, form: f });
  await recordConsent(c.env, c.executionCtx, business.id, parsed.data);
  return c.redirect(`${businessPath(business.id, "/consent")}?phone=${encodeURIComponent(parsed.data.phone)}&done=${parsed.data.kind === "opt_out" ? "opted_out" : "opted_in"}`, 303);
});

consentPages.get("/businesses/:id/consent.csv", async (c) => {
  const business = await routeBusiness(c);
  const { csv, headers } = await consentCsv(drizzle(c.env.DB), business.id);
  return c.body(csv, 200, headers);
});
