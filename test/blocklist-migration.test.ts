/**
 * Migration 0010: every business's settings.blocklist becomes contacts tagged blocked, the setting
 * goes, old calls say `skipped:blocked`, and businesses with default texts get `existing_customer`.
 * Its data statements run here against rows written as an older version left them.
 */
import { env } from "cloudflare:workers";
import { expect, it } from "vitest";
import { DEFAULT_TEMPLATES } from "../src/rules/templates";

async function runDataStatements() {
  const migration = env.TEST_MIGRATIONS.find((m) => m.name.startsWith("0010_"))!;
  for (const sql of migration.queries.filter((q) => !q.startsWith("ALTER TABLE"))) await env.DB.prepare(sql).run();
}

it("turns each business's blocklist into blocked contacts, keeping what a contact already had", async () => {
  const id = `biz_m${crypto.randomUUID().slice(0, 8)}`;
  const other = `biz_m${crypto.randomUUID().slice(0, 8)}`;
  const settings = JSON.stringify({ cooldownHours: 6, blocklist: ["+14155550101", "+14155550102"] });
  await env.DB.batch([
    env.DB.prepare("INSERT INTO businesses (id, name, timezone, settings, updated_at) VALUES (?, 'Old', 'America/Chicago', ?, 0)").bind(id, settings),
    env.DB.prepare("INSERT INTO businesses (id, name, timezone, settings, updated_at) VALUES (?, 'Blank', 'America/Chicago', '{}', 0)").bind(other),
    env.DB.prepare("INSERT INTO contacts (business_id, phone, name, tags, created_at, updated_at) VALUES (?, '+14155550102', 'Known', '[\"customer\"]', 0, 0)").bind(id),
    env.DB.prepare("INSERT INTO templates (business_id, kind, body, updated_at) VALUES (?, 'missed_call', 'Hi', 0)").bind(id),
    env.DB.prepare(
      "INSERT INTO calls (id, business_id, number_id, carrier_call_id, from_phone, to_phone, outcome, decision, reason, at) VALUES (?, ?, 'n', ?, '+14155550101', '+15122345678', 'busy', 'skipped:blocklisted', 'blocklisted', 0)",
    ).bind(`call_${id}`, id, `CA${id}`),
  ]);
  await runDataStatements();
  await runDataStatements(); // run twice: nothing changes the second time

  const { results: contacts } = await env.DB.prepare("SELECT phone, name, tags FROM contacts WHERE business_id = ? ORDER BY phone").bind(id).all();
  expect(contacts).toEqual([
    { phone: "+14155550101", name: null, tags: '["blocked"]' },
    { phone: "+14155550102", name: "Known", tags: '["blocked","customer"]' },
  ]);
  const { results: tags } = await env.DB.prepare("SELECT phone FROM contact_tags WHERE business_id = ? AND tag = 'blocked' ORDER BY phone").bind(id).all();
  expect(tags.map((t) => t.phone)).toEqual(["+14155550101", "+14155550102"]);
  const business = await env.DB.prepare("SELECT settings FROM businesses WHERE id = ?").bind(id).first<{ settings: string }>();
  expect(JSON.parse(business!.settings)).toEqual({ cooldownHours: 6 });
  const call = await env.DB.prepare("SELECT decision, reason FROM calls WHERE business_id = ?").bind(id).first();
  expect(call).toEqual({ decision: "skipped:blocked", reason: "blocked" });
  const template = await env.DB.prepare("SELECT body FROM templates WHERE business_id = ? AND kind = 'existing_customer'").bind(id).first<{ body: string }>();
  expect(template?.body).toBe(DEFAULT_TEMPLATES.existing_customer);
  // A business that chose a blank slate stays without texts.
  expect(await env.DB.prepare("SELECT count(*) AS n FROM templates WHERE business_id = ?").bind(other).first("n")).toBe(0);
});
