/**
 * Who is asking: the ADMIN_TOKEN owner, a user logged in to the pages, or a user's personal API
 * token. Routes and pages read it from the context (`principal`), set by the API's bearer check
 * (auth.ts) or the pages' session guard (session-store.ts).
 */
import type { DrizzleD1Database } from "drizzle-orm/d1";
import { businessIdsOf } from "../db/team";
import type { UserRow } from "../db/team-schema";
import type { Role } from "../vocabulary";

export interface Principal {
  /** What the audit log records: `admin` for ADMIN_TOKEN, else the user's id. */
  actor: string;
  userId: string | null;
  /** The personal API token the request came with, if it did, and its name. */
  tokenId: string | null;
  tokenName: string | null;
  role: Role;
  /** The businesses this principal works for; null: every business (an owner). */
  businessIds: readonly string[] | null;
  name: string;
  email: string | null;
}

/** The bootstrap owner: whoever holds ADMIN_TOKEN. */
export const ADMIN_PRINCIPAL: Principal = { actor: "admin", userId: null, tokenId: null, tokenName: null, role: "owner", businessIds: null, name: "Admin token", email: null };

/** A user as a principal (through one of their tokens, if given), with their businesses (none to read for an owner). */
export async function userPrincipal(db: DrizzleD1Database & { $client: D1Database }, user: UserRow, token: { id: string; name: string } | null = null): Promise<Principal> {
  return {
    actor: user.id,
    userId: user.id,
    tokenId: token?.id ?? null,
    tokenName: token?.name ?? null,
    role: user.role,
    businessIds: user.role === "owner" ? null : await businessIdsOf(db, user.id),
    name: user.name,
    email: user.email,
  };
}

/** Whether this principal may see a business at all (else its resources are a 404). */
export function seesBusiness(p: Principal, businessId: string): boolean {
  return p.businessIds === null || p.businessIds.includes(businessId);
}
