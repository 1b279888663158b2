/** `/admin/invite/:token`: the invited person sets their password (public: the link is the proof). */
import { drizzle } from "drizzle-orm/d1";
import { Hono } from "hono";
import { sha256Hex } from "../../crypto/tokens";
import { inviteeOf } from "../../db/team";
import { MIN_PASSWORD_LENGTH } from "../../rules/password-policy";
import { acceptInvite, INVITE_GONE } from "../passwords";
import { userPrincipal } from "../principal";
import type { AdminPagesEnv, PageContext } from "./env";
import { formFields, formRefusal } from "./forms";
import { ErrorList, renderPage } from "./layout";

export const invitePages = new Hono<AdminPagesEnv>();

function gone(c: PageContext) {
  return renderPage(
    c,
    { title: "Invite not valid", status: 410 },
    <div class="login card">
      <h1>This invite cannot be used</h1>
      <p>{INVITE_GONE}</p>
    </div>,
  );
}

function inviteForm(c: PageContext, token: string, email: string, errors: string[] = []) {
  return renderPage(
    c,
    { title: "Set your password", status: errors.length ? 400 : 200 },
    <div class="login card">
      <h1>Set your password</h1>
      <p class="sub">For {email}. After this you log in with your email and this password.</p>
      <ErrorList errors={errors} />
      {/* No session: the Origin check (hono csrf) guards this form, and the link's token is the proof. */}
      <form method="post" action={`/admin/invite/${encodeURIComponent(token)}`}>
        <input type="hidden" name="username" value={email} autocomplete="username" />
        <label for="password">
          New password
          <span class="hint">At least {MIN_PASSWORD_LENGTH} characters. A few unrelated words are easy to remember and hard to guess.</span>
        </label>
        <input id="password" name="password" type="password" autocomplete="new-password" minlength={MIN_PASSWORD_LENGTH} required autofocus />
        <label for="confirm">The same password again</label>
        <input id="confirm" name="confirm" type="password" autocomplete="new-password" minlength={MIN_PASSWORD_LENGTH} required />
        <div class="actions">
          <button type="submit">Set password</button>
        </div>
      </form>
    </div>,
  );
}

invitePages.get("/invite/:token", async (c) => {
  const token = c.req.param("token");
  const user = await inviteeOf(drizzle(c.env.DB), await sha256Hex(token), Date.now());
  return user ? inviteForm(c, token, user.email) : gone(c);
});

invitePages.post("/invite/:token", async (c) => {
  const token = c.req.param("token");
  const db = drizzle(c.env.DB);
  const user = await inviteeOf(db, await sha256Hex(token), Date.now());
  if (!user) return gone(c);
  const form = await formFields(c);
  // The audit log names the invitee as the one who set the password.
  c.set("principal", await userPrincipal(db, user));
  const refused = await formRefusal([400, 410], () => acceptInvite(c.env, token, form.password ?? "", form.confirm ?? ""));
  if (refused?.status === 410) return gone(c);
  if (refused) return inviteForm(c, token, user.email, refused.errors.map((e) => e.replace(/^(password|confirm): /, "")));
  return c.redirect("/admin/login?done=password_set", 303);
});
