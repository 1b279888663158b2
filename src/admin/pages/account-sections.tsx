/** The parts of one's own page: password, authenticator app, personal API tokens. */
import type { FC } from "hono/jsx";
import { raw } from "hono/html";
import { MIN_PASSWORD_LENGTH } from "../../rules/password-policy";
import { DataTable } from "./data-table";
import { PostForm } from "./layout";

export const PasswordSection: FC<{ csrf: string; email: string }> = ({ csrf, email }) => (
  <section class="card" aria-labelledby="password-heading">
    <h2 id="password-heading">Password</h2>
    <p class="hint">Changing it logs you out everywhere else.</p>
    <PostForm action="/admin/account/password" csrf={csrf}>
      <input type="hidden" name="username" value={email} autocomplete="username" />
      <label for="current">Current password</label>
      <input id="current" name="current" type="password" autocomplete="current-password" required />
      <label for="password">
        New password <span class="hint">At least {MIN_PASSWORD_LENGTH} characters.</span>
      </label>
      <input id="password" name="password" type="password" autocomplete="new-password" minlength={MIN_PASSWORD_LENGTH} required />
      <label for="confirm">The new password again</label>
      <input id="confirm" name="confirm" type="password" autocomplete="new-password" minlength={MIN_PASSWORD_LENGTH} required />
      <div class="actions">
        <button type="submit">Change password</button>
      </div>
    </PostForm>
  </section>
);

/** On: a form to turn it off. Off: the QR code of a new secret and the code that proves the scan. */
export const TotpSection: FC<{ csrf: string; on: boolean; secret: string; qrSvg: string }> = ({ csrf, on, secret, qrSvg }) => (
  <section class="card" aria-labelledby="totp-heading">
    <h2 id="totp-heading">Authenticator app</h2>
    {on ? (
      <>
        <p>
          <span class="chip ok">On</span> Logging in asks for a code from your app.
        </p>
        <PostForm action="/admin/account/totp/off" csrf={csrf}>
          <label for="totp-off-password">Your password, to turn it off</label>
          <input id="totp-off-password" name="password" type="password" autocomplete="current-password" required />
          <div class="actions">
            <button type="submit" class="secondary">
              Turn off
            </button>
          </div>
        </PostForm>
      </>
    ) : (
      <>
        <p>Scan this with an authenticator app (or type the key), then enter the code it shows.</p>
        <div class="qr" role="img" aria-label="QR code for your authenticator app">
          {raw(qrSvg)}
        </div>
        <p class="hint">
          Key: <code class="totp-key">{secret}</code>
        </p>
        <PostForm action="/admin/account/totp" csrf={csrf}>
          <input type="hidden" name="secret" value={secret} />
          <label for="totp-code">Code from the app</label>
          <input id="totp-code" name="code" inputmode="numeric" autocomplete="one-time-code" pattern="[0-9 ]*" maxlength={8} required />
          <div class="actions">
            <button type="submit">Turn on</button>
          </div>
        </PostForm>
      </>
    )}
  </section>
);

export interface TokenListed {
  id: string;
  name: string;
  createdAt: string;
  lastUsed: string;
}

export const TokensSection: FC<{ csrf: string; tokens: readonly TokenListed[]; created?: { name: string; token: string } }> = ({ csrf, tokens, created }) => (
  <section class="card" aria-labelledby="tokens-heading">
    <h2 id="tokens-heading">Personal API tokens</h2>
    <p class="hint">For scripts and integrations: a token does what you may do, for your businesses. Send it as "Authorization: Bearer …".</p>
    {created ? (
      <div class="flash" role="status">
        <p>
          Token “{created.name}” made. Copy it now: it is not shown again.
        </p>
        <p>
          <code class="new-token">{created.token}</code>
        </p>
      </div>
    ) : null}
    {tokens.length > 0 ? (
      <DataTable
        columns={["Name", "Made", "Last used", { label: "Action", hideLabel: true }]}
        rows={tokens.map((t) => [
          t.name,
          t.createdAt,
          t.lastUsed,
          <PostForm action={`/admin/account/tokens/${encodeURIComponent(t.id)}/revoke`} csrf={csrf}>
            <button type="submit" class="secondary">
              Revoke<span class="visually-hidden"> {t.name}</span>
            </button>
          </PostForm>,
        ])}
      />
    ) : null}
    <PostForm action="/admin/account/tokens" csrf={csrf}>
      <label for="token-name">New token's name</label>
      <input id="token-name" name="name" maxlength={100} required placeholder="e.g. Zapier" />
      <div class="actions">
        <button type="submit">Make a token</button>
      </div>
    </PostForm>
  </section>
);
