/**
 * How the planned texts to the business's own phones speak of a caller: named when the business
 * knows their name, and with `privateTexts` by a link instead of their words (rules/staff-texts.ts).
 */
import { describe, expect, it } from "vitest";
import { planInboundText, type InboundPlanInput } from "../../src/line/plan-inbound";
import type { LineContext } from "../../src/line/types";
import { CALLER, inboundText, lineContext } from "./fixtures";

const NOW = Date.UTC(2026, 11, 7, 16, 0, 5);
const OWNER = "+13125550199";
const LINK = `https://textback.example/admin/businesses/b_1/conversations/${CALLER}`;

function plan(body: string, ctx: LineContext, over: Partial<InboundPlanInput> = {}) {
  return planInboundText({ msg: inboundText(body), ctx, consent: null, lastRelayedCaller: null, lastAnsweredCaller: null, ownerLastCaller: null, targetConsent: {}, pagedCaller: null, pagedCallers: [], openPages: [], pagesToTake: [], callerPages: { paged: [], taken: null }, pausedStaff: [], ownerChoice: { reached: [], held: null }, lastTextedAt: null, qualifying: null, warned: false, today: "2026-12-07", remindedToday: true, now: NOW, ...over });
}

const lead = (name: string | null, fields: Record<string, string> = {}): LineContext["lead"] => ({ id: "l_1", status: "engaged", name, fields, handedOver: false, urgent: false });
const toOwner = (p: ReturnType<typeof plan>) => p.texts.filter((t) => t.row.toPhone === OWNER).map((t) => t.row.body);

describe("a relay names the caller the business knows", () => {
  it("by their contact's first name and initial, before their lead's name", () => {
    const ctx = lineContext({ contact: { name: "Maria Garcia", tags: [] }, lead: lead("Mary") });
    expect(toOwner(plan("Is 3 ok?", ctx))).toEqual(["Textback: Maria G. (415) 555-2671 replied: Is 3 ok?"]);
  });

  it("by their lead's name, else by number alone", () => {
    expect(toOwner(plan("Is 3 ok?", lineContext({ lead: lead("Tom Nguyen") })))).toEqual(["Textback: Tom N. (415) 555-2671 replied: Is 3 ok?"]);
    expect(toOwner(plan("Is 3 ok?", lineContext()))).toEqual(["Textback: (415) 555-2671 replied: Is 3 ok?"]);
  });

  it("by number alone when the name would halve what fits (UCS-2), and the reply keeps its segment budget", () => {
    const long = "word ".repeat(200).trim();
    const [named] = toOwner(plan(long, lineContext({ lead: lead("Tom Nguyen") })));
    expect(named).toMatch(/^Textback: Tom N\. \(415\) 555-2671 replied: word word/);
    expect(named!.length).toBeLessThanOrEqual(459);
    expect(toOwner(plan("Is 3 ok?", lineContext({ lead: lead("Жанна Ким") })))).toEqual(["Textback: (415) 555-2671 replied: Is 3 ok?"]);
  });
});

describe("privateTexts: no caller's words on the business's phones", () => {
  const priv = (over: Parameters<typeof lineContext>[0] = {}) => lineContext({ ...over, settings: { privateTexts: true, ...over.settings } });

  it("a reply: who, when they were missed, and the link; the day's reminder and a review note stay", () => {
    const p = plan("I have severe pain, Delta Dental PPO", priv({ lead: lead("Maria Garcia") }), { lastTextedAt: Date.UTC(2026, 11, 7, 15, 42), remindedToday: false });
    expect(toOwner(p)).toEqual([`Textback: new reply from Maria G. (415) 555-2671 (missed call 9:42 AM). Open: ${LINK}\nReply to answer them. W 450 when won, L if lost, B if booked.`]);
    expect(p.relayedCaller).toBe(CALLER);
    const review = toOwner(plan("Stop. I found someone else", priv()));
    expect(review).toEqual([`Textback: new reply from (415) 555-2671. Open: ${LINK}\n(They may be asking for no more texts. If so, opt them out under Consent on the admin page.)`]);
  });

  it("an opt-out: who, not what they texted", () => {
    expect(toOwner(plan("Stop texting me", priv()))).toEqual(["Textback: (415) 555-2671 opted out: no more texts to them from Acme Plumbing, from any of its numbers."]);
  });

  it("an opt-in: who, not what they texted", () => {
    expect(toOwner(plan("START", priv(), { consent: { optedOut: true, at: NOW - 60_000 } }))).toEqual(["Textback: (415) 555-2671 opted back in: texts to them from Acme Plumbing can go out again."]);
  });

  it("the qualified lead's summary: who (the name they just gave) and the link, none of the answers", () => {
    const qualify = { enabled: true, questions: [{ key: "service", ask: "What do you need?", required: true }, { key: "name", ask: "Your name?", required: true }] };
    const ctx = priv({ settings: { qualify }, lead: lead(null, { service: "Severe tooth pain" }) });
    const p = plan("Tom Nguyen", ctx, { qualifying: { leadId: "l_1", fields: { service: "Severe tooth pain" }, asked: "name", done: false, at: NOW - 60_000 } });
    expect(toOwner(p)).toEqual([`Textback: new lead qualified: Tom N. (415) 555-2671. Open: ${LINK}. Reply to text them, W 450 when won, L if lost.`]);
  });

  it("a page and its escalations: who and the link, no words and no address", () => {
    const urgent = { enabled: true, words: ["severe pain"], onCall: [{ phone: "+17372345601", name: "Sam" }], escalateAfterMinutes: 10 };
    const p = plan("Severe pain, 12 Oak St", priv({ settings: { urgent }, lead: lead("Maria Garcia", { address: "12 Oak St" }) }));
    const page = `URGENT: Maria G. (415) 555-2671 needs help now. Open: ${LINK}. Reply OK to take it.`;
    expect(p.texts.filter((t) => t.row.kind === "page").map((t) => t.row.body)).toEqual([page]);
    expect(p.urgent!.held.map((h) => [h.text.row.toPhone, h.text.row.body])).toEqual([[OWNER, page.replace(" Reply OK", " Escalated: Sam didn't take it. Reply OK")]]);
  });

  it("a voicemail's words: who and the link", () => {
    const p = plan("Hi, this is Maria, my crown fell out", priv(), { msg: inboundText("Hi, this is Maria, my crown fell out", { transcript: true }) });
    expect(toOwner(p)).toEqual([`Textback: new voicemail from (415) 555-2671. Open: ${LINK}`]);
  });
});
