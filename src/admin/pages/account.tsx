/** `/admin/account`: one's own page (DESIGN.md §7): password, authenticator app, personal API tokens. */
import { drizzle } from "drizzle-orm/d1";
import { Hono } from "hono";
import { HTTPException } from "hono/http-exception";
import { newTotpSecret } from "../../crypto/totp";
import { listApiTokens } from "../../db/sessions";
import { findUser } from "../../db/team";
import type { UserRow } from "../../db/team-schema";
import { createApiToken, revokeApiToken } from "../api-tokens";
import { changePassword } from "../passwords";
import { startSession } from "../session-store";
import { disableTotp, enableTotp, totpQrSvg } from "../totp-setup";
import { PasswordSection, TokensSection, TotpSection } from "./account-sections";
import type { AdminPagesEnv, PageContext } from "./env";
import { formatTime } from "./format";
import { formFields, formRefusal } from "./forms";
import { renderPage } from "./layout";

export const accountPages = new Hono<AdminPagesEnv>();

/** Times on one's own page read in UTC: a person is not tied to one business's time zone. */
const when = (ms: number | null) => (ms === null ? "Never" : `${formatTime(ms, "UTC")} UTC`);

async function me(c: PageContext): Promise<UserRow | undefined> {
  const id = c.get("principal").userId;
  return id ? findUser(drizzle(c.env.DB), id) : undefined;
}

async function accountPage(c: PageContext, opts: { errors?: string[]; created?: { name: string; token: string } } = {}) {
  const user = await me(c);
  const csrf = c.get("session").csrfToken;
  if (!user) {
    return renderPage(
      c,
      { title: "Your account" },
      <>
        <h1>Your account</h1>
        <p class="card">You are logged in with the admin token: it has no password, authenticator app or tokens of its own. Invite yourself as an owner from Users to get them.</p>
      </>,
    );
  }
  const tokens = await listApiTokens(drizzle(c.env.DB), user.id);
  const secret = newTotpSecret();
  return renderPage(
    c,
    { title: "Your account", errors: opts.errors, status: opts.errors?.length ? 400 : 200 },
    <>
      <h1>Your account</h1>
      <p class="sub">
        {user.name} · {user.email} · {user.role}
      </p>
      <PasswordSection csrf={csrf} email={user.email} />
      <TotpSection csrf={csrf} on={user.totpSecret !== null} secret={secret} qrSvg={totpQrSvg(secret, user.email)} />
      <TokensSection
        csrf={csrf}
        created={opts.created}
        tokens={tokens.map((t) => ({ id: t.id, name: t.name, createdAt: when(t.createdAt), lastUsed: when(t.lastUsedAt) }))}
      />
    </>,
  );
}

/** The user behind this session, or a 400 for the admin token (which has no account to change). */
async function requireUser(c: PageContext): Promise<UserRow> {
  const user = await me(c);
  if (!user) throw new HTTPException(400, { message: "the admin token has no account to change" });
  return user;
}

accountPages.get("/account", (c) => accountPage(c));

accountPages.post("/account/password", async (c) => {
  const user = await requireUser(c);
  const f = await formFields(c);
  const refused = await formRefusal([400], () => changePassword(c.env, user, f.current ?? "", f.password ?? "", f.confirm ?? ""));
  if (refused) return accountPage(c, { errors: refused.errors });
  // Every session of this user ended; this browser gets a new one.
  await startSession(c, c.env, user.id);
  return c.redirect("/admin/account?done=password_changed", 303);
});

accountPages.post("/account/totp", async (c) => {
  const user = await requireUser(c);
  const f = await formFields(c);
  const refused = await formRefusal([400], () => enableTotp(c.env, user, f.secret ?? "", f.code ?? ""));
  if (refused) return accountPage(c, { errors: refused.errors });
  return c.redirect("/admin/account?done=totp_on", 303);
});

accountPages.post("/account/totp/off", async (c) => {
  const user = await requireUser(c);
  const refused = await formRefusal([400], async () => disableTotp(c.env, user, (await formFields(c)).password ?? ""));
  if (refused) return accountPage(c, { errors: refused.errors });
  return c.redirect("/admin/account?done=totp_off", 303);
});

/** The new token is shown on this answer only (not after a redirect): D1 keeps its hash. */
accountPages.post("/account/tokens", async (c) => {
  await requireUser(c);
  const name = ((await formFields(c)).name ?? "").trim();
  if (!name) return accountPage(c, { errors: ["Name: give the token a name, so you know which to revoke later."] });
  const created = await createApiToken(c.env, c.get("principal"), { name: name.slice(0, 100) });
  return accountPage(c, { created: { name: created.name, token: created.token } });
});

accountPages.post("/account/tokens/:tokenId/revoke", async (c) => {
  await requireUser(c);
  await revokeApiToken(c.env, c.get("principal"), c.req.param("tokenId"));
  return c.redirect("/admin/account?done=token_revoked", 303);
});
