import { describe, expect, it } from "vitest";
import { countSegments } from "../../src/rules/encoding";
import { RELAY_MAX_SEGMENTS } from "../../src/rules/outbound-guard";
import { dangerNotice, pageNotice } from "../../src/rules/staff-texts";
import { dangerText, pageDangerWords, pageText, pageWithAddress, pageWithDanger } from "../../src/rules/triage";

const LINK = "https://tb.example.com/admin/businesses/biz_1/conversations/+14692308710";
const caller = { phone: "(469) 230-8710", name: null, address: null };

describe("a page about a text with photos", () => {
  it("counts them with the conversation's link after the caller's words", () => {
    expect(pageText(caller, "water is pouring in now", { photos: { count: 2, link: LINK } })).toBe(
      `URGENT (469) 230-8710: "water is pouring in now". [2 photos] ${LINK} Reply OK to take it.`,
    );
    expect(pageText(caller, "No heat", { photos: { count: 1, link: LINK }, danger: ["gas"], before: "Sam" })).toBe(
      `URGENT, DANGER (gas) (469) 230-8710: "No heat". [1 photo] ${LINK} They got the safety message. Escalated: Sam didn't take it. Reply OK to take it.`,
    );
  });

  it("says nothing of photos there are none of", () => {
    expect(pageText(caller, "No heat", { photos: { count: 0, link: LINK } })).toBe(`URGENT (469) 230-8710: "No heat". Reply OK to take it.`);
  });

  it("cuts the caller's words, never the link, to stay within the page's segments", () => {
    const page = pageText({ ...caller, need: "Hail damage on the roof ".repeat(6) }, "flooding ".repeat(30), { photos: { count: 3, link: LINK }, before: "Sam" });
    expect(countSegments(page).segments).toBeLessThanOrEqual(RELAY_MAX_SEGMENTS);
    expect(page).toContain(`[3 photos] ${LINK} Escalated: Sam didn't take it. Reply OK to take it.`);
  });

  it("keeps the link whole when a held page takes a danger, and the address goes after the words", () => {
    const page = pageText(caller, "flooding ".repeat(40), { photos: { count: 1, link: LINK }, before: "Sam" });
    const withDanger = pageWithDanger(page, pageDangerWords("I smell gas now", false));
    expect(countSegments(withDanger).segments).toBeLessThanOrEqual(RELAY_MAX_SEGMENTS);
    expect(withDanger).toContain(`[1 photo] ${LINK} DANGER: "I smell gas now". They got the safety message. Escalated: Sam didn't take it.`);

    const short = pageText(caller, "No heat", { photos: { count: 1, link: LINK } });
    expect(pageWithAddress(short, "4521 Bryant Ave N")).toBe(`URGENT (469) 230-8710: "No heat" 4521 Bryant Ave N. [1 photo] ${LINK} Reply OK to take it.`);
  });

  it("counts them without the caller's words for a private business", () => {
    const who = "Maria G. (512) 555-0100";
    expect(pageNotice(who, LINK, { photos: { count: 2, link: LINK } })).toBe(`URGENT: ${who} needs help now [2 photos]. Open: ${LINK}. Reply OK to take it.`);
    expect(dangerNotice(who, LINK, 1)).toBe(`DANGER: ${who} named a danger and got the safety message [1 photo]. Open: ${LINK}`);
    expect(dangerNotice(who, LINK)).toBe(`DANGER: ${who} named a danger and got the safety message. Open: ${LINK}`);
  });
});

describe("a danger's alert about a text with photos", () => {
  it("counts them with the link after the caller's words", () => {
    expect(dangerText({ phone: "+14155550100", name: null }, "Smoke from the panel", { count: 2, link: LINK })).toBe(
      `DANGER (415) 555-0100: "Smoke from the panel". They got the safety message. [2 photos] ${LINK}`,
    );
  });
});

describe("a held page when the caller names a danger in a text with photos", () => {
  it("adds the danger with the count of photos and their link, kept whole", () => {
    const danger = pageDangerWords("Sparks from the panel", false, { count: 1, link: LINK });
    expect(danger).toBe(`DANGER: "Sparks from the panel". They got the safety message. [1 photo] ${LINK}`);
    const page = pageWithDanger(pageText(caller, "flooding ".repeat(40), { before: "Sam" }), danger);
    expect(countSegments(page).segments).toBeLessThanOrEqual(RELAY_MAX_SEGMENTS);
    expect(page).toContain(`${danger} Escalated: Sam didn't take it. Reply OK to take it.`);
  });

  it("counts them without the words for a private business", () => {
    expect(pageDangerWords("Sparks from the panel", true, { count: 2, link: LINK })).toBe("DANGER: they named a danger and got the safety message [2 photos].");
    expect(pageDangerWords("Sparks from the panel", true)).toBe("DANGER: they named a danger and got the safety message.");
  });
});
