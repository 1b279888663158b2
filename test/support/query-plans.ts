/** EXPLAIN QUERY PLAN checks shared by test/query-plans*.test.ts, and a line with a little history for them to read. */
import { env } from "cloudflare:workers";
import { eq } from "drizzle-orm";
import { drizzle } from "drizzle-orm/d1";
import { expect } from "vitest";
import { messages, numbers } from "../../src/db/schema";
import { createTwilioLine, uniquePhone, type TwilioLine } from "./app";
import type { Issued } from "./d1";

/** The plan's detail lines, e.g. `SEARCH numbers USING INDEX numbers_e164_uq (e164=?)`. */
export async function plan(q: Issued): Promise<string[]> {
  const { results } = await env.DB.prepare(`EXPLAIN QUERY PLAN ${q.sql}`)
    .bind(...q.params)
    .all<{ detail: string }>();
  return results.map((r) => r.detail);
}

/** Tables that grow with traffic or with the number of customers. */
const TABLES = ["businesses", "numbers", "templates", "calls", "messages", "consent_events", "webhook_deliveries", "contacts", "contact_tags", "leads", "lead_events", "voicemail_transcripts"];

/**
 * Every table the statement reads is reached through an index or the primary key, and none is
 * scanned in full. (SQLite names a scan `SCAN <table>`, `SCAN <table> USING INDEX` for a full
 * index walk; a search is `SEARCH <table> USING [COVERING] INDEX …` or `USING [INTEGER] PRIMARY KEY`.)
 */
function expectIndexed(name: string, sql: string, details: string[], sortedByIndex = false) {
  const context = `${name}\n  ${sql}\n  plan:\n    ${details.join("\n    ")}`;
  const scans = details.filter((d) => TABLES.some((t) => new RegExp(`^SCAN ${t}\\b`).test(d)));
  expect(scans, `full scan in ${context}`).toEqual([]);
  const searches = details.filter((d) => /^SEARCH \w+ USING (COVERING INDEX|INDEX|INTEGER PRIMARY KEY|PRIMARY KEY)/.test(d));
  expect(searches.length, `no indexed search in ${context}`).toBeGreaterThan(0);
  // A list with LIMIT must walk the index in order; sorting every row of a business first grows with
  // history. (`FOR LAST TERM OF ORDER BY`, the id tie-break among equal times, is fine.)
  if (sortedByIndex) expect(details, `sorts all matching rows in ${context}`).not.toContain("USE TEMP B-TREE FOR ORDER BY");
}

export async function expectAllIndexed(issued: Issued[], pick: Array<[string, RegExp, { sortedByIndex?: boolean }?]>) {
  const report: string[] = [];
  for (const [name, pattern, opts] of pick) {
    const matches = issued.filter((q) => pattern.test(q.sql));
    expect(matches.length, `${name}: no statement matching ${pattern} was issued; issued:\n${issued.map((q) => q.sql).join("\n")}`).toBeGreaterThan(0);
    for (const q of matches) {
      const details = await plan(q);
      report.push(`${name}\n  ${q.sql}\n    ${details.join("\n    ")}`);
      expectIndexed(name, q.sql, details, opts?.sortedByIndex);
    }
  }
  console.info(`EXPLAIN QUERY PLAN\n${report.join("\n")}`);
}

export async function numberOf(l: TwilioLine) {
  const [row] = await drizzle(env.DB).select().from(numbers).where(eq(numbers.e164, l.e164));
  if (!row) throw new Error("number not found");
  return row;
}

/** A Twilio line and a caller it has texted, so every query has rows to find. */
export async function lineWithHistory(): Promise<{ line: TwilioLine; caller: string }> {
  const line = await createTwilioLine();
  const caller = uniquePhone();
  await drizzle(env.DB)
    .insert(messages)
    .values({
      id: `m_plan_${crypto.randomUUID()}`,
      businessId: line.businessId,
      numberId: (await numberOf(line)).id,
      direction: "outbound",
      kind: "missed_call",
      fromPhone: line.e164,
      toPhone: caller,
      body: "Acme Plumbing: sorry we missed you. Reply STOP to opt out.",
      encoding: "GSM-7",
      segments: 1,
      status: "sent",
      carrierMessageId: "SMplan0000000000000000000000000000",
      attempts: 1,
      createdAt: Date.now(),
      updatedAt: Date.now(),
    });
  return { line, caller };
}
