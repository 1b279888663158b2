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
    ["YES", false, false, null, "opt_in", true],
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

  it("records free-text opt-outs with source intent", () => {
    expect(planInbound(classifyKeyword("stop texting me"), false, false).consent).toEqual({ kind: "opt_out", source: "intent" });
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

  it("lets only confirmations, HELP answers and owner relays reach an opted-out phone", () => {
    expect(["opt_out", "help", "relay"].every((k) => !requiresConsent(k))).toBe(true);
    expect(["missed_call", "after_hours", "voicemail", "follow_up", "manual", "opt_in"].every(requiresConsent)).toBe(true);
  });
});
