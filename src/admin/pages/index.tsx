/**
 * The admin pages, mounted at /admin: server-rendered with hono/jsx, every action a plain form
 * post followed by a redirect, so all of it works without JavaScript. Order matters below: headers
 * and the Origin check first, then the public routes (stylesheet, login), then the session guard
 * and the per-session CSRF token, then the pages.
 */
import { Hono } from "hono";
import { bodyLimit } from "hono/body-limit";
import { csrf } from "hono/csrf";
import { HTTPException } from "hono/http-exception";
import { NONCE, secureHeaders } from "hono/secure-headers";
import type { ContentfulStatusCode } from "hono/utils/http-status";
import { log } from "../../log";
import { publicBase } from "../../public-base";
import { requireAccess } from "../access";
import { checkCsrfToken, getSessionCookie } from "../session";
import { resumeSession } from "../session-store";
import { isUpload, MAX_UPLOAD_BYTES } from "../contacts-csv";
import { businessPages } from "./businesses";
import { businessListPages } from "./business-list-page";
import { callPages } from "./calls";
import { consentPages } from "./consent";
import { contactPagePages } from "./contact-page";
import { contactPages } from "./contacts";
import { contactImportPages } from "./contact-import-route";
import { conversationPages } from "./conversation";
import { dashboardPages } from "./dashboard";
import { deadLetterPages } from "./dead-letters";
import { bookingPages } from "./bookings";
import { integrationPages } from "./integrations";
import type { AdminPagesEnv, PageContext } from "./env";
import { renderPage } from "./layout";
import { inboxPages } from "./inbox";
import { leadCardPages } from "./lead-card";
import { leadSettingsPages } from "./lead-settings";
import { leadPages } from "./leads";
import { accountPages } from "./account";
import { invitePages } from "./invite";
import { loginPages, logoutPages } from "./login";
import { numberPages } from "./numbers";
import { FAVICON, FAVICON_PATH, STYLESHEET, STYLESHEET_PATH } from "./style";
import { templatePages } from "./templates";
import { userPages } from "./users";
import { ADMIN_TOKEN_FIX, adminTokenProblem } from "../token-floor";

export const adminPages = new Hono<AdminPagesEnv>();

adminPages.use(
  "*",
  secureHeaders({
    contentSecurityPolicy: {
      defaultSrc: ["'none'"],
      // Only the page's own inline script, by nonce; no eval, no inline handlers.
      scriptSrc: [NONCE],
      styleSrc: ["'self'"],
      imgSrc: ["'self'"],
      connectSrc: ["'self'"],
      formAction: ["'self'"],
      frameAncestors: ["'none'"],
      baseUri: ["'none'"],
    },
    xFrameOptions: "DENY",
  }),
);

// Pages show phone numbers and texts: keep them out of shared and browser caches.
adminPages.use("*", async (c, next) => {
  await next();
  if (!c.res.headers.has("cache-control")) c.res.headers.set("cache-control", "no-store");
});

/**
 * The most a form may post. The largest is the business form with its blocklist: 5,000 numbers
 * typed as "(312) 555-0100" take about 100 KB encoded, so this leaves room for tens of thousands.
 */
export const MAX_FORM_BYTES = 1024 * 1024;

// Past the limit nothing was read, so the form cannot come back filled in: the page says so, and the
// browser's Back button still has what was typed. A contacts file has the upload's own limit.
const formLimit = bodyLimit({
  maxSize: MAX_FORM_BYTES,
  onError: (c) =>
    refusal(
      c as PageContext,
      413,
      "Nothing was saved: this form is larger than 1 MB, the most a form may send (a list of about 50,000 phone numbers). " +
        "Go back: your browser still has what you typed. Then shorten the longest list and save again.",
    ),
});
const uploadLimit = bodyLimit({
  maxSize: MAX_UPLOAD_BYTES,
  onError: (c) => refusal(c as PageContext, 413, "Nothing was imported: the file is larger than 4 MB (about 20,000 contacts). Split it and import each part."),
});
adminPages.use("*", (c, next) => (isUpload(c.req.path) ? uploadLimit : formLimit)(c, next));

// Refuses a form post from another site (Origin / Sec-Fetch-Site), before any session is read. Behind
// a proxy the browser's origin is the public one, not the one the worker sees: both are this site.
adminPages.use(
  "*",
  csrf({ origin: (origin, c) => origin === new URL(c.req.url).origin || origin === new URL(publicBase(c)).origin }),
);

// Static assets: public, and cached for a year (their paths change with their content). One route
// for both, so the permission table has one row for them.
const IMMUTABLE = "public, max-age=31536000, immutable";
const ASSETS: Record<string, { body: string; type: string }> = {
  [STYLESHEET_PATH.slice("/admin/assets/".length)]: { body: STYLESHEET, type: "text/css; charset=utf-8" },
  [FAVICON_PATH.slice("/admin/assets/".length)]: { body: FAVICON, type: "image/svg+xml" },
};
adminPages.get("/assets/:file", async (c) => {
  const asset = ASSETS[c.req.param("file")];
  if (!asset) return refusal(c, 404, "There is no such page.");
  return c.body(asset.body, 200, { "content-type": asset.type, "cache-control": IMMUTABLE });
});

// Off, with the reason, while ADMIN_TOKEN is unset or guessable: the login form and sessions made
// under such a token included.
adminPages.use("*", async (c, next) => {
  const problem = adminTokenProblem(c.env.ADMIN_TOKEN);
  if (problem) return refusal(c, 503, `The admin is off: ${problem}. ${ADMIN_TOKEN_FIX}.`);
  await next();
});

adminPages.route("/", loginPages);
adminPages.route("/", invitePages);

/** Without a session: pages send you to the login form (and back afterwards); posts are refused. */
adminPages.use("*", async (c, next) => {
  const resumed = await resumeSession(c.env, getSessionCookie(c));
  if (!resumed) {
    if (c.req.method === "GET" || c.req.method === "HEAD") {
      const url = new URL(c.req.url);
      return c.redirect(`/admin/login?next=${encodeURIComponent(url.pathname + url.search)}`, 303);
    }
    return refusal(c, 403, "Your session has ended, so this was not saved. Log in again, then repeat it.");
  }
  c.set("session", resumed.session);
  c.set("principal", resumed.principal);
  await next();
});

/**
 * Every state-changing request carries this session's token: `_csrf` in a form, `x-csrf-token`
 * from the page's script. Together with the Origin check above: a forged post fails both.
 */
adminPages.use("*", async (c, next) => {
  if (c.req.method === "GET" || c.req.method === "HEAD") return next();
  let token = c.req.header("x-csrf-token");
  if (!token && /^(application\/x-www-form-urlencoded|multipart\/form-data)/i.test(c.req.header("content-type") ?? "")) {
    const field = (await c.req.parseBody())._csrf;
    token = typeof field === "string" ? field : undefined;
  }
  if (!(await checkCsrfToken(c.get("session"), token))) {
    return refusal(c, 403, "This form is out of date. Go back, reload the page and try again.");
  }
  await next();
});

// Who may use which page: the permission table (rules/permissions.ts), after the CSRF check.
adminPages.use("*", requireAccess<AdminPagesEnv>((c, status, message) => refusal(c, status, status === 404 ? "There is no such page." : `Not allowed: ${message}.`)));

adminPages.route("/", logoutPages);
adminPages.route("/", accountPages);
adminPages.route("/", userPages);

adminPages.route("/", businessListPages);
adminPages.route("/", businessPages);
adminPages.route("/", dashboardPages);
adminPages.route("/", leadPages);
adminPages.route("/", leadCardPages);
adminPages.route("/", leadSettingsPages);
adminPages.route("/", numberPages);
adminPages.route("/", templatePages);
adminPages.route("/", callPages);
adminPages.route("/", inboxPages);
adminPages.route("/", conversationPages);
adminPages.route("/", contactPages);
adminPages.route("/", contactImportPages);
adminPages.route("/", contactPagePages);
adminPages.route("/", consentPages);
adminPages.route("/", deadLetterPages);
adminPages.route("/", bookingPages);
adminPages.route("/", integrationPages);

adminPages.all("*", (c) => refusal(c, 404, "There is no such page."));

const TITLES: Partial<Record<ContentfulStatusCode, string>> = { 404: "Not found", 413: "Too large", 503: "Unavailable" };

function refusal(c: PageContext, status: ContentfulStatusCode, message: string) {
  return renderPage(
    c,
    { title: TITLES[status] ?? "Not allowed", status },
    <div class="card">
      <h1>{TITLES[status] ?? "Not allowed"}</h1>
      <p>{message}</p>
      <p>
        <a href="/admin">Back to the admin</a>
      </p>
    </div>,
  );
}

// Input problems (HTTPException) as a page with their message; anything else is a bug: a plain 500.
adminPages.onError((err, c) => {
  if (err instanceof HTTPException) {
    // hono's csrf middleware answers with its own bare 403; show it as a page like the others.
    const message = err.res ? "This request came from another site, so it was refused." : err.message;
    return refusal(c, err.status as ContentfulStatusCode, message.charAt(0).toUpperCase() + message.slice(1) + (/[.!?]$/.test(message) ? "" : "."));
  }
  log.error("admin.unhandled", { path: new URL(c.req.url).pathname, error: String(err) });
  return refusal(c, 500, "Something went wrong on our side. Try again; if it keeps happening, check the worker logs.");
});
