/**
 * The inbox (admin/inbox.ts): every person the business texts with, newest activity first, what
 * needs a person's reply and what nobody has opened since, searched, and its JSON for the live list.
 */
import { afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { api, apiJson, createTwilioLine, dialStatus, eventually, inboundSms, settle, twilioWebhook, uniquePhone, type TwilioLine } from "./support/app";
import { mockTwilio } from "./support/carriers";
import { get, newSession, type Session } from "./support/admin-session";

afterEach(() => vi.restoreAllMocks());

interface Item {
  phone: string;
  title: string;
  subtitle: string;
  preview: string;
  unread: boolean;
  needsReply: boolean;
  blocked?: boolean;
}

let session: Session;
beforeAll(async () => {
  session = await newSession();
});

async function inbox(line: TwilioLine, q?: string): Promise<{ unread: number; conversations: Item[] }> {
  const res = await get(session, `/admin/businesses/${line.businessId}/conversations.json${q ? `?q=${encodeURIComponent(q)}` : ""}`);
  expect(res.status).toBe(200);
  return res.json();
}

async function missedCall(line: TwilioLine, carrier: ReturnType<typeof mockTwilio>, caller: string) {
  expect((await twilioWebhook("/webhooks/twilio/dial-status", dialStatus(line, caller, "no-answer"), line.authToken)).status).toBe(200);
  await eventually(async () => carrier.to(caller).length >= 1);
}

async function reply(line: TwilioLine, from: string, body: string) {
  expect((await twilioWebhook("/webhooks/twilio/sms", inboundSms(line, from, body), line.authToken)).status).toBe(200);
  // Each text a distinct millisecond later, so "newest first" has one answer.
  await settle(5);
}

const byPhone = (items: Item[], phone: string) => items.find((i) => i.phone === phone);

describe("the conversations inbox", () => {
  it("lists who needs a person first, then every caller newest first; a reply needs a person's answer, automated texts and keywords do not", async () => {
    const carrier = mockTwilio();
    const owner = uniquePhone("646");
    const line = await createTwilioLine({ notifyPhone: owner, settings: { cooldownHours: 0 } });
    const [quiet, asking, answered, stopped] = [uniquePhone(), uniquePhone(), uniquePhone(), uniquePhone()];
    for (const caller of [quiet, asking, answered, stopped]) await missedCall(line, carrier, caller);

    await reply(line, asking, "Can you come Tuesday?");
    await reply(line, answered, "Water heater is leaking");
    await apiJson("POST", `/businesses/${line.businessId}/messages`, { to: answered, body: "On our way, Sam" });
    await reply(line, stopped, "STOP");
    await eventually(async () => carrier.to(stopped).length === 2);

    const { conversations, unread } = await inbox(line);
    // The owner's phone gets relays: never a conversation of its own. Who needs a person comes first, then the newest activity.
    expect(conversations.map((c) => c.phone)).toEqual([asking, stopped, answered, quiet]);
    expect(byPhone(conversations, asking)).toMatchObject({ needsReply: true, unread: true, preview: "Can you come Tuesday?" });
    expect(byPhone(conversations, answered)).toMatchObject({ needsReply: false, unread: false, preview: "You: On our way, Sam" });
    expect(byPhone(conversations, stopped)).toMatchObject({ needsReply: false, unread: false });
    expect(byPhone(conversations, stopped)!.preview).toMatch(/^Automatic: .*unsubscribed/i);
    expect(byPhone(conversations, quiet)).toMatchObject({ needsReply: false, unread: false });
    expect(byPhone(conversations, quiet)!.preview).toMatch(/^Automatic: /);
    expect(unread).toBe(1);
  });

  it("opening a conversation reads it; a new text from the caller makes it unread again, and the page title counts it", async () => {
    const carrier = mockTwilio();
    const line = await createTwilioLine();
    const caller = uniquePhone();
    await missedCall(line, carrier, caller);
    await reply(line, caller, "Hello?");
    const page = async () => (await get(session, `/admin/businesses/${line.businessId}/conversations`)).text();
    expect(await page()).toContain("<title>(1) Conversations · ");

    expect((await get(session, `/admin/businesses/${line.businessId}/conversations/${encodeURIComponent(caller)}`)).status).toBe(200);
    let item = byPhone((await inbox(line)).conversations, caller)!;
    // Read, but still waiting for a person's answer.
    expect(item).toMatchObject({ unread: false, needsReply: true });
    expect(await page()).toContain("<title>Conversations · ");

    await reply(line, caller, "Anyone there?");
    const after = await inbox(line);
    expect(byPhone(after.conversations, caller)).toMatchObject({ unread: true, needsReply: true, preview: "Anyone there?" });
    expect(after.unread).toBe(1);

    // A person's answer (here through the API) answers it.
    await apiJson("POST", `/businesses/${line.businessId}/messages`, { to: caller, body: "Yes, calling you now" });
    item = byPhone((await inbox(line)).conversations, caller)!;
    expect(item).toMatchObject({ unread: false, needsReply: false });
  });

  it("an owner's answer from their own phone answers the caller", async () => {
    const carrier = mockTwilio();
    const owner = uniquePhone("646");
    const line = await createTwilioLine({ notifyPhone: owner });
    const caller = uniquePhone();
    await missedCall(line, carrier, caller);
    await reply(line, caller, "Do you fix boilers?");
    await eventually(async () => carrier.to(owner).length >= 1);
    expect(byPhone((await inbox(line)).conversations, caller)).toMatchObject({ needsReply: true });
    await reply(line, owner, "Yes we do, I will call you in 10 minutes");
    await eventually(async () => carrier.to(caller).some((r) => r.form.get("Body")?.includes("call you in 10")));
    expect(byPhone((await inbox(line)).conversations, caller)).toMatchObject({ needsReply: false, unread: false, preview: "You: Yes we do, I will call you in 10 minutes" });
  });

  it("a blocked caller's conversation asks for no reply, counts as no unread, and says Blocked", async () => {
    const carrier = mockTwilio();
    const line = await createTwilioLine();
    const [blocked, other] = [uniquePhone(), uniquePhone()];
    await missedCall(line, carrier, blocked);
    await missedCall(line, carrier, other);
    await reply(line, blocked, "Call me back right now");
    await reply(line, other, "Is Friday open?");
    expect((await inbox(line)).unread).toBe(2);

    expect((await api("PUT", `/businesses/${line.businessId}/contacts/${encodeURIComponent(blocked)}`, { name: "Pushy Pete", tags: ["blocked"] })).status).toBe(201);
    const after = await inbox(line);
    expect(byPhone(after.conversations, blocked)).toMatchObject({ unread: false, needsReply: false, blocked: true, preview: "Call me back right now" });
    expect(byPhone(after.conversations, other)).toMatchObject({ unread: true, needsReply: true, blocked: false });
    expect(after.unread).toBe(1);

    const html = await (await get(session, `/admin/businesses/${line.businessId}/conversations`)).text();
    const row = new RegExp(`<li[^>]*data-phone="\\${blocked}"[\\s\\S]*?</li>`).exec(html)![0];
    expect(row).toContain(">Blocked</span>");
    expect(row).not.toContain("Needs reply");
    expect(row).not.toContain(">Unread<");
    expect(html).toContain("<title>(1) Conversations · ");
  });

  it("finds a conversation by the contact's name, the phone's digits as typed, or words of any text", async () => {
    const carrier = mockTwilio();
    const line = await createTwilioLine();
    const [maria, other] = [uniquePhone(), uniquePhone()];
    await apiJson("PUT", `/businesses/${line.businessId}/contacts/${encodeURIComponent(maria)}`, { name: "Maria Lopez" });
    await missedCall(line, carrier, maria);
    await missedCall(line, carrier, other);
    await reply(line, other, "The basement drain 100% blocked");
    const phones = async (q: string) => (await inbox(line, q)).conversations.map((c) => c.phone);
    expect(await phones("maria")).toEqual([maria]);
    expect((await inbox(line, "maria")).conversations[0]).toMatchObject({ title: "Maria Lopez" });
    expect(await phones(`(${other.slice(2, 5)}) ${other.slice(5, 8)}-${other.slice(8)}`)).toEqual([other]);
    expect(await phones("basement")).toEqual([other]);
    // % is a character like any other, not a wildcard.
    expect(await phones("100%")).toEqual([other]);
    expect(await phones("%")).toEqual([other]);
    expect(await phones("nothing like this")).toEqual([]);
    // The unread count is the whole inbox's, whatever the search shows.
    expect((await inbox(line, "maria")).unread).toBe(1);
  });

  it("shows only the business's own conversations, and only to a session", async () => {
    const carrier = mockTwilio();
    const [a, b] = [await createTwilioLine(), await createTwilioLine()];
    const caller = uniquePhone();
    await missedCall(a, carrier, caller);
    expect((await inbox(b)).conversations).toEqual([]);
    expect((await get(null, `/admin/businesses/${a.businessId}/conversations.json`)).status).toBe(303);
  });
});
