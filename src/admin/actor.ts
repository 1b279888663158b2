/**
 * The person or token behind the current request, for the audit log and for what a person's act
 * stores of them (their text, their change to a lead). Read through hono's context storage
 * (AsyncLocalStorage, the `nodejs_als` flag) rather than passed to every write, so each change any
 * route makes, including routes added later, records who made it without its own code.
 */
import { tryGetContext } from "hono/context-storage";
import type { ActedBy } from "../vocabulary";
import type { Principal } from "./principal";

const principal = () => tryGetContext<{ Variables: { principal?: Principal } }>()?.var.principal;

export function currentActor(): { actor: string; actorToken: string | null } {
  const p = principal();
  // Outside a request (a script, a test calling a write directly) it is the operator: ADMIN_TOKEN's.
  return p ? { actor: p.actor, actorToken: p.tokenId } : { actor: "admin", actorToken: null };
}

/** Who is acting, as a person's act stores it (a token by its name, a user by theirs): the operator's outside a request. */
export function currentActedBy(): ActedBy {
  return actedByOf(principal());
}

export function actedByOf(p: Principal | undefined): ActedBy {
  if (!p || p.userId === null) return { kind: "admin_token" };
  if (p.tokenId !== null) return { kind: "token", id: p.tokenId, name: p.tokenName ?? p.tokenId, userId: p.userId };
  return { kind: "user", id: p.userId, name: p.name };
}
