/**
 * What Textback told the business's own phones about a caller (rules/caller-alerts.ts), where the
 * owner looks at that caller: on the lead card and the conversation, each relay, page and alert is
 * one line in its place in time, to whom and why in words, with how it went, its words on expand;
 * in the API's lead timeline too. Another caller's alerts stay on that caller's pages.
 */
import { afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { apiJson, createTwilioLine, dialStatus, eventually, inboundSms, twilioWebhook, uniquePhone, type TwilioLine } from "./support/app";
import { mockTwilio } from "./support/carriers";
import { get, newSession, type Session } from "./support/admin-session";
import { missedCaller, type MissedCaller } from "./support/missed-caller";

afterEach(() => vi.restoreAllMocks());

let session: Session;
beforeAll(async () => {
  session = await newSession();
});

async function reply(line: TwilioLine, from: string, body: string) {
  expect((await twilioWebhook("/webhooks/twilio/sms", inboundSms(line, from, body), line.authToken)).status).toBe(200);
}

async function callAgain(s: MissedCaller, from = s.caller) {
  expect((await twilioWebhook("/webhooks/twilio/dial-status", dialStatus(s.line, from, "no-answer"), s.line.authToken)).status).toBe(200);
}

const leadOf = async (s: MissedCaller) => (await apiJson("GET", `/businesses/${s.line.businessId}/leads?q=${encodeURIComponent(s.caller)}`)).leads[0];
const page = async (path: string) => (await get(session, path)).text();
const cardOf = async (s: MissedCaller) => page(`/admin/businesses/${s.line.businessId}/leads/${(await leadOf(s)).id}`);
const conversationOf = (s: MissedCaller, phone = s.caller) => page(`/admin/businesses/${s.line.businessId}/conversations/${encodeURIComponent(phone)}`);
const bodiesTo = (s: MissedCaller, to: string) => s.carrier.to(to).map((r) => r.form.get("Body") ?? "");

/** Each alert line on a page: its words (up to its time) and the text it opens to, in page order. */
const alertLines = (html: string) =>
  [...html.matchAll(/<li class="event alert" id="[^"]+"><details><summary class="note">(.*?) · .*?<\/summary><span class="bubble">(.*?)<\/span><\/details><\/li>/gs)].map((m) => ({
    words: m[1]!,
    text: m[2]!.replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&amp;/g, "&"),
    line: m[0],
  }));

describe("texts to the business's phones about a caller", () => {
  it("the relay of their reply and the repeat-call alert show on the lead card and the conversation, in order, with how they went", async () => {
    const s = await missedCaller({ settings: { qualify: { enabled: false } } });
    await reply(s.line, s.caller, "Water coming through the ceiling");
    await eventually(async () => bodiesTo(s, s.owner).length === 1);
    await callAgain(s);
    await eventually(async () => bodiesTo(s, s.owner).some((b) => b.includes("called again")));
    const [relay, repeat] = bodiesTo(s, s.owner);

    for (const html of [await cardOf(s), await conversationOf(s)]) {
      const lines = alertLines(html);
      expect(lines.map((l) => l.words)).toEqual(["Relayed to the owner", "Told the owner: called again"]);
      expect(lines.map((l) => l.text)).toEqual([relay, repeat]);
      // How each went: the carrier took it (the card says its status, the conversation in words).
      for (const l of lines) expect(l.line).toMatch(/<span class="chip ok">(sent|Sent)/);
      // In its place in time: the relay after the caller's reply, the alert after the relay.
      expect(html.indexOf("Water coming through the ceiling</span>")).toBeLessThan(html.indexOf(lines[0]!.line));
    }

    // The API's timeline has them as messages among the rest, in its existing shape.
    const lead = await apiJson("GET", `/leads/${(await leadOf(s)).id}`);
    const told = lead.timeline.filter((e: { type: string; to?: string }) => e.type === "message" && e.to === s.owner);
    expect(told.map((e: { kind: string; body: string }) => [e.kind, e.body])).toEqual([["relay", relay], ["alert", repeat]]);
  });

  it("a page shows on the conversation as alerting the person on call by name, for an urgent page", async () => {
    const sam = uniquePhone("737");
    const preset = (await apiJson("GET", "/presets")).presets.find((p: { id: string }) => p.id === "home_services");
    const s = await missedCaller({ name: "Drip Plumbing", preset: "home_services", settings: { urgent: { ...preset.settings.urgent, onCall: [{ phone: sam, name: "Sam" }] } }, bookingUrl: null });
    await reply(s.line, s.caller, "Burst pipe in the basement!! at 12 Oak St");
    await eventually(async () => s.carrier.to(sam).length === 1);

    // Sam's page, the owner's summary, and the escalation to the owner the line holds, last, with when it goes.
    const lines = alertLines(await conversationOf(s));
    expect(lines.map((l) => l.words)).toEqual(["Alerted Sam (on call): urgent page", "Told the owner: new lead summary", "Will alert the owner: urgent page, escalated"]);
    expect(lines[0]!.text).toBe(bodiesTo(s, sam)[0]);
    expect(lines[0]!.line).toMatch(/<span class="chip ok">Sent/);
    expect(lines[2]!.line).toMatch(/<span class="chip warn">Scheduled: goes out /);
    // The card tells the pages as its page history; the summary is an alert line of its own.
    expect(alertLines(await cardOf(s)).map((l) => l.words)).toEqual(["Told the owner: new lead summary"]);
  });

  it("privateTexts: the alert still shows, and another caller's alerts stay on that caller's pages", async () => {
    const s = await missedCaller({ settings: { privateTexts: true, qualify: { enabled: false } } });
    const other = uniquePhone();
    await callAgain(s, other);
    await eventually(async () => s.carrier.to(other).length === 1);
    await callAgain(s);
    await callAgain(s, other);
    await eventually(async () => bodiesTo(s, s.owner).filter((b) => b.includes("called again")).length === 2);

    const mine = alertLines(await conversationOf(s));
    expect(mine.map((l) => l.words)).toEqual(["Told the owner: called again"]);
    expect(mine[0]!.text).toContain("called again");
    expect(alertLines(await cardOf(s)).map((l) => l.words)).toEqual(["Told the owner: called again"]);
    expect(alertLines(await conversationOf(s, other))).toHaveLength(1);
  });

  it("a VIP's call-back alert shows on their conversation, though their call made no lead", async () => {
    const carrier = mockTwilio();
    const owner = uniquePhone("312");
    const line = await createTwilioLine({ notifyPhone: owner });
    const vip = uniquePhone();
    await apiJson("PUT", `/businesses/${line.businessId}/contacts/${encodeURIComponent(vip)}`, { name: "Maria Lopez", tags: ["vip"] });
    const s: MissedCaller = { line, owner, caller: vip, carrier };
    await callAgain(s);
    await eventually(async () => carrier.to(owner).length === 1);
    expect(carrier.to(vip)).toHaveLength(0);
    const lines = alertLines(await conversationOf(s));
    expect(lines.map((l) => l.words)).toEqual(["Told the owner: VIP called: call them back"]);
    expect(lines[0]!.text).toBe(bodiesTo(s, owner)[0]);
  });
});
