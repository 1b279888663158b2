/**
 * Conversations: every person the business texts with, newest first, with what needs a reply
 * (admin/inbox.ts says what unread and needs reply mean). The list keeps itself up to date: the
 * page's script polls conversations.json and redraws it, and the title carries the unread count.
 */
import { Hono } from "hono";
import type { BusinessRow } from "../../db/schema";
import { routeBusiness } from "../businesses";
import { listInbox, type Inbox, type InboxRow } from "../inbox";
import type { AdminPagesEnv } from "./env";
import { shownCaller } from "../../rules/display";
import { formatTime } from "./format";
import { urgentChip, type EmergencyChip } from "../../rules/emergency-words";
import { EmergencyChips, LandlineChip } from "./lead-format";
import { businessPath, renderPage } from "./layout";
import { INBOX_LIVE_SCRIPT } from "./scripts";
import { BLOCKED_TITLE } from "./contact-format";

export const inboxPages = new Hono<AdminPagesEnv>();

const PAGE_SIZE = 100;
/** The longest preview of a text a conversation quotes. */
const PREVIEW_CHARS = 140;

/** A conversation as the list shows it: the page renders it, and the live script redraws it from the JSON. */
export interface ConversationItem {
  phone: string;
  href: string;
  title: string;
  /** The phone, under the caller's name. */
  subtitle: string;
  preview: string;
  at: string;
  unread: boolean;
  needsReply: boolean;
  /** The caller is a blocked contact: asks for no reply. */
  blocked: boolean;
  /** The open lead's urgent page: taken (by whom) or not (rules/emergency-words.ts). */
  urgent: EmergencyChip | null;
  /** Its page is urgent and nobody has taken it: on top of the list, marked. */
  untaken: boolean;
  /** The caller named a danger while the lead is open. */
  danger: boolean;
  /** A landline: "Landline · call back" (rules/line-type.ts). */
  landline: boolean;
}

const clip = (body: string) => (body.length > PREVIEW_CHARS ? `${body.slice(0, PREVIEW_CHARS - 1)}…` : body);
const said = (text: { kind: string; body: string }) => (text.kind === "transcript" ? `Voicemail: ${clip(text.body)}` : clip(text.body));

/**
 * What the row quotes: the caller's own newest words whenever they spoke last or wait for a person's
 * answer (an automatic text after them is not what the office needs to read); "You: …" or
 * "Automatic: …" only when the business spoke last and nothing of the caller's is unanswered.
 */
export function previewOf(row: Pick<InboxRow, "last" | "callerSaid" | "needsReply">): string {
  const { last, callerSaid } = row;
  if (!last) return "";
  if (last.direction === "inbound") return said(last);
  if (row.needsReply && callerSaid) return said(callerSaid);
  return `${last.kind === "manual" ? "You" : "Automatic"}: ${clip(last.body)}`;
}

export function conversationItem(row: InboxRow, business: Pick<BusinessRow, "id" | "timezone" | "notifyPhone">): ConversationItem {
  const who = shownCaller(row.phone, { contact: row.contactName, lead: row.leadName });
  const lead = row.openLead;
  const urgent = lead ? urgentChip({ ...lead, closed: false }, business.notifyPhone) : null;
  return {
    phone: row.phone,
    href: businessPath(business.id, `/conversations/${encodeURIComponent(row.phone)}`),
    title: who.name ?? who.phone,
    subtitle: who.name ? who.phone : "",
    preview: previewOf(row) || (row.landline ? LANDLINE_PREVIEW : ""),
    at: formatTime(row.lastAt, business.timezone),
    unread: row.unread,
    needsReply: row.needsReply,
    blocked: row.blocked,
    urgent,
    untaken: lead !== null && lead.urgent && lead.acknowledgedAt === null,
    danger: lead?.dangerAt != null,
    landline: row.landline,
  };
}

/** What a landline caller's conversation of calls alone says. */
const LANDLINE_PREVIEW = "Missed call: a landline, so nobody could text them.";

/** The page's title: the unread count first, where a browser tab shows it. */
export const inboxTitle = (unread: number) => (unread > 0 ? `(${unread}) Conversations` : "Conversations");

const Item = ({ item }: { item: ConversationItem }) => (
  <li class={`lead conversation${item.unread ? " unread" : ""}${item.untaken ? " urgent" : ""}`} data-phone={item.phone}>
    <a href={item.href}>
      <span class="lead-head">
        <strong>{item.title}</strong>
        <span class="chips">
          {item.unread ? <span class="chip bad">Unread</span> : null}
          {item.needsReply ? <span class="chip warn">Needs reply</span> : null}
          {item.blocked ? (
            <span class="chip bad" title={BLOCKED_TITLE}>
              Blocked
            </span>
          ) : null}
          {item.landline ? <LandlineChip /> : null}
          <span class="meta">{item.at}</span>
        </span>
      </span>
      {item.subtitle ? <span class="meta">{item.subtitle}</span> : null}
      {item.danger || item.urgent ? <EmergencyChips danger={item.danger} urgent={item.urgent} /> : null}
      <span class="summary">{item.preview}</span>
    </a>
  </li>
);

const inboxFor = (d1: D1Database, business: BusinessRow, q: string | undefined): Promise<Inbox> => listInbox(d1, business.id, { q, limit: PAGE_SIZE });

inboxPages.get("/businesses/:id/conversations", async (c) => {
  const business = await routeBusiness(c);
  const q = c.req.query("q")?.slice(0, 100) || undefined;
  const inbox = await inboxFor(c.env.DB, business, q);
  const items = inbox.conversations.map((r) => conversationItem(r, business));
  const live = `${businessPath(business.id, "/conversations.json")}${q ? `?${new URLSearchParams({ q })}` : ""}`;
  return renderPage(
    c,
    { title: inboxTitle(inbox.unread), business, tab: "conversations", script: INBOX_LIVE_SCRIPT },
    <>
      <h1>Conversations</h1>
      <p class="sub">
        Everyone the business texts with, latest first, with an urgent caller whose page nobody has taken on top; this list updates by itself.{" "}
        <strong>Needs reply</strong>: their last text came after the last one a person sent them. <strong>Unread</strong>: and nobody has opened
        the conversation since. Times in {business.timezone}.
      </p>
      <form method="get" action={businessPath(business.id, "/conversations")} class="inline filters" role="search">
        <div>
          <label for="inbox-q">Search</label>
          <input id="inbox-q" type="search" name="q" value={q ?? ""} placeholder="Name, phone or words of a text" />
        </div>
        <button type="submit" class="secondary">
          Search
        </button>
      </form>
      <p id="inbox-status" class="meta" role="status">
        <span id="inbox-unread">{inbox.unread}</span> unread
      </p>
      <p class="card" id="inbox-empty" hidden={items.length > 0}>
        {q ? "No conversation matches." : "No conversations yet: they start with the first text to or from a caller."}
      </p>
      <ul class="leads inbox" id="inbox" data-live-url={live}>
        {items.map((item) => (
          <Item item={item} />
        ))}
      </ul>
      {inbox.more ? <p class="meta">The {PAGE_SIZE} latest are shown; search to find an older one.</p> : null}
    </>,
  );
});

/** What the live list polls: the same items and the unread count, as JSON. */
inboxPages.get("/businesses/:id/conversations.json", async (c) => {
  const business = await routeBusiness(c);
  const inbox = await inboxFor(c.env.DB, business, c.req.query("q")?.slice(0, 100) || undefined);
  return c.json({ unread: inbox.unread, conversations: inbox.conversations.map((r) => conversationItem(r, business)), more: inbox.more });
});
