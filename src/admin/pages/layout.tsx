/** The frame every admin page shares: head, top bar, business tabs, notices. */
import type { Child, FC, PropsWithChildren } from "hono/jsx";
import { html } from "hono/html";
import type { ContentfulStatusCode } from "hono/utils/http-status";
import type { PageContext } from "./env";
import { drizzle } from "drizzle-orm/d1";
import { firstByName } from "../business-list";
import { BusinessTabs, mayHere, TopLinks, type BusinessLink, type Tab } from "./nav";
import { CURRENT_TAB_SCRIPT } from "./scripts";
import { FAVICON_PATH, STYLESHEET_PATH } from "./style";

export { businessPath, TABS, type Tab } from "./nav";

/** What a redirect after a successful form post says, by code (`?done=saved`): never free text from the URL. */
const DONE: Record<string, string> = {
  created: "Business created. Add a phone number next.",
  saved: "Saved.",
  paused: "Texting is paused: calls are still recorded, but no texts go out.",
  resumed: "Texting is back on.",
  business_closed: "Business closed: everything of it is deleted but its consent records and the audit log's entry of the close.",
  number_added: "Number added. Paste the webhook URLs below into the carrier console.",
  number_updated: "Number saved. Calls and texts use the change from now on.",
  number_removed: "Number removed. Its calls and texts stay in the history.",
  test_sent: "Test text sent: the carrier accepted it. It should arrive within a few seconds.",
  test_queued: "Test text queued: the carrier has not answered yet. Its status shows on the dashboard's texts.",
  reply_sent: "Text queued.",
  page_taken: "The page is yours: nobody else is paged for it.",
  page_already_taken: "Someone had already taken this page: who and when is below.",
  text_canceled: "Canceled: that text will not be sent.",
  opted_out: "Opt-out recorded. This number will get no more texts.",
  opted_in: "Opt-in recorded.",
  unblocked: "Unblocked: their next missed call is texted like anyone's.",
  contact_forgotten: "Contact forgotten: their calls are treated like a stranger's from now on.",
  retried: "Queued again.",
  attached: "Attached: the lead is booked for that time.",
  replayed: "Queued again for that subscriber, same ids and bodies.",
  enabled: "Subscriber enabled: it receives events from now on. Replay what it missed from its refused deliveries.",
  unsubscribed: "Subscriber removed: it receives no more events.",
  booking_secret_saved: "Signing secret saved: bookings signed with it are accepted from now on, and an older secret no longer works.",
  booking_disconnected: "Disconnected: bookings from it are refused until a secret is set again.",
  logged_out: "You are logged out.",
  password_set: "Your password is set. Log in with your email and it.",
  password_changed: "Password changed. You are logged out everywhere else.",
  totp_on: "Authenticator app on: logging in now asks for its code.",
  totp_off: "Authenticator app off.",
  token_revoked: "Token revoked: it stopped working at once.",
  invited: "Invite made.",
  user_saved: "Saved. Their sessions ended if their role changed.",
  user_removed: "Removed: their sessions and tokens stopped working at once.",
};

/** A POST form with this session's CSRF token; every admin form goes through here. */
export const PostForm: FC<PropsWithChildren<{ action: string; csrf: string; class?: string; id?: string; "data-preview-url"?: string }>> = (props) =>
  // A form the role may not post is not shown at all (the route would refuse it).
  !mayHere("POST", props.action) ? null : (
  <form method="post" action={props.action} class={props.class} id={props.id} data-preview-url={props["data-preview-url"]}>
    <input type="hidden" name="_csrf" value={props.csrf} />
    {props.children}
  </form>
);

export const ErrorList: FC<{ errors: readonly string[] }> = ({ errors }) =>
  errors.length === 0 ? null : errors.length === 1 ? (
    <div class="error" role="alert">
      <p>{errors[0]}</p>
    </div>
  ) : (
    <div class="error" role="alert">
      <strong>Please fix these:</strong>
      <ul>
        {errors.map((e) => (
          <li>{e}</li>
        ))}
      </ul>
    </div>
  );

export interface PageOptions {
  title: string;
  business?: { id: string; name: string };
  tab?: Tab;
  status?: ContentfulStatusCode;
  errors?: readonly string[];
  /** A page's own inline script (static code only, never data): runs under the CSP nonce. */
  script?: string;
}

const LogOut: FC<{ csrf: string }> = ({ csrf }) => (
  <PostForm action="/admin/logout" csrf={csrf}>
    <button type="submit">Log out</button>
  </PostForm>
);

/** Render a full page. Data the script needs goes in data- attributes, escaped like everything else. */
export async function renderPage(c: PageContext, opts: PageOptions, body: Child): Promise<Response> {
  const session = c.get("session");
  const principal = c.get("principal");
  const { others, more } = opts.business && principal ? await otherBusinesses(c, opts.business.id) : { others: [], more: false };
  const nonce = c.get("secureHeadersNonce");
  const done = DONE[c.req.query("done") ?? ""];
  const script = [opts.business ? CURRENT_TAB_SCRIPT : "", opts.script ?? ""].join("");
  const page = (
    <html lang="en">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <meta name="referrer" content="no-referrer" />
        <title>{opts.business ? `${opts.title} · ${opts.business.name} · Textback` : `${opts.title} · Textback`}</title>
        <link rel="stylesheet" href={STYLESHEET_PATH} />
        <link rel="icon" href={FAVICON_PATH} type="image/svg+xml" />
      </head>
      <body>
        <a class="skip" href="#main">
          Skip to content
        </a>
        <header class="top">
          <div class="bar">
            <a class="brand" href="/admin">
              Textback
            </a>
            {session ? (
              <>
                <div class="top-links">
                  <TopLinks name={principal?.name ?? "Account"} />
                  <LogOut csrf={session.csrfToken} />
                </div>
                {/* A phone has no room for the links in the bar: the same links behind a menu button (no script: details/summary). */}
                <details class="top-menu">
                  <summary>Menu</summary>
                  <div class="top-menu-list">
                    <TopLinks name={principal?.name ?? "Account"} />
                    <LogOut csrf={session.csrfToken} />
                  </div>
                </details>
              </>
            ) : null}
          </div>
        </header>
        {opts.business ? <BusinessTabs business={opts.business} tab={opts.tab} others={others} more={more} /> : null}
        <main id="main">
          {done ? (
            <p class="flash" role="status">
              {done}
            </p>
          ) : null}
          <ErrorList errors={opts.errors ?? []} />
          {body}
        </main>
        {script && nonce ? <script nonce={nonce} dangerouslySetInnerHTML={{ __html: script }} /> : null}
      </body>
    </html>
  );
  return c.html(html`<!DOCTYPE html>${page}`, opts.status ?? 200);
}

/** How many other businesses the switcher lists; past that it links to the whole list. */
const SWITCHER_SIZE = 50;

/** The switcher's list: the first other businesses this person works for, by name, and whether there are more. */
async function otherBusinesses(c: PageContext, current: string): Promise<{ others: BusinessLink[]; more: boolean }> {
  const rows = await firstByName(drizzle(c.env.DB), c.get("principal"), SWITCHER_SIZE + 2);
  const others = rows.filter((b) => b.id !== current);
  return { others: others.slice(0, SWITCHER_SIZE), more: others.length > SWITCHER_SIZE };
}
