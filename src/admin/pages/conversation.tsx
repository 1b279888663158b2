/** One caller's story with a business: calls, texts and their delivery, replies, consent; and a reply box. */
import { and, asc, desc, eq, or } from "drizzle-orm";
import { drizzle } from "drizzle-orm/d1";
import { Hono } from "hono";
import { HTTPException } from "hono/http-exception";
import type { Child } from "hono/jsx";
import { findBusiness, MAX_TEXT_LENGTH, publicBase, sendAdminText } from "../actions";
import { calls, consentEvents, messages, type BusinessRow } from "../../db/schema";
import { consentStatus } from "../../rules/consent";
import { explainCode } from "../../rules/reasons";
import { normalizePhone } from "../../rules/phone";
import { outcomeLabel } from "./calls";
import type { AdminPagesEnv, PageContext } from "./env";
import { consentEventLabel, consentLabel, formatPhone, formatTime, kindLabel, statusTone } from "./format";
import { formFields, formRequestKey } from "./forms";
import { businessPath, PostForm, renderPage } from "./layout";

export const conversationPages = new Hono<AdminPagesEnv>();

interface Entry {
  at: number;
  /** in: from the caller; out: to the caller; event: neither (a call, a consent change). */
  side: "in" | "out" | "event";
  node: Child;
}

function phoneParam(raw: string): string {
  const phone = normalizePhone(raw);
  if (!phone) throw new HTTPException(404, { message: `"${raw}" is not a phone number` });
  return phone;
}

async function conversationPage(
  c: PageContext,
  business: BusinessRow,
  phone: string,
  opts: { draft?: string; errors?: string[]; status?: 200 | 400 | 409 | 503 } = {},
) {
  const db = drizzle(c.env.DB);
  const [callRows, messageRows, consentRows] = await db.batch([
    db.select().from(calls).where(and(eq(calls.businessId, business.id), eq(calls.fromPhone, phone))).orderBy(desc(calls.at)).limit(100),
    db
      .select()
      .from(messages)
      .where(and(eq(messages.businessId, business.id), or(eq(messages.toPhone, phone), eq(messages.fromPhone, phone))))
      .orderBy(desc(messages.createdAt))
      .limit(300),
    db
      .select()
      .from(consentEvents)
      .where(and(eq(consentEvents.businessId, business.id), eq(consentEvents.phone, phone)))
      .orderBy(asc(consentEvents.at), asc(consentEvents.id)),
  ]);
  const tz = business.timezone;
  const status = consentStatus(consentRows);
  const entries: Entry[] = [
    ...callRows.map(
      (r): Entry => ({
        at: r.at,
        side: "event",
        node: (
          <span class="note">
            <strong>{r.outcome === "answered" ? "Call answered" : `Missed call: ${outcomeLabel(r.outcome).toLowerCase()}`}</strong> · {explainCode(r.decision)}
          </span>
        ),
      }),
    ),
    ...messageRows.map(
      (m): Entry => ({
        at: m.createdAt,
        side: m.direction === "inbound" ? "in" : "out",
        node: (
          <>
            <span class="meta">
              {m.direction === "inbound" ? "Caller" : kindLabel(m.kind)} · {formatTime(m.createdAt, tz)}
              {m.direction === "outbound" ? (
                <>
                  {" "}
                  · <span class={`chip ${statusTone(m.status)}`}>{m.status}</span>
                  {m.errorCode || m.errorMessage ? ` ${[m.errorCode, m.errorMessage].filter(Boolean).join(": ")}` : ""}
                </>
              ) : null}
            </span>
            <span class="bubble">{m.body}</span>
          </>
        ),
      }),
    ),
    // Calls already show their implied consent; the ledger adds opt-outs, opt-ins and HELP.
    ...consentRows
      .filter((e) => e.kind !== "implied_by_call")
      .map(
        (e): Entry => ({
          at: e.at,
          side: "event",
          node: <span class="note">{consentEventLabel(e.kind, e.source)}</span>,
        }),
      ),
  ].sort((a, b) => a.at - b.at);

  const action = businessPath(business.id, `/conversations/${encodeURIComponent(phone)}`);
  return renderPage(
    c,
    { title: formatPhone(phone), business, tab: "calls", errors: opts.errors, status: opts.status },
    <>
      <h1>Conversation with {formatPhone(phone)}</h1>
      <p class="sub">
        Consent: <a href={`${businessPath(business.id, "/consent")}?phone=${encodeURIComponent(phone)}`}>{consentLabel(status)}</a> · times in {tz}
      </p>
      {entries.length === 0 ? <p class="card">Nothing yet between this number and the business.</p> : null}
      <ol class="timeline" aria-label="Calls and texts, oldest first">
        {entries.map((e) => (
          <li class={e.side}>
            {e.side === "event" ? <span class="meta">{formatTime(e.at, tz)}</span> : null}
            {e.node}
          </li>
        ))}
      </ol>
      <h2 id="reply">Reply</h2>
      {status === "opted_out" ? (
        <p class="card">This number opted out, so it cannot be texted until they text START.</p>
      ) : (
        <PostForm action={`${action}/reply`} csrf={c.get("session").csrfToken} class="card">
          <input type="hidden" name="requestKey" value={formRequestKey()} />
          <label for="reply-body">
            Text to {formatPhone(phone)}
            <span class="hint">Sent from the business number they called.</span>
          </label>
          <textarea id="reply-body" name="body" rows={3} maxlength={MAX_TEXT_LENGTH} required>
            {opts.draft ?? ""}
          </textarea>
          <div class="actions">
            <button type="submit">Send text</button>
          </div>
        </PostForm>
      )}
    </>,
  );
}

conversationPages.get("/businesses/:id/conversations/:phone", async (c) => {
  const business = await findBusiness(drizzle(c.env.DB), c.req.param("id"));
  return conversationPage(c, business, phoneParam(c.req.param("phone")));
});

conversationPages.post("/businesses/:id/conversations/:phone/reply", async (c) => {
  const business = await findBusiness(drizzle(c.env.DB), c.req.param("id"));
  const phone = phoneParam(c.req.param("phone"));
  const f = await formFields(c);
  try {
    await sendAdminText(c.env, {
      businessId: business.id,
      to: phone,
      body: f.body ?? "",
      kind: "manual",
      publicBaseUrl: publicBase(c.env, c.req.url),
      requestKey: /^[a-f0-9]{32}$/.test(f.requestKey ?? "") ? f.requestKey : undefined,
    });
  } catch (e) {
    if (e instanceof HTTPException && (e.status === 400 || e.status === 409 || e.status === 503)) {
      return conversationPage(c, business, phone, { draft: f.body, errors: [e.message], status: e.status });
    }
    throw e;
  }
  return c.redirect(`${businessPath(business.id, `/conversations/${encodeURIComponent(phone)}`)}?done=reply_sent`, 303);
});
