/**
 * Who to answer first (admin/inbox-states.ts, pages/inbox.tsx): a roofer after a hail storm, with
 * callers in every state through real missed calls and texts. A caller answering the automated
 * questions needs nobody yet; one who finished them, or asked a question of their own, needs a
 * person, longest waiting first after an urgent page nobody took; a lost, won or opted-out caller
 * is closed and says so. Each row names the caller (a name given in a text too) and their need and
 * address; the filters show each state alone, in the URL.
 */
import { afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { apiJson, createTwilioLine, dialStatus, eventually, inboundSms, settle, twilioWebhook, uniquePhone, type TwilioLine } from "./support/app";
import { mockTwilio } from "./support/carriers";
import { get, newSession, type Session } from "./support/admin-session";

// Some twenty texts through the line and the queue: slower than the default on a loaded machine.
vi.setConfig({ testTimeout: 120_000 });

afterEach(() => vi.restoreAllMocks());

interface Chip {
  words: string;
  tone: string;
  title: string;
}

interface Item {
  phone: string;
  title: string;
  subtitle: string;
  preview: string;
  unread: boolean;
  needsReply: boolean;
  state: "person" | "caller" | "closed";
  waiting: string;
  need: string;
  address: string;
  stateChip: Chip | null;
  leadChip: Chip | null;
  untaken: boolean;
}

interface Listed {
  unread: number;
  counts: Record<string, number>;
  conversations: Item[];
}

let session: Session;
beforeAll(async () => {
  session = await newSession();
});

interface Roofer {
  line: TwilioLine;
  carrier: ReturnType<typeof mockTwilio>;
}

/** A roofer in Dallas that asks the home-services questions, serves a few ZIP codes and pages Jose. */
async function roofer(): Promise<Roofer> {
  const carrier = mockTwilio();
  const preset = (await apiJson("GET", "/presets")).presets.find((p: { id: string }) => p.id === "home_services");
  const settings = {
    cooldownHours: 0,
    qualify: { ...preset.settings.qualify, serviceArea: { zips: ["75201", "75230", "75244"] }, outOfAreaMessage: "Sorry, we only work in Dallas." },
    urgent: { ...preset.settings.urgent, onCall: [{ phone: uniquePhone("469"), name: "Jose" }] },
  };
  const line = await createTwilioLine({ name: "Summit Roofing", preset: "home_services", notifyPhone: uniquePhone("214"), settings, bookingUrl: null });
  return { line, carrier };
}

const texts = (r: Roofer, to: string) => r.carrier.to(to).map((t) => t.form.get("Body") ?? "");

async function missed(r: Roofer): Promise<string> {
  const caller = uniquePhone("214");
  expect((await twilioWebhook("/webhooks/twilio/dial-status", dialStatus(r.line, caller, "no-answer"), r.line.authToken)).status).toBe(200);
  await eventually(async () => texts(r, caller).length === 1);
  await settle(5);
  return caller;
}

/** A text from the caller, and the automatic answer it gets; each a distinct millisecond later. */
async function say(r: Roofer, from: string, body: string) {
  const before = texts(r, from).length;
  expect((await twilioWebhook("/webhooks/twilio/sms", inboundSms(r.line, from, body), r.line.authToken)).status).toBe(200);
  await eventually(async () => texts(r, from).length > before);
  await settle(5);
}

async function inbox(r: Roofer, query = ""): Promise<Listed> {
  const res = await get(session, `/admin/businesses/${r.line.businessId}/conversations.json${query}`);
  expect(res.status).toBe(200);
  return res.json();
}

const phones = (l: Listed) => l.conversations.map((c) => c.phone);
const of = (l: Listed, phone: string) => l.conversations.find((c) => c.phone === phone)!;
const national = (e164: string) => `(${e164.slice(2, 5)}) ${e164.slice(5, 8)}-${e164.slice(8)}`;

describe("the inbox after a hail storm", () => {
  it("puts who needs a person first, says who is answering the questions, and which leads are closed; each filter shows its own", async () => {
    const r = await roofer();
    const [quiet, answering, tom, done, asker, away, won, leak, stopped] = [
      await missed(r), await missed(r), await missed(r), await missed(r), await missed(r), await missed(r), await missed(r), await missed(r), await missed(r),
    ];
    // Every question answered: a person should call them now.
    for (const answer of ["Roof repair after the hail", "12 Elm St 75201", "tomorrow morning", "this week"]) await say(r, done, answer);
    expect(texts(r, done).at(-1)).toMatch(/that's everything we need/);
    // A question of their own, which automation cannot answer (it asks its next one all the same).
    await say(r, asker, "How much do you charge for an inspection?");
    await say(r, answering, "Hail damage on the roof");
    await say(r, tom, "Hi this is Tom Nguyen, hail took out a bunch of shingles. 7810 Forest Ln 75230");
    await say(r, away, "Roof damage at 900 Main St Fort Worth 76102");
    expect(texts(r, away).at(-1)).toBe("Sorry, we only work in Dallas.");
    await say(r, won, "Need a roof inspection");
    const wonLead = (await apiJson("GET", `/businesses/${r.line.businessId}/leads?q=${encodeURIComponent(won.slice(2))}`)).leads[0];
    await apiJson("PATCH", `/leads/${wonLead.id}`, { status: "won", wonCents: 450_000 });
    await say(r, leak, "Water is pouring through the ceiling, the roof is leaking");
    await say(r, stopped, "STOP");
    // The asker answers the next question: their own is still unanswered, and waiting since they asked it.
    await say(r, asker, "5520 Ridgeside Dr 75244");

    const all = await inbox(r);
    // The untaken page; then who needs a person, longest waiting first (not newest); then the rest, newest first.
    expect(phones(all)).toEqual([leak, done, asker, stopped, won, away, tom, answering, quiet]);
    expect(all.counts).toEqual({ all: 9, unread: 3, person: 3, urgent: 1, caller: 3, closed: 3 });
    expect(all.unread).toBe(3);

    expect(of(all, leak)).toMatchObject({ state: "person", needsReply: true, untaken: true, unread: true });
    expect(of(all, done)).toMatchObject({
      state: "person", needsReply: true, need: "Roof repair after the hail", address: "12 Elm St 75201", preview: "this week", leadChip: { words: "Qualified" }, stateChip: null,
    });
    expect(of(all, done).waiting).toMatch(/^Waiting since \w{3} \d+, \d+:\d\d [AP]M$/);
    expect(of(all, asker)).toMatchObject({ state: "person", needsReply: true, preview: "5520 Ridgeside Dr 75244", address: "5520 Ridgeside Dr 75244", stateChip: null });

    // Answering the questions: nothing for a person yet, and the row says which question they are on.
    // Their need is their newest words: the row says it once.
    expect(of(all, answering)).toMatchObject({ state: "caller", needsReply: false, unread: false, need: "", address: "", preview: "Hail damage on the roof" });
    expect(of(all, answering).stateChip).toMatchObject({ words: "Answering questions", title: expect.stringContaining("What's the address of the job?") });
    // The name given in a text names the caller; the need is their words without it (the address in them said once).
    expect(of(all, tom)).toMatchObject({
      title: "Tom Nguyen", subtitle: national(tom), state: "caller", need: "hail took out a bunch of shingles. 7810 Forest Ln 75230", address: "", stateChip: { words: "Answering questions" },
    });
    const tomsLead = (await apiJson("GET", `/businesses/${r.line.businessId}/leads?q=${encodeURIComponent(tom.slice(2))}`)).leads[0];
    expect(tomsLead).toMatchObject({ name: "Tom Nguyen", nameSource: "caller" });
    expect(of(all, quiet)).toMatchObject({ state: "caller", needsReply: false, stateChip: { words: "Waiting on caller" }, leadChip: null });

    // Closed: never "Needs reply", and the status says why.
    expect(of(all, away)).toMatchObject({ state: "closed", needsReply: false, unread: false, leadChip: { words: "Lost · out of area", tone: "bad" } });
    expect(of(all, won)).toMatchObject({ state: "closed", needsReply: false, leadChip: { words: "Won $4,500.00", tone: "ok" } });
    expect(of(all, stopped)).toMatchObject({ state: "closed", needsReply: false, stateChip: { words: "Opted out" } });

    expect(phones(await inbox(r, "?show=person"))).toEqual([leak, done, asker]);
    expect(phones(await inbox(r, "?show=urgent"))).toEqual([leak]);
    expect(phones(await inbox(r, "?show=caller"))).toEqual([tom, answering, quiet]);
    expect(phones(await inbox(r, "?show=closed"))).toEqual([stopped, won, away]);
    // A search within a filter, and the counts stay the whole inbox's.
    const searched = await inbox(r, "?show=caller&q=shingles");
    expect(phones(searched)).toEqual([tom]);
    expect(searched.counts.all).toBe(9);

    // The page: the filters as links (the one shown marked, each keeping the search), and only its rows.
    const base = `/admin/businesses/${r.line.businessId}/conversations`;
    const html = await (await get(session, `${base}?show=person`)).text();
    expect(html).toContain(`<a class="chip" href="${base}?show=person" aria-current="page">Needs a person <span id="inbox-count-person">3</span></a>`);
    expect(html).toContain(`<a class="chip" href="${base}?show=closed">Closed <span id="inbox-count-closed">3</span></a>`);
    expect(html).toContain('<input type="hidden" name="show" value="person"/>');
    expect(html.match(/<li class="lead conversation/g)).toHaveLength(3);
    expect(html).toContain('<span class="need">Roof repair after the hail · 12 Elm St 75201</span>');
    const closed = await (await get(session, `${base}?show=closed`)).text();
    expect(closed).toContain(">Lost · out of area</span>");
    expect(closed).not.toContain(">Needs reply</span>");
    expect((await get(session, `${base}?show=someday`)).status).toBe(400);
  });

  it("a person's answer hands the caller to the person; the caller's next words need one again", async () => {
    const r = await roofer();
    const caller = await missed(r);
    await say(r, caller, "Hail damage on the roof");
    expect(of(await inbox(r), caller)).toMatchObject({ state: "caller", needsReply: false });
    await apiJson("POST", `/businesses/${r.line.businessId}/messages`, { to: caller, body: "Hi, this is Kim at Summit Roofing - calling you now." });
    expect(of(await inbox(r), caller)).toMatchObject({ state: "caller", needsReply: false, stateChip: { words: "Waiting on caller" }, preview: "You: Hi, this is Kim at Summit Roofing - calling you now." });
    // Handed over: automation asks nothing more, so whatever they write is a person's to answer.
    expect((await twilioWebhook("/webhooks/twilio/sms", inboundSms(r.line, caller, "ok thanks, what time?"), r.line.authToken)).status).toBe(200);
    await eventually(async () => of(await inbox(r), caller).needsReply);
    expect(of(await inbox(r), caller)).toMatchObject({ state: "person", unread: true, preview: "ok thanks, what time?" });
  });
});
