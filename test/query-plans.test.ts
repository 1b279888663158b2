/**
 * The D1 queries on the hot path use indexes: `EXPLAIN QUERY PLAN` of the exact SQL the code issues
 * (recorded from a wrapped D1 binding while the real functions run), checked for a SEARCH through an
 * index or primary key and for no full SCAN of a table. The plans are printed, so a regression shows
 * what changed. A growing table behind a SCAN is what would make time-to-text grow with history.
 */
import { createExecutionContext, createMessageBatch, waitOnExecutionContext } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { drizzle } from "drizzle-orm/d1";
import { afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { app } from "../src/app";
import { recordDeliveryReport } from "../src/webhooks/delivery-report";
import { loadLine } from "../src/webhooks/line-config";
import { callRecordStatements } from "../src/db/call-record";
import { CALLER_STATUS_SQL, consentOfPhones } from "../src/db/consent";
import { callerStanding } from "../src/db/caller-standing";
import { repeatCallRecord } from "../src/db/repeat-call";
import { capState } from "../src/admin/daily-cap";
import { choiceFacts } from "../src/db/caller-choices";
import { callLeadStatements } from "../src/leads/record";
import { messages } from "../src/db/schema";
import worker from "../src/index";
import { requeueDueEvents } from "../src/notify/events";
import { deadTranscripts, recordTranscript, settleTranscript, transcriptsFrom } from "../src/db/transcripts";
import { requeueStrandedTranscripts } from "../src/ops/stranded-transcripts";
import { applyRetention } from "../src/ops/scheduled";
import { ADMIN, ORIGIN, uniquePhone, type TwilioLine } from "./support/app";
import { mockTwilio } from "./support/carriers";
import { recording, type Issued } from "./support/d1";
import { expectAllIndexed, lineWithHistory, numberOf, plan } from "./support/query-plans";

let line: TwilioLine;
let caller: string;

beforeAll(async () => {
  ({ line, caller } = await lineWithHistory());
});

afterEach(() => vi.restoreAllMocks());

describe("hot-path D1 queries use indexes", () => {
  it("loadLine: number by E.164 with its business, templates, the business's numbers, newest consent event, undeliverable: one statement", async () => {
    const issued: Issued[] = [];
    const loaded = await loadLine(recording(env.DB, issued), line.e164, caller);
    expect(loaded?.context.number.e164).toBe(line.e164);
    expect(issued).toHaveLength(1);
    await expectAllIndexed(issued, [
      [
        "number by e164 + business, with templates, numbers, consent and undeliverable as subqueries",
        /FROM templates t[\s\S]*FROM numbers o[\s\S]*FROM consent_events c[\s\S]*FROM undeliverable u[\s\S]*FROM contacts k[\s\S]*FROM numbers n INNER JOIN businesses b/,
      ],
    ]);
    // The caller's contact is one probe of its key, however many contacts the business has.
    expect(await plan(issued[0]!)).toContain("SEARCH k USING INDEX sqlite_autoindex_contacts_1 (business_id=? AND phone=?)");
  });

  it("an owner's or on-call person's text: the newest consent of each caller it may go to, by key, in one statement", async () => {
    const issued: Issued[] = [];
    expect(await consentOfPhones(recording(env.DB, issued), line.businessId, [caller, uniquePhone()])).toEqual({});
    expect(issued).toHaveLength(1);
    await expectAllIndexed(issued, [["each phone's newest opt-out or opt-in", /FROM consent_events c[\s\S]*FROM json_each\(\?2\) p/]]);
  });

  it("call path: the caller's status where the call is recorded (consent, deliverability, contact) and the text's insert conditional on it, by keys", async () => {
    const issued: Issued[] = [];
    const d1 = recording(env.DB, issued);
    const at = Date.now();
    const call = { id: `c_plan_${crypto.randomUUID()}`, businessId: line.businessId, numberId: "n", carrierCallId: "CA1", fromPhone: caller, toPhone: line.e164, outcome: "no_answer" as const, decision: "texted:no_answer" as const, reason: "no_answer" as const, facts: {}, at };
    const message = { id: `m_plan_${crypto.randomUUID()}`, businessId: line.businessId, numberId: "n", callId: call.id, direction: "outbound" as const, kind: "missed_call" as const, fromPhone: line.e164, toPhone: caller, body: "Hi", encoding: "GSM-7" as const, segments: 1, status: "queued" as const, attempts: 0, createdAt: at, updatedAt: at };
    const consent = { businessId: line.businessId, phone: caller, kind: "implied_by_call" as const, source: "call" as const, evidenceId: "CA1", evidenceText: "texted:no_answer", at };
    d1.prepare(CALLER_STATUS_SQL).bind(line.businessId, caller);
    callRecordStatements(d1, { call, message, consent, verify: true });
    callLeadStatements(d1, call, "John Smith");
    await expectAllIndexed(issued, [
      ["the caller's consent, deliverability and contact", /FROM consent_events c[\s\S]*FROM undeliverable u[\s\S]*FROM contacts k/],
      ["the text, only while the caller is clear and no contact tag outranks a stranger", /^INSERT INTO "messages" [\s\S]*FROM contact_tags t/],
      ["the call's lead entry, unless the caller is staff or blocked", /^INSERT INTO lead_events [\s\S]*FROM contact_tags t/],
      ["the lead opened or joined, named from the caller's contact", /^INSERT INTO leads [\s\S]*FROM contacts WHERE/],
    ]);
    const insert = issued.find((q) => /^INSERT INTO "messages"/.test(q.sql))!;
    // One probe per tag by the whole key, through whichever index holds all three columns.
    expect((await plan(insert)).join("\n")).toMatch(/SEARCH t USING (COVERING )?INDEX \w+ \(business_id=\? AND (phone=\? AND tag=\?|tag=\? AND phone=\?)\)/);
  });

  it("outbox: message by id joined to its number, the consent re-check and the cost guard's counts at send time", async () => {
    mockTwilio();
    const num = await numberOf(line);
    const now = Date.now();
    const queued = (kind: "missed_call" | "help", toPhone: string) => ({
      id: `m_plan_${crypto.randomUUID()}`,
      businessId: line.businessId,
      numberId: num.id,
      direction: "outbound" as const,
      kind,
      fromPhone: line.e164,
      toPhone,
      body: "Acme Plumbing: sorry we missed you. Reply STOP to opt out.",
      encoding: "GSM-7" as const,
      segments: 1,
      status: "queued" as const,
      attempts: 0,
      createdAt: now,
      updatedAt: now,
    });
    // One to send, and a HELP answer to a premium-rate number that the guard refuses.
    const rows = [queued("missed_call", uniquePhone()), queued("help", "+19002345678")];
    await drizzle(env.DB).insert(messages).values(rows);
    const issued: Issued[] = [];
    const batch = createMessageBatch(
      "sms-outbound",
      rows.map((r, i) => ({ id: `plan${i}`, timestamp: new Date(), attempts: 1, body: { messageId: r.id, businessId: line.businessId } })),
    );
    const ctx = createExecutionContext();
    await worker.queue(batch, { ...env, DB: recording(env.DB, issued) }, ctx);
    await waitOnExecutionContext(ctx);
    await expectAllIndexed(issued, [
      // The consent re-check and the recipient's answers in the past hour are subqueries of the same statement (one round trip).
      ["message by id join number and business, with the consent re-check", /FROM consent_events c[\s\S]*FROM messages m\s+INNER JOIN numbers n/, { sortedByIndex: true }],
      // One grouped statement per batch, in the same D1 batch as the read.
      ["texts each business sent in the past 24 hours", /FROM messages\s+WHERE business_id IN \(\?2\) AND created_at >= \?1 AND sent_at IS NOT NULL GROUP BY business_id/],
      ["message status update by id", /^UPDATE messages SET status = 'sent'/],
      ["a refused text's record by id", /^UPDATE messages SET status = 'suppressed', error_code = \?1/],
    ]);
    // The guard's counts walk only the window of the business's messages, never its history.
    const read = issued.find((q) => /FROM messages m\s+INNER JOIN numbers n/.test(q.sql))!;
    expect(await plan(read)).toContain("SEARCH r USING INDEX messages_business_created_idx (business_id=? AND created_at>?)");
    const counted = issued.find((q) => /GROUP BY business_id/.test(q.sql))!;
    expect(await plan(counted)).toContain("SEARCH messages USING COVERING INDEX messages_business_created_idx (business_id=? AND created_at>?)");
  });

  it("delivery report: message by carrier message id (and number)", async () => {
    const issued: Issued[] = [];
    const num = await numberOf(line);
    await recordDeliveryReport(recording(env.DB, issued), num.id, "SMplan0000000000000000000000000000", "delivered", null);
    await expectAllIndexed(issued, [
      ["message by carrier id, with its business", /^select .* from "messages" inner join "businesses"/],
      ["status update by id", /^update "messages"/],
    ]);
  });

  it("cron: event webhooks that never reached the queue, oldest first, and what is past each business's retention", async () => {
    const issued: Issued[] = [];
    const e = { ...env, DB: recording(env.DB, issued) };
    await requeueDueEvents(e, Date.now());
    await applyRetention(e, Date.now());
    await expectAllIndexed(issued, [
      ["deliveries still queued, oldest first", /FROM webhook_deliveries WHERE status = 'queued'/, { sortedByIndex: true }],
      ["bodies past retention", /^update "messages" set "body"/],
      ["deliveries past retention", /^delete from "webhook_deliveries"/],
    ]);
  });

  it("voicemail reads: the cron's look for reads never queued, a business's dead ones, a caller's, and the job's own row", async () => {
    const issued: Issued[] = [];
    const e = { ...env, DB: recording(env.DB, issued) };
    const now = Date.now();
    const id = await recordTranscript(e.DB, { businessId: line.businessId, numberId: (await numberOf(line)).id, carrier: "vonage", carrierCallId: crypto.randomUUID(), toPhone: line.e164, fromPhone: caller, source: "https://api.nexmo.com/v1/files/x", origin: ORIGIN }, now);
    await settleTranscript(e.DB, id!, { status: "retrying", attempted: true, lastError: "HTTP 503" }, now);
    await requeueStrandedTranscripts(e, now);
    await deadTranscripts(e.DB, line.businessId, 200);
    await transcriptsFrom(drizzle(e.DB), line.businessId, caller, 100);
    await expectAllIndexed(issued, [
      ["reads still queued, oldest first", /from "voicemail_transcripts" where \("voicemail_transcripts"."status" = \? and "voicemail_transcripts"."updated_at" < \?\)/, { sortedByIndex: true }],
      ["a read settled by id", /^update "voicemail_transcripts"/],
      ["a business's dead reads, newest first", /"voicemail_transcripts"."business_id" = \? and "voicemail_transcripts"."status" = \?\) order by/, { sortedByIndex: true }],
      ["a caller's voicemails, newest first", /"voicemail_transcripts"."from_phone" = \?\) order by/],
    ]);
  });

  it("admin text: the cost guard's reads before a text is queued", async () => {
    mockTwilio();
    const issued: Issued[] = [];
    const e = { ...env, DB: recording(env.DB, issued) };
    const ctx = createExecutionContext();
    const body = JSON.stringify({ to: uniquePhone(), body: "Hi, we can come Tuesday." });
    const res = await app.fetch(new Request(`${ORIGIN}/api/businesses/${line.businessId}/messages`, { method: "POST", headers: ADMIN, body }), e, ctx);
    await waitOnExecutionContext(ctx);
    expect(res.status).toBe(201);
    await expectAllIndexed(issued, [
      ["the business's settings and phones", /^select "settings", "notify_phone" from "businesses" where "businesses"."id" = \?/],
      ["whether the recipient is one of its numbers", /^select "id" from "numbers" where \("numbers"."e164" = \? and "numbers"."business_id" = \?\)/],
      ["texts the business sent in the past 24 hours", /FROM messages\s+WHERE business_id IN \(\?2\) AND created_at >= \?1 AND sent_at IS NOT NULL GROUP BY business_id/],
      ["the business's lines, told that a person answered", /^SELECT e164 FROM numbers WHERE business_id = \?1/],
    ]);
  });

  it("dashboard: the texts the daily cap stopped and what it counts, over the business's last 24 hours only", async () => {
    const issued: Issued[] = [];
    await capState(recording(env.DB, issued), line.businessId, 1000);
    await expectAllIndexed(issued, [
      ["texts the daily cap stopped in the past 24 hours", /FROM messages WHERE business_id = \?1 AND created_at >= \?2 AND status = 'suppressed'/],
      ["texts the business sent in the past 24 hours", /FROM messages\s+WHERE business_id IN \(\?2\) AND created_at >= \?1 AND sent_at IS NOT NULL GROUP BY business_id/],
    ]);
    const stopped = issued.find((q) => /status = 'suppressed'/.test(q.sql))!;
    expect(await plan(stopped)).toContain("SEARCH messages USING INDEX messages_business_created_idx (business_id=? AND created_at>?)");
  });

  it("a held text due: the caller's open or newest lead and whether they are blocked, by keys", async () => {
    const issued: Issued[] = [];
    await callerStanding(recording(env.DB, issued), line.businessId, caller);
    await expectAllIndexed(issued, [["the caller's standing", /FROM leads WHERE business_id = \?1 AND phone = \?2[\s\S]*FROM contact_tags/]]);
    expect((await plan(issued[0]!)).join("\n")).toMatch(/SEARCH leads USING INDEX \w+ \(business_id=\? AND phone=\?/);
  });

  it("a repeat call's alert: the caller's calls since their text-back, open lead and newest text, by keys, in one statement", async () => {
    const issued: Issued[] = [];
    await repeatCallRecord(recording(env.DB, issued), line.businessId, caller, Date.now() - 3_600_000);
    expect(issued).toHaveLength(1);
    await expectAllIndexed(issued, [["the repeat caller's record", /FROM calls[\s\S]*FROM messages[\s\S]*LEFT JOIN leads/]]);
    const details = (await plan(issued[0]!)).join("\n");
    expect(details).toMatch(/SEARCH calls USING INDEX calls_business_at_idx \(business_id=\? AND at>\?\)/);
    expect(details).toMatch(/SEARCH messages USING INDEX messages_business_from_idx \(business_id=\? AND direction=\? AND from_phone=\?/);
  });

  it("the owner asked Which caller?: each caller's standing, name, need and newest text, by keys, in one statement", async () => {
    const issued: Issued[] = [];
    await choiceFacts(recording(env.DB, issued), line.businessId, [caller, uniquePhone()]);
    expect(issued).toHaveLength(1);
    await expectAllIndexed(issued, [["each offered caller's facts", /FROM contact_tags[\s\S]*FROM leads[\s\S]*FROM contacts[\s\S]*FROM messages[\s\S]*FROM json_each\(\?2\)/]]);
    const details = (await plan(issued[0]!)).join("\n");
    expect(details).toMatch(/SEARCH leads USING INDEX \w+ \(business_id=\? AND phone=\?/);
    expect(details).toMatch(/SEARCH messages USING INDEX messages_business_from_idx \(business_id=\? AND direction=\? AND from_phone=\?\)/);
  });
});
