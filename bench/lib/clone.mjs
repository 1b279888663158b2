/**
 * Many lines at once: copies of lines provisioned through the admin API, written straight into D1.
 * Ten thousand numbers through the API take about six minutes (an admin request each, with its audit
 * entry and an encrypted credential); copies take seconds and leave the same
 * rows the API writes (a business with its settings and templates, a number with credentials of
 * its own), less the audit log.
 */
import { randomBytes, webcrypto } from "node:crypto";
import { newTwilioAccount } from "../../scripts/simulator.mjs";
import { businessNumber, forwardPhone } from "./twilio.mjs";

/**
 * Each number gets its own Twilio account, encrypted as the app stores credentials
 * (src/crypto/secrets.ts: AES-256-GCM under DATA_KEY, `v1.<base64 iv>.<base64 ciphertext+tag>`),
 * so the per-isolate caches keyed by the stored ciphertext see 10,000 different ones, as they
 * would in production.
 */
async function encryptCredentials(key, account) {
  const iv = webcrypto.getRandomValues(new Uint8Array(12));
  const plain = new TextEncoder().encode(JSON.stringify({ accountSid: account.accountSid, authToken: account.authToken }));
  const ct = await webcrypto.subtle.encrypt({ name: "AES-GCM", iv }, key, plain);
  return `v1.${Buffer.from(iv).toString("base64")}.${Buffer.from(ct).toString("base64")}`;
}

/** Lines per statement: their rows go in as one JSON array (json_each), so no statement binds more than a few parameters. */
const LINES_PER_STATEMENT = 1000;

/**
 * Lines `from`..`to-1` as copies of `templates` (lines from provisionLines, taken in turn): line i
 * is business `Bench Plumbing i` with number businessNumber(i) and forward-to forwardPhone(i), as
 * provisionLines names them, and the template's settings and templates. Each new account is
 * registered with the carrier.
 */
export async function cloneLines({ mf, carrier, dataKey, templates, from, to }) {
  const db = await mf.getD1Database("DB");
  const key = await webcrypto.subtle.importKey("raw", Buffer.from(dataKey, "base64"), "AES-GCM", false, ["encrypt"]);
  const started = Date.now();
  const lines = [];
  const rows = [];
  for (let i = from; i < to; i++) {
    const template = templates[(i - from) % templates.length];
    const account = newTwilioAccount();
    carrier.addAccount(account.accountSid, account.authToken);
    const businessId = `biz_${randomBytes(10).toString("hex")}`;
    const e164 = businessNumber(i);
    rows.push({ b: businessId, t: template.businessId, name: `Bench Plumbing ${i}`, fwd: forwardPhone(i), n: `num_${randomBytes(10).toString("hex")}`, e164, c: await encryptCredentials(key, account) });
    lines.push({ businessId, e164, ...account });
  }
  const statements = [];
  for (let k = 0; k < rows.length; k += LINES_PER_STATEMENT) {
    const json = JSON.stringify(rows.slice(k, k + LINES_PER_STATEMENT));
    statements.push(
      db.prepare(`INSERT INTO businesses (id, name, timezone, forward_to, notify_phone, booking_url, hours, settings, created_at, updated_at)
        SELECT r.value ->> 'b', r.value ->> 'name', t.timezone, r.value ->> 'fwd', t.notify_phone, t.booking_url, t.hours, t.settings, t.created_at, t.updated_at
        FROM json_each(?1) r JOIN businesses t ON t.id = r.value ->> 't'`).bind(json),
      db.prepare(`INSERT INTO numbers (id, business_id, e164, carrier, mode, credentials)
        SELECT r.value ->> 'n', r.value ->> 'b', r.value ->> 'e164', 'twilio', 'forward', r.value ->> 'c' FROM json_each(?1) r`).bind(json),
      db.prepare(`INSERT INTO templates (business_id, kind, body, updated_at)
        SELECT r.value ->> 'b', t.kind, t.body, t.updated_at FROM json_each(?1) r JOIN templates t ON t.business_id = r.value ->> 't'`).bind(json),
    );
  }
  await db.batch(statements);
  return { lines, ms: Date.now() - started };
}
