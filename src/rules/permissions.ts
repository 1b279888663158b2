/**
 * Who may do what (DESIGN.md §7), written once as data: every route of the admin API and every admin
 * page, by method and route pattern (as the router registers it), with the roles allowed and how
 * the route finds its business. One middleware reads it for every request (src/admin/access.ts);
 * the pages read it to leave out what a role may not do; test/permissions.security.test.ts is
 * generated from it, and fails when the app has a route the table lacks.
 *
 * Roles: `owner` everything; `manager` their businesses' settings, numbers, templates and all an agent
 * does; `agent` leads, calls, conversations and messages, contacts, consent and reports, no settings,
 * numbers, templates, users or credentials; `viewer` reads what an agent reads and changes nothing.
 */
import { ROLES, type Role } from "../vocabulary";

/**
 * How a route's business is found: `business` the `:id` after `/businesses/`; `lead`, `message`,
 * `booking`, `hook` (an event subscriber) and `delivery` (one event to one subscriber) the business
 * of what `:id` names; `none` a route of no one business (lists are
 * narrowed to the user's businesses by their handler); `public` needs no login at all.
 */
export type Scope = "business" | "lead" | "message" | "booking" | "hook" | "delivery" | "none" | "public";

export type Method = "GET" | "POST" | "PUT" | "PATCH" | "DELETE";

export interface Permission {
  method: Method;
  path: string;
  roles: readonly Role[];
  scope: Scope;
}

const EVERYONE = ROLES;
const ACTS = ["owner", "manager", "agent"] as const satisfies readonly Role[];
const MANAGES = ["owner", "manager"] as const satisfies readonly Role[];
const OWNER = ["owner"] as const satisfies readonly Role[];

type Row = [Method, string, readonly Role[], Scope?];

/** A business's own routes say so by their path; others must name their scope. */
function rows(list: readonly Row[]): Permission[] {
  return list.map(([method, path, roles, scope]) => ({ method, path, roles, scope: scope ?? (path.includes("/businesses/:id") ? "business" : "none") }));
}

export const PERMISSIONS: readonly Permission[] = rows([
  // The JSON API (DESIGN.md §3, §7).
  ["GET", "/api/presets", EVERYONE],
  ["GET", "/api/businesses", EVERYONE],
  ["POST", "/api/businesses", OWNER],
  ["GET", "/api/businesses/:id", EVERYONE],
  ["PATCH", "/api/businesses/:id", MANAGES],
  ["DELETE", "/api/businesses/:id", OWNER],
  ["GET", "/api/businesses/:id/numbers", EVERYONE],
  ["POST", "/api/businesses/:id/numbers", MANAGES],
  ["PATCH", "/api/businesses/:id/numbers/:numberId", MANAGES],
  ["DELETE", "/api/businesses/:id/numbers/:numberId", MANAGES],
  ["GET", "/api/businesses/:id/templates", MANAGES],
  ["PUT", "/api/businesses/:id/templates/:kind", MANAGES],
  ["GET", "/api/businesses/:id/calls", EVERYONE],
  ["GET", "/api/businesses/:id/messages", EVERYONE],
  ["POST", "/api/businesses/:id/messages", ACTS],
  ["POST", "/api/messages/:id/retry", ACTS, "message"],
  ["POST", "/api/messages/:id/cancel", ACTS, "message"],
  ["GET", "/api/businesses/:id/consent.csv", EVERYONE],
  ["GET", "/api/businesses/:id/consent/:phone", EVERYONE],
  ["POST", "/api/businesses/:id/consent", ACTS],
  ["GET", "/api/businesses/:id/leads", EVERYONE],
  ["GET", "/api/leads/:id", EVERYONE, "lead"],
  ["PATCH", "/api/leads/:id", ACTS, "lead"],
  ["GET", "/api/businesses/:id/contacts", EVERYONE],
  ["GET", "/api/businesses/:id/contacts.csv", EVERYONE],
  ["GET", "/api/businesses/:id/contacts/:phone", EVERYONE],
  ["PUT", "/api/businesses/:id/contacts/:phone", ACTS],
  ["DELETE", "/api/businesses/:id/contacts/:phone", ACTS],
  ["POST", "/api/businesses/:id/contacts/import", ACTS],
  ["GET", "/api/businesses/:id/report", EVERYONE],
  ["GET", "/api/businesses/:id/report.csv", EVERYONE],
  ["GET", "/api/businesses/:id/leads.csv", EVERYONE],
  ["GET", "/api/businesses/:id/bookings", EVERYONE],
  ["POST", "/api/bookings/:id/attach", ACTS, "booking"],
  // A number's carrier settings (DESIGN.md §4): checked, changed, undone, tried with a call.
  ["GET", "/api/businesses/:id/numbers/:numberId/check", MANAGES],
  ["POST", "/api/businesses/:id/numbers/:numberId/configure", MANAGES],
  ["POST", "/api/businesses/:id/numbers/:numberId/configure/undo", MANAGES],
  ["POST", "/api/businesses/:id/numbers/:numberId/test-call", MANAGES],
  // Integrations: event subscribers, their deliveries, HubSpot (credentials: not an agent's).
  ["GET", "/api/businesses/:id/hooks", MANAGES],
  ["POST", "/api/businesses/:id/hooks", MANAGES],
  ["DELETE", "/api/hooks/:id", MANAGES, "hook"],
  ["GET", "/api/hooks/:id/deliveries", MANAGES, "hook"],
  ["POST", "/api/hooks/:id/enable", MANAGES, "hook"],
  ["POST", "/api/hooks/:id/replay", MANAGES, "hook"],
  ["POST", "/api/deliveries/:id/replay", MANAGES, "delivery"],
  ["GET", "/api/businesses/:id/crm/hubspot", MANAGES],
  ["PUT", "/api/businesses/:id/crm/hubspot", MANAGES],
  ["DELETE", "/api/businesses/:id/crm/hubspot", MANAGES],
  // The event contract: the same for every business.
  ["GET", "/api/events/schema", EVERYONE],
  ["GET", "/api/events/sample/:type", EVERYONE],
  // Across every business: the owner's.
  ["GET", "/api/metrics", OWNER],
  ["GET", "/api/audit", OWNER],
  ["GET", "/api/users", OWNER],
  ["POST", "/api/users", OWNER],
  ["PATCH", "/api/users/:id", OWNER],
  ["DELETE", "/api/users/:id", OWNER],
  ["POST", "/api/users/:id/invite", OWNER],
  // Everyone's own tokens (the owner's for anyone: checked by the route).
  ["GET", "/api/tokens", EVERYONE],
  ["POST", "/api/tokens", EVERYONE],
  ["DELETE", "/api/tokens/:id", EVERYONE],

  // The admin pages.
  ["GET", "/admin/assets/:file", EVERYONE, "public"],
  ["GET", "/admin/login", EVERYONE, "public"],
  ["POST", "/admin/login", EVERYONE, "public"],
  ["GET", "/admin/invite/:token", EVERYONE, "public"],
  ["POST", "/admin/invite/:token", EVERYONE, "public"],
  ["POST", "/admin/logout", EVERYONE],
  ["GET", "/admin", EVERYONE],
  ["GET", "/admin/account", EVERYONE],
  ["POST", "/admin/account/password", EVERYONE],
  ["POST", "/admin/account/totp", EVERYONE],
  ["POST", "/admin/account/totp/off", EVERYONE],
  ["POST", "/admin/account/tokens", EVERYONE],
  ["POST", "/admin/account/tokens/:tokenId/revoke", EVERYONE],
  ["GET", "/admin/users", OWNER],
  ["POST", "/admin/users", OWNER],
  ["POST", "/admin/users/:userId", OWNER],
  ["POST", "/admin/users/:userId/remove", OWNER],
  ["POST", "/admin/users/:userId/invite", OWNER],
  ["GET", "/admin/businesses", EVERYONE],
  ["GET", "/admin/businesses/new", OWNER],
  ["POST", "/admin/businesses", OWNER],
  ["GET", "/admin/businesses/:id", EVERYONE],
  ["GET", "/admin/businesses/:id/report.csv", EVERYONE],
  ["GET", "/admin/businesses/:id/settings", MANAGES],
  ["POST", "/admin/businesses/:id/settings", MANAGES],
  ["POST", "/admin/businesses/:id/pause", MANAGES],
  ["POST", "/admin/businesses/:id/close", OWNER],
  ["GET", "/admin/businesses/:id/settings/leads", MANAGES],
  ["POST", "/admin/businesses/:id/settings/leads", MANAGES],
  ["POST", "/admin/businesses/:id/settings/leads/preset", MANAGES],
  ["GET", "/admin/businesses/:id/numbers", MANAGES],
  ["POST", "/admin/businesses/:id/numbers", MANAGES],
  ["POST", "/admin/businesses/:id/numbers/:numberId/credentials", MANAGES],
  ["POST", "/admin/businesses/:id/numbers/:numberId/mode", MANAGES],
  ["POST", "/admin/businesses/:id/numbers/:numberId/remove", MANAGES],
  ["POST", "/admin/businesses/:id/numbers/:numberId/test", MANAGES],
  ["POST", "/admin/businesses/:id/numbers/:numberId/configure", MANAGES],
  ["POST", "/admin/businesses/:id/numbers/:numberId/configure/undo", MANAGES],
  ["POST", "/admin/businesses/:id/numbers/:numberId/test-call", MANAGES],
  ["GET", "/admin/businesses/:id/numbers/:numberId/last-call", EVERYONE],
  ["GET", "/admin/businesses/:id/integrations", MANAGES],
  ["POST", "/admin/businesses/:id/deliveries/:deliveryId/replay", MANAGES],
  ["POST", "/admin/businesses/:id/hooks/:hookId/delete", MANAGES],
  ["POST", "/admin/businesses/:id/hooks/:hookId/enable", MANAGES],
  ["POST", "/admin/businesses/:id/hooks/:hookId/replay", MANAGES],
  // A booking system's signing key: a credential, like PATCH /api/businesses/:id's bookingSecrets.
  ["POST", "/admin/businesses/:id/integrations/bookings/:provider", MANAGES],
  ["POST", "/admin/businesses/:id/integrations/bookings/:provider/disconnect", MANAGES],
  ["GET", "/admin/businesses/:id/templates", MANAGES],
  ["GET", "/admin/businesses/:id/templates/:kind", MANAGES],
  ["POST", "/admin/businesses/:id/templates/:kind", MANAGES],
  ["POST", "/admin/businesses/:id/templates/:kind/preview", MANAGES],
  ["GET", "/admin/businesses/:id/leads", EVERYONE],
  ["GET", "/admin/businesses/:id/leads.csv", EVERYONE],
  ["GET", "/admin/businesses/:id/leads/:leadId", EVERYONE],
  ["POST", "/admin/businesses/:id/leads/:leadId", ACTS],
  ["POST", "/admin/businesses/:id/leads/:leadId/reply", ACTS],
  ["POST", "/admin/businesses/:id/leads/:leadId/take", ACTS],
  ["GET", "/admin/businesses/:id/calls", EVERYONE],
  ["GET", "/admin/businesses/:id/conversations", EVERYONE],
  ["GET", "/admin/businesses/:id/conversations.json", EVERYONE],
  ["GET", "/admin/businesses/:id/conversations/:phone", EVERYONE],
  ["POST", "/admin/businesses/:id/conversations/:phone/reply", ACTS],
  ["POST", "/admin/businesses/:id/conversations/:phone/cancel", ACTS],
  ["GET", "/admin/businesses/:id/contacts", EVERYONE],
  ["GET", "/admin/businesses/:id/contacts.csv", EVERYONE],
  ["POST", "/admin/businesses/:id/contacts", ACTS],
  ["POST", "/admin/businesses/:id/contacts/import", ACTS],
  ["GET", "/admin/businesses/:id/contacts/:phone", EVERYONE],
  ["POST", "/admin/businesses/:id/contacts/:phone", ACTS],
  ["POST", "/admin/businesses/:id/contacts/:phone/delete", ACTS],
  ["POST", "/admin/businesses/:id/contacts/:phone/unblock", ACTS],
  ["GET", "/admin/businesses/:id/consent", EVERYONE],
  ["GET", "/admin/businesses/:id/consent.csv", EVERYONE],
  ["POST", "/admin/businesses/:id/consent", ACTS],
  ["GET", "/admin/businesses/:id/dead-letters", EVERYONE],
  ["POST", "/admin/businesses/:id/messages/:messageId/retry", ACTS],
  ["POST", "/admin/businesses/:id/transcripts/:transcriptId/retry", ACTS],
  ["GET", "/admin/businesses/:id/bookings", EVERYONE],
  ["POST", "/admin/businesses/:id/bookings/:bookingId/attach", ACTS],
]);

/**
 * Consent recorded by hand (`POST …/consent`, which anyone who acts may use): an opt-out stops texts,
 * always safe, so an agent may; an opt-in starts them again for someone who asked them to stop, so
 * only the business's owner or manager may.
 */
export const MANUAL_CONSENT_ROLES: Readonly<Record<"opt_out" | "opt_in", readonly Role[]>> = { opt_out: ACTS, opt_in: MANAGES };

/** Whether a role may record this kind of consent change by hand. */
export function mayRecordConsent(role: Role, kind: "opt_out" | "opt_in"): boolean {
  return MANUAL_CONSENT_ROLES[kind].includes(role);
}

const byRoute = new Map(PERMISSIONS.map((p) => [`${p.method} ${p.path}`, p]));

/** The table's row for a route as the router registered it (HEAD is read as GET), or undefined. */
export function permissionFor(method: string, routePath: string): Permission | undefined {
  return byRoute.get(`${method === "HEAD" ? "GET" : method} ${routePath}`);
}

/** The values of a pattern's `:params` in a concrete path, or null when it does not fit. */
export function routeParams(pattern: string, path: string): Record<string, string> | null {
  const want = pattern.split("/");
  const got = path.split("/");
  if (want.length !== got.length) return null;
  const out: Record<string, string> = {};
  for (let i = 0; i < want.length; i++) {
    const w = want[i]!;
    const g = got[i]!;
    const m = /^:([A-Za-z]+)/.exec(w);
    if (m) {
      // Hono hands handlers decoded params; this must read the same value.
      try {
        out[m[1]!] = decodeURIComponent(g);
      } catch {
        return null;
      }
    } else if (w !== g) return null;
  }
  return out;
}

/**
 * Whether a role may use the route at `path` (a concrete path, as a link or form would use it):
 * what the pages use to leave out links and forms a role may not use.
 */
export function mayUse(role: Role, method: Method, path: string): boolean {
  const got = path.split("/");
  for (const { p, parts } of byShape.get(`${method} ${got.length}`) ?? []) {
    if (fits(parts, got)) return p.scope === "public" || p.roles.includes(role);
  }
  return false;
}

/** The rows by method and segment count, each pattern split once: a page asks mayUse for every tab, link and form. */
const byShape = new Map<string, { p: Permission; parts: (string | null)[] }[]>();
for (const p of PERMISSIONS) {
  const parts = p.path.split("/").map((w) => (/^:[A-Za-z]+/.test(w) ? null : w));
  const key = `${p.method} ${parts.length}`;
  byShape.set(key, [...(byShape.get(key) ?? []), { p, parts }]);
}

/** Whether a path's segments fit a split pattern (null: a parameter, which must decode as routeParams would). */
function fits(parts: readonly (string | null)[], got: readonly string[]): boolean {
  for (let i = 0; i < parts.length; i++) {
    const w = parts[i];
    if (w === null) {
      try {
        decodeURIComponent(got[i]!);
      } catch {
        return false;
      }
    } else if (w !== got[i]) return false;
  }
  return true;
}
