import { describe, expect, it } from "vitest";
import { planInboundText, type InboundPlanInput } from "../../src/line/plan-inbound";
import { CALLER, inboundText, lineContext } from "./fixtures";

const NOW = Date.UTC(2026, 11, 7, 16, 0, 5);

function plan(body: string, over: Partial<InboundPlanInput> = {}) {
  return planInboundText({ msg: inboundText(body), ctx: lineContext(), consent: null, lastRelayedCaller: null, lastAnsweredCaller: null, ownerLastCaller: null, targetConsent: {}, pagedCaller: null, pagedCallers: [], openPages: [], pagesToTake: [], callerPages: { paged: [], taken: null }, pausedStaff: [], ownerChoice: { reached: [], held: null }, lastTextedAt: null, qualifying: null, warned: false, today: "2026-12-07", remindedToday: true, now: NOW, ...over });
}

describe("planInboundText", () => {
  it("a STOP: one confirmation, the line records the opt-out, pending texts are canceled, the webhook hears of it", () => {
    const p = plan("STOP", { ctx: lineContext({ hasWebhook: true }) });
    expect(p).toMatchObject({ eventId: "sms:SM1", decision: "inbound:opt_out", label: "opt_out", cancelReason: "opted_out", relayedCaller: null });
    expect(p.consent).toEqual({ kind: "opt_out", source: "keyword" });
    expect(p.localConsent).toEqual({ optedOut: true, at: NOW });
    expect(p.texts.map((t) => [t.row.id, t.row.kind, t.row.toPhone])).toEqual([
      ["m_n_1_SM1_opt_out", "opt_out", CALLER],
      ["m_n_1_SM1_opted_out", "relay", "+13125550199"],
    ]);
    // The owner hears of it (by national number), but it is not a relay their next text answers.
    expect(p.texts[1]!.row.body).toBe("Textback: (415) 555-2671 texted STOP and is opted out: no more texts to them from Acme Plumbing, from any of its numbers.");
    expect(p.events).toEqual([{ type: "consent.changed", key: "consent_in_n_1_SM1", data: { phone: CALLER, status: "opted_out", source: "keyword" } }]);
    expect(p.inbound).toMatchObject({ id: "in_n_1_SM1", kind: "opt_out", direction: "inbound", status: "received", body: "STOP" });
  });

  it("a START after a STOP: one confirmation, and the owner hears of it as they heard of the STOP", () => {
    const p = plan("START", { consent: { optedOut: true, at: NOW - 60_000 } });
    expect(p).toMatchObject({ decision: "inbound:opt_in", relayedCaller: null, localConsent: { optedOut: false, at: NOW } });
    expect(p.texts.map((t) => [t.row.id, t.row.kind, t.row.toPhone])).toEqual([
      ["m_n_1_SM1_opt_in", "opt_in", CALLER],
      ["m_n_1_SM1_opted_in", "relay", "+13125550199"],
    ]);
    expect(p.texts[1]!.row.body).toBe("Textback: (415) 555-2671 texted START and is opted back in: texts to them from Acme Plumbing can go out again.");
  });

  it("a START tells nobody of an opt-in when the caller was not opted out, or the owner's phone texted STOP", () => {
    // From someone never opted out it is an ordinary reply, relayed as one.
    expect(plan("START").texts.map((t) => t.row.body)).toEqual(["Textback: (415) 555-2671 replied: START"]);
    const paused = plan("START", { consent: { optedOut: true, at: NOW - 60_000 }, pausedStaff: ["+13125550199"] });
    expect(paused.texts.map((t) => t.row.toPhone)).toEqual([CALLER]);
  });

  it("a second STOP gets no second confirmation", () => {
    expect(plan("STOP", { consent: { optedOut: true, at: NOW - 1000 } }).texts).toEqual([]);
  });

  it("a reply is relayed to the owner with the time of the missed call, and the owner's next text answers this caller", () => {
    const p = plan("Can you come at 3?", { lastTextedAt: Date.UTC(2026, 11, 7, 15, 42), ctx: lineContext({ hasWebhook: true }) });
    expect(p).toMatchObject({ decision: "inbound:reply", cancelReason: "replied", relayedCaller: CALLER, localConsent: null });
    expect(p.texts).toHaveLength(1);
    expect(p.texts[0]!.row).toMatchObject({ kind: "relay", toPhone: "+13125550199", body: "Textback: (415) 555-2671 (missed call 9:42 AM) replied: Can you come at 3?" });
    expect(p.events.map((e) => e.type)).toEqual(["reply.received"]);
  });

  it("records no events for a business without a webhook", () => {
    expect(plan("STOP").events).toEqual([]);
  });

  it("the owner's text answers the newest relayed caller", () => {
    const p = plan("On our way", { msg: inboundText("On our way", { from: "+13125550199" }), lastRelayedCaller: CALLER });
    expect(p).toMatchObject({ decision: "owner:manual", label: "owner", relayedCaller: null });
    expect(p.texts.map((t) => [t.row.kind, t.row.toPhone, t.row.body])).toEqual([
      ["manual", CALLER, "On our way"],
      ["command_reply", "+13125550199", "Textback: sent to (415) 555-2671."],
    ]);
    expect(p.answeredCaller).toBe(CALLER);
    // Confirmed once per person answered, not on every text of a conversation.
    const next = plan("Running 5 min late", { msg: inboundText("Running 5 min late", { from: "+13125550199" }), lastRelayedCaller: CALLER, lastAnsweredCaller: CALLER });
    expect(next.texts.map((t) => t.row.kind)).toEqual(["manual"]);
  });

  it("the owner can name the caller, and with no conversation nothing is sent", () => {
    const named = plan("", { msg: inboundText("(415) 555-2671: Be there at 5", { from: "+13125550199" }) });
    expect(named.texts.map((t) => [t.row.toPhone, t.row.body])[0]).toEqual([CALLER, "Be there at 5"]);
    const none = plan("", { msg: inboundText("hello?", { from: "+13125550199" }) });
    expect(none).toMatchObject({ decision: "owner:no_conversation", texts: [] });
  });

  it("an owner's shortcut acts on the newest relayed caller's lead and answers the owner, never the caller", () => {
    const p = plan("W 450", { msg: inboundText("W 450", { from: "+13125550199" }), lastRelayedCaller: CALLER });
    expect(p).toMatchObject({ decision: "owner:won", texts: [], lead: { does: "command", phone: CALLER, command: { kind: "won", cents: 45_000 } } });
    if (p.lead?.does !== "command") return;
    expect(p.lead.reply.applied.row).toMatchObject({ kind: "command_reply", toPhone: "+13125550199", body: "Textback: Marked won $450: (415) 555-2671" });
    expect(p.lead.reply.none.row.body).toMatch(/no open lead/);
  });

  describe("the owner's shortcuts", () => {
    const OWNER = "+13125550199";
    const [MARIA, BOB] = ["+14152345630", "+14152345640"];
    const fromOwner = (body: string, over: Partial<InboundPlanInput> = {}) => plan(body, { msg: inboundText(body, { from: OWNER }), ...over });

    it.each([
      ["W $1,200", "won", { kind: "won", cents: 120_000 }],
      ["WON 450", "won", { kind: "won", cents: 45_000 }],
      ["L price", "lost", { kind: "lost", reason: "price", note: null }],
      ["B", "booked", { kind: "booked" }],
      ["BLOCK", "block", { kind: "block" }],
    ])("after a caller's number, %j acts on that caller's lead and texts the caller nothing", (shortcut, kind, command) => {
      const p = fromOwner(`+14152345630 ${shortcut}`, { lastRelayedCaller: BOB, ownerLastCaller: BOB });
      expect(p).toMatchObject({ decision: `owner:${kind}`, texts: [], answeredCaller: null, lead: { does: "command", phone: MARIA, command } });
      // Automation stops for that caller: their held follow-up, and (closed or blocked) their escalation.
      expect(p.stops).toEqual({ phone: MARIA, reason: { won: "lead_won", lost: "lead_lost", booked: "lead_booked", block: "blocked" }[kind] });
      if (p.lead?.does !== "command") return;
      expect(p.lead.reply.applied.row).toMatchObject({ kind: "command_reply", toPhone: OWNER, body: expect.stringContaining("(415) 234-5630") });
    });

    it("alone, acts on the caller the owner dealt with last, not the newest relay", () => {
      // Bob's reply reached the owner, then the owner answered Maria.
      const p = fromOwner("won 300", { lastRelayedCaller: BOB, lastAnsweredCaller: MARIA, ownerLastCaller: MARIA });
      expect(p.lead).toMatchObject({ does: "command", phone: MARIA, command: { kind: "won", cents: 30_000 } });
      if (p.lead?.does !== "command") return;
      expect(p.lead.reply.applied.row.body).toBe("Textback: Marked won $300: (415) 234-5630");
    });

    it("an amount read two ways changes nothing, asks the owner again and texts the caller nothing", () => {
      const p = fromOwner("+14152345630 W 12,34", { lastRelayedCaller: BOB });
      expect(p).toMatchObject({ decision: "owner:unclear_amount", lead: null, answeredCaller: null });
      expect(p.texts.map((t) => [t.row.kind, t.row.toPhone, t.row.body])).toEqual([
        ["command_reply", OWNER, 'Textback: Nothing marked for (415) 234-5630: which amount is "12,34"? Reply with the number and the amount again, like +14152345630 W 1200 or +14152345630 W 1,200.50'],
      ]);
    });

    it("with nobody to act on, says how to name the caller", () => {
      const p = fromOwner("W 450");
      expect(p).toMatchObject({ decision: "owner:no_conversation", lead: null });
      expect(p.texts.map((t) => t.row.body)).toEqual([expect.stringMatching(/^Textback: Nothing marked: .*\+14155552671 W 450$/)]);
    });

    it("\"+1… OK\" takes that caller's untaken page; with none to take it is an answer to them", () => {
      const taken = fromOwner("+14152345630 OK", { lastRelayedCaller: BOB, pagedCaller: MARIA, pagedCallers: [MARIA] });
      expect(taken).toMatchObject({ decision: "owner:acknowledged", cancelPagesOf: [MARIA], lead: { does: "acknowledge", phone: MARIA } });
      expect(taken.texts.map((t) => t.row.toPhone)).toEqual([OWNER]);
      const answer = fromOwner("+14152345630 OK", { lastRelayedCaller: BOB });
      expect(answer).toMatchObject({ decision: "owner:manual", answeredCaller: MARIA, stops: { phone: MARIA, reason: "handed_over" } });
      expect(taken.stops).toBeNull();
      expect(answer.texts[0]!.row).toMatchObject({ kind: "manual", toPhone: MARIA, body: "OK" });
    });

    it("a bare OK takes the owner's page while it is the newest text they got; after a newer relay, with no page open, it reaches nobody and a Yes answers that caller", () => {
      expect(fromOwner("OK", { lastRelayedCaller: MARIA, pagedCaller: MARIA, pagedCallers: [MARIA] })).toMatchObject({ decision: "owner:acknowledged", cancelPagesOf: [MARIA] });
      const later = fromOwner("OK", { lastRelayedCaller: BOB, pagedCaller: MARIA, pagedCallers: [MARIA] });
      expect(later).toMatchObject({ decision: "owner:looks_like_shortcut", answeredCaller: null, cancelPagesOf: [], lead: null });
      expect(fromOwner("Yes", { lastRelayedCaller: BOB, pagedCaller: MARIA, pagedCallers: [MARIA] })).toMatchObject({ decision: "owner:manual", answeredCaller: BOB });
    });
  });

  it("a blocked caller's text is kept but reaches nobody and engages no lead; a STOP is still confirmed and noted", () => {
    const blocked = lineContext({ contact: { name: null, tags: ["blocked"] }, settings: { qualify: { enabled: true } } });
    const reply = plan("Call me back now", { ctx: blocked });
    expect(reply).toMatchObject({ decision: "inbound:reply", texts: [], relayedCaller: null, lead: null, qualify: null, urgent: null });
    expect(reply.inbound).toMatchObject({ kind: "reply", body: "Call me back now" });
    const stop = plan("STOP", { ctx: blocked });
    expect(stop.texts.map((t) => [t.row.kind, t.row.toPhone])).toEqual([["opt_out", CALLER]]);
    expect(stop.lead).toEqual({ does: "opt_out", phone: CALLER });
  });

  it("the day's first relay reminds the owner of the shortcuts", () => {
    const p = plan("Can you come at 3?", { remindedToday: false });
    expect(p.texts[0]!.row.body).toMatch(/\nReply to answer them\. W 450 when won, L if lost/);
    expect(p.relayHintDay).toBe("2026-12-07");
    expect(plan("Can you come at 3?").relayHintDay).toBeNull();
  });

  describe("a caller's words during qualification and an emergency", () => {
    const OWNER = "+13125550199";
    const SAM = "+17372345601";
    const LEAD = { id: "l_1", status: "engaged" as const, name: null, fields: { service: "Leaky pipe" }, handedOver: false, urgent: false };
    const questions = [{ key: "service", ask: "What do you need?" }, { key: "emergency", ask: "Is it an emergency?" }, { key: "address", ask: "What's the address?" }];
    const settings = { qualify: { enabled: true, questions }, urgent: { enabled: true, words: ["flooding"], safetyWords: ["smell gas"], safetyMessage: "Leave now and call 911.", callerMessage: "Help is coming." } };
    const asking = (body: string, over: Partial<InboundPlanInput> = {}) =>
      plan(body, { ctx: lineContext({ settings, lead: LEAD, hasWebhook: true }), qualifying: { leadId: "l_1", fields: { service: "Leaky pipe" }, asked: "emergency", done: false, at: NOW - 60_000 }, ...over });
    const sent = (p: ReturnType<typeof plan>) => p.texts.map((t) => [t.row.kind, t.row.toPhone, t.row.body]);

    it("\"Yes\" answers the question asked: stored as the answer, no consent change, no consent event", () => {
      const p = asking("Yes");
      expect(p).toMatchObject({ label: "reply", consent: null, localConsent: null, qualifying: { asked: "address", fields: { emergency: "Yes" } } });
      expect(p.qualify?.lead.answers).toEqual({ emergency: "Yes" });
      expect(sent(p)).toEqual([["qualify", CALLER, "What's the address?"]]);
      expect(p.events.map((e) => e.type)).toEqual(["reply.received"]);
    });

    it("\"Don't text\" opts out like STOP: one confirmation, the owner told, no more questions", () => {
      const p = asking("Don't text");
      expect(p).toMatchObject({ label: "opt_out", consent: { kind: "opt_out", source: "intent" }, qualify: null, qualifying: { done: true } });
      expect(sent(p).map(([kind, to]) => [kind, to])).toEqual([["opt_out", CALLER], ["relay", OWNER]]);
    });

    it("a text that may be an opt-out gets no question: the owner reads it, told why", () => {
      const p = asking("Stop. I already found someone");
      expect(p).toMatchObject({ label: "reply", consent: null, qualify: null, qualifying: undefined, relayedCaller: CALLER });
      expect(sent(p)).toEqual([["relay", OWNER, "Textback: (415) 555-2671 replied: Stop. I already found someone\n(They may be asking for no more texts. If so, opt them out under Consent on the admin page.)"]]);
    });

    it("\"can you stop by tomorrow?\" is an ordinary answer, and a question a person answers", () => {
      expect(sent(asking("can you stop by tomorrow?"))).toEqual([
        ["qualify", CALLER, "Someone from our team will answer your question. What's the address?"],
        ["relay", OWNER, "Textback: (415) 555-2671 replied: can you stop by tomorrow?\n(They asked a question: we told them someone will answer it.)"],
      ]);
    });

    it("a danger on a lead already urgent gets the safety message once, and nobody is paged again", () => {
      const urgentLead = { ...LEAD, urgent: true };
      const first = asking("now I smell gas too", { ctx: lineContext({ settings, lead: urgentLead }) });
      // No page of theirs in the line's memory: the owner hears of the danger.
      const alert = 'DANGER (415) 555-2671: "now I smell gas too". They got the safety message.';
      expect(sent(first)).toEqual([["urgent_reply", CALLER, "Leave now and call 911."], ["alert", OWNER, alert]]);
      // The safety message went instead of the next question: it stays planned, marked unsent.
      expect(first).toMatchObject({ urgent: null, warned: true, qualifying: { asked: "address", unsent: true } });
      const taken = asking("now I smell gas too", { ctx: lineContext({ settings, lead: { ...urgentLead, name: "Maria" } }), callerPages: { paged: [OWNER, SAM], taken: { by: SAM } } });
      expect(sent(taken)[1]).toEqual(["alert", SAM, 'DANGER (415) 555-2671, Maria: "now I smell gas too". They got the safety message.']);
      const again = asking("I smell gas still", { ctx: lineContext({ settings, lead: urgentLead }), warned: true });
      expect(sent(again)).toEqual([["qualify", CALLER, "What's the address?"]]);
      expect(again).toMatchObject({ urgent: null, warned: null });
      const flooding = asking("flooding worse now", { ctx: lineContext({ settings, lead: urgentLead }) });
      expect(flooding).toMatchObject({ urgent: null, warned: null });
    });

    it("a business that does not triage still answers a danger with the safety message, and pages nobody", () => {
      const noTriage = { ...settings, urgent: { ...settings.urgent, enabled: false } };
      const p = asking("I smell gas in the kitchen", { ctx: lineContext({ settings: noTriage, lead: LEAD }) });
      expect(sent(p)[0]).toEqual(["urgent_reply", CALLER, "Leave now and call 911."]);
      // No emergency is opened, so none would end a warning: the next danger is warned of again.
      expect(p).toMatchObject({ urgent: null, warned: null });
      const later = asking("there's smoke, I smell gas", { ctx: lineContext({ settings: noTriage, lead: LEAD }), warned: true });
      expect(sent(later)[0]).toEqual(["urgent_reply", CALLER, "Leave now and call 911."]);
      expect(sent(asking("basement is flooding", { ctx: lineContext({ settings: noTriage, lead: LEAD }) }))).toEqual([["qualify", CALLER, "What's the address?"]]);
    });

    it("a known customer's first urgent text: an owner paged at once gets the page alone; one paged later gets the relay now", () => {
      const customer = { contact: { name: "Margaret Olson", tags: ["customer"] } };
      const toOwner = (p: ReturnType<typeof plan>) => sent(p).filter(([, to]) => to === OWNER).map(([kind]) => kind);
      for (const tags of [["customer"], ["vip"]]) {
        const alone = plan("Basement is flooding", { ctx: lineContext({ settings, ...customer, contact: { name: "Margaret Olson", tags } }) });
        expect(alone.urgent?.paged).toEqual([OWNER]);
        expect(toOwner(alone)).toEqual(["page"]);
      }
      const ownerFirst = { ...settings, urgent: { ...settings.urgent, onCall: [{ phone: OWNER, name: "Dave" }, { phone: SAM, name: "Sam" }] } };
      expect(toOwner(plan("Basement is flooding", { ctx: lineContext({ settings: ownerFirst, ...customer }) }))).toEqual(["page"]);
      const samFirst = { ...settings, urgent: { ...settings.urgent, onCall: [{ phone: SAM, name: "Sam" }] } };
      const later = plan("Basement is flooding", { ctx: lineContext({ settings: samFirst, ...customer }) });
      expect(later.urgent).toMatchObject({ paged: [SAM], held: [{ text: { row: { toPhone: OWNER } } }] });
      expect(toOwner(later)).toEqual(["relay"]);
    });

    it("a new emergency notes whether the caller was warned of a danger", () => {
      const gas = asking("I smell gas and the basement is flooding");
      expect(gas).toMatchObject({ warned: true, urgent: { paged: [OWNER] } });
      expect(sent(gas)[0]).toEqual(["urgent_reply", CALLER, "Leave now and call 911. Help is coming."]);
      expect(asking("basement is flooding", { warned: true })).toMatchObject({ warned: false, urgent: { paged: [OWNER] } });
    });
  });
});
