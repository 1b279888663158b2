import { describe, expect, it } from "vitest";
import { countSegments } from "../../src/rules/encoding";
import { TEMPLATE_KINDS, type TemplateKind } from "../../src/rules/reasons";
import { checkTemplate, LINK_SHORTENERS, type TemplateWarning } from "../../src/rules/template-check";
import { DEFAULT_TEMPLATES, renderTemplate, type TemplateVars } from "../../src/rules/templates";

const ACME: TemplateVars = { business: "Acme Plumbing", bookingUrl: "https://acme.example/book" };
const ACME_NO_URL: TemplateVars = { business: "Acme Plumbing", bookingUrl: null };
const OK_TAIL = "This is {business}. Reply STOP to opt out.";
const TAIL_LEN = renderTemplate(OK_TAIL, ACME).length;
/** OK_TAIL padded so that it renders to exactly `total` characters. */
const padded = (total: number): string => `${OK_TAIL} ${"a".repeat(total - TAIL_LEN - 1)}`;

const codes = (ws: TemplateWarning[]): string[] => ws.map((w) => w.code);

describe("renderTemplate", () => {
  const full: TemplateVars = {
    business: "Acme Plumbing",
    bookingUrl: "https://acme.example/book",
    businessPhone: "+15125550123",
    callerPhone: "+15125550199",
  };
  it.each<[string, string, TemplateVars, string]>([
    ["fills every placeholder", "{business} {bookingUrl} {businessPhone} {callerPhone}", full, "Acme Plumbing https://acme.example/book (512) 555-0123 (512) 555-0199"],
    ["numbers outside North America stay as dialled internationally", "Call {businessPhone}", { business: "Acme", businessPhone: "+447400123456" }, "Call +447400123456"],
    ["fills a placeholder used twice", "{business}, {business}!", full, "Acme Plumbing, Acme Plumbing!"],
    ["leaves unknown placeholders as typed", "Hi {name}, this is {Business} at {business}", full, "Hi {name}, this is {Business} at Acme Plumbing"],
    ["only the value goes when its sentence is the whole text", "Book {bookingUrl} today", ACME_NO_URL, "Book today"],
    ["no space is left before punctuation", "Book at {bookingUrl}.", ACME_NO_URL, "Book at."],
    ["an empty value takes its sentence", "Book at {bookingUrl}. Thanks", ACME_NO_URL, "Thanks"],
    ["drops a line that held only an empty value", "Hi.\n{bookingUrl}\nBye.", ACME_NO_URL, "Hi.\nBye."],
    ["drops a line of several empty values", "Hi.\n {bookingUrl} {callerPhone} \nBye.", ACME_NO_URL, "Hi.\nBye."],
    ["drops an empty value on the last line", "Hi.\n{bookingUrl}", ACME_NO_URL, "Hi."],
    ["no leading space when the text starts with an empty value", "{callerPhone} hi", ACME_NO_URL, "hi"],
    ["a line left empty goes, newline included", "Call {businessPhone}\nBye", ACME_NO_URL, "Bye"],
    ["undefined optional values render empty", "A {businessPhone} B", { business: "Acme" }, "A B"],
    ["empty-string values render empty", "A {bookingUrl} B", { business: "Acme", bookingUrl: "  " }, "A B"],
    ["keeps the owner's own spacing elsewhere", "Hi  there.\n\nBye {bookingUrl}\n\nSee you.", ACME_NO_URL, "Hi  there.\n\nSee you."],
    ["trims the result", "  Hi {business}  ", ACME, "Hi Acme Plumbing"],
    ["values are single-line and trimmed", "Hi {business}.", { business: "  Acme\r\n  Plumbing " }, "Hi Acme Plumbing."],
    ["values are not expanded again", "Hi {business}.", { business: "{callerPhone}" }, "Hi {callerPhone}."],
    ["normalises CRLF", "Hi\r\n{business}", ACME, "Hi\nAcme Plumbing"],
    ["drops a label whose value is empty", "Hi.\nPriority line: {priorityPhone}\nBye.", ACME_NO_URL, "Hi.\nBye."],
    ["drops a label on the last line", "Hi.\nBook online: {bookingUrl}", ACME_NO_URL, "Hi."],
    ["keeps a label with its value", "Hi.\nPriority line: {priority_phone}\nBye.", { business: "Acme", priorityPhone: "+13125550100" }, "Hi.\nPriority line: (312) 555-0100\nBye."],
    ["keeps the words of a one-sentence text, without the value", "Call: {businessPhone} or reply.", ACME_NO_URL, "Call: or reply."],
    ["never leaves \"Hi ,\" for a missing first name", "Hi {callerFirstName}, it's {business}.", ACME, "Hi there, it's Acme Plumbing."],
  ])("%s", (_name, body, vars, expected) => {
    expect(renderTemplate(body, vars)).toBe(expected);
  });
});

describe("checkTemplate errors", () => {
  const errorCodes = (kind: TemplateKind, body: string, sample = ACME) => checkTemplate(kind, body, sample).errors.map((e) => e.code);

  it.each([[""], ["   "], ["\r\n\t "]])("rejects an empty body %j", (body) => {
    const check = checkTemplate("missed_call", body, ACME);
    expect(check.errors).toEqual([{ code: "empty", message: expect.stringMatching(/empty/) }]);
    expect(check).toMatchObject({ segments: 0, length: 0, warnings: [] });
  });

  it("rejects a body that renders empty", () => {
    expect(errorCodes("follow_up", "{bookingUrl}", ACME_NO_URL)).toEqual(["renders_empty"]);
  });

  it.each<[string, number, number, string[]]>([
    ["GSM-7, 10 parts", 1530, 10, []],
    ["GSM-7, 11 parts", 1531, 11, ["too_many_segments"]],
  ])("%s: %i characters", (_name, total, segments, expected) => {
    const check = checkTemplate("missed_call", padded(total), ACME);
    expect(check).toMatchObject({ length: total, segments, encoding: "GSM-7" });
    expect(check.errors.map((e) => e.code)).toEqual(expected);
  });

  it.each<[string, number, number, string[]]>([
    ["Unicode, 10 parts", 670, 10, []],
    ["Unicode, 11 parts", 671, 11, ["too_many_segments"]],
  ])("%s: %i code units", (_name, total, segments, expected) => {
    const body = `${padded(total - 2)} ó`;
    const check = checkTemplate("follow_up", body, ACME);
    expect(check).toMatchObject({ length: total, segments, encoding: "UCS-2" });
    expect(check.errors.map((e) => e.code)).toEqual(expected);
  });

  it("says how many parts it would take, the limit, and how much to cut", () => {
    const [error] = checkTemplate("missed_call", padded(1540), ACME).errors;
    expect(error?.message).toBe(
      "Too long: this text would be sent as 11 parts, and the most a template may take is 10 (each part is billed as a text, to every caller). Shorten it by at least 10 characters.",
    );
    const [unicode] = checkTemplate("missed_call", `${padded(700)} 😊`, ACME).errors;
    expect(unicode?.message).toMatch(/Shorten it by at least 33 characters\. Its special characters make every part hold 67/);
  });

  it("is no longer a warning once it is an error", () => {
    expect(codes(checkTemplate("missed_call", padded(1531), ACME).warnings)).toEqual([]);
  });

  it("measures the rendered text, not the template", () => {
    const body = `${OK_TAIL} ${"a".repeat(1460)} {business}`;
    expect(checkTemplate("missed_call", body, ACME).errors).toEqual([]);
    const long: TemplateVars = { business: "Acme Plumbing and Heating of Greater Springfield" };
    expect(errorCodes("missed_call", body, long)).toEqual(["too_many_segments"]);
  });

  it.each(["missed_call", "after_hours", "voicemail", "ai_abandoned"] as const)("refuses a %s text-back without opt-out wording, naming the rule", (kind) => {
    const check = checkTemplate(kind, "This is {business}. Call us back!", ACME);
    expect(check.errors).toEqual([{ code: "opt_out_required", message: expect.stringMatching(/^Opt-out wording is required: .*"Reply STOP to opt out\."/) }]);
    expect(codes(check.warnings)).not.toContain("missing_opt_out");
  });

  it.each(["follow_up", "help", "opt_out", "opt_in"] as const)("does not refuse a %s text without opt-out wording", (kind) => {
    expect(errorCodes(kind, "This is {business}. Call us back!")).toEqual([]);
  });
});

describe("checkTemplate warnings", () => {
  type Row = [name: string, kind: TemplateKind, body: string, sample: TemplateVars, expected: string[]];
  const rows: Row[] = [
    ["a clean first message", "missed_call", OK_TAIL, ACME, []],
    // business name
    ["no business name", "missed_call", "Hi! Reply STOP to opt out.", ACME, ["missing_business_name"]],
    ["business name typed out", "missed_call", "Acme Plumbing here. Reply STOP to opt out.", ACME, []],
    ["business name in other case", "missed_call", "ACME PLUMBING here. Reply STOP to opt out.", ACME, []],
    ["placeholder with an empty sample name", "missed_call", OK_TAIL, { business: "" }, ["empty_placeholder"]],
    ["every kind must name the business", "opt_out", "You will receive no more messages.", ACME, ["missing_business_name"]],
    // opt-out instructions
    // (a text-back without it is refused: see the errors above)
    ["help without STOP", "help", "{business}: call us for help.", ACME, ["missing_opt_out"]],
    ["opt-in confirmation without STOP", "opt_in", "{business}: you are back.", ACME, ["missing_opt_out"]],
    ["follow-up need not repeat STOP", "follow_up", "This is {business}.", ACME, []],
    ["opt-out confirmation need not mention STOP", "opt_out", "{business}: unsubscribed. Reply START to resubscribe.", ACME, []],
    ["help with STOP to end", "help", "{business}: call us for help. STOP to end", ACME, []],
    ["help with stop as another word", "help", "{business}: reply to stop by our shop.", ACME, ["missing_opt_out"]],
    // link shorteners, including in the sample's booking link
    ["own-domain link", "missed_call", `${OK_TAIL} https://acme.example/book`, ACME, []],
    ["shortener in the text", "missed_call", `${OK_TAIL} Book: https://bit.ly/3xYz`, ACME, ["link_shortener"]],
    ["shortener as the booking link", "missed_call", `${OK_TAIL} {bookingUrl}`, { business: "Acme", bookingUrl: "tinyurl.com/acme" }, ["link_shortener"]],
    ["shortener in capitals with www", "missed_call", `${OK_TAIL} WWW.TINYURL.COM/x`, ACME, ["link_shortener"]],
    ["t.co is not at.com", "missed_call", `${OK_TAIL} Visit https://at.com/x`, ACME, []],
    ["t.co is not t.com", "missed_call", `${OK_TAIL} Visit t.com/x`, ACME, []],
    ["bit.ly is not bit.lyrics.com", "missed_call", `${OK_TAIL} Visit bit.lyrics.com`, ACME, []],
    ["shortener at the end of a sentence", "missed_call", `${OK_TAIL} Go to is.gd.`, ACME, ["link_shortener"]],
    // encoding and length
    ["emoji", "missed_call", `${OK_TAIL} 😊`, ACME, ["non_gsm_characters"]],
    ["long UCS-2", "missed_call", `${OK_TAIL} Cómo ${"a".repeat(30)}`, ACME, ["non_gsm_characters", "multiple_segments"]],
    ["GSM-7 at 160", "missed_call", padded(160), ACME, []],
    ["GSM-7 at 161", "missed_call", padded(161), ACME, ["multiple_segments"]],
    ["GSM-7 at 1530", "follow_up", padded(1530), ACME, ["multiple_segments", "over_recommended_length"]],
    ["320 characters", "follow_up", padded(320), ACME, ["multiple_segments"]],
    ["321 characters", "follow_up", padded(321), ACME, ["multiple_segments", "over_recommended_length"]],
    // placeholders
    ["wrong-case placeholder", "missed_call", `${OK_TAIL} {BookingUrl}`, ACME, ["unknown_placeholder"]],
    ["two unknown placeholders, one repeated", "missed_call", `${OK_TAIL} {name} {name} {first name}`, ACME, ["unknown_placeholder", "unknown_placeholder"]],
    ["empty braces are not a placeholder", "missed_call", `${OK_TAIL} {}`, ACME, []],
  ];

  it.each(rows)("%s", (_name, kind, body, sample, expected) => {
    expect(codes(checkTemplate(kind, body, sample).warnings).sort()).toEqual([...expected].sort());
  });

  it("the length rows measure what they say", () => {
    expect(renderTemplate(padded(161), ACME)).toHaveLength(161);
  });

  it("every warning has an actionable sentence", () => {
    const check = checkTemplate("help", "Hi “there” 😊 {Business} https://bit.ly/x " + "a".repeat(400), ACME);
    expect(codes(check.warnings).sort()).toEqual(
      [
        "link_shortener",
        "missing_business_name",
        "missing_opt_out",
        "multiple_segments",
        "non_gsm_characters",
        "over_recommended_length",
        "unknown_placeholder",
      ].sort(),
    );
    for (const w of check.warnings) expect(w.message, w.code).toMatch(/^[A-Z{“].{30,}[.)?]$/s);
  });

  it("names the non-GSM characters and suggests a smart-encoded template when that fixes it", () => {
    const body = "We’re closed — this is {business}. Reply “STOP” to opt out…";
    const check = checkTemplate("after_hours", body, ACME);
    expect(check.encoding).toBe("UCS-2");
    const w = check.warnings.find((x) => x.code === "non_gsm_characters");
    for (const ch of ["’", "—", "“", "”", "…"]) expect(w?.message).toContain(ch);
    expect(w?.suggestion).toBe("We're closed - this is {business}. Reply \"STOP\" to opt out...");
    expect(checkTemplate("after_hours", w?.suggestion ?? "", ACME)).toMatchObject({ encoding: "GSM-7", warnings: [] });
  });

  it("offers no suggestion when smart encoding cannot make it GSM-7", () => {
    const check = checkTemplate("missed_call", `${OK_TAIL} ¿Cómo? “hola” 😊`, ACME);
    const w = check.warnings.find((x) => x.code === "non_gsm_characters");
    expect(w?.suggestion).toBeUndefined();
    expect(w?.message).toContain("ó");
    expect(w?.message).toContain("😊");
    expect(w?.message).toMatch(/no plain equivalent/);
  });

  it("says when the business name itself forces Unicode", () => {
    const w = checkTemplate("missed_call", OK_TAIL, { business: "Crème Brûlée Café" }).warnings;
    expect(codes(w)).toEqual(["non_gsm_characters"]);
    expect(w[0]?.message).toMatch(/û.*business details/);
  });

  it("shows invisible characters by code point", () => {
    const w = checkTemplate("missed_call", `${OK_TAIL}\u00A0ok`, ACME).warnings[0];
    expect(w?.message).toContain("U+00A0");
    expect(w?.suggestion).toBe(`${OK_TAIL} ok`);
  });

  it("suggests the placeholder the owner probably meant", () => {
    const [w] = checkTemplate("missed_call", `${OK_TAIL} {BookingURL}`, ACME).warnings;
    expect(w?.message).toContain("Did you mean {bookingUrl}?");
    const [other] = checkTemplate("missed_call", `${OK_TAIL} {name}`, ACME).warnings;
    expect(other?.message).toContain("{business}, {bookingUrl}, {businessPhone}, {callerPhone}, {callerFirstName}, {priorityPhone}, {hoursToday}");
  });

  it("knows every listed shortener", () => {
    for (const domain of LINK_SHORTENERS) {
      expect(codes(checkTemplate("follow_up", `${OK_TAIL} https://${domain}/abc`, ACME).warnings), domain).toEqual(["link_shortener"]);
    }
  });
});

describe("DEFAULT_TEMPLATES", () => {
  it("has one template per kind", () => {
    expect(Object.keys(DEFAULT_TEMPLATES).sort()).toEqual([...TEMPLATE_KINDS].sort());
  });

  // A text always goes from a number, which fills {businessPhone}.
  const samples: [string, TemplateVars][] = (
    [
      ["with a booking link", ACME],
      ["without a booking link", ACME_NO_URL],
      ["with a long name and link", { business: "Riverside Auto Repair", bookingUrl: "https://riverside-auto.com/book" }],
      ["with a long name, no link", { business: "Riverside Auto Repair", bookingUrl: "" }],
    ] as [string, TemplateVars][]
  ).map(([label, vars]) => [label, { businessPhone: "+14155550100", ...vars }]);
  const cases = TEMPLATE_KINDS.flatMap((kind) => samples.map(([label, vars]) => [kind, label, vars] as const));

  it.each(cases)("%s %s: GSM-7, one segment, no errors, warned only of what is empty, reads cleanly", (kind, _label, vars) => {
    const body = DEFAULT_TEMPLATES[kind];
    const check = checkTemplate(kind, body, vars);
    expect(check).toMatchObject({ errors: [], encoding: "GSM-7", segments: 1 });
    // Only the placeholders this sample has no value for: the booking link, or the priority line.
    const empty = (["bookingUrl", "priorityPhone"] as const).filter((p) => body.includes(`{${p}}`) && !vars[p]);
    expect(check.warnings.map((w) => [w.code, w.message.slice(0, w.message.indexOf(" "))])).toEqual(empty.map((p) => ["empty_placeholder", `{${p}}`]));

    const text = renderTemplate(body, vars);
    expect(countSegments(text).units).toBeLessThanOrEqual(160);
    expect(text).toContain(vars.business);
    expect(text).not.toMatch(/ [.,!?;:]/); // no " ." left by an empty link
    expect(text).not.toMatch(/ {2}|\n\n|^\s|\s$|[ \t]\n|\n[ \t]/);
    expect(text).not.toMatch(/[{}]/);
    if (vars.bookingUrl) expect(text.includes(vars.bookingUrl)).toBe(body.includes("{bookingUrl}"));
  });

  it("help answers as carriers' HELP templates ask: the business, a number to call as people dial it, frequency, rates, STOP", () => {
    expect(renderTemplate(DEFAULT_TEMPLATES.help, { ...ACME, businessPhone: "+14155550100" })).toBe(
      "Acme Plumbing: we text when we miss your call. Help: call (415) 555-0100 or reply. Msg freq varies. Msg&data rates may apply. Reply STOP to opt out.",
    );
  });

  it("renders the missed-call default as expected", () => {
    expect(renderTemplate(DEFAULT_TEMPLATES.missed_call, ACME)).toBe(
      "Acme Plumbing: sorry we missed your call! How can we help?\nBook online: https://acme.example/book\nReply STOP to opt out.",
    );
    expect(renderTemplate(DEFAULT_TEMPLATES.missed_call, ACME_NO_URL)).toBe(
      "Acme Plumbing: sorry we missed your call! How can we help?\nReply STOP to opt out.",
    );
  });

  it("greets a customer by first name with the priority line, and reads cleanly without either", () => {
    const customer = { ...ACME, callerFirstName: "Maria", priorityPhone: "+13125550100" };
    expect(renderTemplate(DEFAULT_TEMPLATES.existing_customer, customer)).toBe(
      "Hi Maria, it's Acme Plumbing. Sorry we missed you! We'll call back soon, or reply here.\nPriority line: (312) 555-0100\nReply STOP to opt out.",
    );
    expect(renderTemplate(DEFAULT_TEMPLATES.existing_customer, ACME)).toBe(
      "Hi there, it's Acme Plumbing. Sorry we missed you! We'll call back soon, or reply here.\nReply STOP to opt out.",
    );
    const longest = { business: "Riverside Auto Repair", callerFirstName: "Christopher", priorityPhone: "+13125550100" };
    expect(checkTemplate("existing_customer", DEFAULT_TEMPLATES.existing_customer, longest)).toMatchObject({ warnings: [], encoding: "GSM-7", segments: 1 });
  });

  it("help mentions rates and STOP; opt-out offers START", () => {
    expect(DEFAULT_TEMPLATES.help).toMatch(/Msg&data rates may apply\. Reply STOP to opt out\.$/);
    expect(DEFAULT_TEMPLATES.opt_out).toMatch(/no more messages\. Reply START to resubscribe\.$/);
    expect(DEFAULT_TEMPLATES.opt_in).toMatch(/Reply STOP to opt out\.$/);
    expect(DEFAULT_TEMPLATES.after_hours).toMatch(/closed/);
  });
});

describe("snake_case placeholders and new variables", () => {
  it("fills {booking_url}, {hours_today} and {caller_first_name} like their camelCase forms", async () => {
    const vars = { business: "Acme Plumbing", bookingUrl: "https://acme.example/book", hoursToday: "8:00-17:00", callerFirstName: "Dana" };
    expect(renderTemplate("Hi {caller_first_name}, {business} is open {hours_today}. Book: {booking_url}", vars)).toBe(
      "Hi Dana, Acme Plumbing is open 8:00-17:00. Book: https://acme.example/book",
    );
    expect(renderTemplate("Hi {caller_first_name}, this is {business}.", { business: "Acme Plumbing" })).toBe("Hi there, this is Acme Plumbing.");
    const check = checkTemplate("missed_call", "Hi {caller_first_name}, {business} here. {hours_today}. Reply STOP to opt out.", vars);
    expect(check.warnings.map((w) => w.code)).not.toContain("unknown_placeholder");
  });
});
