import { Hono, type Context } from "hono";
import { findLinkTarget, leadClickStatements } from "../db/link-clicks";
import type { Env } from "../env";
import { log } from "../log";
import { leadEventStatement, queueEvents } from "../notify/events";
import { bookingRedirect, isLinkCode } from "../rules/booking-link";
import { countsAsClick } from "../rules/link-click";

/**
 * `GET /l/:code` (DESIGN.md §6.5): a caller taps the booking link in a text; the click is noted on
 * their lead and they go on to the business's booking page with `tb=<code>`. The target is only
 * ever the URL the business stored: nothing in the request (path, query, headers) can choose it,
 * and anything that is not a code of ours is a 404 before D1 is asked.
 *
 * A click is not consent to anything: it touches no consent record and no lead status.
 */
export const linkRoutes = new Hono<{ Bindings: Env }>();

/** The page for a link that leads nowhere: unknown, malformed, or its business has no booking URL now. Nothing from the request is echoed. */
const NOT_FOUND_PAGE = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>Link not found</title></head>
<body style="font-family:system-ui,sans-serif;max-width:30rem;margin:3rem auto;padding:0 1rem;line-height:1.5">
<h1 style="font-size:1.25rem">This link does not lead anywhere</h1>
<p>It may be mistyped, or the business no longer takes bookings online. Reply to their text or call them instead.</p>
</body></html>`;

const HEADERS = { "cache-control": "no-store", "referrer-policy": "no-referrer", "x-content-type-options": "nosniff" };

function notFound(c: Context) {
  return c.html(NOT_FOUND_PAGE, 404, { ...HEADERS, "content-security-policy": "default-src 'none'; style-src 'unsafe-inline'" });
}

linkRoutes.get("/:code", async (c) => {
  const code = c.req.param("code");
  if (!isLinkCode(code)) return notFound(c);
  const target = await findLinkTarget(c.env.DB, code);
  const location = target?.bookingUrl ? bookingRedirect(target.bookingUrl, code) : null;
  if (!target || !location) return notFound(c);
  if (target.leadId && countsAsClick(c.req.method, c.req.header("user-agent"))) await recordClick(c.env, target.leadId, target.messageId);
  return new Response(null, { status: 302, headers: { ...HEADERS, location } });
});

/** The click on the lead and `lead.updated`; a failure is logged, never keeps the caller from the booking page. */
async function recordClick(env: Env, leadId: string, messageId: string): Promise<void> {
  const entryId = `click:${crypto.randomUUID()}`;
  const event = leadEventStatement(env.DB, "lead.updated", leadId, `lead_updated_${entryId}`);
  const statements = [...leadClickStatements(env.DB, { entryId, leadId, messageId, at: Date.now() }), event.statement];
  try {
    const results = await env.DB.batch(statements);
    await queueEvents(env, [{ event, result: results.at(-1) }]);
  } catch (e) {
    log.error("link.click_failed", { leadId, error: String(e) });
  }
}

// `/l`, `/l/<code>/more`…: not a link of ours either, and answered the same way.
linkRoutes.get("*", (c) => notFound(c));
