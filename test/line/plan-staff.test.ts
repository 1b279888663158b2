import { describe, expect, it } from "vitest";
import { planInboundText, type InboundPlanInput } from "../../src/line/plan-inbound";
import { CALLER, inboundText, lineContext } from "./fixtures";

const NOW = Date.UTC(2026, 11, 7, 16, 0, 5);
const OWNER = "+13125550199";
const SAM = "+17372345601";
const [MARIA, BOB] = ["+14152345630", "+14152345640"];

const ctx = (over: Parameters<typeof lineContext>[0] = {}) => lineContext({ settings: { urgent: { onCall: [{ phone: SAM, name: "Sam" }] } }, ...over });

function baseInput(): InboundPlanInput {
  return { msg: inboundText(""), ctx: ctx(), consent: null, lastRelayedCaller: null, lastAnsweredCaller: null, ownerLastCaller: null, targetConsent: {}, pagedCaller: null, pagedCallers: [], openPages: [], pagesToTake: [], callerPages: { paged: [], taken: null }, pausedStaff: [], ownerChoice: { reached: [], held: null }, lastTextedAt: null, qualifying: null, warned: false, today: "2026-12-07", remindedToday: true, now: NOW };
}

function plan(from: string, body: string, over: Partial<InboundPlanInput> = {}) {
  return planInboundText({ ...baseInput(), msg: inboundText(body, { from }), ...over });
}

const sent = (p: ReturnType<typeof plan>) => p.texts.map((t) => [t.row.kind, t.row.toPhone, t.row.body]);

describe("STOP and START from the business's own people", () => {
  it.each([
    [OWNER, "owner"],
    [SAM, "staff"],
  ])("%s's STOP goes to the consent ledger, the line's own records and the webhook, and is confirmed once", (from, label) => {
    const p = plan(from, "STOP", { ctx: ctx({ hasWebhook: true }) });
    expect(p).toMatchObject({ decision: `${label}:stop`, label, consent: { kind: "opt_out", source: "keyword" }, localConsent: { optedOut: true, at: NOW }, staffPaused: { phone: from, paused: true } });
    expect(p.events).toEqual([{ type: "consent.changed", key: "consent_in_n_1_SM1", data: { phone: from, status: "opted_out", source: "keyword" } }]);
    expect(sent(p)).toEqual([["command_reply", from, "Textback: paused. No more relays, pages, alerts or summaries to this phone from any of Acme Plumbing's numbers until you text START."]]);
    // Nothing about a caller changes.
    expect(p).toMatchObject({ cancelReason: null, lead: null, relayedCaller: null });
  });

  it("START opts back in; HELP changes no consent; a STOP the carrier answered gets no second confirmation", () => {
    expect(plan(SAM, "START")).toMatchObject({ decision: "staff:start", consent: { kind: "opt_in", source: "keyword" }, localConsent: { optedOut: false, at: NOW }, staffPaused: { phone: SAM, paused: false } });
    const help = plan(SAM, "HELP");
    expect(help).toMatchObject({ decision: "staff:help", consent: null, localConsent: null, staffPaused: null });
    expect(sent(help)[0]![2]).toMatch(/^Textback: pages come here\. OK takes the newest page; a caller's number then OK takes theirs; OK all takes every page still open\. Other texts go to the caller you were last paged about\./);
    const confirmed = plan(OWNER, "STOP", { msg: inboundText("STOP", { from: OWNER, carrierConfirmed: true }) });
    expect(confirmed).toMatchObject({ consent: { kind: "opt_out" }, texts: [] });
  });
});

describe("an on-call person's other texts", () => {
  it("answer the caller of their latest page, as the owner's answer the latest relay", () => {
    const p = plan(SAM, "I'm 10 minutes away", { lastRelayedCaller: MARIA, ownerLastCaller: MARIA });
    expect(p).toMatchObject({ decision: "staff:manual", label: "staff", answeredCaller: MARIA, lead: { does: "human_reply", phone: MARIA } });
    expect(sent(p)).toEqual([
      ["manual", MARIA, "I'm 10 minutes away"],
      ["command_reply", SAM, "Textback: sent to (415) 234-5630."],
    ]);
    expect(sent(plan(SAM, "Parking now", { lastRelayedCaller: MARIA, lastAnsweredCaller: MARIA }))).toEqual([["manual", MARIA, "Parking now"]]);
  });

  it("before they take the page, the confirmation says how to take it", () => {
    const p = plan(SAM, "Calling you now", { lastRelayedCaller: MARIA, pagedCaller: MARIA, pagedCallers: [MARIA], openPages: [MARIA] });
    expect(sent(p)[1]).toEqual(["command_reply", SAM, "Textback: sent to (415) 234-5630. To take the page, reply just OK."]);
    const other = plan(SAM, `${BOB} On my way`, { lastRelayedCaller: MARIA, pagedCaller: MARIA, pagedCallers: [MARIA], openPages: [MARIA] });
    expect(sent(other)[1]![2]).toBe("Textback: sent to (415) 234-5640. To take the page for (415) 234-5630, reply just OK.");
  });

  it("a shortcut acts on the lead of their latest page, or of the caller it names", () => {
    const p = plan(SAM, "W 450", { lastRelayedCaller: MARIA, ownerLastCaller: MARIA });
    expect(p).toMatchObject({ decision: "staff:won", texts: [], lead: { does: "command", phone: MARIA, command: { kind: "won", cents: 45_000 } } });
    if (p.lead?.does === "command") expect(p.lead.reply.applied.row).toMatchObject({ toPhone: SAM, body: "Textback: Marked won $450: (415) 234-5630" });
    expect(plan(SAM, `${BOB} L`, { lastRelayedCaller: MARIA, ownerLastCaller: MARIA }).lead).toMatchObject({ phone: BOB, command: { kind: "lost" } });
  });

  it("with no page to refer to, they are told so, and nothing else happens", () => {
    const answer = plan(SAM, "running late today");
    expect(answer).toMatchObject({ decision: "staff:no_conversation", lead: null, answeredCaller: null });
    expect(sent(answer)).toEqual([["command_reply", SAM, expect.stringMatching(/^Textback: no page to answer yet\. .*\+14155552671 On my way$/)]]);
    const shortcut = plan(SAM, "W 450");
    expect(shortcut).toMatchObject({ decision: "staff:no_conversation", lead: null });
    expect(sent(shortcut)).toEqual([["command_reply", SAM, "Textback: Nothing marked: no page to apply it to yet. Put their number first, like +14155552671 W 450"]]);
    // The owner's shortcut says "caller", and the owner's text to nobody stays unanswered as before.
    expect(sent(plan(OWNER, "W 450"))[0]![2]).toMatch(/no caller to apply it to yet/);
    expect(sent(plan(OWNER, "hello?"))).toEqual([]);
  });

  it("an OK once their page is closed is never an answer to the caller", () => {
    const p = plan(SAM, "OK", { lastRelayedCaller: MARIA, ownerLastCaller: MARIA });
    expect(p).toMatchObject({ decision: "staff:page_taken", lead: null, answeredCaller: null });
    expect(sent(p)).toEqual([["command_reply", SAM, "Textback: nothing to take: the page for (415) 234-5630 is no longer open (taken, or over a day old)."]]);
    // Named, it is an answer to that caller (the owner's rule).
    expect(plan(SAM, `${BOB} OK`, { lastRelayedCaller: MARIA })).toMatchObject({ decision: "staff:manual", answeredCaller: BOB });
  });
});

describe("an answer to a caller who opted out", () => {
  const stopped = { optedOut: true, at: Date.UTC(2026, 11, 3, 18), source: "keyword" as const };

  it.each([
    [OWNER, "owner"],
    [SAM, "staff"],
  ])("from %s: not sent, no lead change, and the sender told why", (from, label) => {
    const p = plan(from, "Sorry to bother you, the part came in", { lastRelayedCaller: CALLER, targetConsent: { [CALLER]: stopped } });
    expect(p).toMatchObject({ decision: `${label}:opted_out`, lead: null, answeredCaller: null });
    expect(sent(p)).toEqual([["command_reply", from, "Textback: not sent to (415) 555-2671: they texted STOP on Dec 3, 2026. Nothing goes to them until they text START."]]);
  });

  it("names the caller by number too, and says so of an opt-out that was not a text; a later START lets it go", () => {
    const byAdmin = { optedOut: true, at: Date.UTC(2026, 11, 3, 18), source: "admin" as const };
    const p = plan(OWNER, `${MARIA} Your part is in`, { lastRelayedCaller: CALLER, targetConsent: { [MARIA]: byAdmin } });
    expect(sent(p)[0]![2]).toBe("Textback: not sent to (415) 234-5630: they are opted out since Dec 3, 2026. Nothing goes to them until they text START.");
    const back = plan(OWNER, "Your part is in", { lastRelayedCaller: CALLER, targetConsent: { [CALLER]: { optedOut: false, at: NOW - 1000 } } });
    expect(back).toMatchObject({ decision: "owner:manual", answeredCaller: CALLER });
  });
});

describe("OK all", () => {
  it("takes every page the sender did not take themselves, the open ones' escalation canceled; never an answer to a caller", () => {
    const p = plan(SAM, "OK all", { lastRelayedCaller: MARIA, pagedCaller: MARIA, openPages: [MARIA], pagesToTake: [MARIA, BOB] });
    expect(p).toMatchObject({ decision: "staff:acknowledged_all", lead: { does: "acknowledge_all", phones: [MARIA, BOB], by: { phone: SAM, name: "Sam" } }, cancelPagesOf: [MARIA], answeredCaller: null });
    expect(sent(p)).toEqual([["command_reply", SAM, "Textback: thanks Sam, took 2 pages: (415) 234-5630, (415) 234-5640. Call them now."]]);
  });

  it("plans telling those paged before about each caller who took it, never the sender, one who texted STOP, nor anything in test mode", () => {
    const ALEX = "+17372345602";
    const over = { pagedCaller: MARIA, openPages: [MARIA], pagesToTake: [MARIA], pagedCallers: [MARIA], pagedAbout: { [MARIA]: [ALEX, SAM, OWNER] }, pausedStaff: [OWNER] };
    const took = "Textback: Sam took the page for (415) 234-5630. Nothing to do.";
    for (const body of ["OK", "OK all"]) {
      const p = plan(SAM, body, over);
      expect(sent(p).slice(1)).toEqual([["command_reply", ALEX, took]]);
      if (p.lead?.does === "acknowledge_all") expect(p.lead.told).toEqual({ [MARIA]: [p.texts[1]!.row.id] });
      const shadow = plan(SAM, body, { ...over, ctx: ctx({ settings: { shadow: true, urgent: { onCall: [{ phone: SAM, name: "Sam" }] } } }) });
      expect(sent(shadow)).toHaveLength(1);
    }
  });

  it("with no page of theirs, says so and takes nothing", () => {
    for (const from of [SAM, OWNER]) {
      const p = plan(from, "okall", { lastRelayedCaller: MARIA });
      expect(p).toMatchObject({ lead: null, cancelPagesOf: [] });
      expect(sent(p)).toEqual([["command_reply", from, "Textback: no page open to take."]]);
    }
  });
});

describe("the owner's text with two callers in the last 10 minutes", () => {
  const choice = { reached: [BOB, MARIA], held: null };
  const ownerPlan = (body: string, over: Partial<InboundPlanInput> = {}) => plan(OWNER, body, { lastRelayedCaller: BOB, ownerLastCaller: BOB, ownerChoice: choice, ...over });

  it.each(["On our way", "W 450", "L", "B", "BLOCK", "OK", "Yes"])("%j is held and the owner asked, newest first; nothing reaches a caller and no lead changes", (body) => {
    const p = ownerPlan(body);
    expect(p).toMatchObject({ decision: "owner:which_caller", ownerHeld: { text: body, at: NOW, choices: [BOB, MARIA] }, lead: null, stops: null, answeredCaller: null, cancelPagesOf: [] });
    expect(sent(p)).toEqual([["command_reply", OWNER, "Textback: Which caller? Reply 1 for (415) 234-5640, 2 for (415) 234-5630."]]);
  });

  it.each(["STOP", "HELP", "OK all", `${MARIA} On our way`])("%j is not asked about", (body) => {
    expect(ownerPlan(body).decision).not.toBe("owner:which_caller");
  });

  it("a number picks the caller: the held text goes as if it named them, confirmed, and is no longer held", () => {
    const held = { text: "On our way", at: NOW - 60_000, choices: [BOB, MARIA] };
    const p = ownerPlan("2", { ownerChoice: { ...choice, held }, lastAnsweredCaller: MARIA });
    expect(p).toMatchObject({ decision: "owner:manual", answeredCaller: MARIA, ownerHeld: null, lead: { does: "human_reply", phone: MARIA } });
    expect(sent(p)).toEqual([
      ["manual", MARIA, "On our way"],
      ["command_reply", OWNER, "Textback: sent to (415) 234-5630."],
    ]);
    const won = ownerPlan("1", { ownerChoice: { ...choice, held: { ...held, text: "W 450" } } });
    expect(won).toMatchObject({ decision: "owner:won", lead: { does: "command", phone: BOB }, ownerHeld: null });
  });

  it("a number past the choices, or another text, drops the held text and says so", () => {
    const held = { text: "On our way", at: NOW - 60_000, choices: [BOB, MARIA] };
    const named = ownerPlan(`${MARIA} See you at 3`, { ownerChoice: { ...choice, held } });
    expect(named).toMatchObject({ decision: "owner:manual", ownerHeld: null, answerNote: ' Your held reply "On our way" was not sent.' });
    expect(sent(named)[1]).toEqual(["command_reply", OWNER, 'Textback: sent to (415) 234-5630. Your held reply "On our way" was not sent.']);
    const again = ownerPlan("3", { ownerChoice: { ...choice, held } });
    expect(again).toMatchObject({ decision: "owner:which_caller", ownerHeld: { text: "3" } });
    expect(sent(again)[0]![2]).toBe('Textback: Which caller? Reply 1 for (415) 234-5640, 2 for (415) 234-5630. Your held reply "On our way" was not sent.');
    const shortcut = ownerPlan(`${MARIA} W 450`, { ownerChoice: { ...choice, held } });
    expect(shortcut.lead).toMatchObject({ does: "command", reply: { applied: { row: { body: 'Textback: Marked won $450: (415) 234-5630. Your held reply "On our way" was not sent.' } } } });
  });
});
