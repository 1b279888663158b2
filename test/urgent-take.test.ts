/**
 * Taking an urgent page on the admin page (DESIGN.md §6.3): "I'm taking this" on the lead card or
 * the caller's conversation does what an on-call person's OK does (who and when on the lead, its
 * entry and `lead.acknowledged` once, the held pages canceled through the line so nobody else is
 * paged), only for roles that act on leads, and whoever comes second (a press, an OK by text)
 * changes nothing and is told who took it. The card tells the pages as they happened.
 */
import { env } from "cloudflare:workers";
import { afterEach, describe, expect, it, vi } from "vitest";
import { formatPhone } from "../src/rules/display";
import { apiJson, eventually, inboundSms, settle, twilioWebhook, uniquePhone } from "./support/app";
import { get, post, request, type Session } from "./support/admin-session";
import { missedCaller, type MissedCaller } from "./support/missed-caller";
import { person, sessionOf } from "./support/team";
import { lineAlarmAt } from "./support/line-clock";

// Every login hashes a password (600,000 iterations): on a loaded machine a test takes seconds.
vi.setConfig({ testTimeout: 60_000 });

afterEach(() => vi.restoreAllMocks());

type Setup = MissedCaller & { sam: string; alex: string; start: number; leadId: string; carla: Session };

const MIN = 60_000;

/** One business per test, and one agent (Carla) and one viewer for all of them, logged in once. */
let people: { carla: { email: string; password: string }; viewer: { email: string; password: string } } | undefined;
let carla: Session;
let viewer: Session;

/** An urgent caller: Sam is paged now, Alex at 10 minutes and the owner at 20 are held; Carla works for the business. */
async function paged(opts: { hook?: boolean } = {}): Promise<Setup> {
  const [sam, alex] = [uniquePhone("737"), uniquePhone("737")];
  const preset = (await apiJson("GET", "/presets")).presets.find((p: { id: string }) => p.id === "home_services");
  const settings = { urgent: { ...preset.settings.urgent, onCall: [{ phone: sam, name: "Sam" }, { phone: alex, name: "Alex" }], escalateAfterMinutes: 10 } };
  const s = await missedCaller({ preset: "home_services", settings, bookingUrl: null });
  if (opts.hook) await apiJson("POST", `/businesses/${s.line.businessId}/hooks`, { url: "https://crm.example/hook", events: ["lead.acknowledged"] });
  await logInOnce(s.line.businessId);
  const start = Date.now();
  await text(s, s.caller, "basement is flooding");
  await eventually(async () => s.carrier.to(sam).length === 1);
  const leadId = (await lead(s)).id;
  return { ...s, sam, alex, start, leadId, carla };
}

/** Carla (agent) and a viewer, invited for every business a test makes. */
async function logInOnce(businessId: string) {
  if (!people) {
    const [c, v] = [await person("agent", [businessId], "Carla"), await person("viewer", [businessId], "Vic")];
    people = { carla: c, viewer: v };
    [carla, viewer] = [await sessionOf(c), await sessionOf(v)];
    return;
  }
  // Later businesses: the same people (a session reads its person's businesses on each request).
  for (const id of [await userId(people.carla.email), await userId(people.viewer.email)]) {
    const { results } = await env.DB.prepare("SELECT business_id FROM user_businesses WHERE user_id = ?").bind(id).all<{ business_id: string }>();
    await apiJson("PATCH", `/users/${id}`, { businessIds: [...results.map((r) => r.business_id), businessId] });
  }
}

const userId = async (email: string) => (await env.DB.prepare("SELECT id FROM users WHERE email = ?").bind(email).first<{ id: string }>())!.id;

async function text(s: MissedCaller, from: string, body: string) {
  expect((await twilioWebhook("/webhooks/twilio/sms", inboundSms(s.line, from, body), s.line.authToken)).status).toBe(200);
}

const lead = async (s: MissedCaller) => (await apiJson("GET", `/businesses/${s.line.businessId}/leads?q=${encodeURIComponent(s.caller)}`)).leads[0];
const cardPath = (s: Setup) => `/admin/businesses/${s.line.businessId}/leads/${s.leadId}`;
const conversationPath = (s: Setup) => `/admin/businesses/${s.line.businessId}/conversations/${encodeURIComponent(s.caller)}`;
const html = async (who: Session, path: string) => (await (await get(who, path)).text()).replace(/&#39;/g, "'");
/** The card's timeline lines that are not texts, without their times. */
const notes = (page: string) => [...page.matchAll(/<li class="event[^"]*"><span class="note">(.*?)<\/span><\/li>/gs)].map((m) => m[1]!.replace(/ · [A-Z][a-z]{2} \d{1,2}(, \d{4})?, \d{1,2}:\d{2} [AP]M$/, ""));
const bodies = (s: Setup, to: string) => s.carrier.to(to).map((r) => r.form.get("Body") ?? "");
const who = (name: string, phone: string) => `${name}, ${formatPhone(phone)}`;

/** Run the line's alarm as if the clock read `at`. */
async function alarmAt(s: Setup, at: number) {
  await lineAlarmAt(s.line.e164, at);
  await settle(200);
}

async function heldPages(s: Setup) {
  const { results } = await env.DB.prepare("SELECT to_phone, status, error_code FROM messages WHERE business_id = ? AND kind = 'page' AND to_phone != ? ORDER BY id").bind(s.line.businessId, s.sam).all<{ to_phone: string; status: string; error_code: string | null }>();
  return results.map((r) => [r.status, r.error_code]);
}

async function acknowledgements(s: Setup) {
  const entries = await env.DB.prepare("SELECT actor, acted_by FROM lead_events WHERE lead_id = ? AND type = 'acknowledged'").bind(s.leadId).all<{ actor: string; acted_by: string }>();
  const events = await env.DB.prepare("SELECT count(*) AS n FROM webhook_deliveries WHERE business_id = ? AND event = 'lead.acknowledged'").bind(s.line.businessId).first<{ n: number }>();
  return { entries: entries.results, events: events!.n };
}

describe("I'm taking this", () => {
  it("on the lead card: Carla's, once; the line cancels the held pages and nobody else is paged", async () => {
    const s = await paged({ hook: true });
    const before = await html(s.carla, cardPath(s));
    expect(before).toContain("Urgent: nobody has taken the page yet.");
    expect(before).toMatch(new RegExp(`<form method="post" action="${cardPath(s)}/take">.*?I'm taking this</button>`, "s"));
    expect(notes(before)).toEqual(expect.arrayContaining([`Paged ${who("Sam", s.sam)}`, expect.stringMatching(new RegExp(`^Escalates to ${who("Alex", s.alex).replace(/[()]/g, "\\$&")} at .+ unless someone takes the page first$`))]));

    const res = await post(s.carla, `${cardPath(s)}/take`, {});
    expect(res.status).toBe(303);
    expect(res.headers.get("location")).toBe(`${cardPath(s)}?done=page_taken`);
    const taken = await lead(s);
    expect(taken).toMatchObject({ acknowledgedBy: "Carla" });
    expect(taken.acknowledgedAt).toBeGreaterThanOrEqual(s.start);
    expect(await heldPages(s)).toEqual([
      ["canceled", "acknowledged"],
      ["canceled", "acknowledged"],
    ]);
    // Sam, paged before, hears who took it, once; Alex, never paged, hears nothing.
    await eventually(async () => s.carrier.to(s.sam).length === 2);
    expect(bodies(s, s.sam)[1]).toBe(`Textback: Carla took the page for ${formatPhone(s.caller)}. Nothing to do.`);
    await alarmAt(s, s.start + 60 * MIN);
    expect(s.carrier.to(s.alex)).toHaveLength(0);
    expect(bodies(s, s.owner).filter((b) => b.startsWith("URGENT"))).toHaveLength(0);

    const after = await html(s.carla, cardPath(s));
    expect(after).toMatch(/<p class="taken ok">Taken by Carla at [A-Z][a-z]{2} \d{1,2}, \d{1,2}:\d{2} [AP]M<\/p>/);
    expect(after).not.toContain("I'm taking this");
    expect(notes(after)).toEqual(expect.arrayContaining(["Taken by Carla", `Page to ${who("Alex", s.alex)} not sent: someone took the page`, "Page to the owner not sent: someone took the page"]));
    const acks = await acknowledgements(s);
    expect(acks.entries.map((e) => [e.actor, JSON.parse(e.acted_by).name])).toEqual([[await userId(people!.carla.email), "Carla"]]);
    expect(acks.events).toBe(1);

    // A second press changes nothing, and says someone had it.
    const again = await post(s.carla, `${cardPath(s)}/take`, {});
    expect(again.headers.get("location")).toBe(`${cardPath(s)}?done=page_already_taken`);
    expect(await lead(s)).toMatchObject({ acknowledgedAt: taken.acknowledgedAt, acknowledgedBy: "Carla" });
    // So does Sam's OK by text afterwards: he is told who took it, and is not thanked for it.
    await text(s, s.sam, "OK");
    await eventually(async () => s.carrier.to(s.sam).length === 3);
    expect(bodies(s, s.sam)[2]).toMatch(new RegExp(`^Textback: Carla already took the page for ${formatPhone(s.caller).replace(/[()]/g, "\\$&")}, at \\d{1,2}:\\d{2} [AP]M\\. Nothing to do\\.$`));
    await settle(200);
    expect(await lead(s)).toMatchObject({ acknowledgedAt: taken.acknowledgedAt, acknowledgedBy: "Carla" });
    expect(await acknowledgements(s)).toMatchObject({ entries: [expect.anything()], events: 1 });
    expect(s.carrier.to(s.sam)).toHaveLength(3);
  });

  it("on the caller's conversation, and back to it, where the lead says who took it", async () => {
    const s = await paged();
    const page = await html(s.carla, conversationPath(s));
    expect(page).toMatch(new RegExp(`<form method="post" action="${cardPath(s)}/take"><input type="hidden" name="_csrf" value="[^"]+"/><input type="hidden" name="back" value="conversation"/>`));
    const res = await post(s.carla, `${cardPath(s)}/take`, { back: "conversation" });
    expect(res.headers.get("location")).toBe(`${conversationPath(s)}?done=page_taken#lead`);
    const back = await html(s.carla, `${conversationPath(s)}?done=page_taken`);
    expect(back).toContain("The page is yours: nobody else is paged for it.");
    expect(/<section class="card lead-line"[^>]*>(.*?)<\/section>/s.exec(back)![1]).toMatch(/Taken by Carla at /);
  });

  it("after an OK by text, changes nothing and shows who took it", async () => {
    const s = await paged();
    await text(s, s.sam, "OK");
    await eventually(async () => (await lead(s)).acknowledgedAt);
    const res = await post(s.carla, `${cardPath(s)}/take`, {});
    expect(res.headers.get("location")).toBe(`${cardPath(s)}?done=page_already_taken`);
    expect((await lead(s)).acknowledgedBy).toBe(`Sam (${s.sam})`);
    const card = await html(s.carla, `${cardPath(s)}?done=page_already_taken`);
    expect(card).toContain("Someone had already taken this page: who and when is below.");
    expect(card).toContain(`Taken by ${who("Sam", s.sam)} at `);
    expect(bodies(s, s.sam)[1]).toBe(`Textback: thanks Sam, it's yours. Call ${formatPhone(s.caller)} now.`);
  });

  it("is for roles that act on leads, with this session's token, on an urgent lead", async () => {
    const s = await paged();
    expect(await html(viewer, cardPath(s))).not.toContain("I'm taking this");
    expect((await post(viewer, `${cardPath(s)}/take`, {})).status).toBe(403);
    expect((await request("POST", `${cardPath(s)}/take`, { cookie: s.carla.cookie, form: {} })).status).toBe(403);
    expect((await lead(s)).acknowledgedAt).toBeNull();
    const quiet = await missedCaller({ name: "Quiet Plumbing" });
    await logInOnce(quiet.line.businessId);
    const calm = (await lead(quiet)).id;
    const refused = await post(carla, `/admin/businesses/${quiet.line.businessId}/leads/${calm}/take`, {});
    expect(refused.status).toBe(409);
    expect(await refused.text()).toContain("this lead is not urgent: there is no page to take");
    // Another business's lead is not found, whatever the role.
    expect((await post(carla, `/admin/businesses/${quiet.line.businessId}/leads/${s.leadId}/take`, {})).status).toBe(404);
  });

  it("a line that could not be told refuses the held pages when they come due", async () => {
    const s = await paged();
    // As if the line had been unreachable when Carla took it.
    await env.DB.prepare("UPDATE leads SET acknowledged_at = ?2, acknowledged_by = 'Carla' WHERE id = ?1").bind(s.leadId, Date.now()).run();
    await alarmAt(s, s.start + 60 * MIN);
    expect(s.carrier.to(s.alex)).toHaveLength(0);
    expect(await heldPages(s)).toEqual([
      ["canceled", "acknowledged"],
      ["canceled", "acknowledged"],
    ]);
  });
});

describe("the caller's texts after a take on the admin page", () => {
  /** Sam, paged, opens the lead on his phone and takes it there rather than by OK: he is on call, named as his login is. */
  async function samTakesOnCard(settings: Record<string, unknown> = {}) {
    const s = await paged();
    if (Object.keys(settings).length > 0) await apiJson("PATCH", `/businesses/${s.line.businessId}`, { settings });
    const sam = await sessionOf(await person("agent", [s.line.businessId], "Sam Ortiz"));
    // Before he presses it, the card says where the caller's texts will go.
    const hint = `You're on call as Sam: once you take it, the caller's texts reach ${formatPhone(s.sam)} too.`;
    expect(await html(sam, cardPath(s))).toContain(hint);
    expect(await html(sam, conversationPath(s))).toContain(hint);
    expect(await html(s.carla, cardPath(s))).not.toContain("You're on call");
    expect((await post(sam, `${cardPath(s)}/take`, {})).headers.get("location")).toBe(`${cardPath(s)}?done=page_taken`);
    return s;
  }

  it("reach the phone of whoever took it, when they are on call, as after an OK; their answer goes back to the caller", async () => {
    const s = await samTakesOnCard();
    expect(await lead(s)).toMatchObject({ acknowledgedBy: `Sam Ortiz (${s.sam})` });
    expect(notes(await html(s.carla, cardPath(s)))).toEqual(expect.arrayContaining([`Taken by Sam Ortiz, ${formatPhone(s.sam)}`]));
    const words = "The gate code is 4411, come around the back";
    await text(s, s.caller, words);
    await eventually(async () => bodies(s, s.sam).some((b) => b.includes(words)));
    await eventually(async () => bodies(s, s.owner).some((b) => b.includes(words)));
    // He took it himself: he is not told someone did.
    expect(bodies(s, s.sam).filter((b) => b.includes("took the page"))).toEqual([]);
    await text(s, s.sam, "On my way, 10 minutes");
    await eventually(async () => bodies(s, s.caller).includes("On my way, 10 minutes"));
  });

  it("private: the relay to him names the caller and the link, never their words", async () => {
    const s = await samTakesOnCard({ privateTexts: true });
    await text(s, s.caller, "The gate code is 4411");
    await eventually(async () => bodies(s, s.sam).some((b) => b.startsWith("Textback: new reply from")));
    expect(bodies(s, s.sam).filter((b) => b.includes("4411"))).toEqual([]);
  });

  it("someone with no phone on the list (Carla at a desk): the owner's relay alone, and the lead and the inbox name her", async () => {
    const s = await paged();
    await post(s.carla, `${cardPath(s)}/take`, {});
    await eventually(async () => s.carrier.to(s.sam).length === 2);
    await text(s, s.caller, "The gate code is 4411");
    await eventually(async () => bodies(s, s.owner).some((b) => b.includes("4411")));
    await settle(300);
    expect([s.sam, s.alex].flatMap((p) => bodies(s, p)).filter((b) => b.includes("4411"))).toEqual([]);
    expect(notes(await html(s.carla, cardPath(s)))).toEqual(expect.arrayContaining(["Taken by Carla"]));
    expect(await html(s.carla, `/admin/businesses/${s.line.businessId}/conversations`)).toContain('<span class="chip ok">Urgent · taken by Carla</span>');
  });
});

describe("the card's page history", () => {
  it("tells each page as it went out, and a page the lead's close stopped", async () => {
    const s = await paged();
    await alarmAt(s, s.start + 10 * MIN + 1_000);
    await eventually(async () => s.carrier.to(s.alex).length === 1);
    await post(s.carla, cardPath(s), { do: "status", status: "won", wonDollars: "900" });
    await eventually(async () => (await heldPages(s)).some(([status]) => status === "canceled"));
    expect(notes(await html(s.carla, cardPath(s)))).toEqual(
      expect.arrayContaining([`Paged ${who("Sam", s.sam)}`, `Escalated to ${who("Alex", s.alex)}`, "Page to the owner not sent: the lead was won", "Won $900.00 by Carla", "Urgent: flooding"]),
    );
  });
});
