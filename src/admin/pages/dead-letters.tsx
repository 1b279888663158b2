/** Dead letters: texts that used up their retries, with the last error, and a retry button. */
import { drizzle } from "drizzle-orm/d1";
import { Hono } from "hono";
import { HTTPException } from "hono/http-exception";
import { findBusiness, listMessages, publicBase, retryDeadMessage } from "../actions";
import type { BusinessRow } from "../../db/schema";
import type { AdminPagesEnv, PageContext } from "./env";
import { formatPhone, formatTime, kindLabel } from "./format";
import { businessPath, PostForm, renderPage } from "./layout";

export const deadLetterPages = new Hono<AdminPagesEnv>();

async function deadLettersPage(c: PageContext, business: BusinessRow, opts: { errors?: string[]; status?: 200 | 409 | 503 } = {}) {
  const rows = await listMessages(drizzle(c.env.DB), business.id, { status: "dead", limit: 200 });
  const tz = business.timezone;
  const csrf = c.get("session").csrfToken;
  return renderPage(
    c,
    { title: "Dead letters", business, tab: "dead-letters", errors: opts.errors, status: opts.status },
    <>
      <h1>Dead letters</h1>
      <p class="sub">Texts the carrier kept refusing with a temporary error until every retry was used. Fix the cause (often the carrier account), then retry.</p>
      {rows.length === 0 ? (
        <p class="card">None. Every text was sent or failed for good.</p>
      ) : (
        <div class="table-wrap">
          <table>
            <thead>
              <tr>
                <th scope="col">Created</th>
                <th scope="col">To</th>
                <th scope="col">Text</th>
                <th scope="col">Last error</th>
                <th scope="col" class="num">Attempts</th>
                <th scope="col">
                  <span class="visually-hidden">Action</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {rows.map((m) => (
                <tr>
                  <td class="nowrap">{formatTime(m.createdAt, tz)}</td>
                  <td class="nowrap">
                    <a href={businessPath(business.id, `/conversations/${encodeURIComponent(m.toPhone)}`)}>{formatPhone(m.toPhone)}</a>
                  </td>
                  <td>
                    <span class="hint">{kindLabel(m.kind)}</span>
                    {m.body.length > 120 ? `${m.body.slice(0, 119)}…` : m.body}
                  </td>
                  <td>{[m.errorCode, m.errorMessage].filter(Boolean).join(": ") || "—"}</td>
                  <td class="num">{m.attempts}</td>
                  <td>
                    <PostForm action={businessPath(business.id, `/messages/${encodeURIComponent(m.id)}/retry`)} csrf={csrf}>
                      <button type="submit" aria-label={`Retry the text to ${formatPhone(m.toPhone)}`}>
                        Retry
                      </button>
                    </PostForm>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </>,
  );
}

deadLetterPages.get("/businesses/:id/dead-letters", async (c) => {
  const business = await findBusiness(drizzle(c.env.DB), c.req.param("id"));
  return deadLettersPage(c, business);
});

deadLetterPages.post("/businesses/:id/messages/:messageId/retry", async (c) => {
  const business = await findBusiness(drizzle(c.env.DB), c.req.param("id"));
  try {
    await retryDeadMessage(c.env, { messageId: c.req.param("messageId"), businessId: business.id, publicBaseUrl: publicBase(c.env, c.req.url) });
  } catch (e) {
    // A second click finds it queued already: say so on the list rather than on an error page.
    if (e instanceof HTTPException && (e.status === 409 || e.status === 503)) return deadLettersPage(c, business, { errors: [e.message], status: e.status });
    throw e;
  }
  return c.redirect(`${businessPath(business.id, "/dead-letters")}?done=retried`, 303);
});
