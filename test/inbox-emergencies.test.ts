/**
 * What the conversations list and the leads list say of each caller (admin/inbox.ts, pages/inbox.tsx,
 * pages/leads.tsx): the caller's own newest words, never the automatic text that answered them; "You:"
 * or "Automatic:" only once the business spoke last with nothing of the caller's unanswered; an
 * urgent caller's page, taken (by whom) or not, with those nobody took on top; and a danger named.
 */
import { afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { previewOf } from "../src/admin/pages/inbox";
import { api, apiJson, createTwilioLine, dialStatus, eventually, inboundSms, settle, twilioWebhook, uniquePhone, type TwilioLine } from "./support/app";
import { mockTwilio } from "./support/carriers";
import { get, newSession, type Session } from "./support/admin-session";

// A dozen texts through the line and the queue: slower than the default on a loaded machine.
vi.setConfig({ testTimeout: 60_000 });

afterEach(() => vi.restoreAllMocks());

interface Item {
  phone: string;
  preview: string;
  unread: boolean;
  needsReply: boolean;
  urgent: { words: string; tone: string } | null;
  untaken: boolean;
  danger: boolean;
}

let session: Session;
beforeAll(async () => {
  session = await newSession();
});

interface Practice {
  line: TwilioLine;
  carrier: ReturnType<typeof mockTwilio>;
  lee: string;
}

/** A dental practice that asks its questions by text, with Dr. Lee on call. */
async function practice(urgent: Record<string, unknown> = {}): Promise<Practice> {
  const carrier = mockTwilio();
  const lee = uniquePhone("737");
  const preset = (await apiJson("GET", "/presets")).presets.find((p: { id: string }) => p.id === "dental");
  const settings = { cooldownHours: 0, urgent: { ...preset.settings.urgent, onCall: [{ phone: lee, name: "Dr. Lee" }], ...urgent } };
  const line = await createTwilioLine({ name: "Bright Smile Dental", preset: "dental", notifyPhone: uniquePhone("312"), settings, bookingUrl: null });
  return { line, carrier, lee };
}

const texts = (p: Practice, to: string) => p.carrier.to(to).map((r) => r.form.get("Body") ?? "");

/** A missed call from a new caller, and the text-back. */
async function missed(p: Practice): Promise<string> {
  const caller = uniquePhone();
  expect((await twilioWebhook("/webhooks/twilio/dial-status", dialStatus(p.line, caller, "no-answer"), p.line.authToken)).status).toBe(200);
  await eventually(async () => texts(p, caller).length === 1);
  return caller;
}

/** A text to the practice, and the automatic answer it gets (when one is due), each a distinct millisecond later. */
async function say(p: Practice, from: string, body: string, answered = true) {
  const before = texts(p, from).length;
  expect((await twilioWebhook("/webhooks/twilio/sms", inboundSms(p.line, from, body), p.line.authToken)).status).toBe(200);
  if (answered) await eventually(async () => texts(p, from).length > before);
  else await settle(300);
  await settle(5);
}

async function inbox(p: Practice): Promise<Item[]> {
  const res = await get(session, `/admin/businesses/${p.line.businessId}/conversations.json`);
  expect(res.status).toBe(200);
  return ((await res.json()) as { conversations: Item[] }).conversations;
}

const of = (items: Item[], phone: string) => items.find((i) => i.phone === phone)!;

describe("the conversations list quotes the caller", () => {
  it("shows the caller's newest words under the automatic question that followed them, and You: once a person answered", async () => {
    const p = await practice();
    const quiet = await missed(p);
    const asking = await missed(p);
    await say(p, asking, "Hi, I need a cleaning");
    // The practice's next question went out after the caller's words: the row still quotes the caller,
    // who is answering it (nothing for a person yet).
    expect(texts(p, asking).at(-1)).toMatch(/\?$/);
    expect(of(await inbox(p), asking)).toMatchObject({ preview: "Hi, I need a cleaning", needsReply: false, unread: false, urgent: null, untaken: false, danger: false });
    await say(p, asking, "New patient");
    expect(of(await inbox(p), asking).preview).toBe("New patient");

    await apiJson("POST", `/businesses/${p.line.businessId}/messages`, { to: asking, body: "Hi! Thursday at 9 works, see you then" });
    expect(of(await inbox(p), asking)).toMatchObject({ preview: "You: Hi! Thursday at 9 works, see you then", needsReply: false, unread: false });
    // Nothing of the caller's at all: the text-back, as the automatic one it is.
    expect(of(await inbox(p), quiet).preview).toMatch(/^Automatic: /);
    // A caller who writes again is quoted again, ahead of the person's answer.
    await say(p, asking, "Actually can we do 10?", false);
    expect(of(await inbox(p), asking)).toMatchObject({ preview: "Actually can we do 10?", needsReply: true, unread: true });
  });

  it("names a voicemail's words as such, and quotes the business only when it spoke last with nothing unanswered", () => {
    const last = (direction: "inbound" | "outbound", kind: string, body: string) => ({ direction, kind, body });
    expect(previewOf({ last: last("inbound", "transcript", "Call me back about my crown"), callerSaid: null, needsReply: true })).toBe("Voicemail: Call me back about my crown");
    const asked = { kind: "reply", body: "Is it covered by Delta?" };
    expect(previewOf({ last: last("outbound", "qualify", "When suits you?"), callerSaid: asked, needsReply: true })).toBe("Is it covered by Delta?");
    expect(previewOf({ last: last("outbound", "follow_up", "Still need us?"), callerSaid: asked, needsReply: false })).toBe("Automatic: Still need us?");
    expect(previewOf({ last: last("outbound", "manual", "Yes it is"), callerSaid: asked, needsReply: false })).toBe("You: Yes it is");
    expect(previewOf({ last: last("inbound", "opt_out", "STOP"), callerSaid: asked, needsReply: true })).toBe("STOP");
    expect(previewOf({ last: null, callerSaid: null, needsReply: false })).toBe("");
    expect(previewOf({ last: last("inbound", "reply", "x".repeat(200)), callerSaid: null, needsReply: true })).toBe(`${"x".repeat(139)}…`);
  });
});

describe("urgent callers on the lists", () => {
  it("says whose page was taken and whose was not, keeps the untaken on top, and marks a danger", async () => {
    const p = await practice();
    const quiet = await missed(p);
    const [pain, extraction, breathing, cleaning] = [await missed(p), await missed(p), await missed(p), await missed(p)];
    await say(p, pain, "I have severe pain in my back tooth");
    await say(p, extraction, "The pain after my extraction is unbearable");
    await eventually(async () => texts(p, p.lee).filter((b) => b.startsWith("URGENT")).length === 2);
    // Dr. Lee's OK takes the newest page she got: the extraction's.
    await say(p, p.lee, "OK");
    await eventually(async () => (await apiJson("GET", `/businesses/${p.line.businessId}/leads?urgent=true`)).leads.some((l: { phone: string; acknowledgedBy: string | null }) => l.phone === extraction && l.acknowledgedBy !== null));
    await say(p, breathing, "My face is swelling and I can't breathe");
    await say(p, cleaning, "Can I book a cleaning next week?");

    const items = await inbox(p);
    // Nobody has the pain or the breathing caller yet: on top, longest waiting first; then the urgent
    // caller whose page was taken, who waits for a person too; then the caller who asked a question of their own.
    expect(items.map((i) => i.phone)).toEqual([pain, breathing, extraction, cleaning, quiet]);
    expect(of(items, pain)).toMatchObject({ preview: "I have severe pain in my back tooth", urgent: { words: "Urgent · not taken", tone: "bad" }, untaken: true, danger: false, needsReply: true });
    expect(of(items, extraction)).toMatchObject({ preview: "The pain after my extraction is unbearable", urgent: { words: "Urgent · taken by Dr. Lee", tone: "ok" }, untaken: false });
    expect(of(items, breathing)).toMatchObject({ preview: "My face is swelling and I can't breathe", urgent: { words: "Urgent · not taken", tone: "bad" }, untaken: true, danger: true });
    expect(of(items, cleaning)).toMatchObject({ urgent: null, untaken: false, danger: false });
    // The automatic "we're sorry you're in pain" is never what a row quotes.
    expect(items.some((i) => i.preview.startsWith("Automatic: We're sorry"))).toBe(false);

    // A danger named once the page was out: the caller is warned, and the lists say so.
    await say(p, pain, "Now it's hard swallowing");
    const after = await inbox(p);
    expect(of(after, pain)).toMatchObject({ danger: true, untaken: true, preview: "Now it's hard swallowing" });
    expect(after.map((i) => i.phone).slice(0, 2)).toEqual([pain, breathing]);

    const page = await (await get(session, `/admin/businesses/${p.line.businessId}/conversations`)).text();
    expect(page).toMatch(new RegExp(`<li class="lead conversation unread urgent" data-phone="\\${breathing}" data-state="person">`));
    expect(page).toContain('<span class="chip danger" title="The caller named a danger (a safety word) and was sent the safety message">Danger</span>');
    expect(page).toContain('<span class="chip ok">Urgent · taken by Dr. Lee</span>');

    const leads = await (await get(session, `/admin/businesses/${p.line.businessId}/leads`)).text();
    const row = (phone: string) => leads.split("<li").find((li) => li.includes(`(${phone.slice(2, 5)}) ${phone.slice(5, 8)}-${phone.slice(8)}`))!;
    expect(row(pain)).toContain('<span class="chip bad">Urgent · not taken</span>');
    expect(row(pain)).toContain(">Danger</span>");
    expect(row(extraction)).toContain('<span class="chip ok">Urgent · taken by Dr. Lee</span>');
    expect(row(extraction)).not.toContain(">Danger</span>");
    expect(row(cleaning)).not.toContain("Urgent");
    // Urgent leads first, those whose page nobody took before the one Dr. Lee took, however recent it is.
    const at = (phone: string) => leads.indexOf(row(phone));
    expect(at(breathing)).toBeLessThan(at(extraction));
    expect(at(pain)).toBeLessThan(at(extraction));
    expect(at(extraction)).toBeLessThan(at(cleaning));
    const lead = (await apiJson("GET", `/businesses/${p.line.businessId}/leads?urgent=true`)).leads.find((l: { phone: string }) => l.phone === breathing);
    expect(lead.dangerAt).toBeGreaterThan(0);

    // The lead at the top of each conversation says the same of its page as the list's row.
    const leadLine = async (phone: string) => {
      const html = await (await get(session, `/admin/businesses/${p.line.businessId}/conversations/${encodeURIComponent(phone)}`)).text();
      return html.slice(html.indexOf('<section class="card lead-line"'), html.indexOf("</section>", html.indexOf('<section class="card lead-line"')));
    };
    expect(await leadLine(extraction)).toContain('<span class="chip ok">Urgent · taken by Dr. Lee</span>');
    expect(await leadLine(pain)).toContain('<span class="chip bad">Urgent · not taken</span>');
    expect(await leadLine(pain)).toContain(">Danger</span>");
    expect(await leadLine(cleaning)).not.toContain("Urgent");
  });

  it("keeps a danger on a practice that does not page anyone", async () => {
    const p = await practice({ enabled: false });
    const caller = await missed(p);
    await say(p, caller, "I can't breathe properly since the filling");
    expect(texts(p, caller).at(-1)).toMatch(/call 911/);
    expect(of(await inbox(p), caller)).toMatchObject({ danger: true, urgent: null, untaken: false });
    const [lead] = (await apiJson("GET", `/businesses/${p.line.businessId}/leads`)).leads.filter((l: { phone: string }) => l.phone === caller);
    expect(lead).toMatchObject({ urgent: false });
    expect(lead.dangerAt).toBeGreaterThan(0);

    // The export says when, in a column of its own added after every column it had.
    const res = await api("GET", `/businesses/${p.line.businessId}/leads.csv`);
    const [header, ...rows] = (await res.text()).trim().split("\r\n");
    const columns = header!.split(",");
    expect(columns.slice(0, 6)).toEqual(["id", "phone", "name", "status", "urgent", "source"]);
    expect(columns.at(-1)).toBe("dangerAt");
    const row = rows.find((r) => r.includes(caller))!.split(",");
    expect(row.at(-1)).toBe(new Date(lead.dangerAt).toISOString());
    const quietRow = rows.find((r) => !r.includes(caller));
    if (quietRow) expect(quietRow.split(",").at(-1)).toBe("");
  });
});
