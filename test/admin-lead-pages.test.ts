/**
 * What a person reads on the lead and conversation pages: answers under their questions in the
 * questions' order, the qualification texts named by what they are, the caller's lead on their
 * conversation (status, urgency and who took the page, value, a way to it, won or lost), a sent
 * text landed on, and the leads list's summary when a business asks nothing.
 */
import { env } from "cloudflare:workers";
import { afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { apiJson, createTwilioLine, dialStatus, eventually, inboundSms, twilioWebhook, uniquePhone, type TwilioLine } from "./support/app";
import { get, newSession, post, type Session } from "./support/admin-session";
import { formatPhone } from "../src/rules/display";
import { mockTwilio } from "./support/carriers";
import { missedCaller, type MissedCaller } from "./support/missed-caller";

afterEach(() => vi.restoreAllMocks());

let session: Session;
beforeAll(async () => {
  session = await newSession();
});

const plumber = (settings: Record<string, unknown> = {}) => missedCaller({ name: "Drip Plumbing", preset: "home_services", settings, bookingUrl: null });

async function reply(line: TwilioLine, from: string, body: string) {
  expect((await twilioWebhook("/webhooks/twilio/sms", inboundSms(line, from, body), line.authToken)).status).toBe(200);
}

const leadOf = async (line: TwilioLine, phone: string) => (await apiJson("GET", `/businesses/${line.businessId}/leads?q=${encodeURIComponent(phone)}`)).leads[0];
const cardPath = (line: TwilioLine, id: string) => `/admin/businesses/${line.businessId}/leads/${id}`;
const conversationPath = (line: TwilioLine, phone: string) => `/admin/businesses/${line.businessId}/conversations/${encodeURIComponent(phone)}`;
const page = async (path: string) => (await get(session, path)).text();

/** The details form's labels: [key, label] in page order. */
const detailLabels = (html: string) => [...html.matchAll(/<label for="field-(\w+)">([^<]*)<\/label>/g)].map((m) => [m[1], m[2]!.replace(/&#39;/g, "'")]);
/** Each outbound text's label and its words, in page order. */
const textLabels = (html: string) => [...html.matchAll(/<li class="out"[^>]*><span class="meta">([^·<]+?) ·.*?<span class="bubble">([^<]*)<\/span>/gs)].map((m) => [m[1]!.trim(), m[2]!.replace(/&#39;/g, "'")]);
/** The conversation's lead line. */
const leadLine = (html: string) => /<section class="card lead-line" id="lead"[^>]*>(.*?)<\/section>/s.exec(html)?.[1];

/** A caller asked the preset's questions who answers them all; the thanks is their fourth text. */
async function qualifiedCaller(): Promise<MissedCaller & { id: string }> {
  const s = await plumber();
  for (const [n, words] of [[2, "Hi, I need a new faucet installed in the bathroom"], [3, "44 Elm Street, Austin"], [4, "No rush, sometime this week"]] as const) {
    await reply(s.line, s.caller, words);
    await eventually(async () => s.carrier.to(s.caller).length === n);
  }
  return { ...s, id: (await leadOf(s.line, s.caller)).id };
}

describe("a lead's answers", () => {
  it("are each under its question, in the questions' order; the texts are named question or thanks", async () => {
    const s = await qualifiedCaller();
    const card = await page(cardPath(s.line, s.id));
    expect(detailLabels(card)).toEqual([
      ["service", "What do you need help with?"],
      ["address", "What's the address of the job?"],
      ["preferredTime", "When would be a good time for us to come?"],
      ["urgency", "How urgent is it: an emergency, this week, or no rush?"],
    ]);
    const texts = [
      ["Question", "Thanks. What's the address of the job?"],
      ["Question", "When would be a good time for us to come?"],
      ["Thanks message", "Thanks, that's everything we need. Someone from Drip Plumbing will call you shortly."],
    ];
    expect(textLabels(card).slice(1)).toEqual(texts);
    expect(textLabels(await page(conversationPath(s.line, s.caller))).slice(1)).toEqual(texts);
  });

  it("are boxes that hold a long answer whole, not one-line inputs, and save what is typed in them", async () => {
    const s = await qualifiedCaller();
    const long = "Hi, I need a new faucet installed in the bathroom, and the shower valve behind the tiles drips too; the house is from 1962";
    expect((await apiJson("PATCH", `/leads/${s.id}`, { fields: { service: long } })).fields.service).toBe(long);
    const card = await page(cardPath(s.line, s.id));
    expect(card).not.toMatch(/<input[^>]+id="field-/);
    expect(card).toContain(`<textarea id="field-service" name="field.service" class="answer" rows="4" maxlength="500">${long}</textarea>`);
    expect(card).toMatch(/<textarea id="new-value" name="newValue" class="answer" rows="1"/);
    expect((await post(session, cardPath(s.line, s.id), { do: "details", name: "", "field.service": "Kitchen faucet", newKey: "gateCode", newValue: "4411 then the side door" })).status).toBe(303);
    expect((await apiJson("GET", `/leads/${s.id}`)).fields).toMatchObject({ service: "Kitchen faucet", gateCode: "4411 then the side door" });
  });

  it("each reply's answers kept show in the card's timeline in words, the last making it qualified", async () => {
    const s = await qualifiedCaller();
    const notes = [...(await page(cardPath(s.line, s.id))).matchAll(/<li class="event"><span class="note">(Answer kept: [^·<]*(?: · qualified)?) ·/g)].map((m) => m[1]!.replace(/&#39;/g, "'").trim());
      // The greeting is no part of the service.
    expect(notes).toEqual([
      "Answer kept: Service “I need a new faucet installed in the bathroom”",
      "Answer kept: Address “44 Elm Street”",
      // One reply can answer two questions ("No rush, sometime this week").
      "Answer kept: Urgency “not urgent”, Preferred time “this week” · qualified",
    ]);
    expect(await page(cardPath(s.line, s.id))).not.toContain("Details changed");
  });

  it("read the same whatever order they were stored in, with details no question asks after them", async () => {
    const s = await plumber();
    const { id } = await leadOf(s.line, s.caller);
    const stored = { gateCode: "4411", preferredTime: "mornings", zip: "78701", urgency: "urgent", address: "12 Oak St", service: "Leak" };
    await env.DB.prepare("UPDATE leads SET fields = ? WHERE id = ?").bind(JSON.stringify(stored), id).run();
    const order = [
      ["service", "What do you need help with?"],
      ["address", "What's the address of the job?"],
      ["preferredTime", "When would be a good time for us to come?"],
      ["urgency", "How urgent is it: an emergency, this week, or no rush?"],
      ["zip", "ZIP code"],
      ["gateCode", "Gate code"],
    ];
    expect(detailLabels(await page(cardPath(s.line, id)))).toEqual(order);
    const reversed = Object.fromEntries(Object.entries(stored).reverse());
    await env.DB.prepare("UPDATE leads SET fields = ? WHERE id = ?").bind(JSON.stringify(reversed), id).run();
    expect(detailLabels(await page(cardPath(s.line, id)))).toEqual(order);
  });
});

describe("the caller's lead on their conversation", () => {
  it("says it is urgent, who took the page and when, its status and value, and links to it", async () => {
    const sam = uniquePhone("737");
    const preset = (await apiJson("GET", "/presets")).presets.find((p: { id: string }) => p.id === "home_services");
    const s = await plumber({ urgent: { ...preset.settings.urgent, onCall: [{ phone: sam, name: "Sam" }] } });
    await reply(s.line, s.caller, "Burst pipe in the basement!! at 12 Oak St");
    await eventually(async () => s.carrier.to(sam).length === 1);
    const waiting = leadLine(await page(conversationPath(s.line, s.caller)))!;
    expect(waiting).toContain("Urgent: nobody has taken the page yet.");
    expect(waiting).toContain('<span class="chip bad">Urgent · not taken</span>');

    await reply(s.line, sam, "OK");
    const lead = await eventually(async () => {
      const l = await leadOf(s.line, s.caller);
      return l.acknowledgedAt ? l : null;
    });
    const line = leadLine(await page(conversationPath(s.line, s.caller)))!;
    expect(line).toContain('<span class="chip ok">Urgent · taken by Sam</span>');
    // Its answers qualified it (the emergency's answer went instead of the next question).
    expect(lead.status).toBe("qualified");
    expect(line).toContain('<span class="chip ">Qualified</span>');
    expect(line).toMatch(new RegExp(`Taken by Sam, ${formatPhone(sam).replace(/[()]/g, "\\$&")} at [A-Z][a-z]{2} \\d{1,2}, \\d{1,2}:\\d{2} [AP]M`));
    expect(line).toContain(`estimated $${(lead.estimatedCents / 100).toFixed(2)}`);
    expect(line).toContain(`<a href="${cardPath(s.line, lead.id)}">Open the lead</a>`);
  });

  it("marks it won without leaving the conversation, and asks why in the dropdown's words when lost has no reason", async () => {
    const s = await plumber();
    const { id } = await leadOf(s.line, s.caller);
    const before = leadLine(await page(conversationPath(s.line, s.caller)))!;
    expect(before).toContain("<summary>Mark won or lost</summary>");
    expect(before).toContain('<input type="hidden" name="back" value="conversation"/>');

    const unexplained = await post(session, cardPath(s.line, id), { do: "status", status: "lost", lostReason: "", back: "conversation" });
    expect(unexplained.status).toBe(400);
    const refusedPage = await unexplained.text();
    expect(refusedPage).toContain("Choose why the lead was lost: Out of area, No response, Price, Other");
    // The card it answers with sends the corrected post back to the conversation too.
    expect(refusedPage).toContain('<input type="hidden" name="back" value="conversation"/>');
    expect((await leadOf(s.line, s.caller)).status).toBe("new");

    const won = await post(session, cardPath(s.line, id), { do: "status", status: "won", wonDollars: "380", back: "conversation" });
    expect(won.status).toBe(303);
    expect(won.headers.get("location")).toBe(`${conversationPath(s.line, s.caller)}?done=saved#lead`);
    expect(await leadOf(s.line, s.caller)).toMatchObject({ status: "won", wonCents: 38_000 });
    const after = leadLine(await page(conversationPath(s.line, s.caller)))!;
    expect(after).toContain('<span class="chip ok">Won</span>');
    expect(after).toContain("won $380.00");
    // A closed lead is reopened on its card, not from here.
    expect(after).not.toContain("Mark won or lost");
  });

  it("is not there for a phone with no lead (the owner's own)", async () => {
    const s = await plumber();
    await reply(s.line, s.caller, "Leaking toilet");
    await eventually(async () => s.carrier.to(s.owner).length >= 1);
    const owners = await page(conversationPath(s.line, s.owner));
    expect(owners).toContain("Conversation with");
    expect(leadLine(owners)).toBeUndefined();
  });
});

describe("a text sent from the page", () => {
  it.each([
    ["the conversation", (s: MissedCaller) => `${conversationPath(s.line, s.caller)}/reply`, (s: MissedCaller) => conversationPath(s.line, s.caller)],
    ["the lead card", (s: MissedCaller, id: string) => `${cardPath(s.line, id)}/reply`, (s: MissedCaller, id: string) => cardPath(s.line, id)],
  ])("lands on the text just sent, on %s", async (_where, action, back) => {
    const s = await plumber();
    const { id } = await leadOf(s.line, s.caller);
    const res = await post(session, action(s, id), { body: "Technician arriving in 30 minutes", requestKey: crypto.randomUUID().replace(/-/g, "") });
    expect(res.status).toBe(303);
    const location = res.headers.get("location")!;
    const [path, anchor] = location.split("#") as [string, string];
    expect(path).toBe(`${back(s, id)}?done=reply_sent`);
    const { messages } = await apiJson("GET", `/businesses/${s.line.businessId}/messages`);
    const sent = messages.find((m: { body: string }) => m.body === "Technician arriving in 30 minutes");
    expect(decodeURIComponent(anchor)).toBe(sent.id);
    const html = await page(path);
    // Named by who wrote it: this session is the owner's, by the admin token.
    expect(html).toMatch(new RegExp(`<li class="out" id="${sent.id}"><span class="meta">The owner \\(admin token\\) ·.*?Technician arriving in 30 minutes</span></li>`, "s"));
  });
});

describe("the leads list's summary", () => {
  it("is the caller's latest words, cut short, for a business that asks no questions; answers when there are some", async () => {
    mockTwilio();
    const line = await createTwilioLine({ name: "Quiet Dental" });
    const [talker, answered, silent] = [uniquePhone(), uniquePhone(), uniquePhone()];
    for (const phone of [talker, answered, silent]) await twilioWebhook("/webhooks/twilio/dial-status", dialStatus(line, phone, "no-answer"), line.authToken);
    await eventually(async () => (await apiJson("GET", `/businesses/${line.businessId}/leads`)).leads.length === 3);
    await reply(line, talker, "Hi");
    const long = "My crown came off last night while eating and now the tooth underneath is really sensitive to cold, can someone see me this week please? Mornings are best for me.";
    await reply(line, talker, long);
    await eventually(async () => (await leadOf(line, talker)).firstReplyAt);
    await apiJson("PATCH", `/leads/${(await leadOf(line, answered)).id}`, { fields: { service: "Cleaning", preferredTime: "Friday" } });
    await reply(line, answered, "Thanks!");

    const html = await page(`/admin/businesses/${line.businessId}/leads`);
    const summary = (phone: string) => {
      const item = new RegExp(`<li class="lead">((?:(?!</li>).)*?${phone.slice(-4)}</strong>(?:(?!</li>).)*)</li>`, "s").exec(html)![1]!;
      return /<span class="summary">([^<]*)<\/span>/.exec(item)?.[1]?.replace(/&#39;/g, "'");
    };
    expect(summary(talker)).toBe("My crown came off last night while eating and now the tooth underneath is really sensitive to cold, can someone see me this week please…");
    expect(summary(talker)!.length).toBeLessThanOrEqual(140);
    expect(summary(answered)).toBe("Cleaning · Friday");
    expect(summary(silent)).toBeUndefined();
  });
});
