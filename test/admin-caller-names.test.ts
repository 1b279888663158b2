/**
 * A caller is named the same way on every admin page that shows one (rules/display.ts shownCaller):
 * the business's contact's name, else the name on their lead, else the phone alone; and the
 * searches find them by either name.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { apiJson, createTwilioLine, dialStatus, eventually, inboundSms, twilioWebhook, uniquePhone, type TwilioLine } from "./support/app";
import { get, newSession, post, type Session } from "./support/admin-session";
import { PROVIDERS, postBooking } from "./support/booking-providers";
import { mockTwilio } from "./support/carriers";
import { formatPhone } from "../src/rules/display";

let session: Session;
let line: TwilioLine;
/** Tom: his lead was lost before the business saved him as a contact, so the lead has no name. */
let tom: string;
/** Ann: a person named her lead "Annie"; the business's contact says "Ann Lee". */
let ann: string;
/** Jenny: no contact; she gave her name when asked. */
let jenny: string;
/** Nobody knows a name. */
let stranger: string;
const leadIds: Record<string, string> = {};

const base = () => `/admin/businesses/${line.businessId}`;
const page = async (path: string) => {
  const res = await get(session, path);
  expect(res.status, path).toBe(200);
  return res.text();
};
const leadOf = async (phone: string) => (await apiJson("GET", `/businesses/${line.businessId}/leads?q=${encodeURIComponent(phone)}`)).leads[0];
/** The leads list's items: [title, the phone under it (null: none)] in page order. */
const leadItems = (html: string) =>
  html
    .split('<li class="lead')
    .slice(1)
    .map((li) => {
      const under = /<span class="meta">([^<]*)<\/span>/.exec(li)?.[1] ?? "";
      return [/<strong>([^<]*)<\/strong>/.exec(li)?.[1], /^(Missed call|Texted first)/.test(under) ? null : under];
    });
const inbox = async (q?: string) =>
  (await (await get(session, `${base()}/conversations.json${q ? `?q=${encodeURIComponent(q)}` : ""}`)).json()) as { conversations: { phone: string; title: string; subtitle: string }[] };

async function missedCall(carrier: ReturnType<typeof mockTwilio>, caller: string, texts = 1) {
  expect((await twilioWebhook("/webhooks/twilio/dial-status", dialStatus(line, caller, "no-answer"), line.authToken)).status).toBe(200);
  await eventually(async () => carrier.to(caller).length >= texts);
}

beforeAll(async () => {
  session = await newSession();
  const carrier = mockTwilio();
  // The generic questions: what they need, their name, then when to reach them.
  line = await createTwilioLine({ settings: { cooldownHours: 0, qualify: { enabled: true } } });
  [tom, ann, jenny, stranger] = [uniquePhone(), uniquePhone(), uniquePhone(), uniquePhone()];
  for (const phone of [tom, ann, jenny, stranger]) await missedCall(carrier, phone);

  leadIds.tom = (await leadOf(tom)).id;
  await apiJson("PATCH", `/leads/${leadIds.tom}`, { status: "lost" });
  await apiJson("PUT", `/businesses/${line.businessId}/contacts/${encodeURIComponent(tom)}`, { name: "Tom Becker", tags: ["customer"] });

  leadIds.ann = (await leadOf(ann)).id;
  await apiJson("PATCH", `/leads/${leadIds.ann}`, { name: "Annie" });
  await apiJson("PUT", `/businesses/${line.businessId}/contacts/${encodeURIComponent(ann)}`, { name: "Ann Lee" });

  for (const [n, words] of [[2, "My kitchen faucet drips"], [3, "Jenny Alvarez"], [4, "tomorrow morning"]] as const) {
    expect((await twilioWebhook("/webhooks/twilio/sms", inboundSms(line, jenny, words), line.authToken)).status).toBe(200);
    await eventually(async () => carrier.to(jenny).length === n);
  }
  leadIds.jenny = (await leadOf(jenny)).id;
  leadIds.stranger = (await leadOf(stranger)).id;
  vi.restoreAllMocks();
}, 30_000);

afterAll(() => vi.restoreAllMocks());

describe("a caller's name on the admin pages", () => {
  it("starts from leads that do not carry the contact's name: Tom's closed one has none, Ann's keeps the one a person gave", async () => {
    expect(await apiJson("GET", `/leads/${leadIds.tom}`)).toMatchObject({ name: null, status: "lost" });
    expect(await apiJson("GET", `/leads/${leadIds.ann}`)).toMatchObject({ name: "Annie", nameSource: "person" });
    expect(await apiJson("GET", `/leads/${leadIds.jenny}`)).toMatchObject({ name: "Jenny Alvarez", nameSource: "caller" });
  });

  it("leads list: the contact's name, else the lead's, with the phone under it; the phone alone for a stranger", async () => {
    const items = leadItems(await page(`${base()}/leads`));
    expect(items).toEqual([
      ["Jenny Alvarez", formatPhone(jenny)],
      ["Ann Lee", formatPhone(ann)],
      ["Tom Becker", formatPhone(tom)],
      [formatPhone(stranger), null],
    ]);
  });

  it("leads search finds a caller by their contact's name as well as their lead's", async () => {
    expect(leadItems(await page(`${base()}/leads?q=Becker`))).toEqual([["Tom Becker", formatPhone(tom)]]);
    expect(leadItems(await page(`${base()}/leads?q=ann%20lee`))).toEqual([["Ann Lee", formatPhone(ann)]]);
    expect(leadItems(await page(`${base()}/leads?q=Annie`))).toEqual([["Ann Lee", formatPhone(ann)]]);
    expect(leadItems(await page(`${base()}/leads?q=Alvarez`))).toEqual([["Jenny Alvarez", formatPhone(jenny)]]);
    // The API's search is the same.
    expect((await apiJson("GET", `/businesses/${line.businessId}/leads?q=Becker`)).leads.map((l: { id: string }) => l.id)).toEqual([leadIds.tom]);
  });

  it("lead card: the same name heads it, says where it came from, and shows the lead's own when a contact's is over it", async () => {
    const card = async (id: string) => {
      const html = await page(`${base()}/leads/${id}`);
      return { title: /<title>([^·<]*) ·/.exec(html)?.[1]?.trim(), h1: /<h1>([^<]*)<\/h1>/.exec(html)?.[1], sub: /<\/h1><p class="sub">([^<]*)<\/p>/.exec(html)?.[1] ?? null };
    };
    expect(await card(leadIds.tom!)).toEqual({ title: "Tom Becker", h1: "Tom Becker", sub: "Name from contacts" });
    expect(await card(leadIds.ann!)).toEqual({ title: "Ann Lee", h1: "Ann Lee", sub: "Name from contacts; this lead&#39;s: “Annie”" });
    expect(await card(leadIds.jenny!)).toEqual({ title: "Jenny Alvarez", h1: "Jenny Alvarez", sub: "Name the caller gave" });
    expect(await card(leadIds.stranger!)).toEqual({ title: formatPhone(stranger), h1: formatPhone(stranger), sub: null });
  });

  it("inbox: contacts' and leads' names alike, searched by either", async () => {
    const titles = Object.fromEntries((await inbox()).conversations.map((c) => [c.phone, [c.title, c.subtitle]]));
    expect(titles).toEqual({
      [tom]: ["Tom Becker", formatPhone(tom)],
      [ann]: ["Ann Lee", formatPhone(ann)],
      [jenny]: ["Jenny Alvarez", formatPhone(jenny)],
      [stranger]: [formatPhone(stranger), ""],
    });
    expect((await inbox("alvarez")).conversations.map((c) => c.phone)).toEqual([jenny]);
    expect((await inbox("Becker")).conversations.map((c) => c.phone)).toEqual([tom]);
    expect((await inbox("Annie")).conversations.map((c) => c.phone)).toEqual([ann]);
    // The server-drawn list is the same items.
    expect(await page(`${base()}/conversations`)).toContain(`<strong>Jenny Alvarez</strong>`);
  });

  it("conversation page: named in its title and heading, the phone to call beside", async () => {
    const html = await page(`${base()}/conversations/${encodeURIComponent(jenny)}`);
    expect(html).toContain("<title>Jenny Alvarez · ");
    expect(html).toContain("<h1>Conversation with Jenny Alvarez</h1>");
    expect(html).toContain(`<a href="tel:${jenny}">${formatPhone(jenny)}</a>`);
    const unnamed = await page(`${base()}/conversations/${encodeURIComponent(stranger)}`);
    expect(unnamed).toContain(`<h1>Conversation with ${formatPhone(stranger)}</h1>`);
    expect(unnamed).not.toContain(`href="tel:${stranger}"`);
  });

  it("calls list: each row's caller by name with the phone under it", async () => {
    const html = await page(`${base()}/calls`);
    const cells = [...html.matchAll(/data-label="Caller">(.*?)<\/td>/gs)].map((m) => m[1]!);
    const callers = cells.map((cell) => {
      const link = /\/conversations\/([^"]+)">([^<]*)<\/a>/.exec(cell)!;
      return [decodeURIComponent(link[1]!), link[2], /<span class="hint">([^<]*)<\/span>/.exec(cell)?.[1] ?? null];
    });
    expect(callers).toEqual([
      [stranger, formatPhone(stranger), null],
      [jenny, "Jenny Alvarez", formatPhone(jenny)],
      [ann, "Ann Lee", formatPhone(ann)],
      [tom, "Tom Becker", formatPhone(tom)],
    ]);
  });
});

describe("attaching an unmatched booking", () => {
  const generic = PROVIDERS.find((p) => p.provider === "generic")!;

  it("offers leads by the same names in the list's status words, and preselects the attendee's lead only when it is not booked already", async () => {
    await apiJson("PATCH", `/businesses/${line.businessId}`, { bookingSecrets: { generic: "generic-key-for-names" } });
    const book = async (phone: string) => {
      const res = await postBooking(generic, line.businessId, { phone, startsAt: "2026-12-09T16:00:00Z", status: "booked" }, { secret: "generic-key-for-names" });
      expect(await res.json()).toMatchObject({ result: "unmatched" });
    };
    // Tom's lead is lost (closed): his booking matches no open lead.
    await book(tom);
    // Ron books before he ever calls; then he calls, and a person marks his new lead booked.
    const ron = uniquePhone("646");
    await book(ron);
    const carrier = mockTwilio();
    await missedCall(carrier, ron);
    vi.restoreAllMocks();
    const ronLead = (await leadOf(ron)).id;
    await apiJson("PATCH", `/leads/${ronLead}`, { status: "booked" });

    const html = await page(`${base()}/bookings`);
    const selects = [...html.matchAll(/<select id="lead-[^"]+" name="leadId" required="">(.*?)<\/select>/gs)].map((m) =>
      [...m[1]!.matchAll(/<option value="([^"]*)"( selected="")?>([^<]*)<\/option>/g)].map((o) => ({ id: o[1], selected: !!o[2], label: o[3] })),
    );
    expect(selects).toHaveLength(2);
    for (const options of selects) {
      expect(options[0]).toMatchObject({ id: "", label: "Choose a lead…" });
      expect(options.slice(1).map((o) => o.label)).toEqual([
        `${formatPhone(ron)} · Booked`,
        `Jenny Alvarez · ${formatPhone(jenny)} · Qualified`,
        `Ann Lee · ${formatPhone(ann)} · New`,
        `Tom Becker · ${formatPhone(tom)} · Lost`,
        `${formatPhone(stranger)} · New`,
      ]);
    }
    // Bookings newest first: Ron's chooses nothing (his lead is booked already), Tom's chooses his lead.
    expect(selects.map((options) => options.filter((o) => o.selected).map((o) => o.id))).toEqual([[""], [leadIds.tom]]);
  });

  it("asks for a lead when none was chosen, and attaches nothing", async () => {
    const html = await page(`${base()}/bookings`);
    const action = [...html.matchAll(/action="([^"]*\/attach)"/g)].map((m) => m[1]!.replace(/&amp;/g, "&"))[0]!;
    const res = await post(session, action, { leadId: "" });
    expect(res.status).toBe(400);
    expect(await res.text()).toContain("Lead for this booking: choose the lead it belongs to");
    expect([...(await page(`${base()}/bookings`)).matchAll(/\/attach"/g)]).toHaveLength(2);
  });
});
