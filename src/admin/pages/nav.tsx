/**
 * What the frame of a page offers the one logged in: the top bar's links, a business's tabs and the
 * switcher to their other businesses, each left out when the role may not use it (the permission
 * table, rules/permissions.ts, decides; the routes refuse anyway).
 */
import type { FC } from "hono/jsx";
import { tryGetContext } from "hono/context-storage";
import { mayUse, type Method } from "../../rules/permissions";
import type { AdminPagesEnv } from "./env";

/** Whether the one asking may use a path (a page's link, a form's action); true outside a session (the login form). */
export function mayHere(method: Method, path: string): boolean {
  const principal = tryGetContext<AdminPagesEnv>()?.var.principal;
  return !principal || mayUse(principal.role, method, path.split(/[?#]/)[0]!);
}

export const TABS = [
  ["leads", "Leads", "/leads"],
  ["conversations", "Conversations", "/conversations"],
  ["dashboard", "Dashboard", ""],
  ["calls", "Calls", "/calls"],
  ["templates", "Templates", "/templates"],
  ["numbers", "Numbers", "/numbers"],
  ["contacts", "Contacts", "/contacts"],
  ["consent", "Consent", "/consent"],
  ["dead-letters", "Not sent", "/dead-letters"],
  ["integrations", "Integrations", "/integrations"],
  ["settings", "Settings", "/settings"],
] as const;
export type Tab = (typeof TABS)[number][0];

export function businessPath(id: string, suffix = ""): string {
  return `/admin/businesses/${encodeURIComponent(id)}${suffix}`;
}

export interface BusinessLink {
  id: string;
  name: string;
}

/** The business's name; with other businesses to go to, a list of them (no script: details/summary). */
const Switcher: FC<{ business: BusinessLink; others: readonly BusinessLink[]; more: boolean }> = ({ business, others, more }) =>
  others.length === 0 ? (
    <div class="biz-name" title={business.name}>
      {business.name}
    </div>
  ) : (
    <details class="biz-name switcher">
      <summary title={business.name}>{business.name}</summary>
      <ul aria-label="Your other businesses">
        {others.map((b) => (
          <li>
            <a href={businessPath(b.id, "/leads")}>{b.name}</a>
          </li>
        ))}
        {more && mayHere("GET", "/admin/businesses") ? (
          <li>
            <a href="/admin/businesses">All businesses…</a>
          </li>
        ) : null}
      </ul>
    </details>
  );

/** The business's name (or switcher), then its sections in one row: on a phone the row scrolls sideways. */
export const BusinessTabs: FC<{ business: BusinessLink; tab: Tab | undefined; others: readonly BusinessLink[]; more: boolean }> = ({ business, tab, others, more }) => (
  <nav class="tabs" aria-label={`${business.name} sections`}>
    <div class="tabs-bar">
      <Switcher business={business} others={others} more={more} />
      <ul class="tab-list">
        {TABS.filter(([, , suffix]) => mayHere("GET", businessPath(business.id, suffix))).map(([key, label, suffix]) => (
          <li>
            <a href={businessPath(business.id, suffix)} aria-current={tab === key ? "page" : undefined}>
              {label}
            </a>
          </li>
        ))}
      </ul>
    </div>
  </nav>
);

/** The top bar's links for someone logged in: their businesses, the people (owner), their own account. */
export const TopLinks: FC<{ name: string }> = ({ name }) => (
  <>
    <a href="/admin/businesses">Businesses</a>
    {mayHere("GET", "/admin/users") ? <a href="/admin/users">Users</a> : null}
    <a href="/admin/account" title="Your account">
      {name}
    </a>
  </>
);
