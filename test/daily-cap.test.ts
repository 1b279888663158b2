/**
 * The business's daily text cap in a storm (setting `dailyTextCap`): through the carrier's webhooks,
 * the line, the queue and the outbox, with a cap small enough to reach. The cap bounds texts to
 * callers; a caller in an emergency still gets their urgent answer and the person on call is still
 * paged. What it stops is said: to the owner by text, once a day; to a caller on the line, who is
 * not promised a text; on the dashboard, as "not sent: daily cap", never as failed; and on the
 * conversation, which never says "nobody has taken the page yet" of a page that never went out.
 */
import { env } from "cloudflare:workers";
import { afterEach, describe, expect, it, vi } from "vitest";
import { localTime } from "../src/rules/schedule";
import { get, newSession } from "./support/admin-session";
import { apiJson, dialStatus, eventually, inboundSms, settle, twilioWebhook, uniquePhone } from "./support/app";
import { missedCaller, type MissedCaller } from "./support/missed-caller";

afterEach(() => vi.restoreAllMocks());
vi.setConfig({ testTimeout: 30_000 });

type Storm = MissedCaller & { sam: string };

const WATER = "Water coming through the ceiling in the nursery, it's leaking everywhere. 4100 Beverly Dr 75205, please hurry";
const CAP_ALERT = /^Textback alert: Drip Roofing reached its daily cap of 1 text at \d{1,2}:\d{2} [AP]M\. Texts to callers \(text-backs, questions, answers\) are not being sent; pages and texts to you still go\. To send more, raise "Most texts of any kind in 24 hours" in Settings/;
const SAYS_TEXT = "We'll text you in a moment.";
const TRY_LATER = "Please try again later.";

/**
 * A roofer with Sam on call and a cap of `cap` texts a day, and a first caller the storm brought,
 * who got the text-back (with a cap of 1, that text-back reaches it).
 */
async function storm(cap: number): Promise<Storm> {
  const sam = uniquePhone("214");
  const preset = (await apiJson("GET", "/presets")).presets.find((p: { id: string }) => p.id === "home_services");
  const settings = { dailyTextCap: cap, urgent: { ...preset.settings.urgent, onCall: [{ phone: sam, name: "Sam" }] } };
  return { ...(await missedCaller({ name: "Drip Roofing", preset: "home_services", settings, bookingUrl: null })), sam };
}

async function text(s: Storm, from: string, body: string) {
  expect((await twilioWebhook("/webhooks/twilio/sms", inboundSms(s.line, from, body), s.line.authToken)).status).toBe(200);
}

/** A missed call from `caller` after an unanswered forward: what the caller hears. */
async function missedCall(s: Storm, caller: string): Promise<string> {
  const res = await twilioWebhook("/webhooks/twilio/dial-status", dialStatus(s.line, caller, "no-answer"), s.line.authToken);
  expect(res.status).toBe(200);
  return (/<Say>([^<]*)<\/Say>/.exec(await res.text())?.[1] ?? "").replace(/&apos;/g, "'");
}

const bodies = (s: Storm, to: string) => s.carrier.to(to).map((r) => r.form.get("Body") ?? "");

interface Row {
  kind: string;
  status: string;
  error_code: string | null;
  error_message: string | null;
}

/** The outbound texts to `to`, oldest first, once none of them is still on its way. */
async function settledTo(s: Storm, to: string, atLeast = 1): Promise<Row[]> {
  return eventually(async () => {
    const { results } = await env.DB.prepare("SELECT kind, status, error_code, error_message FROM messages WHERE business_id = ? AND to_phone = ? AND direction = 'outbound' ORDER BY created_at, id")
      .bind(s.line.businessId, to)
      .all<Row>();
    return results.length >= atLeast && results.every((r) => !["queued", "sending", "retrying"].includes(r.status)) ? results : undefined;
  });
}

const capAlerts = (s: Storm) => bodies(s, s.owner).filter((b) => b.startsWith("Textback alert:"));

describe("a storm reaches the business's daily text cap", () => {
  it("a caller's emergency still gets its urgent answer and pages the person on call", async () => {
    const s = await storm(1);
    await text(s, s.caller, WATER);
    await eventually(async () => s.carrier.to(s.sam).length === 1);
    expect(bodies(s, s.sam)[0]).toMatch(/^URGENT .*Water coming through the ceiling/);
    await eventually(async () => s.carrier.to(s.caller).length === 2);
    expect(bodies(s, s.caller)[1]).toMatch(/reaching our on-call technician now/);
    const toCaller = await settledTo(s, s.caller, 2);
    expect(toCaller.filter((r) => r.kind === "urgent_reply").map((r) => r.status)).toEqual(["sent"]);
    expect((await settledTo(s, s.sam)).map((r) => [r.kind, r.status])).toEqual([["page", "sent"]]);
  });

  it("the next caller is not promised a text, their text-back is stopped, and the owner is told once that day, with what to do", async () => {
    const s = await storm(1);
    const [second, third] = [uniquePhone(), uniquePhone()];
    expect(await missedCall(s, second)).toContain(TRY_LATER);
    expect(await missedCall(s, third)).not.toContain(SAYS_TEXT);
    const stopped = await settledTo(s, second);
    expect(stopped).toEqual([{ kind: "missed_call", status: "suppressed", error_code: "business_daily_cap", error_message: "Not sent: the business reached its daily cap of 1 text in 24 hours (dailyTextCap)" }]);
    expect((await settledTo(s, third))[0]).toMatchObject({ status: "suppressed", error_code: "business_daily_cap" });
    expect(s.carrier.to(second)).toHaveLength(0);
    // The owner's alert is a text to the business's own people: the cap does not stop it.
    await eventually(async () => capAlerts(s).length === 1);
    expect(capAlerts(s)[0]).toMatch(CAP_ALERT);
    expect(capAlerts(s)[0]).toContain(`/admin/businesses/${s.line.businessId}/settings`);
    // Once a day, however many texts the cap stops.
    await missedCall(s, uniquePhone());
    await settle(300);
    expect(capAlerts(s)).toHaveLength(1);
    const date = localTime(Date.now(), "America/Chicago").date;
    const claim = await env.DB.prepare("SELECT key FROM alerts_sent WHERE business_id = ?").bind(s.line.businessId).all<{ key: string }>();
    expect(claim.results.map((r) => r.key)).toEqual([`daily_text_cap:${date}`]);
    // The call says why it was not texted, with the cap it was stopped at.
    const { calls } = await apiJson("GET", `/businesses/${s.line.businessId}/calls`);
    expect(calls.find((c: { from: string }) => c.from === second).explanation).toBe("Not texted: the business reached its daily cap of 1 text in 24 hours (dailyTextCap)");
  });

  it.each([
    ["texted at once", {}],
    ["texts held for a delay (the line writes them first)", { textDelaySeconds: 60 }],
  ])("a caller missed at the cap hears no promise of a text: %s", async (_, settings) => {
    const s = await storm(1);
    if (Object.keys(settings).length > 0) await apiJson("PATCH", `/businesses/${s.line.businessId}`, { settings });
    const words = await missedCall(s, uniquePhone());
    expect(words).toContain(TRY_LATER);
    expect(words).not.toMatch(/text you/);
  });

  it("under the cap, the caller is still promised the text they get", async () => {
    const s = await storm(3);
    const next = uniquePhone();
    expect(await missedCall(s, next)).toContain(SAYS_TEXT);
    await eventually(async () => s.carrier.to(next).length === 1);
  });

  it("the dashboard counts the stopped texts as not sent at the daily cap, not as failed, and says what to do", async () => {
    const s = await storm(1);
    await missedCall(s, uniquePhone());
    await missedCall(s, uniquePhone());
    await eventually(async () => capAlerts(s).length === 1);
    const session = await newSession();
    const html = await (await get(session, `/admin/businesses/${s.line.businessId}`)).text();
    const figure = (key: string) => new RegExp(`<div data-figure="${key.replace(/\./g, "\\.")}"><dt>([^<]*)</dt><dd>([^<]*)</dd>`).exec(html)?.slice(1);
    expect(figure("texts.notSentDailyCap")).toEqual(["Not sent: daily cap", "2"]);
    expect(figure("texts.failed")).toEqual(["Texts failed", "0"]);
    const notice = /<p class="error daily-cap" data-daily-cap="bad">([\s\S]*?)<\/p>/.exec(html)?.[1]?.replace(/<[^>]+>/g, "").replace(/&quot;/g, '"');
    expect(notice).toMatch(/^Daily text cap reached: Since \d{1,2}:\d{2} [AP]M, 2 texts were not sent because the business reached its daily cap \(1 text in 24 hours, every kind counted\)\./);
    expect(notice).toContain('To send more, raise "Most texts of any kind in 24 hours" in Settings. Open Settings');
    expect(html).toContain(`href="/admin/businesses/${s.line.businessId}/settings#f-dailyTextCap"`);
    const report = await apiJson("GET", `/businesses/${s.line.businessId}/report`);
    expect(report.texts).toMatchObject({ failed: 0, notSentDailyCap: 2 });
  });

  it("the conversation says the page went out and nobody has taken it yet, at the cap", async () => {
    const s = await storm(1);
    await text(s, s.caller, WATER);
    await eventually(async () => s.carrier.to(s.sam).length === 1);
    const html = await (await get(await newSession(), `/admin/businesses/${s.line.businessId}/conversations/${encodeURIComponent(s.caller)}`)).text();
    expect(html).toContain("Urgent: nobody has taken the page yet.");
  });

  it("past every bound (a cap of 0), the conversation says nobody was paged and why, never that nobody has taken the page yet", async () => {
    const s = await storm(1000);
    await apiJson("PATCH", `/businesses/${s.line.businessId}`, { settings: { dailyTextCap: 0 } });
    await text(s, s.caller, WATER);
    const page = (await settledTo(s, s.sam))[0];
    expect(page).toMatchObject({ kind: "page", status: "suppressed", error_code: "business_runaway_cap" });
    const html = await (await get(await newSession(), `/admin/businesses/${s.line.businessId}/conversations/${encodeURIComponent(s.caller)}`)).text();
    expect(html).not.toContain("nobody has taken the page yet");
    const sam = `(${s.sam.slice(2, 5)}) ${s.sam.slice(5, 8)}-${s.sam.slice(8)}`;
    expect(html).toContain(
      `Urgent: nobody was paged. Page to Sam, ${sam} not sent: the business reached 5 times its daily cap of 0 texts in 24 hours (dailyTextCap): past that even texts to its own people and urgent answers stop.`,
    );
    // The lead's card says the same.
    const { leads } = await apiJson("GET", `/businesses/${s.line.businessId}/leads`);
    const card = await (await get(await newSession(), `/admin/businesses/${s.line.businessId}/leads/${encodeURIComponent(leads[0].id)}`)).text();
    expect(card).toContain("Urgent: nobody was paged. Page to Sam");
  });
});
