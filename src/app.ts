import { bodyLimit } from "hono/body-limit";
import { contextStorage } from "hono/context-storage";
import { createMiddleware } from "hono/factory";
import { adminApi } from "./admin/api";
import { isUpload, MAX_UPLOAD_BYTES } from "./admin/contacts-csv";
import { adminPages } from "./admin/pages";
import { forgetLines } from "./webhooks/line-lookup";
import { linkRoutes } from "./links/route";
import { appShell, jsonBodyLimit } from "./app-shell";
import { webhookRoutes } from "./webhook-app";

const uploadLimit = bodyLimit({
  maxSize: MAX_UPLOAD_BYTES,
  onError: (c) => c.json({ error: `body larger than ${MAX_UPLOAD_BYTES} bytes` }, 413),
});

/** Everything: the admin pages and API, links, and the webhooks too (index.ts serves those from webhook-app.ts). */
export const app = appShell();

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
app.route("/", webhookRoutes);
app.route("/l", linkRoutes);
app.route("/api", adminApi);
app.route("/admin", adminPages);
