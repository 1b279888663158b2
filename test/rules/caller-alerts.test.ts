import { describe, expect, it } from "vitest";
import { aboutCaller, callerAlertWords } from "../../src/rules/caller-alerts";

const OWNER = "+15122345699";
const SAM = "+15122345601";
const CALLER = "+14155550100";
const people = { ownerPhone: OWNER, onCall: [{ phone: SAM, name: "Sam" }] };
const words = (id: string, kind: string, toPhone = OWNER, status = "sent") => callerAlertWords({ id, kind, toPhone, status }, people);

describe("which texts are about a caller", () => {
  it("a relay, a page or an alert to someone else is about the caller who caused it; a reply to them, or an answer to the owner, is not", () => {
    expect(aboutCaller("relay", OWNER, CALLER)).toBe(CALLER);
    expect(aboutCaller("page", SAM, CALLER)).toBe(CALLER);
    expect(aboutCaller("alert", OWNER, CALLER)).toBe(CALLER);
    expect(aboutCaller("qualify", CALLER, CALLER)).toBeNull();
    expect(aboutCaller("urgent_reply", CALLER, CALLER)).toBeNull();
    expect(aboutCaller("command_reply", OWNER, OWNER)).toBeNull();
    // A relay never goes back to the one it is about.
    expect(aboutCaller("relay", CALLER, CALLER)).toBeNull();
  });
});

describe("a text to the business's phones in words", () => {
  it.each([
    ["m_n1_SM1_relay", "relay", OWNER, "Relayed to the owner"],
    ["m_n1_SM1_summary", "relay", OWNER, "Told the owner: new lead summary"],
    ["m_n1_SM1_page0", "page", SAM, "Alerted Sam (on call): urgent page"],
    ["m_n1_SM1_page1", "page", OWNER, "Alerted the owner: urgent page, escalated"],
    ["m_n1_SM1_danger0", "alert", SAM, "Alerted Sam (on call): danger"],
    ["c_n1_CA1_repeat0", "alert", OWNER, "Told the owner: called again"],
    ["c_n1_CA1_vip", "alert", OWNER, "Told the owner: VIP called: call them back"],
    ["c_n1_CA1_landline", "alert", OWNER, "Told the owner: landline caller: call them back"],
    ["m_n1_SM1_lost", "alert", OWNER, "Told the owner: out of the service area"],
    ["m_n1_SM1_opted_out", "relay", OWNER, "Told the owner: they texted STOP"],
    ["m_n1_SM1_stand_down_1", "relay", SAM, "Told Sam (on call): they called it off"],
    ["m_n1_SM1_relay", "relay", "+15122345602", "Relayed to (512) 234-5602"],
  ])("%s (%s to %s): %s", (id, kind, to, expected) => {
    expect(words(id, kind, to)).toBe(expected);
  });

  it("one the line still holds says what it will do", () => {
    expect(words("m_n1_SM1_page1", "page", OWNER, "scheduled")).toBe("Will alert the owner: urgent page, escalated");
    expect(words("m_n1_SM1_relay", "relay", OWNER, "scheduled")).toBe("Will relay to the owner");
  });

  it("the owner's phone is the owner's even when they are on call too", () => {
    expect(callerAlertWords({ id: "m_n1_SM1_page0", kind: "page", toPhone: OWNER }, { ownerPhone: OWNER, onCall: [{ phone: OWNER, name: "Dana" }] })).toBe("Alerted the owner: urgent page");
  });
});
