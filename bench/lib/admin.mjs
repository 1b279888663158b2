/**
 * The admin pages figure: one business with a call history straight in D1, a logged-in session,
 * and every page fetched N times in turn (issue 8: "every page answers in under 50 ms server time
 * on the local runtime with 1,000 calls in D1").
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

/** The pages, by name: every tab of one business, one conversation, and the businesses list. */
export function adminPagePaths(businessId, phone) {
  const b = `/admin/businesses/${encodeURIComponent(businessId)}`;
  return {
    dashboard: b,
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
