import type { Context } from "hono";
import type { Env } from "../../env";
import type { Principal } from "../principal";
import type { Session } from "../session";

/** Hono environment of the admin pages: the session is set by the guard in `index.tsx`. */
export interface AdminPagesEnv {
  Bindings: Env;
  Variables: {
    session: Session;
    /** Who is logged in, with their role and businesses (set with the session). */
    principal: Principal;
    /** Set by secure-headers; the one inline script of a page carries it. */
    secureHeadersNonce?: string;
  };
}

export type PageContext = Context<AdminPagesEnv>;
