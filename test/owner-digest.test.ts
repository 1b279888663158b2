/**
 * The owner's flood guard: after a storm of missed calls, callers' replies relayed to the owner past
 * five in ten minutes are folded into one digest the line's alarm sends at the window's end; a page
 * still goes at once, each folded text says on the admin page where it went, and the owner's bare
 * reply after a digest is asked about (it could be for any of its callers).
 */
import { env } from "cloudflare:workers";
import { afterEach, describe, expect, it, vi } from "vitest";
import { formatPhone } from "../src/rules/display";
import { FLOOD_WINDOW_MS } from "../src/rules/owner-digest";
import { get, newSession } from "./support/admin-session";
import { apiJson, createTwilioLine, eventually, inboundSms, settle, twilioWebhook, uniquePhone, type TwilioLine } from "./support/app";
import { mockTwilio } from "./support/carriers";
import { lineAlarmAt } from "./support/line-clock";

vi.setConfig({ testTimeout: 60_000 });
afterEach(() => vi.restoreAllMocks());

interface Roofer {
  line: TwilioLine;
  owner: string;
  carrier: ReturnType<typeof mockTwilio>;
}

/** A roofer whose owner is paged for emergencies (nobody else on call). */
async function roofer(settings: Record<string, unknown> = {}): Promise<Roofer> {
  const carrier = mockTwilio();
  const owner = uniquePhone("312");
  const preset = (await apiJson("GET", "/presets")).presets.find((p: { id: string }) => p.id === "home_services");
  const line = await createTwilioLine({ name: "Hail Roofing", notifyPhone: owner, settings: { urgent: preset.settings.urgent, ...settings } });
  return { line, owner, carrier };
}

async function text(r: Roofer, from: string, body: string) {
  expect((await twilioWebhook("/webhooks/twilio/sms", inboundSms(r.line, from, body), r.line.authToken)).status).toBe(200);
}

const ownerTexts = (r: Roofer) => r.carrier.to(r.owner).map((m) => m.form.get("Body") ?? "");

/** Ten callers reply within a minute: the owner's phone gets five relays, the rest wait for the digest. */
async function storm(r: Roofer): Promise<string[]> {
  const callers = Array.from({ length: 10 }, () => uniquePhone("214"));
  for (const [i, caller] of callers.entries()) await text(r, caller, `Hail damage on the roof, need a quote #${i}`);
  await eventually(async () => ownerTexts(r).length === 5);
  await settle(200);
  return callers;
}

describe("a storm of callers' replies to the owner's phone", () => {
  it("sends at most five relays, a page at once, then one digest at the window's end; the owner's bare reply is asked about", async () => {
    const r = await roofer();
    const start = Date.now();
    const callers = await storm(r);
    expect(ownerTexts(r)).toHaveLength(5);
    expect(ownerTexts(r).every((b) => /replied: Hail damage/.test(b))).toBe(true);

    // An emergency during the flood is never held.
    const flooded = uniquePhone("214");
    await text(r, flooded, "Water pouring through the ceiling, basement is flooding");
    await eventually(async () => ownerTexts(r).length === 6);
    expect(ownerTexts(r)[5]).toMatch(/^URGENT/);

    // Nothing more until the window ends; then one digest with the five callers held back.
    await lineAlarmAt(r.line.e164, start + FLOOD_WINDOW_MS - 60_000);
    await settle(200);
    expect(ownerTexts(r)).toHaveLength(6);
    await lineAlarmAt(r.line.e164, start + FLOOD_WINDOW_MS + 5_000);
    await eventually(async () => ownerTexts(r).length === 7);
    const digest = ownerTexts(r)[6]!;
    expect(digest).toMatch(/^Textback: 5 more texts from 5 callers since \d{1,2}:\d{2} [AP]M: /);
    for (const caller of callers.slice(5)) expect(digest).toContain(formatPhone(caller));
    expect(digest).toContain(`"Hail damage on the roof, need a quote #9"`);
    expect(digest).toMatch(new RegExp(`Open the inbox: \\S+/admin/businesses/${r.line.businessId}/conversations$`));

    // The owner's plain answer could be for any of the digest's callers: it is held and asked about.
    await text(r, r.owner, "We'll be there tomorrow");
    await eventually(async () => ownerTexts(r).length === 8);
    expect(ownerTexts(r)[7]).toMatch(/^Textback: Which caller\? Reply 1 for /);
    expect(callers.some((c) => r.carrier.to(c).some((m) => m.form.get("Body") === "We'll be there tomorrow"))).toBe(false);
    // Addressed by number, an answer reaches that caller.
    const ninth = callers[8]!;
    await text(r, r.owner, `${ninth} On our way`);
    await eventually(async () => r.carrier.to(ninth).some((m) => m.form.get("Body") === "On our way"));
  });

  it("keeps each folded relay, saying on the owner's conversation page that it went in the digest", async () => {
    const r = await roofer();
    await storm(r);
    const folded = await env.DB.prepare("SELECT status, error_code, error_message, about_phone FROM messages WHERE business_id = ? AND to_phone = ? AND kind = 'relay' AND status = 'canceled'")
      .bind(r.line.businessId, r.owner)
      .all<{ status: string; error_code: string; error_message: string; about_phone: string }>();
    expect(folded.results).toHaveLength(5);
    expect(folded.results.every((m) => m.error_code === "digest" && /^\d{1,2}:\d{2} [AP]M$/.test(m.error_message))).toBe(true);
    const session = await newSession();
    const html = await (await get(session, `/admin/businesses/${r.line.businessId}/conversations/${encodeURIComponent(r.owner)}`)).text();
    expect(html).toContain(`In the owner&#39;s digest at ${folded.results[0]!.error_message}`);
    // The caller's lead card says the same of the relay about them, never a bare "canceled".
    const lead = await env.DB.prepare("SELECT id FROM leads WHERE business_id = ? AND phone = ?").bind(r.line.businessId, folded.results[0]!.about_phone).first<{ id: string }>();
    const card = await (await get(session, `/admin/businesses/${r.line.businessId}/leads/${lead!.id}`)).text();
    expect(card).toContain(`In the owner&#39;s digest at ${folded.results[0]!.error_message}`);
    expect(card).not.toContain(">canceled<");
  });

  it("names callers without their words when the business keeps words off its phones", async () => {
    const r = await roofer({ privateTexts: true });
    const start = Date.now();
    await storm(r);
    await lineAlarmAt(r.line.e164, start + FLOOD_WINDOW_MS + 5_000);
    await eventually(async () => ownerTexts(r).length === 6);
    expect(ownerTexts(r)[5]).toMatch(/^Textback: 5 more texts from 5 callers since /);
    expect(ownerTexts(r)[5]).not.toMatch(/Hail/);
  });

  it("never folds what is about an emergency: the paged caller's next words, or their calling it off", async () => {
    const r = await roofer();
    await storm(r);
    const paged = uniquePhone("214");
    await text(r, paged, "Water pouring through the ceiling, basement is flooding");
    await eventually(async () => ownerTexts(r).length === 6);
    expect(ownerTexts(r)[5]).toMatch(/^URGENT/);
    await text(r, paged, "it's getting worse, the light fixture is dripping");
    await eventually(async () => ownerTexts(r).length === 7);
    expect(ownerTexts(r)[6]).toContain("the light fixture is dripping");
    await text(r, paged, "never mind, got it under control, no longer need you");
    await eventually(async () => ownerTexts(r).length === 8);
    expect(ownerTexts(r)[7]).toMatch(/no longer need/);
  });
});
