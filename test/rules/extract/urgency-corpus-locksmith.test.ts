/**
 * A 24/7 locksmith's callers (DESIGN.md §6.3), read with the locksmith preset's own words: a lockout
 * pages the on-call, however it is said; a child or a pet shut in a car is a danger (911 first); a
 * rekey, a quote or keys locked in a car with nobody inside it are not. The same lockout is no
 * emergency of a plumber's.
 */
import { describe, expect, it } from "vitest";
import { MAX_SAFETY_WORDS, MAX_URGENT_WORDS, urgentSchema } from "../../../src/lead-settings";
import { PRESETS } from "../../../src/presets";
import { triage } from "../../../src/rules/triage";

type Row = [reply: string, page: boolean, safety: boolean];

const PAGE = (reply: string): Row => [reply, true, false];
const DANGER = (reply: string): Row => [reply, true, true];
const CALM = (reply: string): Row => [reply, false, false];

const REPLIES: Row[] = [
  // The trial's own replies
  PAGE("locked myself out"),
  PAGE("I'm locked out of my house"),
  PAGE("locked out of my car at the HEB on Burnet"),
  DANGER("my son is locked in the car"),
  DANGER("dog in the car and it's hot"),
  DANGER("baby locked in car"),
  // A lockout, however it is said
  PAGE("Locked out!!"),
  PAGE("we locked ourselves out of the apartment"),
  PAGE("Lockout at 412 Elm St"),
  PAGE("I locked my keys in the car"),
  PAGE("keys are locked inside the truck"),
  PAGE("left my keys in the car and it's locked"),
  PAGE("can't get into my house"),
  PAGE("lost my keys and I'm stuck outside"),
  PAGE("key snapped off in the lock"),
  PAGE("someone broke in and the door won't lock"),
  // A child or a pet in a car
  DANGER("my daughter is locked inside the car"),
  DANGER("toddler locked in the van, keys on the seat"),
  DANGER("my dog is in the car, it's 95 out"),
  DANGER("the kids are still in the car"),
  DANGER("infant trapped in the car"),
  DANGER("there's an intruder in the house"),
  // Not an emergency
  CALM("how much for a rekey"),
  CALM("need 3 copies of a house key"),
  CALM("want a quote on a smart lock for the front door"),
  CALM("can you make a spare key fob for a 2019 Camry"),
  CALM("no rush, sometime next week for a lock change"),
  CALM("the kids are not in the car"),
  CALM("got a new car, need a second key"),
];

describe("locksmith triage of lockouts and cars", () => {
  it.each(REPLIES)("%j → page %s, safety message %s", (reply, page, safety) => {
    const found = triage(reply, PRESETS.locksmith.settings.urgent);
    expect(found !== null, `found ${JSON.stringify(found)}`).toBe(page);
    expect((found?.safety.length ?? 0) > 0, `found ${JSON.stringify(found)}`).toBe(safety);
  });

  it("keeps the preset's lists within what the settings accept, with room for the business's own words", () => {
    const { words, safetyWords } = PRESETS.locksmith.settings.urgent;
    expect(urgentSchema.safeParse({ words, safetyWords }).success).toBe(true);
    expect(MAX_URGENT_WORDS - words.length).toBeGreaterThanOrEqual(40);
    expect(MAX_SAFETY_WORDS - safetyWords.length).toBeGreaterThanOrEqual(20);
  });
});

describe("a lockout is a locksmith's emergency, not a plumber's", () => {
  it.each(["locked myself out", "I'm locked out of my house"])("%j pages no plumber", (reply) => {
    expect(triage(reply, PRESETS.home_services.settings.urgent)).toBeNull();
  });
});

describe("locksmith safety wording", () => {
  const { safetyMessage, callerMessage } = PRESETS.locksmith.settings.urgent;

  it("tells a caller with a child or a pet in the car to call 911 now", () => {
    expect(safetyMessage).toMatch(/child/);
    expect(safetyMessage).toMatch(/pet/);
    expect(safetyMessage).toMatch(/call 911 now/);
  });

  it("promises the caller no time the on-call chain may not keep", () => {
    expect(callerMessage).not.toMatch(/\bminutes?\b|\bright away\b|\bimmediately\b/i);
  });
});
