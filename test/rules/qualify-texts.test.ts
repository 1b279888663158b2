import { describe, expect, it } from "vitest";
import { qualifySchema } from "../../src/lead-settings";
import { PRESETS } from "../../src/presets";
import { qualifyTextRole } from "../../src/rules/qualify-texts";
import { renderTemplate } from "../../src/rules/templates";
import { automatedText } from "../../src/rules/first-reply";

const qualify = qualifySchema.parse({
  ...PRESETS.home_services.settings.qualify,
  outOfAreaMessage: "Sorry, {business} does not serve that area. Book elsewhere: {bookingUrl}",
});
const render = (text: string, bookingUrl: string | null = null) => renderTemplate(text, { business: "Acme Plumbing", bookingUrl, callerPhone: "+15125550100" });

describe("qualifyTextRole", () => {
  it("tells the thanks from the questions", () => {
    expect(render(qualify.doneMessage)).toBe("Thanks, that's everything we need. Someone from Acme Plumbing will call you shortly.");
    expect(qualifyTextRole(render(qualify.doneMessage), qualify)).toBe("thanks");
    for (const q of qualify.questions) expect(qualifyTextRole(render(q.ask), qualify)).toBe("question");
  });

  it("reads the out-of-area answer with its link, and without one (the renderer leaves out the link's sentence)", () => {
    expect(qualifyTextRole(render(qualify.outOfAreaMessage, "https://tb.example/l/AbCdEf123456"), qualify)).toBe("out_of_area");
    expect(render(qualify.outOfAreaMessage)).toBe("Sorry, Acme Plumbing does not serve that area.");
    expect(qualifyTextRole(render(qualify.outOfAreaMessage), qualify)).toBe("out_of_area");
    const ownLine = { ...qualify, outOfAreaMessage: "Sorry, {business} does not serve that area.\n{booking_url}" };
    expect(render(ownLine.outOfAreaMessage)).toBe("Sorry, Acme Plumbing does not serve that area.");
    expect(qualifyTextRole(render(ownLine.outOfAreaMessage), ownLine)).toBe("out_of_area");
    expect(qualifyTextRole(render(ownLine.outOfAreaMessage, "https://tb.example/l/AbCdEf123456"), ownLine)).toBe("out_of_area");
  });

  it("is null for words the business no longer uses", () => {
    expect(qualifyTextRole("Thanks! We'll be in touch.", qualify)).toBeNull();
    expect(qualifyTextRole(`${render(qualify.doneMessage)} And more.`, qualify)).toBeNull();
    // The sentences without a placeholder are always there.
    expect(qualifyTextRole("Someone from Acme Plumbing will call you shortly.", qualify)).toBeNull();
  });

  it("takes the text as it arrives: other spacing and line breaks", () => {
    expect(qualifyTextRole("Thanks,  that's everything we need.\nSomeone from Acme Plumbing will call you shortly.", qualify)).toBe("thanks");
  });
});

describe("qualifyTextRole, with what automation adds", () => {
  it("reads a question that introduces the business, notes the caller's question and says how to stop", () => {
    const ask = qualify.questions[1]!.ask;
    expect(qualifyTextRole(automatedText(ask, { business: "Acme Plumbing", introduce: true, questionNoted: true }), qualify)).toBe("question");
    expect(qualifyTextRole(automatedText(ask, { business: "Acme Plumbing", introduce: false, questionNoted: true }), qualify)).toBe("question");
    expect(qualifyTextRole(automatedText(render(qualify.doneMessage), { business: "Acme Plumbing", introduce: true, questionNoted: false }), qualify)).toBe("thanks");
    expect(qualifyTextRole(`Hello. ${ask}`, qualify)).toBeNull();
  });
});
