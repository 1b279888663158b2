/**
 * The person or token behind the current request, for the audit log. Read through hono's context
 * storage (AsyncLocalStorage, the `nodejs_als` flag) rather than passed to every write, so each
 * change any route makes, including routes added later, records who made it without its own code.
 */
import { tryGetContext } from "hono/context-storage";
import type { Principal } from "./principal";

export function currentActor(): { actor: string; actorToken: string | null } {
  const principal = tryGetContext<{ Variables: { principal?: Principal } }>()?.var.principal;
  // Outside a request (a script, a test calling a write directly) it is the operator: ADMIN_TOKEN's.
  return principal ? { actor: principal.actor, actorToken: principal.tokenId } : { actor: "admin", actorToken: null };
}
