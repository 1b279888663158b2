/** Each report figure is defined once (src/reports/figures.ts); the README's table says the same words. */
import { readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { FIGURES } from "../../src/reports/figures";

const README = readFileSync(path.join(path.dirname(fileURLToPath(import.meta.url)), "../../README.md"), "utf8");

describe("the report's definitions", () => {
  it("are the README's table of the report, figure for figure, in the same order and words", () => {
    const lines = README.split("\n");
    const header = lines.indexOf("| figure | on the dashboard | what it counts |");
    expect(header).toBeGreaterThan(0);
    const end = lines.indexOf("", header);
    const rows = lines.slice(header + 2, end);
    expect(rows).toEqual(FIGURES.map((f) => `| \`${f.key}\` | ${f.label} | ${f.definition} |`));
  });

  it("name every figure once", () => {
    expect(new Set(FIGURES.map((f) => f.key)).size).toBe(FIGURES.length);
    expect(new Set(FIGURES.map((f) => f.label)).size).toBe(FIGURES.length);
  });
});
