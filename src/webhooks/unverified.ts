import type { Context } from "hono";
import { HTTPException } from "hono/http-exception";
import { log } from "../log";

/**
 * The one answer to a webhook we cannot verify: no signature, a malformed or stale one, the wrong
 * key, or a number nobody registered here (whose key we do not have, so no signature could be
 * right). The same status and body for each, as the carriers advise (403), so the answer never says
 * which numbers are registered.
 */
export function refuseUnverified(): never {
  throw new HTTPException(403, { message: "invalid signature" });
}

/**
 * `refuseUnverified` for a lookup's "unknown" or "refused". An unknown number behind a well-formed
 * signature is logged: most often a carrier still points a number at us that nobody registered (or
 * that was removed), which the operator can only find out from this line.
 */
export function refuseLookup(c: Context, found: "unknown" | "refused", number: string): never {
  if (found === "unknown") log.warn("webhook.unknown_number", { route: c.req.path, number });
  return refuseUnverified();
}
