import type { Context } from "hono";
import type { Env } from "../../env";
import type { Session } from "../session";

/** Hono environment of the admin pages: the session is set by the guard in `index.tsx`. */
export interface AdminPagesEnv {
  Bindings: Env;
  Variables: {
    session: Session;
    /** Set by secure-headers; the one inline script of a page carries it. */
    secureHeadersNonce?: string;
  };
}

export type PageContext = Context<AdminPagesEnv>;
