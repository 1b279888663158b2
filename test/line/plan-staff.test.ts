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
  // Maria's text reached the owner first, 5 minutes ago; Bob's 4 minutes ago.
  const choice = { reached: [{ caller: MARIA, at: NOW - 300_000 }, { caller: BOB, at: NOW - 240_000 }], held: null };
  const ownerPlan = (body: string, over: Partial<InboundPlanInput> = {}) => plan(OWNER, body, { lastRelayedCaller: BOB, ownerLastCaller: BOB, ownerChoice: choice, ...over });
  const question = "Textback: Which caller? Reply 1 for (415) 234-5630, 2 for (415) 234-5640.";

  it.each(["On our way", "W 450", "L", "B", "BLOCK", "Yes"])("%j is held and the owner asked, oldest first; nothing reaches a caller and no lead changes", (body) => {
    const p = ownerPlan(body);
    expect(p).toMatchObject({ decision: "owner:which_caller", ownerHeld: { text: body, at: NOW, choices: [MARIA, BOB] }, lead: null, stops: null, answeredCaller: null, cancelPagesOf: [] });
    expect(sent(p)).toEqual([["command_reply", OWNER, question]]);
  });

  it.each(["STOP", "HELP", "OK all", "UNDO", "ok", `${MARIA} On our way`])("%j is not asked about", (body) => {
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
    expect(again).toMatchObject({ decision: "owner:looks_like_shortcut", ownerHeld: null, lead: null, answeredCaller: null });
    expect(sent(again)).toEqual([["command_reply", OWNER, expect.stringMatching(/^Textback: Not sent: "3" looks like a shortcut\. A number answers Which caller\?, and none is waiting\. .* Your held reply "On our way" was not sent\.$/)]]);
    const shortcut = ownerPlan(`${MARIA} W 450`, { ownerChoice: { ...choice, held } });
    expect(shortcut.lead).toMatchObject({ does: "command", reply: { applied: { row: { body: 'Textback: Marked won $450: (415) 234-5630. Your held reply "On our way" was not sent.' } } } });
  });

  it("one caller's text in the last 2 minutes: the text goes to them, confirmed, unasked", () => {
    const recent = { ...choice, reached: [{ caller: MARIA, at: NOW - 300_000 }, { caller: BOB, at: NOW - 30_000 }] };
    const p = ownerPlan("On my way, 15 min", { ownerChoice: recent, lastAnsweredCaller: MARIA });
    expect(p).toMatchObject({ decision: "owner:manual", answeredCaller: BOB });
    expect(sent(p)).toEqual([
      ["manual", BOB, "On my way, 15 min"],
      ["command_reply", OWNER, "Textback: sent to (415) 234-5640."],
    ]);
  });

  it("right after the owner took Maria's page or texted her, a plain text goes to her, though Bob texted last", () => {
    const p = ownerPlan("On my way, 15 min", { ownerChoice: { ...choice, lastAct: { caller: MARIA, at: NOW - 20_000 } }, lastAnsweredCaller: MARIA });
    expect(sent(p)).toEqual([["manual", MARIA, "On my way, 15 min"]]);
  });

  it("a caller not to offer (blocked, lead closed, page another phone took) leaves one: the text goes to them", () => {
    const callers = { [MARIA]: { offer: true, hint: "Sarah J." }, [BOB]: { offer: false, hint: null } };
    const p = ownerPlan("On my way", { ownerChoice: { ...choice, callers } });
    expect(p).toMatchObject({ decision: "owner:manual", answeredCaller: MARIA });
  });

  it("the question names each caller by a hint, and offers three of five, saying how to reach the rest", () => {
    const five = ["+17205550101", "+17205550102", "+17205550103", "+17205550104", "+17205550105"];
    const reached = five.map((caller, i) => ({ caller, at: NOW - 600_000 + i * 60_000 }));
    const callers = Object.fromEntries(five.map((c, i) => [c, { offer: true, hint: `Roof ${i + 1}` }]));
    const p = ownerPlan("On our way", { ownerChoice: { reached, held: null, callers } });
    expect(p.ownerHeld).toMatchObject({ choices: five.slice(2), more: 2 });
    expect(sent(p)[0]![2]).toBe("Textback: Which caller? Reply 1 for Roof 3 (720) 555-0103, 2 for Roof 4 (720) 555-0104, 3 for Roof 5 (720) 555-0105. 2 more: put their number first.");
  });
});

describe("the owner's OK", () => {
  const choice = { reached: [{ caller: MARIA, at: NOW - 300_000 }, { caller: BOB, at: NOW - 30_000 }], held: null };
  const paged = { pagedCaller: null, pagedCallers: [MARIA, BOB], lastRelayedCaller: BOB, ownerLastCaller: BOB, ownerChoice: choice };

  it.each(["OK", "1", "ok!"])("%j with one page open takes it, though another caller's text came since", (body) => {
    const p = plan(OWNER, body, { ...paged, openPages: [MARIA] });
    expect(p).toMatchObject({ decision: "owner:acknowledged", lead: { does: "acknowledge", phone: MARIA }, cancelPagesOf: [MARIA] });
    expect(sent(p)).toEqual([["command_reply", OWNER, "Textback: thanks, it's yours. Call (415) 234-5630 now."]]);
  });

  it("a yes takes the one page open while the page is the newest text; after a newer relay it answers that caller", () => {
    expect(plan(OWNER, "yes", { ...paged, pagedCaller: MARIA, lastRelayedCaller: MARIA, openPages: [MARIA] })).toMatchObject({ decision: "owner:acknowledged", lead: { phone: MARIA } });
    const p = plan(OWNER, "Yes", { ...paged, openPages: [MARIA] });
    expect(p).toMatchObject({ decision: "owner:manual", answeredCaller: BOB, cancelPagesOf: [] });
    expect(sent(p)[0]).toEqual(["manual", BOB, "Yes"]);
  });

  it("with two pages open asks about those two only, oldest first", () => {
    const p = plan(OWNER, "OK", { ...paged, openPages: [BOB, MARIA], ownerChoice: { ...choice, reached: [...choice.reached, { caller: CALLER, at: NOW - 10_000 }] } });
    expect(p).toMatchObject({ decision: "owner:which_caller", ownerHeld: { text: "OK", choices: [MARIA, BOB] } });
  });

  it("with no page open is sent to nobody, and the owner told how to send it", () => {
    const p = plan(OWNER, "ok", { lastRelayedCaller: BOB, ownerLastCaller: BOB });
    expect(p).toMatchObject({ decision: "owner:looks_like_shortcut", lead: null, answeredCaller: null });
    expect(sent(p)).toEqual([["command_reply", OWNER, 'Textback: Not sent: "ok" looks like a shortcut. OK takes an urgent page, and none is open. To text it to (415) 234-5640, reply SEND ok']]);
    const asWritten = plan(OWNER, "SEND ok", { lastRelayedCaller: BOB, ownerLastCaller: BOB });
    expect(sent(asWritten)[0]).toEqual(["manual", BOB, "ok"]);
  });
});

describe("a text that looks like a shortcut, and UNDO", () => {
  const relayed = { lastRelayedCaller: MARIA, ownerLastCaller: MARIA };

  it.each([OWNER, SAM])("from %s, with a caller's number first or not: sent to nobody, the sender told", (from) => {
    for (const body of ["booked tmrw 10am", `${BOB} booked tmrw 10am`]) {
      const p = plan(from, body, relayed);
      expect(p).toMatchObject({ decision: `${from === OWNER ? "owner" : "staff"}:looks_like_shortcut`, lead: null, answeredCaller: null, stops: null });
      expect(sent(p)).toEqual([["command_reply", from, expect.stringMatching(/^Textback: Not sent: .*booked tmrw 10am" looks like a shortcut\. B alone marks it booked\./)]]);
    }
  });

  it("UNDO takes back the sender's last shortcut within 10 minutes; older, or none, is said so", () => {
    const lastShortcut = { caller: MARIA, causeId: "in_n_1_SM0", at: NOW - 60_000, command: { kind: "won" as const, cents: 9_500 } };
    const p = plan(OWNER, "undo", { ...relayed, lastShortcut });
    expect(p).toMatchObject({ decision: "owner:undo", lead: { does: "undo", phone: MARIA, shortcut: lastShortcut }, texts: [] });
    if (p.lead?.does === "undo") expect(p.lead.reply.applied.row).toMatchObject({ toPhone: OWNER, body: "Textback: Undone: won $95 for (415) 234-5630." });
    for (const over of [{ lastShortcut: { ...lastShortcut, at: NOW - 11 * 60_000 } }, { lastShortcut: null }]) {
      const none = plan(OWNER, "UNDO", { ...relayed, ...over });
      expect(none).toMatchObject({ decision: "owner:undo_none", lead: null });
      expect(sent(none)).toEqual([["command_reply", OWNER, "Textback: nothing to undo: no shortcut of yours in the last 10 minutes."]]);
    }
  });
});
