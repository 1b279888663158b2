/**
 * Conversations: every person the business texts with, who needs a person first (admin/inbox.ts
 * says where each stands and in what order), filtered by state with links (no script needed). The
 * list keeps itself up to date: the page's script polls conversations.json and redraws it, and the
 * title carries the unread count.
 */
import { Hono } from "hono";
import { HTTPException } from "hono/http-exception";
import type { BusinessRow } from "../../db/schema";
import { parseSettings } from "../../settings";
import { routeBusiness } from "../businesses";
import { INBOX_FILTERS, listInbox, type Inbox, type InboxCounts, type InboxFilter } from "../inbox";
import type { AdminPagesEnv } from "./env";
import { EmergencyChips, LandlineChip } from "./lead-format";
import { businessPath, renderPage } from "./layout";
import { INBOX_LIVE_SCRIPT } from "./scripts";
import { BLOCKED_TITLE } from "./contact-format";
import { conversationItem, type ConversationItem, type RowChip } from "./inbox-item";

export { conversationItem, previewOf, type ConversationItem } from "./inbox-item";

export const inboxPages = new Hono<AdminPagesEnv>();

const PAGE_SIZE = 100;

/** The filters in the order the page offers them, with what each shows when empty. */
const FILTER_WORDS: Record<InboxFilter | "all", { label: string; none: string }> = {
  all: { label: "All", none: "No conversations yet: they start with the first text to or from a caller." },
  person: { label: "Needs a person", none: "Nobody is waiting for a person: automation or the callers have the rest." },
  urgent: { label: "Urgent", none: "No urgent caller has an open lead." },
  caller: { label: "Waiting on caller", none: "No conversation is waiting on a caller." },
  closed: { label: "Closed", none: "No conversation is closed: won, lost, blocked or opted out." },
};

/** The page's title: the unread count first, where a browser tab shows it. */
export const inboxTitle = (unread: number) => (unread > 0 ? `(${unread}) Conversations` : "Conversations");

const Chip = ({ chip }: { chip: RowChip | null }) =>
  chip ? (
    <span class={`chip ${chip.tone}`.trim()} title={chip.title}>
      {chip.words}
    </span>
  ) : null;

const Item = ({ item }: { item: ConversationItem }) => (
  <li class={`lead conversation${item.unread ? " unread" : ""}${item.untaken ? " urgent" : ""}`} data-phone={item.phone} data-state={item.state}>
    <a href={item.href}>
      <span class="lead-head">
        <strong>{item.title}</strong>
        <span class="chips">
          {item.unread ? <span class="chip bad">Unread</span> : null}
          {item.needsReply ? <span class="chip warn">Needs reply</span> : null}
          <Chip chip={item.stateChip} />
          <Chip chip={item.leadChip} />
          {item.blocked ? (
            <span class="chip bad" title={BLOCKED_TITLE}>
              Blocked
            </span>
          ) : null}
          {item.landline ? <LandlineChip /> : null}
          <span class="meta">{item.at}</span>
        </span>
      </span>
      {item.subtitle || item.waiting ? <span class="meta">{[item.subtitle, item.waiting].filter(Boolean).join(" · ")}</span> : null}
      {item.danger || item.urgent ? <EmergencyChips danger={item.danger} urgent={item.urgent} /> : null}
      {item.need || item.address ? <span class="need">{[item.need, item.address].filter(Boolean).join(" · ")}</span> : null}
      <span class="summary">{item.preview}</span>
    </a>
  </li>
);

/** The filters as links: each keeps the search, and says how many conversations it holds. */
const Filters = (props: { businessId: string; show: InboxFilter | undefined; q: string | undefined; counts: InboxCounts }) => (
  <nav class="inbox-filters chips" aria-label="Show conversations">
    {(["all", ...INBOX_FILTERS] as const).map((f) => {
      const params = new URLSearchParams({ ...(f === "all" ? {} : { show: f }), ...(props.q ? { q: props.q } : {}) }).toString();
      return (
        <a class="chip" href={`${businessPath(props.businessId, "/conversations")}${params ? `?${params}` : ""}`} aria-current={(props.show ?? "all") === f ? "page" : undefined}>
          {FILTER_WORDS[f].label} <span id={`inbox-count-${f}`}>{props.counts[f]}</span>
        </a>
      );
    })}
  </nav>
);

/** `show` as the page takes it: one of INBOX_FILTERS, or none. */
function showOf(raw: string | undefined): InboxFilter | undefined {
  if (!raw || raw === "all") return undefined;
  if ((INBOX_FILTERS as readonly string[]).includes(raw)) return raw as InboxFilter;
  throw new HTTPException(400, { message: `show: "${raw.slice(0, 20)}" is not a filter; use one of all, ${INBOX_FILTERS.join(", ")}` });
}

function inboxQuery(c: { req: { query: (k: string) => string | undefined } }) {
  return { q: c.req.query("q")?.slice(0, 100) || undefined, show: showOf(c.req.query("show")) };
}

const inboxFor = (d1: D1Database, business: BusinessRow, query: ReturnType<typeof inboxQuery>): Promise<Inbox> => listInbox(d1, business.id, { ...query, limit: PAGE_SIZE });

const itemsOf = (inbox: Inbox, business: BusinessRow) => {
  const { questions } = parseSettings(business.settings).qualify;
  return inbox.conversations.map((r) => conversationItem(r, business, questions));
};

inboxPages.get("/businesses/:id/conversations", async (c) => {
  const business = await routeBusiness(c);
  const query = inboxQuery(c);
  const { q, show } = query;
  const inbox = await inboxFor(c.env.DB, business, query);
  const items = itemsOf(inbox, business);
  const params = new URLSearchParams({ ...(q ? { q } : {}), ...(show ? { show } : {}) }).toString();
  const live = `${businessPath(business.id, "/conversations.json")}${params ? `?${params}` : ""}`;
  return renderPage(
    c,
    { title: inboxTitle(inbox.unread), business, tab: "conversations", script: INBOX_LIVE_SCRIPT },
    <>
      <h1>Conversations</h1>
      <p class="sub">
        Who needs a person first: an urgent caller whose page nobody has taken, then the others who need a person, longest waiting first; then
        the rest, latest first. This list updates by itself. Times in {business.timezone}.
      </p>
      <details class="inbox-help">
        <summary>What the labels mean</summary>
        <dl class="definitions">
          <dt>Needs reply</dt>
          <dd>
            A person should answer: the automated questions are over (or off), the caller asked something automation cannot answer, an urgent
            page is open, or a landline waits for a call back. Never while they are answering the questions, nor once their lead is won or lost,
            or they are blocked or opted out.
          </dd>
          <dt>Unread</dt>
          <dd>It needs a reply, and nobody has opened the conversation since the caller wrote.</dd>
          <dt>Answering questions</dt>
          <dd>Automation asked the caller a question (hover to see which): nothing for a person until they answer.</dd>
          <dt>Waiting on caller</dt>
          <dd>The business wrote last (a person, or the text-back): nothing to do until the caller writes.</dd>
          <dt>Closed</dt>
          <dd>The lead was won or lost, or the caller is blocked or opted out. Words they write after that need a reply again.</dd>
        </dl>
      </details>
      <Filters businessId={business.id} show={show} q={q} counts={inbox.counts} />
      <form method="get" action={businessPath(business.id, "/conversations")} class="inline filters" role="search">
        {show ? <input type="hidden" name="show" value={show} /> : null}
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
        {q ? "No conversation matches." : FILTER_WORDS[show ?? "all"].none}
      </p>
      <ul class="leads inbox" id="inbox" data-live-url={live}>
        {items.map((item) => (
          <Item item={item} />
        ))}
      </ul>
      {inbox.more ? <p class="meta">The first {PAGE_SIZE} are shown; search to find another.</p> : null}
    </>,
  );
});

/** What the live list polls: the same items, the unread count and each filter's, as JSON. */
inboxPages.get("/businesses/:id/conversations.json", async (c) => {
  const business = await routeBusiness(c);
  const inbox = await inboxFor(c.env.DB, business, inboxQuery(c));
  return c.json({ unread: inbox.unread, counts: inbox.counts, conversations: itemsOf(inbox, business), more: inbox.more });
});
