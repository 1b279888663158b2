/**
 * Who did what, from what is stored with each act: a team member's text to a caller and her lead
 * won on the conversation and the lead card ("Carla", "Won $1,250.00 by Carla"), a manager's note,
 * a change through an API token (by the token's name), the owner's shortcut and answer by text (by
 * the owner's phone), and rows from before it was kept, which read as they always did.
 */
import { env } from "cloudflare:workers";
import { beforeAll, describe, expect, it, vi } from "vitest";
import { apiJson, dialStatus, eventually, inboundSms, twilioWebhook, uniquePhone, type TwilioLine } from "./support/app";
import { get, newSession, post, type Session } from "./support/admin-session";
import { missedCaller, type MissedCaller } from "./support/missed-caller";
import { person, sessionOf, withToken, type Person } from "./support/team";

// Every login hashes a password (600,000 iterations): on a loaded machine a test takes seconds.
vi.setConfig({ testTimeout: 60_000 });

let s: MissedCaller;
let carla: Person & { session: Session };
let sam: Person & { session: Session };

beforeAll(async () => {
  s = await missedCaller({ name: "Drip Plumbing" });
  const [c, m] = [await person("agent", [s.line.businessId], "Carla"), await person("manager", [s.line.businessId], "Sam")];
  carla = { ...c, session: await sessionOf(c) };
  sam = { ...m, session: await sessionOf(m) };
});

const base = (line: TwilioLine) => `/admin/businesses/${line.businessId}`;
const leadOf = async (line: TwilioLine, phone: string) => (await apiJson("GET", `/businesses/${line.businessId}/leads?q=${encodeURIComponent(phone)}`)).leads[0];
const html = async (who: Session, path: string) => (await get(who, path)).text().then((t) => t.replace(/&#39;/g, "'").replace(/&quot;/g, '"'));
/** The card's timeline lines that are not texts, without their times. */
const notes = (page: string) => [...page.matchAll(/<li class="event[^"]*"><span class="note">(.*?)<\/span><\/li>/gs)].map((m) => m[1]!.replace(/ · [A-Z][a-z]{2} \d{1,2}(, \d{4})?, \d{1,2}:\d{2} [AP]M$/, ""));
/** Each outbound text's label and words. */
const texts = (page: string) => [...page.matchAll(/<li class="out"[^>]*><span class="meta">([^·<]+?) ·.*?<span class="bubble">([^<]*)<\/span>/gs)].map((m) => [m[1]!.trim(), m[2]!]);

async function sms(line: TwilioLine, from: string, body: string) {
  expect((await twilioWebhook("/webhooks/twilio/sms", inboundSms(line, from, body), line.authToken)).status).toBe(200);
}

/** Another caller the business missed, with their lead. */
async function anotherCaller(): Promise<{ caller: string; lead: { id: string } }> {
  const caller = uniquePhone();
  await twilioWebhook("/webhooks/twilio/dial-status", dialStatus(s.line, caller, "no-answer"), s.line.authToken);
  await eventually(async () => s.carrier.to(caller).length === 1);
  return { caller, lead: await leadOf(s.line, caller) };
}

describe("who did what", () => {
  it("names Carla on the text she sent and the lead she won, from what is stored with them", async () => {
    const conversation = `${base(s.line)}/conversations/${encodeURIComponent(s.caller)}`;
    const sent = await post(carla.session, `${conversation}/reply`, { body: "Carla here: we can come at 3", requestKey: crypto.randomUUID().replace(/-/g, "") });
    expect(sent.status).toBe(303);
    const lead = await leadOf(s.line, s.caller);
    expect((await post(carla.session, `${base(s.line)}/leads/${lead.id}`, { do: "status", status: "won", wonDollars: "$1,250", back: "conversation" })).status).toBe(303);

    const stored = await env.DB.prepare("SELECT acted_by FROM messages WHERE to_phone = ? AND kind = 'manual'").bind(s.caller).first<{ acted_by: string }>();
    expect(JSON.parse(stored!.acted_by)).toEqual({ kind: "user", id: carla.id, name: "Carla" });
    const entries = await env.DB.prepare("SELECT type, actor, acted_by, detail FROM lead_events WHERE lead_id = ? AND type IN ('human_reply', 'status')").bind(lead.id).all<{ type: string; actor: string; acted_by: string; detail: string }>();
    expect(entries.results.map((e) => [e.type, e.actor, JSON.parse(e.acted_by).name])).toEqual([["human_reply", carla.id, "Carla"], ["status", carla.id, "Carla"]]);
    expect(JSON.parse(entries.results[1]!.detail)).toMatchObject({ from: "new", to: "won", wonCents: 125_000 });

    expect(texts(await html(carla.session, conversation))).toContainEqual(["Carla", "Carla here: we can come at 3"]);
    const card = await html(sam.session, `${base(s.line)}/leads/${lead.id}`);
    expect(texts(card)).toContainEqual(["Carla", "Carla here: we can come at 3"]);
    expect(notes(card)).toEqual(expect.arrayContaining(["Carla answered: automatic questions stop", "Won $1,250.00 by Carla"]));
    // The API's timeline carries the same.
    const { timeline } = await apiJson("GET", `/leads/${lead.id}`);
    expect(timeline.find((e: { event?: string }) => e.event === "status").actedBy).toEqual({ kind: "user", id: carla.id, name: "Carla" });
  });

  it("names Sam on his note, a token by its name, and the owner's shortcut and answer by the owner's phone", async () => {
    const { caller, lead } = await anotherCaller();
    expect((await post(sam.session, `${base(s.line)}/leads/${lead.id}`, { do: "note", note: "Call before noon" })).status).toBe(303);
    const { token } = await apiJson<{ token: string }>("POST", "/tokens", { userId: sam.id, name: "Zapier" });
    expect((await withToken(token, "PATCH", `/leads/${lead.id}`, { status: "booked" })).status).toBe(200);
    // The owner gets the caller's reply, answers it and marks the lead won, all by text.
    const relays = s.carrier.to(s.owner).length;
    await sms(s.line, caller, "Is 4pm ok?");
    await eventually(async () => s.carrier.to(s.owner).length > relays);
    await sms(s.line, s.owner, "Yes, see you at 4");
    await eventually(async () => s.carrier.to(caller).some((r) => r.form.get("Body") === "Yes, see you at 4"));
    await sms(s.line, s.owner, "W 450");
    await eventually(async () => (await leadOf(s.line, caller)).status === "won");

    const card = await html(sam.session, `${base(s.line)}/leads/${lead.id}`);
    expect(notes(card)).toEqual(
      expect.arrayContaining(["Note by Sam: Call before noon", "Status: new → booked by the token “Zapier”", "The owner's phone answered: automatic questions stop", "Won $450.00 by the owner's phone"]),
    );
    expect(texts(card)).toContainEqual(["The owner's phone", "Yes, see you at 4"]);
    const conversation = await html(sam.session, `${base(s.line)}/conversations/${encodeURIComponent(caller)}`);
    expect(texts(conversation)).toContainEqual(["The owner's phone", "Yes, see you at 4"]);
    const audit = await env.DB.prepare("SELECT actor, actor_token FROM audit_log WHERE entity = 'lead' AND entity_id = ? ORDER BY id").bind(lead.id).all<{ actor: string; actor_token: string | null }>();
    expect(audit.results.map((r) => r.actor)).toEqual([sam.id, sam.id]);
    expect(audit.results[1]!.actor_token).not.toBeNull();
  });

  it("reads rows from before who acted was kept as they always did", async () => {
    const { caller, lead } = await anotherCaller();
    const at = Date.now();
    const b = s.line.businessId;
    await env.DB.batch([
      env.DB.prepare("INSERT INTO lead_events (id, lead_id, business_id, type, detail, actor, at) VALUES (?, ?, ?, 'note', ?, 'admin', ?)").bind(`note:old_${lead.id}`, lead.id, b, JSON.stringify({ text: "From last year" }), at),
      env.DB.prepare("INSERT INTO lead_events (id, lead_id, business_id, type, detail, actor, at) VALUES (?, ?, ?, 'status', ?, 'admin', ?)").bind(`status:old_${lead.id}`, lead.id, b, JSON.stringify({ from: "booked", to: "won" }), at),
      env.DB.prepare(
        "INSERT INTO messages (id, business_id, number_id, direction, kind, from_phone, to_phone, body, encoding, segments, status, created_at, updated_at) SELECT ?, business_id, id, 'outbound', 'manual', e164, ?, 'See you then', 'GSM-7', 1, 'sent', ?, ? FROM numbers WHERE business_id = ?",
      ).bind(`m_admin_old_${lead.id}`, caller, at, at, b),
    ]);
    const card = await html(await newSession(), `${base(s.line)}/leads/${lead.id}`);
    expect(notes(card)).toEqual(expect.arrayContaining(["Note: From last year", "Status: booked → won"]));
    expect(texts(card)).toContainEqual(["Manual text", "See you then"]);
  });
});
