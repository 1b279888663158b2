import { describe, expect, it } from "vitest";
import { countSegments } from "../../src/rules/encoding";
import { callerWho, conversationLink, namingCaller, pageNotice, qualifiedNotice, replyNotice, shortName } from "../../src/rules/staff-texts";

describe("a caller's name on the business's phones", () => {
  it.each([
    ["Maria Garcia", "Maria G."],
    ["Garcia, Maria", "Maria G."],
    ["Dr. Jane Smith", "Jane S."],
    ["John Smith Jr.", "John S."],
    ["Mary Ann Smith", "Mary S."],
    ["maria garcia", "Maria G."],
    ["Maria", "Maria"],
    ["My name is Tom Nguyen", "Tom N."],
    ["Hi, it's Dana O'Neil.", "Dana O."],
    ["Zoë Ødegaard", "Zoë Ø."],
  ])("shortName(%j) = %j", (name, short) => expect(shortName(name)).toBe(short));

  it.each([null, "", "   ", "I have severe pain in my lower left tooth", "I have severe pain", "Room 12", "?"])("shortName(%j) is no name", (name) => {
    expect(shortName(name)).toBeNull();
  });

  it("names by number alone where the name would turn a GSM-7 text into UCS-2", () => {
    const write = (who: string) => `Textback: ${who} replied: Can you come at 3?`;
    expect(namingCaller(callerWho("(512) 555-0100", "Maria G."), write)).toBe("Textback: Maria G. (512) 555-0100 replied: Can you come at 3?");
    expect(namingCaller(callerWho("(512) 555-0100", "Жанна К."), write)).toBe("Textback: (512) 555-0100 replied: Can you come at 3?");
    // A text that is UCS-2 anyway keeps the name.
    const emoji = (who: string) => `Textback: ${who} replied: 👍`;
    expect(namingCaller(callerWho("(512) 555-0100", "Жанна К."), emoji)).toBe("Textback: Жанна К. (512) 555-0100 replied: 👍");
  });
});

describe("the private notices", () => {
  const link = conversationLink("https://textback.example.com/", "biz_0123456789abcdef0123", "+15125550100");

  it("link to the conversation on the admin page, on the public origin", () => {
    expect(link).toBe("https://textback.example.com/admin/businesses/biz_0123456789abcdef0123/conversations/+15125550100");
  });

  it("say who and how to open it, and fit one segment with a short origin", () => {
    const who = callerWho("(512) 555-0100", "Maria G.").who;
    expect(replyNotice(who, link, "")).toBe(`Textback: new reply from Maria G. (512) 555-0100. Open: ${link}`);
    expect(pageNotice(who, link)).toBe(`URGENT: Maria G. (512) 555-0100 needs help now. Open: ${link}. Reply OK to take it.`);
    expect(pageNotice(who, link, { danger: ["smell gas"], before: "Sam" })).toBe(
      `URGENT, DANGER: Maria G. (512) 555-0100 needs help now. Open: ${link}. They named a danger and got the safety message. Escalated: Sam didn't take it. Reply OK to take it.`,
    );
    expect(countSegments(replyNotice(who, link, "")).segments).toBe(1);
    expect(countSegments(qualifiedNotice(who, link))).toMatchObject({ encoding: "GSM-7", segments: 2 });
  });
});
