/** Login and logout: ADMIN_TOKEN in, a signed session cookie out. */
import { Hono } from "hono";
import { timingSafeEqual } from "hono/utils/buffer";
import { clearSessionCookie, createSession, getSessionCookie, readSession, setSessionCookie } from "../session";
import type { AdminPagesEnv, PageContext } from "./env";
import { formFields } from "./forms";
import { ErrorList, renderPage } from "./layout";

/** Public: the login form and its post. */
export const loginPages = new Hono<AdminPagesEnv>();
/** Behind the session guard (logging out needs the CSRF token like any other form). */
export const logoutPages = new Hono<AdminPagesEnv>();

/**
 * Where to go after logging in: only a path inside the admin, so the login form cannot be used to
 * send someone elsewhere (`next=//evil.example` or `next=https://…`).
 */
export function safeNext(next: string | undefined): string {
  if (!next || !/^\/admin(?:[/?#][^\\\s]*)?$/.test(next) || next.startsWith("/admin/log")) return "/admin";
  return next;
}

function loginPage(c: PageContext, opts: { next?: string; errors?: string[]; status?: 200 | 400 | 401 | 429 } = {}) {
  return renderPage(
    c,
    { title: "Log in", status: opts.status },
    <div class="login card">
      <h1>Log in to Textback</h1>
      <ErrorList errors={opts.errors ?? []} />
      {/* No session yet, so no per-session token: the Origin check (hono csrf) guards this form. */}
      <form method="post" action="/admin/login">
        <input type="hidden" name="next" value={safeNext(opts.next)} />
        <label for="token">
          Admin token
          <span class="hint">The ADMIN_TOKEN secret of this deployment.</span>
        </label>
        <input id="token" name="token" type="password" autocomplete="current-password" required autofocus />
        <div class="actions">
          <button type="submit">Log in</button>
        </div>
      </form>
    </div>,
  );
}

loginPages.get("/login", async (c) => {
  if (await readSession(c.env, getSessionCookie(c))) return c.redirect(safeNext(c.req.query("next")), 303);
  return loginPage(c, { next: c.req.query("next") });
});

loginPages.post("/login", async (c) => {
  const form = await formFields(c);
  const next = form.next;
  // Per client address; Cloudflare sets cf-connecting-ip (a client cannot), locally there is none.
  const { success } = await c.env.LOGIN_RL.limit({ key: `login:${c.req.header("cf-connecting-ip") ?? "local"}` });
  if (!success) {
    c.header("retry-after", "60");
    return loginPage(c, { next, status: 429, errors: ["Too many login attempts. Wait a minute, then try again."] });
  }
  if (!(await timingSafeEqual(c.env.ADMIN_TOKEN, form.token ?? ""))) {
    return loginPage(c, { next, status: 401, errors: ["That token is not right. Check for a missing or extra character."] });
  }
  const { session, cookie } = await createSession(c.env);
  setSessionCookie(c, cookie, session);
  return c.redirect(safeNext(next), 303);
});

logoutPages.post("/logout", (c) => {
  clearSessionCookie(c);
  return c.redirect("/admin/login?done=logged_out", 303);
});
