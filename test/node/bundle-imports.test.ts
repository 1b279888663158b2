/**
 * Imports that would put back into the Worker's bundle what was taken out of it (issue 29's bundle
 * target): each guard names what the import cost in the bundle's gzip. Type-only imports cost nothing.
 */
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { expect, it } from "vitest";

const SRC = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../src");
const sources = readdirSync(SRC, { recursive: true, encoding: "utf8" })
  .filter((f) => /\.tsx?$/.test(f))
  .map((f) => ({ file: f, text: readFileSync(path.join(SRC, f), "utf8") }));

/** Files with a value import (not `import type`) from a module specifier matching `from`. */
const importersOf = (from: RegExp) =>
  sources.filter(({ text }) => [...text.matchAll(/^import\s+(?!type\b)[^;]*?\bfrom\s+["']([^"']+)["']/gm)].some((m) => from.test(m[1]!))).map(({ file }) => file);

it("nothing imports values from the hono/jsx entry, which brings the client-side DOM renderer (6 KB): use admin/pages/jsx-context.ts", () => {
  expect(importersOf(/^hono\/jsx$/)).toEqual([]);
});

it("nothing imports notify/json-schema.ts (zod's JSON Schema code, 5 KB): the route serves the generated event-schemas.ts", () => {
  expect(importersOf(/(^|\/)json-schema$/)).toEqual([]);
});

it("nothing imports the common-password list as JSON (43 KB): rules/password-policy.ts reads the packed form", () => {
  expect(importersOf(/common-passwords\.json$/)).toEqual([]);
});

it("libphonenumber-js is used through its ES2015 core build only (the ES5 builds add 3 KB of Babel helpers)", () => {
  expect(importersOf(/^libphonenumber-js(\/(?!core\/es6$).*)?$/)).toEqual([]);
});
