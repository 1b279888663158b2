/** What a new business starts with must pass the rules its owner's own edits are held to. */
import { describe, expect, it } from "vitest";
import { PRESET_IDS, PRESETS } from "../../src/presets";
import { formatPhone } from "../../src/rules/display";
import { TEMPLATE_KINDS } from "../../src/rules/reasons";
import { checkTemplate } from "../../src/rules/template-check";
import { DEFAULT_TEMPLATES, renderTemplate, type TemplateVars } from "../../src/rules/templates";

const SAMPLES: [string, TemplateVars][] = [
  ["a short name, no link", { business: "Acme", bookingUrl: null }],
  ["a long name and link", { business: "Riverside Plumbing, Heating and Air", bookingUrl: "https://riverside-plumbing-heating.example/book-online" }],
  ["every detail filled in", { business: "Acme Plumbing", bookingUrl: "https://acme.example/book", businessPhone: "+15125550123", callerPhone: "+14155550123" }],
];

const STARTS = [
  ...PRESET_IDS.map((id) => [`preset ${id}`, (kind: (typeof TEMPLATE_KINDS)[number]) => PRESETS[id].templates[kind] ?? DEFAULT_TEMPLATES[kind]] as const),
  ["no preset", (kind: (typeof TEMPLATE_KINDS)[number]) => DEFAULT_TEMPLATES[kind]] as const,
];

describe.each(STARTS)("%s", (_start, templateOf) => {
  const cases = TEMPLATE_KINDS.flatMap((kind) => SAMPLES.map(([label, vars]) => [kind, label, vars] as const));
  it.each(cases)("%s, %s: passes the rules, in plain characters", (kind, _label, vars) => {
    const check = checkTemplate(kind, templateOf(kind), vars);
    expect(check.errors).toEqual([]);
    expect(check.encoding).toBe("GSM-7");
    // A link says what it is: a bare one reads like phishing.
    expect(check.warnings.map((w) => w.code)).not.toContain("bare_link");
  });
});

/** Every value a text can have. */
const FULL: Required<TemplateVars> = {
  business: "Riverside Plumbing",
  bookingUrl: "https://riverside.example/book",
  businessPhone: "+15125550123",
  callerPhone: "+14155550123",
  callerFirstName: "Maria",
  priorityPhone: "+13125550100",
  hoursToday: "8 AM-5 PM",
};
/** The template with each placeholder swapped for its value: how it always rendered with every value there. */
const substituted = (body: string, vars: TemplateVars) =>
  body
    .replace(/\{(\w+)\}/g, (m, name: string) => {
      const value = (vars as unknown as Record<string, string | null | undefined>)[name];
      // Numbers read as people dial them.
      return value == null ? m : name.endsWith("Phone") ? formatPhone(value) : value;
    })
    .trim();
const withoutLinesOf = (body: string, placeholder: string) =>
  body
    .split("\n")
    .filter((line) => !line.includes(`{${placeholder}}`))
    .join("\n");

describe.each(STARTS)("%s, rendered", (_start, templateOf) => {
  it.each(TEMPLATE_KINDS)("%s with every value: each placeholder swapped for its value, nothing else changed", (kind) => {
    expect(renderTemplate(templateOf(kind), FULL)).toBe(substituted(templateOf(kind), FULL));
  });

  it.each(TEMPLATE_KINDS.flatMap((kind) => (["bookingUrl", "priorityPhone"] as const).map((p) => [kind, p] as const)))(
    "%s without %s: the line it is on left out, one warning naming it, no refusal",
    (kind, placeholder) => {
      const body = templateOf(kind);
      const vars = { ...FULL, [placeholder]: null };
      const text = renderTemplate(body, vars);
      expect(text).toBe(substituted(withoutLinesOf(body, placeholder), FULL));
      expect(text).not.toMatch(/[{}]| [.,!?:;]|\n\n| {2}/);
      const check = checkTemplate(kind, body, vars);
      expect(check.errors).toEqual([]);
      const named = body.includes(`{${placeholder}}`) ? [`{${placeholder}}`] : [];
      expect(check.warnings.filter((w) => w.code === "empty_placeholder").map((w) => w.message.split(" ")[0])).toEqual(named);
    },
  );
});

describe("a preset's text-backs, exactly", () => {
  it("dental, with a booking link and without", () => {
    const body = PRESETS.dental.templates.missed_call!;
    expect(renderTemplate(body, FULL)).toBe(
      "Riverside Plumbing: sorry we missed you! How can we help you?\nBook online: https://riverside.example/book\nReply STOP to opt out.",
    );
    expect(renderTemplate(body, { business: "Riverside Plumbing" })).toBe(
      "Riverside Plumbing: sorry we missed you! How can we help you?\nReply STOP to opt out.",
    );
  });

  it("the customers' text, with a priority line and without", () => {
    expect(renderTemplate(DEFAULT_TEMPLATES.existing_customer, FULL)).toBe(
      "Hi Maria, it's Riverside Plumbing. Sorry we missed you! We'll call back soon, or reply here.\nPriority line: (312) 555-0100\nReply STOP to opt out.",
    );
    expect(renderTemplate(DEFAULT_TEMPLATES.existing_customer, { business: "Riverside Plumbing" })).toBe(
      "Hi there, it's Riverside Plumbing. Sorry we missed you! We'll call back soon, or reply here.\nReply STOP to opt out.",
    );
  });
});
