/** Login and logout: email and password (or the ADMIN_TOKEN, the owner's bootstrap) in, a session out. */
import { Hono } from "hono";
import { timingSafeEqual } from "hono/utils/buffer";
import { checkLogin } from "../login-check";
import { clearSessionCookie, getSessionCookie } from "../session";
import { endSession, resumeSession, startSession } from "../session-store";
import type { AdminPagesEnv, PageContext } from "./env";
import { formFields } from "./forms";
import { ErrorList, renderPage } from "./layout";

/** Public: the login form and its post. */
export const loginPages = new Hono<AdminPagesEnv>();
/** Behind the session guard (logging out needs the CSRF token like any other form). */
export const logoutPages = new Hono<AdminPagesEnv>();

/** One answer for a wrong password, an unknown email and a wrong code: it says nothing about who has an account. */
export const WRONG_LOGIN = "That email, password or code is not right.";
export const LOCKED_LOGIN = "Too many failed logins for this account. It is locked for 15 minutes; wait, then try again.";

/**
 * Where to go after logging in: only a path inside the admin, so the login form cannot be used to
 * send someone elsewhere (`next=//evil.example` or `next=https://…`).
 */
export function safeNext(next: string | undefined): string {
  if (!next || !/^\/admin(?:[/?#][^\\\s]*)?$/.test(next) || next.startsWith("/admin/log")) return "/admin";
  return next;
}

type LoginStatus = 200 | 400 | 401 | 429;

function loginPage(c: PageContext, opts: { next?: string; email?: string; errors?: string[]; status?: LoginStatus; tokenOpen?: boolean } = {}) {
  return renderPage(
    c,
    { title: "Log in", status: opts.status },
    <div class="login card">
      <h1>Log in to Textback</h1>
      <ErrorList errors={opts.errors ?? []} />
      {/* No session yet, so no per-session token: the Origin check (hono csrf) guards this form. One form,
          so either way of logging in is the same button: email and password, or the owner's ADMIN_TOKEN. */}
      <form method="post" action="/admin/login">
        <input type="hidden" name="next" value={safeNext(opts.next)} />
        <label for="email">Email</label>
        <input id="email" name="email" type="email" autocomplete="username" value={opts.email ?? ""} autofocus />
        <label for="password">Password</label>
        <input id="password" name="password" type="password" autocomplete="current-password" />
        <label for="code">
          Authenticator code
          <span class="hint">Only if you turned on an authenticator app for your account.</span>
        </label>
        <input id="code" name="code" inputmode="numeric" autocomplete="one-time-code" pattern="[0-9 ]*" maxlength={8} />
        {/* Only the deployment's owner has it: folded away (no script needed), open again after a refused token. */}
        <details class="token-login" open={opts.tokenOpen ?? false}>
          <summary>Sign in with the admin token</summary>
          <label for="token">
            Admin token
            <span class="hint">The owner's bootstrap: the ADMIN_TOKEN secret of this deployment, instead of an email and password.</span>
          </label>
          <input id="token" name="token" type="password" autocomplete="off" />
        </details>
        <div class="actions">
          <button type="submit">Log in</button>
        </div>
      </form>
    </div>,
  );
}

loginPages.get("/login", async (c) => {
  if (await resumeSession(c.env, getSessionCookie(c))) return c.redirect(safeNext(c.req.query("next")), 303);
  return loginPage(c, { next: c.req.query("next") });
});

loginPages.post("/login", async (c) => {
  const form = await formFields(c);
  const next = form.next;
  // Per client address; Cloudflare sets cf-connecting-ip (a client cannot), locally there is none.
  const { success } = await c.env.LOGIN_RL.limit({ key: `login:${c.req.header("cf-connecting-ip") ?? "local"}` });
  if (!success) {
    c.header("retry-after", "60");
    return loginPage(c, { next, email: form.email, status: 429, errors: ["Too many login attempts from your address. Wait a minute, then try again."] });
  }
  if (form.token) {
    if (!(await timingSafeEqual(c.env.ADMIN_TOKEN, form.token))) {
      return loginPage(c, { next, status: 401, tokenOpen: true, errors: ["That token is not right. Check for a missing or extra character."] });
    }
    await startSession(c, c.env, null);
    return c.redirect(safeNext(next), 303);
  }
  const result = await checkLogin(c.env, { email: form.email ?? "", password: form.password ?? "", code: form.code });
  if (!result.ok) {
    if (result.locked) c.header("retry-after", "900");
    return loginPage(c, { next, email: form.email, status: result.locked ? 429 : 401, errors: [result.locked ? LOCKED_LOGIN : WRONG_LOGIN] });
  }
  await startSession(c, c.env, result.user.id);
  return c.redirect(safeNext(next), 303);
});

/** Ends this session everywhere at once: its D1 row goes, so the cookie is worthless even if copied. */
logoutPages.post("/logout", async (c) => {
  await endSession(c.env, c.get("session").id);
  clearSessionCookie(c);
  return c.redirect("/admin/login?done=logged_out", 303);
});
