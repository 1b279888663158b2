/** Not sent (the dead letters): texts and voicemail reads that used up their retries, with the last error, and a retry button. */
import { drizzle } from "drizzle-orm/d1";
import { Hono } from "hono";
import type { BusinessRow, MessageRow } from "../../db/schema";
import { deadTranscripts } from "../../db/transcripts";
import type { VoicemailTranscriptRow } from "../../db/transcripts-schema";
import { publicBase } from "../../public-base";
import { shownCaller } from "../../rules/display";
import { transcriptErrorWords } from "../../rules/transcripts";
import { routeBusiness } from "../businesses";
import { callersOf, namesOf, type KnownCaller } from "../callers";
import { listMessages, retryDeadMessage } from "../texts";
import { retryDeadTranscript } from "../transcripts";
import { CARRIER_NAMES } from "./carrier-fields";
import type { AdminPagesEnv, PageContext } from "./env";
import { formatPhone, formatTime, kindLabel } from "./format";
import { formRefusal } from "./forms";
import { DataTable, type Column, type Row } from "./data-table";
import { businessPath, PostForm, renderPage, type PageOptions } from "./layout";

export const deadLetterPages = new Hono<AdminPagesEnv>();

const SHOWN = 200;

const ACTION: Column = { label: "Action", hideLabel: true };

type CellProps = { businessId: string; tz: string; csrf: string; callers: ReadonlyMap<string, KnownCaller> };

/** A caller's name (or phone), to their conversation, with the phone under a name. */
function CallerLink(props: { businessId: string; phone: string; callers: ReadonlyMap<string, KnownCaller> }) {
  const who = shownCaller(props.phone, namesOf(props.callers.get(props.phone)));
  return (
    <>
      <a href={businessPath(props.businessId, `/conversations/${encodeURIComponent(props.phone)}`)}>{who.name ?? who.phone}</a>
      {who.name ? <span class="hint">{who.phone}</span> : null}
    </>
  );
}

function deadLetterCells(m: MessageRow, props: CellProps): Row {
  const { businessId } = props;
  return [
    formatTime(m.createdAt, props.tz),
    <CallerLink businessId={businessId} phone={m.toPhone} callers={props.callers} />,
    <>
      <span class="hint">{kindLabel(m.kind)}</span>
      {m.body.length > 120 ? `${m.body.slice(0, 119)}…` : m.body}
    </>,
    [m.errorCode, m.errorMessage].filter(Boolean).join(": ") || "—",
    m.attempts,
    <PostForm action={businessPath(businessId, `/messages/${encodeURIComponent(m.id)}/retry`)} csrf={props.csrf}>
      <button type="submit" aria-label={`Retry the text to ${formatPhone(m.toPhone)}`}>
        Retry
      </button>
    </PostForm>,
  ];
}

function deadTranscriptCells(t: VoicemailTranscriptRow, props: CellProps): Row {
  const { businessId } = props;
  const carrier = CARRIER_NAMES[t.carrier] ?? t.carrier;
  return [
    formatTime(t.createdAt, props.tz),
    <CallerLink businessId={businessId} phone={t.fromPhone} callers={props.callers} />,
    `The words of their voicemail could not be read from ${carrier}: ${transcriptErrorWords(carrier, t.lastError)}.`,
    t.attempts,
    <PostForm action={businessPath(businessId, `/transcripts/${encodeURIComponent(t.id)}/retry`)} csrf={props.csrf}>
      <button type="submit" aria-label={`Read the voicemail from ${formatPhone(t.fromPhone)} again`}>
        Retry
      </button>
    </PostForm>,
  ];
}

async function deadLettersPage(c: PageContext, business: BusinessRow, opts: { errors?: string[]; status?: PageOptions["status"] } = {}) {
  const [rows, voicemails] = await Promise.all([listMessages(drizzle(c.env.DB), business.id, { status: "dead", limit: SHOWN }), deadTranscripts(c.env.DB, business.id, SHOWN)]);
  const callers = await callersOf(c.env.DB, business.id, [...rows.map((m) => m.toPhone), ...voicemails.map((t) => t.fromPhone)]);
  const cellProps = { businessId: business.id, tz: business.timezone, csrf: c.get("session").csrfToken, callers };
  return renderPage(
    c,
    { title: "Not sent", business, tab: "dead-letters", errors: opts.errors, status: opts.status },
    <>
      <h1>Not sent</h1>
      <p class="sub">
        Texts the carrier kept refusing with a temporary error, and voicemails whose words the carrier would not give, until every retry was used. Fix the
        cause (often the carrier account), then retry.
      </p>
      {rows.length === 0 ? (
        <p class="card">No texts. Every text was sent or failed for good.</p>
      ) : (
        <DataTable
          columns={[{ label: "Created", cell: "nowrap" }, { label: "To", cell: "nowrap" }, "Text", "Last error", { label: "Attempts", num: true }, ACTION]}
          rows={rows.map((m) => deadLetterCells(m, cellProps))}
        />
      )}
      {voicemails.length > 0 ? (
        <>
          <h2>Voicemails</h2>
          <DataTable
            columns={[{ label: "Left", cell: "nowrap" }, { label: "Caller", cell: "nowrap" }, "What went wrong", { label: "Attempts", num: true }, ACTION]}
            rows={voicemails.map((t) => deadTranscriptCells(t, cellProps))}
          />
        </>
      ) : null}
    </>,
  );
}

deadLetterPages.get("/businesses/:id/dead-letters", async (c) => {
  const business = await routeBusiness(c);
  return deadLettersPage(c, business);
});

deadLetterPages.post("/businesses/:id/messages/:messageId/retry", async (c) => {
  const business = await routeBusiness(c);
  // A second click finds it queued already: say so on the list rather than on an error page.
  const refused = await formRefusal([409, 503], () =>
    retryDeadMessage(c.env, { messageId: c.req.param("messageId"), businessId: business.id, publicBaseUrl: publicBase(c) }),
  );
  if (refused) return deadLettersPage(c, business, refused);
  return c.redirect(`${businessPath(business.id, "/dead-letters")}?done=retried`, 303);
});

deadLetterPages.post("/businesses/:id/transcripts/:transcriptId/retry", async (c) => {
  const business = await routeBusiness(c);
  const refused = await formRefusal([404, 409], () => retryDeadTranscript(c.env, { transcriptId: c.req.param("transcriptId"), businessId: business.id }));
  if (refused) return deadLettersPage(c, business, refused);
  return c.redirect(`${businessPath(business.id, "/dead-letters")}?done=retried`, 303);
});
