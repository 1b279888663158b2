import { describe, expect, it } from "vitest";
import { PRESETS } from "../../../src/presets";
import { saysNoLongerNeeded } from "../../../src/rules/extract/no-longer-needed";
import { triage } from "../../../src/rules/triage";

describe("saysNoLongerNeeded", () => {
  it.each([
    // The trial's own
    "nvm found my spare key",
    "never mind, got in",
    "all good now, no longer need you",
    // Others said the same way
    "Nevermind",
    "NVM my wife came home with the key",
    "ok never mind we got the door open",
    "found the spare key under the mat, sorry!",
    "don’t need you anymore, thanks",
    "we're good now thanks",
    "figured it out, thanks anyway",
    "managed to get in thx",
    "disregard, landlord let me in",
    // An electrician's callers
    "nvm the breaker reset",
    "never mind, power came back on",
    "power's back on, all good",
    "breaker reset, we're good",
  ])("%j calls it off", (text) => {
    expect(saysNoLongerNeeded(text)).toBe(true);
  });

  it.each([
    "never mind the car, my son is locked in the house",
    "locked out of my car",
    "Nick",
    "I found my keys but they're snapped in half",
    "got in the car and locked the keys in the trunk",
    "still need you, couldn't find the spare",
    "nvm the price, can you come tonight?",
    "I need a spare key made",
    "all good, it's 12 Oak St",
    "the breaker won't reset",
    "power came back on but the outlet is still sparking",
    "power is back on in half the house",
    "nvm the breaker, the outlet is smoking",
  ])("%j does not", (text) => {
    expect(saysNoLongerNeeded(text)).toBe(false);
  });
});

/** The line calls a request off only when triage finds nothing in the same words (line/plan-called-off.ts callsOff). */
describe("a call-off that names an emergency", () => {
  it.each([
    ["nvm got in, but I smell gas", "home_services"],
    ["nvm, got in but my dog is still in the car", "locksmith"],
  ] as const)("%j is still triaged (%s)", (text, preset) => {
    expect(saysNoLongerNeeded(text)).toBe(true);
    expect(triage(text, PRESETS[preset].settings.urgent)?.safety.length).toBeGreaterThan(0);
  });

  it("a lockout said to be over is none", () => {
    expect(triage("never mind, got in, no longer locked out", PRESETS.locksmith.settings.urgent)).toBeNull();
  });
});
