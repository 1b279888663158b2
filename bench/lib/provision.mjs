/** Businesses and numbers through the admin API, and bulk history straight into D1. */
import { adminApi } from "../../scripts/lib/admin-client.mjs";
import { newTwilioAccount } from "../../scripts/simulator.mjs";
import { businessNumber, forwardPhone } from "./twilio.mjs";

/**
 * Lines `from`..`to-1`: one business per number (a small business with its own Twilio subaccount),
 * the home_services preset (its questions by text), forward mode. The daily cap is raised: a benchmark sends more than 200 texts a
 * day to one number. Every other setting is the default (voicemail offered, 12 h cooldown…).
 * Each new account is registered with the carrier so it accepts the sends.
 */
export async function provisionLines({ workerUrl, adminToken, carrier, from = 0, to, concurrency = 8 }) {
  const lines = new Array(to - from);
  const admin = adminApi(workerUrl, adminToken);
  let next = from;
  async function worker() {
    while (next < to) {
      const i = next++;
      const acct = newTwilioAccount();
      carrier.addAccount(acct.accountSid, acct.authToken);
      const biz = await admin("POST", "/businesses", {
        name: `Bench Plumbing ${i}`,
        timezone: "America/Chicago",
        forwardTo: forwardPhone(i),
        bookingUrl: "https://bench.example/book",
        // A plumber's questions by text: a caller's reply is answered with the next one (reply.mjs).
        preset: "home_services",
        settings: { dailyCap: 100_000 },
      });
      const e164 = businessNumber(i);
      await admin("POST", `/businesses/${biz.id}/numbers`, {
        e164,
        carrier: "twilio",
        credentials: acct,
        mode: "forward",
      });
      lines[i - from] = { businessId: biz.id, e164, ...acct };
    }
  }
  await Promise.all(Array.from({ length: concurrency }, worker));
  return lines;
}

/**
 * `rows` historical texted calls spread evenly over every number in D1: a `calls` row, its
 * `messages` row (delivered), its implied consent event and its lead each, as the hot path itself writes.
 * Generated inside SQLite (a recursive CTE per table), so 100,000 rows take about a second and no
 * statement has bound parameters at all.
 */
export async function insertHistory(mf, rows) {
  const db = await mf.getD1Database("DB");
  const now = Date.now();
  const seq = `WITH RECURSIVE seq(n) AS (SELECT 0 UNION ALL SELECT n + 1 FROM seq WHERE n + 1 < ${rows}),
    nums AS (SELECT row_number() OVER (ORDER BY id) - 1 AS k, id, business_id, e164 FROM numbers),
    cnt AS (SELECT count(*) AS c FROM numbers),
    src AS (SELECT seq.n AS n, nums.id AS number_id, nums.business_id AS business_id, nums.e164 AS e164,
              '+1415' || printf('%07d', seq.n) AS caller, ${now} - (${rows} - seq.n) * 60000 AS at
            FROM seq, cnt JOIN nums ON nums.k = seq.n % cnt.c)`;
  const started = Date.now();
  await db.batch([
    db.prepare(`INSERT INTO calls (id, business_id, number_id, carrier_call_id, from_phone, to_phone, outcome, decision, reason, facts, at)
      ${seq} SELECT 'c_CAhist' || n, business_id, number_id, 'CAhist' || n, caller, e164, 'no_answer', 'texted:no_answer', 'no_answer',
        '{"source":"dial","status":"no-answer"}', at FROM src`),
    db.prepare(`INSERT INTO messages (id, business_id, number_id, call_id, direction, kind, from_phone, to_phone, body, encoding, segments,
        status, carrier_message_id, attempts, created_at, sent_at, updated_at)
      ${seq} SELECT 'm_CAhist' || n, business_id, number_id, 'c_CAhist' || n, 'outbound', 'missed_call', e164, caller,
        'Sorry we missed your call! We will call you back shortly. Reply STOP to opt out.', 'GSM-7', 1,
        'delivered', 'SMhist' || n, 1, at, at + 20, at + 900 FROM src`),
    db.prepare(`INSERT INTO consent_events (business_id, phone, kind, source, evidence_id, evidence_text, at)
      ${seq} SELECT business_id, caller, 'implied_by_call', 'call', 'CAhist' || n, 'texted:no_answer', at FROM src`),
    // Each call's lead, in every status; won and lost ones closed.
    db.prepare(`INSERT INTO leads (id, business_id, phone, status, source, calls, first_call_at, first_text_at, closed_at, won_cents, lost_reason, created_at, last_activity_at)
      ${seq} SELECT 'l_hist' || n, business_id, caller, CASE n % 6 WHEN 0 THEN 'new' WHEN 1 THEN 'engaged' WHEN 2 THEN 'qualified' WHEN 3 THEN 'booked' WHEN 4 THEN 'won' ELSE 'lost' END,
        'no_answer', 1, at, at + 20, CASE WHEN n % 6 >= 4 THEN at + 86400000 END, CASE WHEN n % 6 = 4 THEN 45000 END, CASE WHEN n % 6 = 5 THEN 'price' END, at, at + 900 FROM src`),
  ]);
  const counts = await db
    .prepare("SELECT (SELECT count(*) FROM calls) AS calls, (SELECT count(*) FROM messages) AS messages, (SELECT count(*) FROM consent_events) AS consent, (SELECT count(*) FROM leads) AS leads")
    .first();
  return { ...counts, ms: Date.now() - started };
}

/**
 * `perBusiness` contacts (DESIGN.md §6.4) in each of the first `businesses` businesses (by id), as
 * an import writes them: phones in an area code no caller, business or forward-to phone uses
 * (646), so no timed call is from a contact and every call still gets its text; tags a business
 * would have (customers, a few VIPs and staff, tags of its own); `contact_tags` filled by the
 * table's own triggers. One statement with no bound parameters, like insertHistory.
 */
export async function insertContacts(mf, { perBusiness, businesses }) {
  const db = await mf.getD1Database("DB");
  const now = Date.now();
  const started = Date.now();
  if (perBusiness > 100_000) throw new Error("insertContacts: at most 100,000 contacts per business (exchanges 200-209)");
  // 646, an exchange from 200 up (200-209 for 100,000: none is an N11 or 555), 4 digits.
  await db
    .prepare(
      `WITH RECURSIVE seq(n) AS (SELECT 0 UNION ALL SELECT n + 1 FROM seq WHERE n + 1 < ${perBusiness}),
        biz AS (SELECT id FROM businesses ORDER BY id LIMIT ${businesses})
      INSERT INTO contacts (business_id, phone, name, tags, notes, created_at, updated_at)
      SELECT biz.id, '+1646' || (200 + seq.n / 10000) || printf('%04d', seq.n % 10000), 'Contact ' || seq.n,
        CASE seq.n % 20 WHEN 0 THEN '["vip"]' WHEN 1 THEN '["internal"]' WHEN 2 THEN '["blocked"]' WHEN 3 THEN '["customer","maintenance plan"]' ELSE '["customer"]' END,
        NULL, ${now}, ${now}
      FROM biz, seq`,
    )
    .run();
  const counts = await db.prepare("SELECT (SELECT count(*) FROM contacts) AS contacts, (SELECT count(*) FROM contact_tags) AS contactTags").first();
  return { ...counts, ms: Date.now() - started };
}

