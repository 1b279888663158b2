import { Hono } from "hono";
import { bodyLimit } from "hono/body-limit";
import { HTTPException } from "hono/http-exception";
import { requestId } from "hono/request-id";
import type { Env } from "./env";
import { log } from "./log";

/** Carrier webhooks are a few hundred bytes; anything near this is not a carrier. */
export const MAX_BODY_BYTES = 64 * 1024;

export const jsonBodyLimit = bodyLimit({
  maxSize: MAX_BODY_BYTES,
  onError: (c) => c.json({ error: `body larger than ${MAX_BODY_BYTES} bytes` }, 413),
});

/**
 * What every request gets, whichever app serves it (app.ts): a request id, JSON for an unknown
 * route, and for an error a message a user can act on (an HTTPException) or a logged 500 (a bug).
 */
export function appShell(): Hono<{ Bindings: Env }> {
  const app = new Hono<{ Bindings: Env }>();
  app.use(requestId());
  app.notFound((c) => c.json({ error: "not found" }, 404));
  app.onError((err, c) => {
    if (err instanceof HTTPException) {
      if (err.res) return err.res;
      return c.json({ error: err.message }, err.status);
    }
    log.error("unhandled", { path: new URL(c.req.url).pathname, requestId: c.get("requestId"), error: String(err) });
    return c.json({ error: "internal error" }, 500);
  });
  return app;
}
