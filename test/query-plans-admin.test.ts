/**
 * The admin's D1 queries use indexes (see test/query-plans.test.ts for the method): reports, the
 * dashboard, exports, lists, contacts, lead pages and the inbox, which grow with a business's history.
 */
import { createExecutionContext, waitOnExecutionContext } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { drizzle } from "drizzle-orm/d1";
import { afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { app } from "../src/app";
import { listInbox } from "../src/admin/inbox";
import { callersOf } from "../src/admin/callers";
import { latestLeadOf, latestWordsOf, leadRecords, listLeads, type LeadRow } from "../src/admin/leads";
import { conversation } from "../src/admin/conversations";
import { numberAuthProblems } from "../src/admin/number-problems";
import { buildReport } from "../src/reports/report";
import { leadsCsv } from "../src/reports/leads-csv";
import { dashboardWeeks } from "../src/admin/dashboard-data";
import { ADMIN, ORIGIN, uniquePhone, type TwilioLine } from "./support/app";
import { recording, type Issued } from "./support/d1";
import { expectAllIndexed, lineWithHistory, plan } from "./support/query-plans";

let line: TwilioLine;
let caller: string;

beforeAll(async () => {
  ({ line, caller } = await lineWithHistory());
});

afterEach(() => vi.restoreAllMocks());

describe("admin D1 queries use indexes", () => {
  it("report: every figure counted through indexes, never by scanning a table", async () => {
    const issued: Issued[] = [];
    await buildReport(recording(env.DB, issued), { businessId: line.businessId, timeZone: "America/Chicago", defaultJobValueCents: 40_000 }, Date.UTC(2026, 9, 20), Math.max(Date.now(), Date.UTC(2026, 10, 20)));
    expect(issued).toHaveLength(11);
    await expectAllIndexed(issued, [
      ["calls and callers", /FROM calls WHERE business_id = \?1/],
      ["the leads the period opened, per local day (across the change)", /AS missed,[\s\S]*FROM leads WHERE business_id = \?1 AND created_at >= \?2/],
      ["calls answered and missed per local day", /AS total, coalesce\(sum\(outcome = 'answered'\), 0\) AS answered\s+FROM calls/],
      ["median time to first human reply", /WITH human_waits AS/],
      ["median time to take an urgent page, from the urgent entry", /WITH ack_waits AS/],
      ["texted back: the period's missed calls and their text-backs", /AS texted_back/],
      ["replies: from each texted-back caller, after the text-back", /AS replies/],
      ["texts by kind and status", /AS grp/],
      ["opted out at the end of the period", /AS opted_out/],
      ["median time to text", /WITH delays AS/],
      ["lost leads by reason", /AS reason, count\(\*\) AS leads/],
    ]);
  });

  it("dashboard and exports: the two weeks, the urgent leads waiting, the leads as CSV", async () => {
    const issued: Issued[] = [];
    const db = recording(env.DB, issued);
    await dashboardWeeks(db, { businessId: line.businessId, timeZone: "America/Chicago", defaultJobValueCents: null }, Date.now());
    await leadsCsv(drizzle(db), line.businessId, { from: Date.now() - 86_400_000, to: Date.now() });
    await expectAllIndexed(issued, [
      ["a week's leads, one group", /AS missed,[\s\S]*FROM leads WHERE business_id = \?1 AND created_at >= \?2/],
      // The partial index of open leads holds every lead that can be waiting.
      ["urgent leads waiting now", /AS waiting FROM leads/],
      ["the leads of a period, oldest first", /from "leads" where \("leads"."business_id" = \? and "leads"."created_at" >= \?/, { sortedByIndex: true }],
    ]);
  });

  it("admin lists: a business's calls and messages, newest first, and their later pages", async () => {
    const issued: Issued[] = [];
    const e = { ...env, DB: recording(env.DB, issued) };
    const cursor = encodeURIComponent(`${Date.now()}~m_zzz`);
    for (const list of ["calls", "messages", `calls?cursor=${cursor}`, `messages?status=sent&cursor=${cursor}`]) {
      const ctx = createExecutionContext();
      const res = await app.fetch(new Request(`${ORIGIN}/api/businesses/${line.businessId}/${list}`, { headers: ADMIN }), e, ctx);
      await waitOnExecutionContext(ctx);
      expect(res.status).toBe(200);
    }
    await expectAllIndexed(issued, [
      ["business by id", /from "businesses" where "businesses"."id" = \?/],
      // Each call's text-back in the same statement, by messages_call_idx: no query per call.
      ["calls by business, newest first, with their text-backs", /from "calls" left join "messages" on \("messages"."call_id" = "calls"."id" and "messages"."kind" in \([?, ]+\)\) where "calls"."business_id" = \? order by/, { sortedByIndex: true }],
      ["messages by business, newest first", /from "messages" where "messages"."business_id" = \? order by/, { sortedByIndex: true }],
      // A later page starts in the index where the cursor's time is, not at the newest row.
      ["calls after a cursor", /from "calls" left join "messages" .* where \("calls"."business_id" = \? and \("calls"."at" <= \?/, { sortedByIndex: true }],
      ["messages of a status after a cursor", /from "messages" where \("messages"."business_id" = \? and "messages"."status" = \? and \("messages"."created_at" <= \?/, { sortedByIndex: true }],
    ]);
  });

  it("contacts: an import's probe for the contacts a business has, its lists (all, by tag, searched) in phone order", async () => {
    const issued: Issued[] = [];
    const e = { ...env, DB: recording(env.DB, issued) };
    const file = "name,phone,tags\nMaria,4152341000,customer;vip\nBob,4152341001,internal\n";
    const ctx = createExecutionContext();
    const headers = { authorization: ADMIN.authorization, "content-type": "text/csv" };
    const imported = await app.fetch(new Request(`${ORIGIN}/api/businesses/${line.businessId}/contacts/import`, { method: "POST", headers, body: file }), e, ctx);
    expect(imported.status).toBe(200);
    for (const query of ["", "?tag=customer", "?q=maria", "?tag=vip&q=4152341000&cursor=%2B14152340000"]) {
      const res = await app.fetch(new Request(`${ORIGIN}/api/businesses/${line.businessId}/contacts${query}`, { headers: ADMIN }), e, ctx);
      expect(res.status).toBe(200);
    }
    await waitOnExecutionContext(ctx);
    await expectAllIndexed(issued, [
      ["the contacts a business already has among a file's phones", /^SELECT phone, tags FROM contacts WHERE business_id = \?1 AND phone IN/],
      ["a business's contacts, in phone order", /^select .* from "contacts" where \(?"contacts"."business_id" = \?/, { sortedByIndex: true }],
      ["a business's contacts with a tag, in phone order", /^select .* from "contact_tags" inner join "contacts"/, { sortedByIndex: true }],
    ]);
    const byTag = issued.find((q) => /from "contact_tags" inner join "contacts"/.test(q.sql))!;
    expect((await plan(byTag)).join("\n")).toMatch(/SEARCH contact_tags USING (COVERING )?INDEX contact_tags_tag_idx \(business_id=\? AND tag=\?/);
  });

  it("lead pages: the callers' latest words for a page of leads, a caller's lead on their conversation, and the alerts about them", async () => {
    const issued: Issued[] = [];
    const db = recording(env.DB, issued);
    const page = Array.from({ length: 60 }, (_, i) => ({ id: `l_plan_${i}`, phone: i === 0 ? caller : uniquePhone(), createdAt: 0, closedAt: i % 2 ? Date.now() : null }));
    await latestWordsOf(db, line.businessId, page);
    const [lead] = await latestLeadOf(drizzle(db), line.businessId, caller);
    await leadRecords(drizzle(db), lead ?? { id: "l_plan", businessId: line.businessId, phone: caller, createdAt: 0, closedAt: null } as LeadRow);
    await conversation(drizzle(db), line.businessId, caller);
    await expectAllIndexed(issued, [
      ["each lead's caller's latest reply, one step back along the caller's texts", /^SELECT json_extract\(w.value, '\$\[0\]'\) AS id/],
      ["a caller's lead, the open one first", /from "leads" where \("leads"."business_id" = \? and "leads"."phone" = \?\)/],
      ["a lead's pages: one range of the messages key per urgent entry", /from "lead_events" inner join "messages"/],
      // The lead card's (within the lead's dates) and the conversation's: newest first, a LIMIT of them.
      ["what the business's phones were told about a caller", /from "messages" where \("messages"."business_id" = \? and "messages"."about_phone" = \?/, { sortedByIndex: true }],
    ]);
    // By the caller's own range of the partial index, never the business's whole history.
    for (const about of issued.filter((q) => /"messages"."about_phone" = \?/.test(q.sql))) {
      expect((await plan(about)).join("\n")).toMatch(/SEARCH messages USING INDEX messages_business_about_idx \(business_id=\? AND about_phone=\? AND created_at>\? AND created_at<\?\)/);
    }
    // By the key, never the business's index (which would read every text the business has).
    const pages = issued.find((q) => /from "lead_events" inner join "messages"/.test(q.sql))!;
    expect((await plan(pages)).join("\n")).toMatch(/SEARCH messages USING INDEX sqlite_autoindex_messages_1 \(id>\? AND id<\?\)/);
  });

  it("callers' names: each phone's contact and lead name for a page, and the leads list searched by a name", async () => {
    const issued: Issued[] = [];
    const db = recording(env.DB, issued);
    await callersOf(db, line.businessId, [caller, ...Array.from({ length: 59 }, () => uniquePhone())]);
    await listLeads(drizzle(db), line.businessId, { limit: 51, q: "Becker" });
    await expectAllIndexed(issued, [
      ["each phone's contact by its key and its lead's name by leads_business_phone_idx", /^SELECT j.value AS phone, k.name AS contact_name/],
      // The contact's name is one probe of its key per lead the list walks, in the list's own order.
      ["the leads list searched (a contact's name too), newest activity first", /from "leads" where \("leads"."business_id" = \? and \(.*EXISTS \(SELECT 1 FROM "contacts"/, { sortedByIndex: true }],
    ]);
    const named = issued.find((q) => /^SELECT j.value AS phone/.test(q.sql))!;
    const details = (await plan(named)).join("\n");
    expect(details).toMatch(/SEARCH k USING INDEX sqlite_autoindex_contacts_1 \(business_id=\? AND phone=\?\)/);
    expect(details).toMatch(/SEARCH l USING INDEX leads_business_phone_idx \(business_id=\? AND phone=\?\)/);
  });

  it("admin pages: the inbox (its list and unread count) and the numbers whose credentials the carrier refuses", async () => {
    const issued: Issued[] = [];
    const db = recording(env.DB, issued);
    await listInbox(db, line.businessId, { limit: 100 });
    await listInbox(db, line.businessId, { limit: 100, q: "415 555" });
    // A name: the contact's, or any of the caller's leads' (leads_business_phone_idx).
    await listInbox(db, line.businessId, { limit: 100, q: "Jenny" });
    await numberAuthProblems(db, line.businessId);
    await expectAllIndexed(issued, [
      ["the conversations of a business, and how many are unread", /^WITH texted AS/],
      ["numbers refused by the carrier", /SELECT f.number_id, f.error_code/],
    ]);
    // Each conversation's open lead (whose untaken page orders the list) by one probe of an index of
    // (business, phone, open); the newest text and the caller's newest words by their key, for the rows shown only.
    const list = issued.find((q) => /^WITH texted AS[\s\S]*LEFT JOIN leads l/.test(q.sql))!;
    const details = (await plan(list)).join("\n");
    expect(details).toMatch(/SEARCH l USING INDEX (leads_open_uq \(business_id=\? AND phone=\?\)|leads_business_phone_idx \(business_id=\? AND phone=\? AND closed_at=\?\))/);
    expect(details).toMatch(/SEARCH m USING INDEX sqlite_autoindex_messages_1 \(id=\?\)/);
    // A landline caller's conversation of calls alone: the business's calls by its index.
    expect(details).toMatch(/SEARCH calls USING (COVERING )?INDEX calls_business_at_idx \(business_id=\?\)/);
    expect(details).toMatch(/SEARCH c USING INDEX sqlite_autoindex_messages_1 \(id=\?\)/);
    // Where each conversation stands: when the caller's latest lead closed, whether they opted out, and their
    // words left to a person (by the caller's texts' index, each one's answer entry by its key).
    expect(details).toMatch(/SEARCH x USING COVERING INDEX leads_business_phone_idx \(business_id=\? AND phone=\?\)/);
    expect(details).toMatch(/SEARCH c USING INDEX consent_business_phone_idx \(business_id=\? AND phone=\?\)/);
    expect(details).toMatch(/SEARCH w USING INDEX messages_business_from_idx \(business_id=\? AND direction=\? AND from_phone=\? AND created_at>\?\)/);
    expect(details).toMatch(/SEARCH e USING INDEX sqlite_autoindex_lead_events_1 \(id=\?\)/);
  });
});
