/** Words that say only how soon, never what is wrong (DESIGN.md §6.3): they mark urgency and page nobody. */
import { describe, expect, it } from "vitest";
import { isSoonWord } from "../../../src/rules/extract/soon-words";
import { PRESETS } from "../../../src/presets";
import { urgentSchema } from "../../../src/lead-settings";

describe("isSoonWord", () => {
  it.each(["asap", "ASAP", "as soon as possible", "right away", "Right  away", "urgent", "it’s urgent", "today", "immediately"])("%j says only how soon", (word) => {
    expect(isSoonWord(word)).toBe(true);
  });

  it.each(["emergency", "burst pipe", "court today", "hearing today", "urgent care", "no heat"])("%j names something", (word) => {
    expect(isSoonWord(word)).toBe(false);
  });

  it("no preset and not the default list pages for one", () => {
    for (const preset of Object.values(PRESETS)) expect(preset.settings.urgent.words.filter(isSoonWord), preset.id).toEqual([]);
    expect(urgentSchema.parse({}).words.filter(isSoonWord)).toEqual([]);
  });
});
