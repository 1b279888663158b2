/** One caller's story with a business: calls, texts and their delivery, replies, consent; and a reply box. */
import { drizzle } from "drizzle-orm/d1";
import { Hono } from "hono";
import { HTTPException } from "hono/http-exception";
import type { Child } from "hono/jsx";
import type { BusinessRow, CallRow, ConsentEventRow, MessageRow } from "../../db/schema";
import { publicBase } from "../../public-base";
import { consentStatus } from "../../rules/consent";
import { normalizePhone } from "../../rules/phone";
import { explainCall, textFate } from "../../rules/text-fate";
import { TEXT_BACK_KINDS } from "../../vocabulary";
import { routeBusiness } from "../businesses";
import { conversation } from "../conversations";
import { MAX_TEXT_LENGTH, sendAdminText } from "../texts";
import type { AdminPagesEnv, PageContext } from "./env";
import { consentEventLabel, consentLabel, formatPhone, formatTime, kindLabel, outcomeLabel } from "./format";
import { formFields, formRefusal, formRequestKey, postedRequestKey } from "./forms";
import { businessPath, PostForm, renderPage, type PageOptions } from "./layout";

export const conversationPages = new Hono<AdminPagesEnv>();

interface Entry {
  at: number;
  /** in: from the caller; out: to the caller; event: neither (a call, a consent change). */
  side: "in" | "out" | "event";
  node: Child;
}

function phoneParam(raw: string): string {
  const phone = normalizePhone(raw);
  if (!phone) throw new HTTPException(404, { message: `"${raw}" is not a phone number` });
  return phone;
}

/** A call, and what finally happened to its text-back (found among the conversation's texts). */
function callEntry(r: CallRow, texts: readonly MessageRow[]): Entry {
  const textBack = texts.find((m) => m.callId === r.id && (TEXT_BACK_KINDS as readonly string[]).includes(m.kind)) ?? null;
  return {
    at: r.at,
    side: "event",
    node: (
      <span class="note">
        <strong>{r.outcome === "answered" ? "Call answered" : `Missed call: ${outcomeLabel(r.outcome).toLowerCase()}`}</strong> · {explainCall(r.decision, textBack)}
      </span>
    ),
  };
}

function textEntry(m: MessageRow, tz: string): Entry {
  return {
    at: m.createdAt,
    side: m.direction === "inbound" ? "in" : "out",
    node: (
      <>
        <span class="meta">
          {m.direction === "inbound" ? "Caller" : kindLabel(m.kind)} · {formatTime(m.createdAt, tz)}
          {m.direction === "outbound" ? <TextFateChip m={m} /> : null}
        </span>
        <span class="bubble">{m.body}</span>
      </>
    ),
  };
}

/** What finally happened to a text, in words (rules/text-fate.ts), never its raw status or code. */
const TextFateChip = ({ m }: { m: MessageRow }) => {
  const fate = textFate(m);
  return (
    <>
      {" "}
      · <span class={`chip ${fate.tone}`}>{fate.words}</span>
    </>
  );
};

function consentEntry(e: ConsentEventRow): Entry {
  return { at: e.at, side: "event", node: <span class="note">{consentEventLabel(e.kind, e.source)}</span> };
}

const ReplyForm = (props: { action: string; csrf: string; phone: string; draft: string }) => (
  <PostForm action={props.action} csrf={props.csrf} class="card">
    <input type="hidden" name="requestKey" value={formRequestKey()} />
    <label for="reply-body">
      Text to {formatPhone(props.phone)}
      <span class="hint">Sent from the business number they called.</span>
    </label>
    <textarea id="reply-body" name="body" rows={3} maxlength={MAX_TEXT_LENGTH} required>
      {props.draft}
    </textarea>
    <div class="actions">
      <button type="submit">Send text</button>
    </div>
  </PostForm>
);

async function conversationPage(
  c: PageContext,
  business: BusinessRow,
  phone: string,
  opts: { draft?: string; errors?: string[]; status?: PageOptions["status"] } = {},
) {
  const story = await conversation(drizzle(c.env.DB), business.id, phone);
  const tz = business.timezone;
  const status = consentStatus(story.consent);
  const entries: Entry[] = [
    ...story.calls.map((r) => callEntry(r, story.texts)),
    ...story.texts.map((m) => textEntry(m, tz)),
    // Calls already show their implied consent; the ledger adds opt-outs, opt-ins and HELP.
    ...story.consent.filter((e) => e.kind !== "implied_by_call").map(consentEntry),
  ].sort((a, b) => a.at - b.at);
  const path = businessPath(business.id, `/conversations/${encodeURIComponent(phone)}`);
  return renderPage(
    c,
    { title: formatPhone(phone), business, tab: "calls", errors: opts.errors, status: opts.status },
    <>
      <h1>Conversation with {formatPhone(phone)}</h1>
      <p class="sub">
        Consent: <a href={`${businessPath(business.id, "/consent")}?phone=${encodeURIComponent(phone)}`}>{consentLabel(status)}</a> · times in {tz}
      </p>
      {entries.length === 0 ? <p class="card">Nothing yet between this number and the business.</p> : null}
      <ol class="timeline" aria-label="Calls and texts, oldest first">
        {entries.map((e) => (
          <li class={e.side}>
            {e.side === "event" ? <span class="meta">{formatTime(e.at, tz)}</span> : null}
            {e.node}
          </li>
        ))}
      </ol>
      <h2 id="reply">Reply</h2>
      {status === "opted_out" ? (
        <p class="card">This number opted out, so it cannot be texted until they text START.</p>
      ) : (
        <ReplyForm action={`${path}/reply`} csrf={c.get("session").csrfToken} phone={phone} draft={opts.draft ?? ""} />
      )}
    </>,
  );
}

conversationPages.get("/businesses/:id/conversations/:phone", async (c) => {
  const business = await routeBusiness(c);
  return conversationPage(c, business, phoneParam(c.req.param("phone")));
});

conversationPages.post("/businesses/:id/conversations/:phone/reply", async (c) => {
  const business = await routeBusiness(c);
  const phone = phoneParam(c.req.param("phone"));
  const f = await formFields(c);
  const refused = await formRefusal([400, 409, 503], () =>
    sendAdminText(c.env, {
      businessId: business.id,
      to: phone,
      body: f.body ?? "",
      kind: "manual",
      publicBaseUrl: publicBase(c),
      requestKey: postedRequestKey(f),
    }),
  );
  if (refused) return conversationPage(c, business, phone, { draft: f.body, ...refused });
  return c.redirect(`${businessPath(business.id, `/conversations/${encodeURIComponent(phone)}`)}?done=reply_sent`, 303);
});
