/** An empty placeholder takes with it the words that belong to it, never the whole text, and says what it took. */
import { describe, expect, it } from "vitest";
import { checkTemplate } from "../../src/rules/template-check";
import { renderTemplate, renderTemplateWithGaps, sentencesOf } from "../../src/rules/template-render";
import type { TemplateVars } from "../../src/rules/placeholders";

const ACME: TemplateVars = { business: "Acme Plumbing" };
const FULL: TemplateVars = { business: "Acme Plumbing", bookingUrl: "https://acme.example/book", businessPhone: "+15125550123", priorityPhone: "+13125550100" };

describe("an empty value takes its sentence", () => {
  it.each<[string, string, string]>([
    // What a new user wrote (trial screenshots 42, 44): it came out empty and was refused.
    ["a sentence after the STOP line", "This is {business}, sorry we missed you. Reply STOP to opt out. Book online: {bookingUrl}", "This is Acme Plumbing, sorry we missed you. Reply STOP to opt out."],
    ["after an emoji and a greeting without a name", "Hi {callerFirstName}, this is {business} 😊 Sorry we missed you! Book here: {bookingUrl}", "Hi there, this is Acme Plumbing 😊 Sorry we missed you!"],
    // It left "Book here:." behind, and "call or reply here".
    ["its full stop goes with it", "Book here: {bookingUrl}. Reply STOP to opt out.", "Reply STOP to opt out."],
    ["a sentence in the middle", "Hi {callerFirstName}, it's {business}. Sorry we missed you! Call {priorityPhone} or reply here. Reply STOP to opt out.", "Hi there, it's Acme Plumbing. Sorry we missed you! Reply STOP to opt out."],
    ["ended by ! or ?", "Thanks for calling! Need us sooner? Call {priorityPhone}! Bye.", "Thanks for calling! Need us sooner? Bye."],
    ["a line of its own", "This is {business}.\n{bookingUrl}\nReply STOP to opt out.", "This is Acme Plumbing.\nReply STOP to opt out."],
    ["a label and its value", "This is {business}.\nPriority line: {priorityPhone}\nReply STOP to opt out.", "This is Acme Plumbing.\nReply STOP to opt out."],
    ["one sentence of a line, the rest of it kept", "This is {business}. Book: {bookingUrl}\nReply STOP to opt out.", "This is Acme Plumbing.\nReply STOP to opt out."],
    ["each sentence with an empty value", "Book: {bookingUrl}. Hi from {business}. Or call {priorityPhone}. Reply STOP to opt out.", "Hi from Acme Plumbing. Reply STOP to opt out."],
    ["no wider gap than the owner typed", "Hi.\n\nBook: {bookingUrl}\n\nBye.", "Hi.\n\nBye."],
    ["not cut at a title", "Hi from {business}. Dr. Lee answers on {priorityPhone}. Bye.", "Hi from Acme Plumbing. Bye."],
    ["not cut before a lower-case word", "Hi. We open at 9 a.m. tomorrow, or book at {bookingUrl}. Bye.", "Hi. Bye."],
    ["the snake_case spelling too", "Hi. Book: {booking_url}\nBye.", "Hi.\nBye."],
  ])("%s", (_name, body, expected) => {
    expect(renderTemplate(body, ACME)).toBe(expected);
  });

  it("is cut where the template's sentences end, not where a value's do", () => {
    // "Acme. Plumbing" would otherwise end a sentence, and "Hi from Acme." stay without its link.
    // Cut at "Acme.", "Plumbing at {bookingUrl}." would go and leave "Hi from Acme." (the sentence
    // naming the business stays, so only the link goes from it).
    expect(renderTemplate("Hi from {business} at {bookingUrl}. Bye.", { business: "Acme. Plumbing" })).toBe("Hi from Acme. Plumbing at. Bye.");
    expect(renderTemplate("Hi from {business} at {bookingUrl}. Bye.", { business: "Acme. Plumbing", bookingUrl: "https://a.example" })).toBe(
      "Hi from Acme. Plumbing at https://a.example. Bye.",
    );
  });

  it("keeps every sentence whose values are all there", () => {
    const body = "Hi from {business}. Book: {bookingUrl}. Call {priorityPhone}. Dr. Lee, 9 a.m. Bye!";
    expect(renderTemplate(body, FULL)).toBe("Hi from Acme Plumbing. Book: https://acme.example/book. Call (312) 555-0100. Dr. Lee, 9 a.m. Bye!");
  });
});

describe("an empty value never takes", () => {
  it.each<[string, string, string]>([
    ["the whole text: then only the value goes", "Book {bookingUrl} today", "Book today"],
    ["the whole text, with no space left before punctuation", "Call {priorityPhone}, or reply.", "Call, or reply."],
    ["the sentence saying how to stop texts", "This is {business}. Book at {bookingUrl} or reply STOP to opt out.", "This is Acme Plumbing. Book at or reply STOP to opt out."],
    ["more than the caller's name, which is only a word", "Thanks {callerFirstName}, it's {business}. Bye.", "Thanks, it's Acme Plumbing. Bye."],
    ["the sentence naming the business", "Sorry we missed you. {business} here, book at {bookingUrl}. Reply STOP to opt out.", "Sorry we missed you. Acme Plumbing here, book at. Reply STOP to opt out."],
  ])("%s", (_name, body, expected) => {
    expect(renderTemplate(body, ACME)).toBe(expected);
  });

  it("text that has nothing but empty values: empty, and refused as before", () => {
    expect(renderTemplate("{bookingUrl}\nBook: {bookingUrl}", ACME)).toBe("");
    expect(renderTemplate("Book online: {bookingUrl}.", ACME)).toBe("");
    expect(checkTemplate("follow_up", "Book: {bookingUrl}", ACME).errors.map((e) => e.code)).toEqual(["renders_empty"]);
  });
});

describe("what an empty value took", () => {
  it.each<[string, string, TemplateVars, ReturnType<typeof renderTemplateWithGaps>["gaps"]]>([
    ["its sentence, as typed, the value as …", "Hi. Book online: {bookingUrl}. Bye.", ACME, [{ placeholder: "bookingUrl", leftOut: "Book online: …" }]],
    ["other placeholders in it as typed", "Hi. Call {priorityPhone} or {businessPhone}.", { ...ACME, businessPhone: "+15125550123" }, [{ placeholder: "priorityPhone", leftOut: "Call … or {businessPhone}." }]],
    ["a line of only the value: nothing else", "Hi.\n{bookingUrl}", ACME, [{ placeholder: "bookingUrl", leftOut: "" }]],
    ["the value alone, in the STOP sentence", "Hi. Book {bookingUrl} or reply STOP to opt out.", ACME, [{ placeholder: "bookingUrl", leftOut: "" }]],
    ["each empty value of a sentence once", "Hi. Book {bookingUrl} or {booking_url}, or call {priorityPhone}.", ACME, [{ placeholder: "bookingUrl", leftOut: "Book … or …, or call …" }, { placeholder: "priorityPhone", leftOut: "Book … or …, or call …" }]],
    ["not the caller's name", "Hi {callerFirstName}. Thanks {callerFirstName}.", ACME, []],
    ["nothing when every value is there", "Hi {business}. Book: {bookingUrl}.", FULL, []],
  ])("%s", (_name, body, vars, gaps) => {
    expect(renderTemplateWithGaps(body, vars).gaps).toEqual(gaps);
  });
});

describe("sentencesOf", () => {
  it.each<[string, string[]]>([
    ["One. Two! Three? Four", ["One. ", "Two! ", "Three? ", "Four"]],
    ["Hi 😊 Sorry! Book: x", ["Hi 😊 Sorry! ", "Book: x"]],
    ['He said "hi." Then left.', ['He said "hi." ', "Then left."]],
    ["Dr. Lee and Mrs. Ng, e.g. Sat. Bye", ["Dr. Lee and Mrs. Ng, e.g. Sat. ", "Bye"]],
    ["Open 9 a.m. to 5 p.m. Book now", ["Open 9 a.m. to 5 p.m. ", "Book now"]],
    ["https://a.example/x.y ok. Done.", ["https://a.example/x.y ok. ", "Done."]],
    ["", [""]],
  ])("%j", (line, expected) => {
    expect(sentencesOf(line)).toEqual(expected);
    expect(sentencesOf(line).join("")).toBe(line);
  });
});

describe("the checker", () => {
  const sample: TemplateVars = { business: "Bright Smile Dental", businessPhone: "+14155550100", callerPhone: "+14155550123" };

  it("warns, naming the placeholder, where to set it and what is left out, and saves", () => {
    const check = checkTemplate("missed_call", "This is {business}, sorry we missed you. Reply STOP to opt out. Book online: {bookingUrl}", sample);
    expect(check.errors).toEqual([]);
    expect(check.warnings).toEqual([
      {
        code: "empty_placeholder",
        message: '{bookingUrl} is empty: this business has no booking link (Settings → Booking link), so "Book online: …" is left out.',
      },
    ]);
    expect(check).toMatchObject({ segments: 1, length: "This is Bright Smile Dental, sorry we missed you. Reply STOP to opt out.".length });
  });

  it.each<[keyof TemplateVars, string, RegExp]>([
    ["priorityPhone", "Call {priorityPhone} or reply here.", /^\{priorityPhone\} is empty: this business has no priority line \(Settings → Priority line for customers\), so "Call … or reply here\." is left out\.$/],
    ["hoursToday", "Open today: {hoursToday}.", /^\{hoursToday\} is empty: this business has no opening hours \(Settings → Opening hours\), so "Open today: …" is left out\.$/],
    ["businessPhone", "Or call {businessPhone}.", /^\{businessPhone\} is empty: this business has no number yet \(Numbers\)/],
    ["bookingUrl", "{bookingUrl}", /^\{bookingUrl\} is empty: .*, so it is left out of the text\.$/],
  ])("says where {%s} is set", (name, sentence, message) => {
    const check = checkTemplate("existing_customer", `Hi from {business}. ${sentence}\nReply STOP to opt out.`, { ...sample, [name]: null });
    expect(check.warnings.map((w) => w.message)).toEqual([expect.stringMatching(message)]);
  });

  it("warns once per placeholder, quoting each sentence it took", () => {
    const check = checkTemplate("follow_up", "Hi from {business}. Book: {bookingUrl}. Or book at {bookingUrl} today.", sample);
    expect(check.warnings.map((w) => w.message)).toEqual([
      '{bookingUrl} is empty: this business has no booking link (Settings → Booking link), so "Book: …" and "Or book at … today." are left out.',
    ]);
  });

  it("keeps its refusals: a text-back whose STOP line went with the value is refused, and says why", () => {
    const check = checkTemplate("missed_call", "This is {business}.\nBook: {bookingUrl}. Reply here.", sample);
    expect(check.errors.map((e) => e.code)).toEqual(["opt_out_required"]);
    expect(check.warnings.map((w) => w.code)).toEqual(["empty_placeholder"]);
  });

  it("keeps the sentence naming the business, with only the empty value out of it", () => {
    const check = checkTemplate("missed_call", "{business}: open today {hoursToday}.\nReply STOP to opt out.", sample);
    expect(check.warnings.map((w) => w.code)).toEqual(["empty_placeholder"]);
  });

  it("does not warn about a caller without a name", () => {
    expect(checkTemplate("missed_call", "Hi {callerFirstName}, it's {business}. Reply STOP to opt out.", sample).warnings).toEqual([]);
  });
});
