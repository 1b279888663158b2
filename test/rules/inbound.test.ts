import { describe, expect, it } from "vitest";
import { consentStatus, requiresConsent } from "../../src/rules/consent";
import { parseOwnerReply, planInbound } from "../../src/rules/inbound";
import { classifyKeyword } from "../../src/rules/keywords";

describe("planInbound", () => {
  it.each([
    // text, opted out, carrier confirmed → reply, consent kind, relay
    ["STOP", false, false, "opt_out", "opt_out", false],
    ["STOP", true, false, null, "opt_out", false],
    ["STOP", false, true, null, "opt_out", false],
    ["START", true, false, "opt_in", "opt_in", false],
    ["START", true, true, null, "opt_in", false],
    // An opt-in word from someone who never opted out is an answer: no consent change.
    ["YES", false, false, null, null, true],
    ["Start", false, false, null, null, true],
    ["UNSTOP", false, true, null, null, true],
    ["YES", true, false, "opt_in", "opt_in", false],
    ["unstop", true, false, "opt_in", "opt_in", false],
    ["HELP", false, false, "help", "help", false],
    ["HELP", true, false, "help", "help", false],
    ["Can you come at 3?", false, false, null, null, true],
    ["cancel my appointment for friday", false, false, null, null, true],
  ] as const)("%j (opted out %s, carrier confirmed %s) → reply %s, consent %s, relay %s", (text, optedOut, confirmed, reply, consent, relay) => {
    const plan = planInbound(classifyKeyword(text), optedOut, confirmed);
    expect(plan.reply).toBe(reply);
    expect(plan.consent?.kind ?? null).toBe(consent);
    expect(plan.relay).toBe(relay);
  });

  it("records free-text opt-outs with source intent, and confirms them once like STOP", () => {
    for (const text of ["stop texting me", "Don't text", "No more", "Do not contact me", "Stop sending"]) {
      expect(planInbound(classifyKeyword(text), false, false), text).toMatchObject({ consent: { kind: "opt_out", source: "intent" }, reply: "opt_out", relay: false, label: "opt_out" });
      expect(planInbound(classifyKeyword(text), true, false).reply, text).toBeNull();
    }
  });

  it.each([
    ["Stop, I found someone else", "possible_opt_out"],
    ["please cancel", "cancellation_request"],
    ["Can you come at 3?", null],
    ["can you stop by tomorrow?", null],
    ["YES", null],
  ] as const)("%j is a reply, for a person to read before automation answers: %s", (text, review) => {
    const plan = planInbound(classifyKeyword(text), false, false);
    expect(plan).toMatchObject({ consent: null, reply: null, relay: true, label: "reply", review });
  });
});

describe("parseOwnerReply", () => {
  it.each([
    ["+14155552671 On our way!", "+14155552671", "On our way!"],
    ["(415) 555-2671: On our way", "+14155552671", "On our way"],
    ["415.555.2671 - see you at 3", "+14155552671", "see you at 3"],
    ["1 415 555 2671 ok", "+14155552671", "ok"],
    ["On our way!", null, "On our way!"],
    ["Call 415 555 2671 later", null, "Call 415 555 2671 later"],
  ])("%j → %s / %j", (body, to, text) => {
    expect(parseOwnerReply(body)).toEqual({ to, text });
  });
});

describe("consentStatus", () => {
  it.each([
    [[], "none"],
    [[{ kind: "implied_by_call" }], "implied"],
    [[{ kind: "help" }], "none"],
    [[{ kind: "implied_by_call" }, { kind: "opt_out" }], "opted_out"],
    [[{ kind: "opt_out" }, { kind: "opt_in" }], "opted_in"],
    [[{ kind: "opt_out" }, { kind: "opt_in" }, { kind: "help" }, { kind: "opt_out" }], "opted_out"],
  ])("%j → %s", (events, status) => {
    expect(consentStatus(events)).toBe(status);
  });

  it("lets only confirmations, HELP answers and the answers to the business's own people reach an opted-out phone", () => {
    expect(["opt_out", "help", "command_reply"].every((k) => !requiresConsent(k))).toBe(true);
    expect(["missed_call", "after_hours", "voicemail", "follow_up", "manual", "opt_in"].every(requiresConsent)).toBe(true);
    // An owner or on-call phone that texted STOP gets none of the automated texts to the business's people.
    expect(["relay", "page", "alert", "digest"].every(requiresConsent)).toBe(true);
  });
});
