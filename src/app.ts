import { Hono } from "hono";
import { bodyLimit } from "hono/body-limit";
import { contextStorage } from "hono/context-storage";
import { HTTPException } from "hono/http-exception";
import { createMiddleware } from "hono/factory";
import { requestId } from "hono/request-id";
import { adminApi } from "./admin/api";
import { isUpload, MAX_UPLOAD_BYTES } from "./admin/contacts-csv";
import { adminPages } from "./admin/pages";
import { forgetLines } from "./webhooks/line-lookup";
import type { Env } from "./env";
import { log } from "./log";
import { webhookRateLimit } from "./middleware/rate-limit";
import { bandwidthWebhooks } from "./webhooks/bandwidth";
import { plivoWebhooks } from "./webhooks/plivo";
import { telnyxWebhooks } from "./webhooks/telnyx";
import { twilioWebhooks } from "./webhooks/twilio";
import { crmGenericWebhook } from "./webhooks/crm-generic";
import { voiceAiWebhook } from "./webhooks/voice-ai";
import { linkRoutes } from "./links/route";
import { bookingWebhooks } from "./webhooks/booking";
import { vonageWebhooks } from "./webhooks/vonage";

/** Carrier webhooks are a few hundred bytes; anything near this is not a carrier. */
const MAX_BODY_BYTES = 64 * 1024;
const jsonBodyLimit = bodyLimit({
  maxSize: MAX_BODY_BYTES,
  onError: (c) => c.json({ error: `body larger than ${MAX_BODY_BYTES} bytes` }, 413),
});
const uploadLimit = bodyLimit({
  maxSize: MAX_UPLOAD_BYTES,
  onError: (c) => c.json({ error: `body larger than ${MAX_UPLOAD_BYTES} bytes` }, 413),
});

export const app = new Hono<{ Bindings: Env }>();

app.use(requestId());
// The audit log reads who is asking from the request's context (admin/actor.ts).
app.use("/api/*", contextStorage());
app.use("/admin/*", contextStorage());
// The admin pages' forms have their own, larger limit, answered with a page (admin/pages/index.tsx):
// a long list is a form, not an attack, and a JSON error would replace the page. A contacts file
// has the upload's limit (admin/contacts-csv.ts).
app.use((c, next) => (c.req.path.startsWith("/admin/") ? next() : (isUpload(c.req.path) ? uploadLimit : jsonBodyLimit)(c, next)));

app.get("/healthz", (c) => c.json({ ok: true }));

// Call webhooks act on line configurations cached per isolate (webhooks/line-lookup.ts): a change made
// through this isolate applies to its next webhook, not LINE_CACHE_MS later.
const forgetLinesAfterChanges = createMiddleware(async (c, next) => {
  await next();
  if (c.req.method !== "GET" && c.req.method !== "HEAD") forgetLines();
});
app.use("/api/*", forgetLinesAfterChanges);
// The API answers with callers' numbers and texts: never cached, never sniffed as anything but JSON.
app.use("/api/*", async (c, next) => {
  await next();
  c.res.headers.set("cache-control", "no-store");
  c.res.headers.set("x-content-type-options", "nosniff");
});
app.use("/admin/*", forgetLinesAfterChanges);
app.use("/webhooks/*", webhookRateLimit);
app.route("/webhooks/twilio", twilioWebhooks);
app.route("/webhooks/telnyx", telnyxWebhooks);
app.route("/webhooks/plivo", plivoWebhooks);
app.route("/webhooks/bandwidth", bandwidthWebhooks);
app.route("/webhooks/voice-ai", voiceAiWebhook);
app.route("/webhooks/booking", bookingWebhooks);
app.route("/l", linkRoutes);
app.route("/webhooks/vonage", vonageWebhooks);
app.route("/webhooks/crm/generic", crmGenericWebhook);
app.route("/api", adminApi);
app.route("/admin", adminPages);

app.notFound((c) => c.json({ error: "not found" }, 404));

// Input problems are HTTPExceptions with a message a user can act on; anything else is a bug (500).
app.onError((err, c) => {
  if (err instanceof HTTPException) {
    if (err.res) return err.res;
    return c.json({ error: err.message }, err.status);
  }
  log.error("unhandled", { path: new URL(c.req.url).pathname, requestId: c.get("requestId"), error: String(err) });
  return c.json({ error: "internal error" }, 500);
});
