import { describe, expect, it } from "vitest";
import { NO_PAGE_OPEN, stillOpenWords, takeAllText, takePageHint } from "../../src/rules/page-taken";
import { countSegments } from "../../src/rules/encoding";
import { dangerAlertTo, dangerText, isAcknowledgement, isTakeAll, pageDangerWords, pageSchedule, pageText, pageWithAddress, pageWithDanger, triage, urgentResponse } from "../../src/rules/triage";
import { RELAY_MAX_SEGMENTS } from "../../src/rules/outbound-guard";

const settings = { words: ["burst pipe", "flooding", "no heat"], safetyWords: ["gas smell", "smoke"], onCall: [{ phone: "+15125550101", name: "Sam" }, { phone: "+15125550102", name: "Alex" }], escalateAfterMinutes: 10 };

describe("triage", () => {
  it.each([
    ["Burst pipe! Basement flooding", { safety: [], urgent: ["burst pipe", "flooding"] }],
    ["there's a gas smell and no heat", { safety: ["gas smell"], urgent: ["no heat"] }],
    ["smoke from the furnace", { safety: ["smoke"], urgent: [] }],
    ["no flooding, just a drip", null],
    ["Can you come Tuesday?", null],
  ])("%j → %j", (reply, expected) => {
    expect(triage(reply, settings)).toEqual(expected);
  });
});

describe("urgentResponse", () => {
  const gas = { safety: ["gas smell"], urgent: [] };
  const flood = { safety: [], urgent: ["flooding"] };
  it.each([
    // A lead not urgent yet is paged (and warned first, when there is a danger).
    [gas, { urgent: false, warned: false }, "page"],
    [flood, { urgent: false, warned: true }, "page"],
    // Already urgent: paged once already; a danger is warned of once.
    [gas, { urgent: true, warned: false }, "warn"],
    [{ safety: ["smoke"], urgent: ["flooding"] }, { urgent: true, warned: false }, "warn"],
    [gas, { urgent: true, warned: true }, null],
    [flood, { urgent: true, warned: false }, null],
  ] as const)("%j on a lead %j → %s", (found, lead, expected) => {
    expect(urgentResponse({ safety: [...found.safety], urgent: [...found.urgent] }, lead)).toBe(expected);
  });

  it("without triage a danger is still warned of, once, and nobody is paged", () => {
    expect(urgentResponse(gas, { urgent: false, warned: false }, false)).toBe("warn");
    expect(urgentResponse(gas, { urgent: false, warned: true }, false)).toBeNull();
    expect(urgentResponse(flood, { urgent: false, warned: false }, false)).toBeNull();
  });
});

describe("pageSchedule", () => {
  it("pages the on-call list in order, escalating every escalateAfterMinutes, then the owner, each once", () => {
    expect(pageSchedule(settings, "+13125550199", 1_000)).toEqual([
      { phone: "+15125550101", name: "Sam", at: 1_000 },
      { phone: "+15125550102", name: "Alex", at: 601_000 },
      { phone: "+13125550199", name: null, at: 1_201_000 },
    ]);
    expect(pageSchedule({ ...settings, onCall: [] }, "+13125550199", 0)).toEqual([{ phone: "+13125550199", name: null, at: 0 }]);
    expect(pageSchedule({ ...settings, onCall: [{ phone: "+13125550199", name: "Owner" }] }, "+13125550199", 0)).toHaveLength(1);
  });
});

describe("the page and its acknowledgement", () => {
  it("says who, their words, where, and how to take it", () => {
    expect(pageText({ phone: "+14155552671", name: null, address: "12 Oak St" }, "Burst pipe!")).toBe('URGENT +14155552671: "Burst pipe!" 12 Oak St. Reply OK to take it.');
  });

  it("names a caller the business knows and their number, so whoever reads it can call back", () => {
    const caller = { phone: "(612) 234-7003", name: "Margaret Olson", address: null };
    expect(pageText(caller, "No heat again tonight")).toBe('URGENT Margaret Olson (612) 234-7003: "No heat again tonight". Reply OK to take it.');
  });

  it("gives the address only when the caller's words do not already say it", () => {
    const caller = { phone: "(612) 234-7003", name: null, address: "4521 Bryant Ave N" };
    expect(pageText(caller, "4521 bryant ave. N, we have no heat")).toBe('URGENT (612) 234-7003: "4521 bryant ave. N, we have no heat". Reply OK to take it.');
    expect(pageText(caller, "We have no heat")).toBe('URGENT (612) 234-7003: "We have no heat" 4521 Bryant Ave N. Reply OK to take it.');
    // A house number is no address: 4521 Bryant Ave N is not in "14521 Bryant Ave North".
    expect(pageText(caller, "14521 Bryant Ave North")).toContain('" 4521 Bryant Ave N.');
  });

  it("says what the caller needs when the words that made it urgent do not: 'it's leaking' alone tells a technician nothing of the job", () => {
    const caller = { phone: "(469) 230-8710", name: null, address: "9402 Lakemont Dr", need: "hail damage, need roof inspection" };
    expect(pageText(caller, "now it's leaking in the kitchen")).toBe(
      'URGENT (469) 230-8710: "now it\'s leaking in the kitchen" 9402 Lakemont Dr. Need: hail damage, need roof inspection. Reply OK to take it.',
    );
    // Their words already say it (their first reply was the emergency): once.
    expect(pageText({ ...caller, need: "Burst pipe in the basement" }, "Burst pipe in the basement!!")).toBe('URGENT (469) 230-8710: "Burst pipe in the basement!!" 9402 Lakemont Dr. Reply OK to take it.');
    expect(pageText({ ...caller, need: "  " }, "water pouring in")).toBe('URGENT (469) 230-8710: "water pouring in" 9402 Lakemont Dr. Reply OK to take it.');
    // A long answer is cut short, so the caller's own words stay whole within the page's segments.
    const long = pageText({ ...caller, need: "roof ".repeat(60) }, "water ".repeat(25).trim(), { danger: ["gas"], before: "Sam" });
    expect(countSegments(long).segments).toBeLessThanOrEqual(3);
    expect(long).toContain(`"${"water ".repeat(25).trim()}" 9402 Lakemont Dr. Need: ${"roof ".repeat(20).slice(0, 97)}... They got`);
  });

  it("a danger says so first, and that the caller got the safety message", () => {
    const caller = { phone: "(612) 234-7003", name: null, address: null };
    expect(pageText(caller, "I smell gas", { danger: ["smell gas"] })).toBe('URGENT, DANGER (smell gas) (612) 234-7003: "I smell gas". They got the safety message. Reply OK to take it.');
  });

  it("an escalation says who did not take it, within the cap, the caller's words cut first", () => {
    const caller = { phone: "(612) 234-7003", name: "Margaret Olson", address: "4521 Bryant Ave N" };
    expect(pageText(caller, "No heat", { before: "Sam" })).toBe('URGENT Margaret Olson (612) 234-7003: "No heat" 4521 Bryant Ave N. Escalated: Sam didn\'t take it. Reply OK to take it.');
    const long = pageText({ ...caller, name: "Ł".repeat(30) }, "ł".repeat(150), { danger: ["gas"], before: "Sam" });
    expect(countSegments(long).segments).toBeLessThanOrEqual(3);
    expect(long).toMatch(/^URGENT, DANGER \(gas\) Ł{30} \(612\) 234-7003: "ł+… They got the safety message\. Escalated: Sam didn't take it\. Reply OK to take it\.$/);
  });

  it.each([
    ["OK", true], ["ok!", true], ["1", true], ["Yes", true], ["on it", true],
    // an OK with thanks is still an OK
    ["Ok thanks", true], ["ok got it", true], ["k thx", true], ["Okay, thank you!", true], ["got it, on it", true], ["OK all", false],
    ["OK but I'm 40 minutes out", false], ["no", false], ["W 450", false], ["thanks", false], ["thank you so much", false], ["ok I'll call you in 5", false], ["", false],
  ])("%j takes it: %s", (body, taken) => {
    expect(isAcknowledgement(body)).toBe(taken);
  });
});

describe("a danger new to a paged emergency", () => {
  const [owner, sam, alex] = ["+13125550199", "+15125550101", "+15125550102"];

  it.each([
    ["taken by Sam: Sam", { paged: [sam, alex], taken: { by: sam } }, [], [sam]],
    ["taken on the admin page: the owner", { paged: [sam], taken: { by: null } }, [], [owner]],
    ["untaken: everyone paged so far", { paged: [sam, alex], taken: null }, [], [sam, alex]],
    ["untaken, Alex paused: Sam", { paged: [sam, alex], taken: null }, [alex], [sam]],
    ["the holder paused: the owner", { paged: [sam], taken: { by: sam } }, [sam], [owner]],
    ["nobody paged in memory: the owner", { paged: [], taken: null }, [], [owner]],
    ["the owner paged and taking it: once", { paged: [owner], taken: { by: owner } }, [], [owner]],
    ["everyone paused: nobody", { paged: [sam], taken: null }, [sam, owner], []],
  ])("%s", (_name, pages, paused, expected) => {
    expect(dangerAlertTo(pages, owner, paused)).toEqual(expected);
  });

  it("names the caller and quotes their words", () => {
    expect(dangerText({ phone: "+14155550100", name: "Maria" }, "I smell gas now")).toBe('DANGER (415) 555-0100, Maria: "I smell gas now". They got the safety message.');
    expect(dangerText({ phone: "+14155550100", name: null }, "x".repeat(200))).toMatch(/^DANGER \(415\) 555-0100: "x{157}\.\.\."\. They got/);
  });
});

describe("a page held for escalation when the caller names a danger", () => {
  const page = pageText({ phone: "(415) 555-0100", name: null, address: "12 Oak St" }, "Basement is flooding");

  it("keeps the first words and adds the danger before how to take it, once", () => {
    const danger = pageDangerWords("I smell gas now", false);
    const withDanger = pageWithDanger(page, danger);
    expect(withDanger).toBe('URGENT (415) 555-0100: "Basement is flooding" 12 Oak St. DANGER: "I smell gas now". They got the safety message. Reply OK to take it.');
    expect(pageWithDanger(withDanger, danger)).toBe(withDanger);
  });

  it("an escalation keeps who did not take it after the danger", () => {
    const escalation = pageText({ phone: "(415) 555-0100", name: null, address: null }, "Basement is flooding", { before: "Dr. Lee" });
    expect(pageWithDanger(escalation, pageDangerWords("gas", false))).toBe(
      'URGENT (415) 555-0100: "Basement is flooding". DANGER: "gas". They got the safety message. Escalated: Dr. Lee didn\'t take it. Reply OK to take it.',
    );
  });

  it("private: the danger as such, never the caller's words", () => {
    expect(pageDangerWords("I smell gas now", true)).toBe("DANGER: they named a danger and got the safety message.");
  });

  it("a long page gives up some of its first words, never the danger or the ask, within the page's three segments", () => {
    // "ł" is not GSM-7: the page is UCS-2, 67 characters a segment.
    const long = pageText({ phone: "(415) 555-0100", name: null, address: null }, "ł".repeat(150));
    const withDanger = pageWithDanger(long, pageDangerWords("I smell gas", false));
    expect(countSegments(withDanger).segments).toBe(3);
    expect(withDanger).toMatch(/^URGENT \(415\) 555-0100: "ł+… DANGER: "I smell gas"\. They got the safety message\. Reply OK to take it\.$/);
  });
});

describe("taking one of several pages", () => {
  const [maria, bob] = ["+14152345630", "+14152345640"];

  it("an OK's answer names another page still open, and how a bare OK or its number takes it", () => {
    expect(stillOpenWords([], maria)).toBe("");
    expect(stillOpenWords([bob], bob)).toBe(" Still open: the page for (415) 234-5640, reply OK to take it.");
    expect(stillOpenWords([bob, maria], null)).toBe(" Still open: the page for (415) 234-5640 and 1 more, reply +14152345640 OK to take it, or OK all to take all 2.");
  });

  it.each([["OK all", true], ["okall!", true], ["Okay, all.", true], ["OK ALL", true], ["OK", false], ["OK all of them are fixed", false], ["all OK", false]])("%j takes every page still open: %s", (body, all) => {
    expect(isTakeAll(body)).toBe(all);
  });

  it("OK all's answer names each caller taken, then who holds the rest, then those over", () => {
    const outcome = { took: ["(415) 234-5630", "Maria G. (415) 234-5640"], takenBy: [{ caller: "(415) 234-5650", by: "Sam (+17372345601)" }, { caller: "(415) 234-5660", by: null }], over: ["(415) 234-5670"] };
    expect(takeAllText(outcome, "Alex")).toBe(
      "Textback: thanks Alex, took 2 pages: (415) 234-5630, Maria G. (415) 234-5640. Call them now. Already taken: (415) 234-5650 by Sam, (737) 234-5601; (415) 234-5660 by someone. Over, their lead is closed: (415) 234-5670.",
    );
    expect(takeAllText({ took: ["(415) 234-5630"], takenBy: [], over: [] }, null)).toBe("Textback: thanks, took 1 page: (415) 234-5630. Call them now.");
    expect(takeAllText({ took: [], takenBy: [], over: [] }, null)).toBe(NO_PAGE_OPEN);
  });

  it("an answer to a caller says how to take their page, else the newest still open", () => {
    expect(takePageHint(maria, [], maria)).toBe("");
    expect(takePageHint(maria, [bob, maria], bob)).toBe(" To take the page, reply +14152345630 OK.");
    expect(takePageHint(bob, [bob, maria], bob)).toBe(" To take the page, reply just OK.");
    expect(takePageHint("+14152345650", [bob, maria], bob)).toBe(" To take the page for (415) 234-5640, reply just OK.");
  });
});

describe("pageWithAddress", () => {
  const held = 'URGENT Margaret Olson (612) 234-7003: "No heat". Escalated: Sam didn\'t take it. Reply OK to take it.';

  it("puts the address after the caller's words, before the job, a danger and who did not take it", () => {
    expect(pageWithAddress(held, "4521 Bryant Ave N")).toBe('URGENT Margaret Olson (612) 234-7003: "No heat" 4521 Bryant Ave N. Escalated: Sam didn\'t take it. Reply OK to take it.');
    const rich = 'URGENT, DANGER (gas) (612) 234-7003: "Gas smell". Need: Furnace repair. They got the safety message. Reply OK to take it.';
    expect(pageWithAddress(rich, "12 Elm St")).toBe('URGENT, DANGER (gas) (612) 234-7003: "Gas smell" 12 Elm St. Need: Furnace repair. They got the safety message. Reply OK to take it.');
  });

  it("unchanged when the page says it already, or is a private page (no words, no address)", () => {
    const told = pageWithAddress(held, "4521 Bryant Ave N");
    expect(pageWithAddress(told, "4521 bryant ave n")).toBe(told);
    const notice = "URGENT: (612) 234-7003 needs help now. Open: https://tb.example.com/x. Reply OK to take it.";
    expect(pageWithAddress(notice, "4521 Bryant Ave N")).toBe(notice);
  });

  it("stays within the page's segment cap, keeping how to take it", () => {
    const long = `URGENT (612) 234-7003: "${"water ".repeat(26).trim()}". Reply OK to take it.`;
    const page = pageWithAddress(long, "4521 Bryant Avenue North, Minneapolis");
    expect(countSegments(page).segments).toBeLessThanOrEqual(RELAY_MAX_SEGMENTS);
    expect(page.endsWith(" Reply OK to take it.")).toBe(true);
  });
});
