/** What a new business starts with must pass the rules its owner's own edits are held to. */
import { describe, expect, it } from "vitest";
import { PRESET_IDS, PRESETS } from "../../src/presets";
import { TEMPLATE_KINDS } from "../../src/rules/reasons";
import { checkTemplate } from "../../src/rules/template-check";
import { DEFAULT_TEMPLATES, type TemplateVars } from "../../src/rules/templates";

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
  });
});
