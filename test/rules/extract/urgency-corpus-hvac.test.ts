/**
 * Heating, plumbing and electrical emergencies in the words a homeowner texts in January, and water
 * coming in after a hail storm (DESIGN.md §6.3), read with the home services preset's own words: a
 * furnace that died, a house at 58 degrees, frozen pipes, no power, water pouring in or a tree
 * through the roof page the on-call; a furnace fixed last week, no hot water alone, a cold snap
 * outside, hail damage with nothing coming in, or "asap" alone do not. Carbon monoxide has its own
 * safety words, since it has no smell.
 */
import { describe, expect, it } from "vitest";
import { MAX_SAFETY_WORDS, MAX_URGENT_WORDS, urgentSchema } from "../../../src/lead-settings";
import { PRESETS } from "../../../src/presets";
import { findPhrases } from "../../../src/rules/extract/urgency";
import { triage } from "../../../src/rules/triage";

type Row = [reply: string, page: boolean, safety: boolean];

const PAGE = (reply: string): Row => [reply, true, false];
const DANGER = (reply: string): Row => [reply, true, true];
const CALM = (reply: string): Row => [reply, false, false];

const REPLIES: Row[] = [
  // The trial's own replies
  PAGE("Our furnace is out and we have a 3 month old baby at home. House is down to 58 degrees"),
  PAGE("Furnace died tonight, house is freezing"),
  PAGE("Heater quit, it's 50 degrees inside"),
  PAGE("furnace won't turn on"),
  // Heating out, however it is said
  PAGE("The furnace just died"),
  PAGE("Boiler quit on us this morning"),
  PAGE("furnace is dead"),
  PAGE("Our boiler is broken and the radiators are cold"),
  PAGE("Furnace not working"),
  PAGE("The furnace is not working"),
  PAGE("heater stopped working last night"),
  PAGE("My furnace will not turn on"),
  PAGE("Heat won't come on"),
  PAGE("the heat pump died"),
  PAGE("Furnace's out"),
  PAGE("heating quit"),
  PAGE("boiler went out overnight"),
  PAGE("furnace wont start"),
  // A cold house
  PAGE("It's freezing in here"),
  PAGE("house is so freezing the kids are in coats"),
  PAGE("Thermostat says 52"),
  PAGE("it's only 55 in the house"),
  PAGE("Set to 68 but it's 54 degrees inside"),
  PAGE("It's -20 outside and the house is at 56 degrees"),
  PAGE("12°C inside and dropping"),
  // Pipes, power, cooling
  PAGE("Pipes are frozen in the basement"),
  PAGE("the kitchen pipes froze"),
  PAGE("Power is out in half the house"),
  PAGE("We lost power after the storm"),
  PAGE("AC went out and it's 98 degrees"),
  // A past episode that is back
  PAGE("Basement flooded last week and again today"),
  PAGE("The furnace died last winter and it died again tonight"),
  // Dangers
  DANGER("Outlet is sparking"),
  DANGER("The outlet sparked when I plugged in the heater"),
  DANGER("Carbon monoxide detector is going off"),
  DANGER("Our CO detector is going off"),
  DANGER("CO detector went off twice tonight"),
  DANGER("CO alarm is going off and the kids have headaches"),
  DANGER("smoke coming out of the furnace"),
  // Water coming in, a roof or ceiling giving way, a tree in the house: a hail or wind storm (the storm trial's replies first)
  PAGE("skylight cracked from the hail and water is pouring in"),
  PAGE("big tree limb went through the roof, rain getting in upstairs"),
  PAGE("water coming through the ceiling in the living room!!"),
  PAGE("ceiling is sagging and dripping, scared it's going to come down"),
  PAGE("Roof is leaking into the kids bedroom"),
  PAGE("water is pouring in"),
  PAGE("rain's getting in through the skylight"),
  PAGE("water dripping from the ceiling"),
  PAGE("the window broke and rain is coming in"),
  PAGE("there's a hole in the roof"),
  PAGE("part of the roof blew off"),
  PAGE("the ceiling collapsed in the bathroom"),
  PAGE("the ceiling caved in"),
  PAGE("ceiling came down in the kitchen"),
  PAGE("a tree fell on our house"),
  PAGE("the tree is on the roof"),
  PAGE("fallen tree on the roof"),
  // Words that say only how soon name no emergency: in a storm every caller says them
  CALM("asap"),
  CALM("need someone out asap for an estimate"),
  CALM("right away please, adjuster comes thursday"),
  CALM("it's urgent, the adjuster is coming Friday"),
  CALM("as soon as possible"),
  CALM("today if possible"),
  // Storm damage that is no emergency
  CALM("hail damage, need roof inspection"),
  CALM("there's a water stain spreading on the ceiling, not dripping yet"),
  CALM("the roof isn't leaking, just missing shingles"),
  CALM("a branch fell in the yard, no damage"),
  CALM("Insurance adjuster coming Thursday, need estimate before"),
  // Not urgent: fixed, past, someone else's heater, a cold day outside, no hot water alone
  CALM("furnace was fixed last week, now want a quote on a humidifier"),
  CALM("Our furnace died last winter and we'd like a new one before it gets cold"),
  CALM("The boiler quit 2 years ago, we replaced it, just need a tune-up"),
  CALM("Heat went out but it's working again now"),
  CALM("furnace quit for an hour and then came back on"),
  CALM("My furnace isn't out, it just makes a rattling noise"),
  CALM("The furnace didn't die, the thermostat needs batteries"),
  CALM("Water heater died"),
  CALM("water heater stopped working, no hot water"),
  CALM("we don't have no hot water"),
  CALM("no hot water since yesterday"),
  CALM("It's -20 outside, can you do a furnace tune-up this week?"),
  CALM("The house is 68 degrees, the furnace is just loud"),
  CALM("Set the thermostat to 55 while we're away"),
  CALM("Space heater quit, no big deal"),
  CALM("Want a quote to replace the furnace, it's 20 years old"),
  CALM("Can you install a CO detector?"),
  // An electrician's callers (the solo electrician trial): a shock, a line down, melted or scorched, a burnt smell
  DANGER("my son got shocked by the light switch"),
  DANGER("power line is down in my yard"),
  DANGER("outlet is melted and hot to the touch"),
  DANGER("smells burnt near the breaker box"),
  DANGER("this outlet is scorched black"),
  CALM("burnt out bulb in the hallway, can you swap the fixture?"),
  CALM("need a quote for a new breaker panel"),
  CALM("need a 240 line for the dryer"),
];

describe("home services triage of heating, pipes and power", () => {
  it.each(REPLIES)("%j → page %s, safety message %s", (reply, page, safety) => {
    const found = triage(reply, PRESETS.home_services.settings.urgent);
    expect(found !== null, `found ${JSON.stringify(found)}`).toBe(page);
    expect((found?.safety.length ?? 0) > 0, `found ${JSON.stringify(found)}`).toBe(safety);
  });

  it("keeps the preset's lists within what the settings accept, with room for the business's own words", () => {
    const { words, safetyWords } = PRESETS.home_services.settings.urgent;
    expect(urgentSchema.safeParse({ words, safetyWords }).success).toBe(true);
    // A roofer or a restorer adds their own (the storm trial added eight): the preset leaves them at least 40.
    expect(MAX_URGENT_WORDS - words.length).toBeGreaterThanOrEqual(40);
    expect(MAX_SAFETY_WORDS - safetyWords.length).toBeGreaterThanOrEqual(20);
  });
});

describe("home services safety wording", () => {
  const { safetyWords, safetyMessage, callerMessage } = PRESETS.home_services.settings.urgent;

  it("tells a carbon monoxide alarm to get out and call 911, not that it smells", () => {
    const found = triage("Carbon monoxide detector is going off", PRESETS.home_services.settings.urgent);
    expect(found?.safety.length).toBeGreaterThan(0);
    expect(safetyMessage).toMatch(/carbon monoxide|CO alarm/i);
    expect(safetyMessage).toMatch(/leave/i);
    expect(safetyMessage).toMatch(/911/);
    // CO has no smell: the message must not make a smell the condition for leaving.
    expect(safetyMessage).not.toMatch(/^If you smell gas or see smoke or fire/);
    expect(safetyWords.length).toBeGreaterThan(0);
  });

  it("promises the caller no time the on-call chain may not keep", () => {
    expect(callerMessage).not.toMatch(/\bminutes?\b|\bright away\b|\bimmediately\b/i);
  });
});

describe("a word with slots", () => {
  it.each([
    ["boiler went out", "furnace/boiler is/went out", true],
    ["the heater's out", "furnace/heater is/went out", true],
    ["the furnace is fine", "furnace/boiler is/went out", false],
    ["hot water heater quit", "furnace/heater died/quit", false],
    ["the A/C is out", "a/c", true],
    ["we offer 24/7 service", "24/7", true],
    ["the AC is out", "a/c", false],
  ] as const)("%j says %j: %s", (reply, word, says) => {
    expect(findPhrases(reply, [word])).toEqual(says ? [word] : []);
  });
});
