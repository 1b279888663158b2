/**
 * Only src/zod.ts imports zod: it is zod/mini (classic zod would triple zod's share of the bundle)
 * with the English locale installed, so every module that imports it gets English error messages.
 */
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { expect, it } from "vitest";

const SRC = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../src");

it("no module under src/ imports zod except src/zod.ts", () => {
  const offenders = readdirSync(SRC, { recursive: true, encoding: "utf8" })
    .filter((f) => /\.tsx?$/.test(f) && f !== "zod.ts")
    .filter((f) => /\bfrom\s+["']zod(\/[^"']*)?["']|import\(\s*["']zod/.test(readFileSync(path.join(SRC, f), "utf8")));
  expect(offenders).toEqual([]);
});
