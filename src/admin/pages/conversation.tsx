/** One caller's story with a business: calls, texts and their delivery, replies, consent; and a reply box. */
import { drizzle } from "drizzle-orm/d1";
import { Hono } from "hono";
import { HTTPException } from "hono/http-exception";
import type { BusinessRow } from "../../db/schema";
import { publicBase } from "../../public-base";
import { consentStatus } from "../../rules/consent";
import { shownCaller } from "../../rules/display";
import { normalizePhone } from "../../rules/phone";
import { ownerName } from "../../rules/acted-by";
import { unpagedWords } from "../../rules/page-history";
import { parseSettings } from "../../settings";
import { routeBusiness } from "../businesses";
import { callersOf, namesOf } from "../callers";
import { conversation } from "../conversations";
import { cancelHeldText, heldTextTimes } from "../held-texts";
import { markRead } from "../inbox";
import { takerHere } from "../page-take";
import { conversationTimeline } from "../timeline";
import { MAX_TEXT_LENGTH, sendAdminText } from "../texts";
import type { AdminPagesEnv, PageContext } from "./env";
import { Timeline } from "./conversation-entries";
import { ConversationLead } from "./conversation-lead";
import { consentLabel, formatPhone } from "./format";
import { formFields, formRefusal, formRequestKey, postedRequestKey } from "./forms";
import { businessPath, PostForm, renderPage, type PageOptions } from "./layout";

export const conversationPages = new Hono<AdminPagesEnv>();

function phoneParam(raw: string): string {
  const phone = normalizePhone(raw);
  if (!phone) throw new HTTPException(404, { message: `"${raw}" is not a phone number` });
  return phone;
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
  const [story, callers] = await Promise.all([conversation(drizzle(c.env.DB), business.id, phone), callersOf(c.env.DB, business.id, [phone])]);
  const who = shownCaller(phone, namesOf(callers.get(phone)));
  // Held pages are asked apart (the line keeps them per caller as pages): only when one is held.
  const [heldTexts, heldPages] = await Promise.all([heldTextTimes(c.env, phone, story.texts), heldTextTimes(c.env, phone, story.alerts, "page")]);
  const entries = conversationTimeline(story, new Map([...heldTexts, ...heldPages]));
  const tz = business.timezone;
  const status = consentStatus(story.consent);
  const settings = parseSettings(business.settings);
  const csrf = c.get("session").csrfToken;
  const path = conversationPath(business, phone);
  const { qualify } = settings;
  // Read up to the newest text shown here; one that arrives meanwhile stays unread.
  const newest = story.texts.reduce((max, t) => Math.max(max, t.createdAt), 0);
  if (newest > 0) await markRead(c.env.DB, business.id, phone, newest);
  return renderPage(
    c,
    { title: who.name ?? who.phone, business, tab: "conversations", errors: opts.errors, status: opts.status },
    <>
      <h1>Conversation with {who.name ?? who.phone}</h1>
      <p class="sub">
        {who.name ? (
          <>
            <a href={`tel:${phone}`}>{who.phone}</a> ·{" "}
          </>
        ) : null}
        Consent: <a href={`${businessPath(business.id, "/consent")}?phone=${encodeURIComponent(phone)}`}>{consentLabel(status)}</a> · times in {tz}
      </p>
      <ConversationLead
        businessId={business.id}
        lead={story.lead}
        csrf={csrf}
        tz={tz}
        ownerPhone={business.notifyPhone}
        taker={takerHere({ notifyPhone: business.notifyPhone, onCall: settings.urgent.onCall })}
        serviceZips={qualify.serviceArea?.zips}
        unpaged={story.lead?.urgent ? unpagedWords({ pages: story.pages, ownerPhone: business.notifyPhone, onCall: settings.urgent.onCall }) : null}
      />
      {entries.length === 0 ? <p class="card">Nothing yet between this number and the business.</p> : null}
      <Timeline
        entries={entries}
        tz={tz}
        qualify={qualify}
        cancelAction={`${path}/cancel`}
        csrf={csrf}
        owner={ownerName(business.notifyPhone, settings.urgent.onCall)}
        people={{ ownerPhone: business.notifyPhone, onCall: settings.urgent.onCall }}
      />
      <h2 id="reply">Reply</h2>
      {status === "opted_out" ? (
        <p class="card">This number opted out, so it cannot be texted until they text START.</p>
      ) : (
        <ReplyForm action={`${path}/reply`} csrf={csrf} phone={phone} draft={opts.draft ?? ""} />
      )}
    </>,
  );
}

const conversationPath = (business: BusinessRow, phone: string) => businessPath(business.id, `/conversations/${encodeURIComponent(phone)}`);

conversationPages.get("/businesses/:id/conversations/:phone", async (c) => {
  const business = await routeBusiness(c);
  return conversationPage(c, business, phoneParam(c.req.param("phone")));
});

/** Cancel a held text (a delayed text-back, a follow-up) before it goes out. */
conversationPages.post("/businesses/:id/conversations/:phone/cancel", async (c) => {
  const business = await routeBusiness(c);
  const phone = phoneParam(c.req.param("phone"));
  const f = await formFields(c);
  const refused = await formRefusal([404, 409], () => cancelHeldText(c.env, { messageId: f.messageId ?? "", businessId: business.id }));
  if (refused) return conversationPage(c, business, phone, refused);
  return c.redirect(`${conversationPath(business, phone)}?done=text_canceled`, 303);
});

conversationPages.post("/businesses/:id/conversations/:phone/reply", async (c) => {
  const business = await routeBusiness(c);
  const phone = phoneParam(c.req.param("phone"));
  const f = await formFields(c);
  let sent = "";
  const refused = await formRefusal([400, 409, 503], async () => {
    const { message } = await sendAdminText(c.env, {
      businessId: business.id,
      to: phone,
      body: f.body ?? "",
      kind: "manual",
      publicBaseUrl: publicBase(c),
      requestKey: postedRequestKey(f),
    });
    sent = message.id;
  });
  if (refused) return conversationPage(c, business, phone, { draft: f.body, ...refused });
  // Lands on the text just sent (its timeline entry's id): on a phone the top of the page is a screen away.
  return c.redirect(`${conversationPath(business, phone)}?done=reply_sent#${encodeURIComponent(sent)}`, 303);
});
