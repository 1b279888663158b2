/**
 * Every missed call sends a text-back, so its length is the product's running cost: the defaults
 * (a business that picked no preset) and each preset's (which ask the first question) stay one GSM-7
 * segment for a business with a name of ordinary length and a tracked booking link on a workers.dev
 * address, as compliance.md asks of a North American text-back.
 */
import { describe, expect, it } from "vitest";
import { countSegments } from "../../src/rules/encoding";
import { PRESETS } from "../../src/presets";
import { DEFAULT_TEMPLATES, renderTemplate, type TemplateVars } from "../../src/rules/templates";
import { TEXT_BACK_KINDS } from "../../src/vocabulary";

const ORDINARY: TemplateVars = {
  business: "Northside Heating & Air",
  bookingUrl: "https://textback.northside.workers.dev/l/dAtwNxsvD1lB",
  callerFirstName: "Margaret",
  priorityPhone: "(612) 555-0142",
};

describe("the default text-backs", () => {
  it.each([...TEXT_BACK_KINDS, "follow_up" as const])("%s fits one segment with a 23-character name and a tracked link", (kind) => {
    const body = renderTemplate(DEFAULT_TEMPLATES[kind], ORDINARY);
    expect(body).toContain("Reply STOP to opt out.");
    expect({ body, ...countSegments(body) }).toMatchObject({ encoding: "GSM-7", segments: 1 });
  });

  it.each(["missed_call", "after_hours", "voicemail", "ai_abandoned", "follow_up"] as const)("%s says what its link is", (kind) => {
    expect(DEFAULT_TEMPLATES[kind]).toMatch(/Book online: \{bookingUrl\}/);
  });
});

describe("the presets' text-backs", () => {
  const cases = Object.entries(PRESETS).flatMap(([id, preset]) => Object.entries(preset.templates).map(([kind, template]) => [id, kind, template!] as const));

  it.each(cases)("%s %s fits one segment with a 23-character name and a tracked link", (_id, _kind, template) => {
    const body = renderTemplate(template, ORDINARY);
    expect(body).toContain("Reply STOP to opt out.");
    expect({ body, ...countSegments(body) }).toMatchObject({ encoding: "GSM-7", segments: 1 });
  });
});
