/**
 * The admin pages figure: one business with a call history and its leads straight in D1, a
 * logged-in session, and every page fetched N times in turn (issue 8: "every page answers in under
 * 50 ms server time on the local runtime with 1,000 calls in D1"; issue 24: with 10,000 leads).
 */
import { performance } from "node:perf_hooks";
import { summary } from "./stats.mjs";

/**
 * `calls` calls to `line` over the last 30 days from calls/3 distinct callers (so conversations
 * have several messages): mixed outcomes; every call not answered gets its text (1 in 20 dead,
 * the rest delivered) and an implied consent event; every fourth texted caller replied; every
 * 50th sent STOP. One literal INSERT … SELECT per table (a recursive CTE), no bound parameters.
 * Returns the row counts and one caller with a conversation.
 */
export async function seedBusinessHistory(mf, line, calls = 1000) {
  const db = await mf.getD1Database("DB");
  const num = await db.prepare("SELECT id FROM numbers WHERE e164 = ?1").bind(line.e164).first();
  const now = Date.now();
  const span = 30 * 86_400_000;
  const callers = Math.max(1, Math.floor(calls / 3));
  const q = (s) => `'${String(s).replace(/'/g, "''")}'`;
  const src = `WITH RECURSIVE seq(n) AS (SELECT 0 UNION ALL SELECT n + 1 FROM seq WHERE n + 1 < ${calls}),
    src AS (SELECT n, '+1415' || printf('%07d', 3000000 + n % ${callers}) AS caller,
              ${now} - ${span} + (n * ${Math.floor(span / calls)}) AS at,
              CASE n % 5 WHEN 0 THEN 'answered' WHEN 1 THEN 'busy' WHEN 2 THEN 'voicemail' ELSE 'no_answer' END AS outcome
            FROM seq)`;
  const biz = q(line.businessId);
  const numberId = q(num.id);
  const to = q(line.e164);
  const started = performance.now();
  await db.batch([
    db.prepare(`INSERT INTO calls (id, business_id, number_id, carrier_call_id, from_phone, to_phone, outcome, decision, reason, facts, at)
      ${src} SELECT 'c_CAadm' || n, ${biz}, ${numberId}, 'CAadm' || n, caller, ${to}, outcome,
        CASE outcome WHEN 'answered' THEN 'skipped:answered' ELSE 'texted:' || outcome END, outcome,
        '{"source":"dial"}', at FROM src`),
    db.prepare(`INSERT INTO messages (id, business_id, number_id, call_id, direction, kind, from_phone, to_phone, body, encoding, segments,
        status, carrier_message_id, error_code, attempts, created_at, sent_at, updated_at)
      ${src} SELECT 'm_CAadm' || n, ${biz}, ${numberId}, 'c_CAadm' || n, 'outbound', 'missed_call', ${to}, caller,
        'Sorry we missed your call! We will call you back shortly. Reply STOP to opt out.', 'GSM-7', 1,
        CASE WHEN n % 20 = 1 THEN 'dead' ELSE 'delivered' END, 'SMadm' || n, CASE WHEN n % 20 = 1 THEN '30003' END,
        1, at + 50, at + 70, at + 900 FROM src WHERE outcome <> 'answered'`),
    db.prepare(`INSERT INTO messages (id, business_id, number_id, direction, kind, from_phone, to_phone, body, encoding, segments,
        status, carrier_message_id, attempts, created_at, updated_at)
      ${src} SELECT 'in_SMadmr' || n, ${biz}, ${numberId}, 'inbound', 'reply', caller, ${to},
        'Yes please call me back after 3pm', 'GSM-7', 1, 'received', 'SMadmr' || n, 0, at + 120000, at + 120000
        FROM src WHERE outcome <> 'answered' AND n % 4 = 3`),
    db.prepare(`INSERT INTO consent_events (business_id, phone, kind, source, evidence_id, evidence_text, at)
      ${src} SELECT ${biz}, caller, 'implied_by_call', 'call', 'CAadm' || n, 'texted:' || outcome, at FROM src WHERE outcome <> 'answered'
      UNION ALL SELECT ${biz}, caller, 'opt_out', 'sms', 'SMadms' || n, 'STOP', at + 300000 FROM src WHERE n % 50 = 3`),
  ]);
  const counts = await db
    .prepare(`SELECT (SELECT count(*) FROM calls WHERE business_id = ?1) AS calls, (SELECT count(*) FROM messages WHERE business_id = ?1) AS messages,
      (SELECT count(*) FROM consent_events WHERE business_id = ?1) AS consentEvents,
      (SELECT count(*) FROM messages WHERE business_id = ?1 AND status = 'dead') AS deadLetters`)
    .bind(line.businessId)
    .first();
  // Caller 3 (n = 3, 3 + callers, …): texted (no_answer) and replied, so its conversation has both sides.
  const phone = `+1415${String(3000000 + 3).padStart(7, "0")}`;
  return { ...counts, ms: Math.round(performance.now() - started), phone };
}

/**
 * `count` leads of `line` over the last 30 days straight in D1 (issue 24: the admin pages with
 * 10,000 leads), one caller each, by one INSERT … SELECT per table: every step of the funnel
 * (a third texted only, a sixth replied, then qualified, booked, won with an amount, lost with a
 * reason), the jobs valued, 1 in 50 urgent (half of those taken, each with its urgent entry), 1 in
 * 10 answered by a person. Returns the count and one lead's id, for its card.
 */
export async function seedLeads(mf, line, count = 10_000) {
  const db = await mf.getD1Database("DB");
  const now = Date.now();
  const span = 30 * 86_400_000;
  const q = (s) => `'${String(s).replace(/'/g, "''")}'`;
  const biz = q(line.businessId);
  const src = `WITH RECURSIVE seq(n) AS (SELECT 0 UNION ALL SELECT n + 1 FROM seq WHERE n + 1 < ${count}),
    src AS (SELECT n, '+1628' || printf('%07d', 2000000 + n) AS phone, ${now} - ${span} + (n * ${Math.floor(span / count)}) AS at,
              CASE n % 6 WHEN 0 THEN 'new' WHEN 1 THEN 'engaged' WHEN 2 THEN 'qualified' WHEN 3 THEN 'booked' WHEN 4 THEN 'won' ELSE 'lost' END AS status,
              n % 50 = 7 AS urgent
            FROM seq)`;
  const started = performance.now();
  await db.batch([
    db.prepare(`INSERT INTO leads (id, business_id, phone, name, status, urgent, source, fields, estimated_cents, won_cents, lost_reason, calls,
        first_call_at, first_text_at, first_reply_at, first_human_reply_at, qualified_at, booked_at, closed_at, acknowledged_at, acknowledged_by, created_at, last_activity_at)
      ${src} SELECT 'l_adm' || n, ${biz}, phone, CASE WHEN n % 3 = 0 THEN 'Caller ' || n END, status, urgent, CASE WHEN n % 9 = 0 THEN 'inbound_text' ELSE 'no_answer' END,
        json_object('service', CASE n % 4 WHEN 0 THEN 'water heater' WHEN 1 THEN 'drain' ELSE 'leak under the sink' END, 'zip', '78702'),
        CASE n % 4 WHEN 0 THEN 180000 WHEN 1 THEN 30000 ELSE 45000 END, CASE WHEN status = 'won' THEN 20000 + (n % 7) * 10000 END,
        CASE WHEN status = 'lost' THEN CASE n % 4 WHEN 0 THEN 'price' WHEN 1 THEN 'no_response' WHEN 2 THEN 'out_of_area' ELSE 'other' END END, 1,
        at, CASE WHEN n % 3 <> 2 THEN at + 900 END, CASE WHEN status <> 'new' THEN at + 60000 END, CASE WHEN n % 10 = 1 THEN at + 600000 END,
        CASE WHEN status IN ('qualified', 'booked', 'won') THEN at + 180000 END, CASE WHEN status IN ('booked', 'won') THEN at + 3600000 END,
        CASE WHEN status IN ('won', 'lost') THEN at + 86400000 END, CASE WHEN urgent AND n % 100 = 7 THEN at + 240000 END,
        CASE WHEN urgent AND n % 100 = 7 THEN '+13125550100' END, at, at + 86400000 FROM src`),
    db.prepare(`INSERT INTO lead_events (id, lead_id, business_id, type, detail, actor, at)
      ${src} SELECT 'opened:l_adm' || n, 'l_adm' || n, ${biz}, 'opened', '{"source":"no_answer"}', 'system', at FROM src
      UNION ALL SELECT 'urgent:l_adm' || n, 'l_adm' || n, ${biz}, 'urgent', '{"words":["leak"]}', 'system', at + 60000 FROM src WHERE urgent`),
  ]);
  const row = await db.prepare("SELECT count(*) AS leads FROM leads WHERE business_id = ?1").bind(line.businessId).first();
  return { leads: row.leads, ms: Math.round(performance.now() - started), leadId: "l_adm7" };
}

/** The pages, by name: every tab of one business, its leads and one lead's card, one conversation, and the businesses list. */
export function adminPagePaths(businessId, phone, leadId) {
  const b = `/admin/businesses/${encodeURIComponent(businessId)}`;
  return {
    dashboard: b,
    leads: `${b}/leads`,
    ...(leadId ? { lead: `${b}/leads/${encodeURIComponent(leadId)}` } : {}),
    calls: `${b}/calls`,
    conversation: `${b}/conversations/${encodeURIComponent(phone)}`,
    templates: `${b}/templates`,
    numbers: `${b}/numbers`,
    consent: `${b}/consent`,
    deadLetters: `${b}/dead-letters`,
    businesses: "/admin/businesses",
    settings: `${b}/settings`,
  };
}

/**
 * Each page `reps` times, sequentially, one request in flight (after one untimed warm-up fetch
 * per page): time from sending the request to the last byte of the body. Anything but a 200 fails.
 */
export async function timeAdminPages({ workerUrl, cookie, paths, reps }) {
  const pages = {};
  for (const [name, p] of Object.entries(paths)) {
    const get = async () => {
      const t = performance.now();
      const res = await fetch(workerUrl + p, { headers: { cookie }, redirect: "manual" });
      const body = await res.text();
      const ms = performance.now() - t;
      if (res.status !== 200) throw new Error(`GET ${p} → ${res.status} ${body.slice(0, 200)}`);
      return { ms, bytes: Buffer.byteLength(body) };
    };
    const { bytes } = await get();
    const ms = [];
    for (let i = 0; i < reps; i++) ms.push((await get()).ms);
    const s = summary(ms);
    pages[name] = { path: p, n: s.n, p50Ms: s.p50Ms, p95Ms: s.p95Ms, maxMs: s.maxMs, bytes };
  }
  return pages;
}
