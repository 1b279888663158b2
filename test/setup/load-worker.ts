/**
 * The worker's modules (src/index.ts and all it imports, ~300 in this fresh workerd) are loaded
 * before a file's tests start, so its first test does not spend its own timeout on them. Not for
 * test/rules: pure functions, tested without the runtime, that import only what they test.
 */
import { beforeAll } from "vitest";

// The first argument is the fixtures (Vitest wants it destructured), the second the file.
beforeAll(async ({}, suite) => {
  if (!suite.file.filepath.includes("/test/rules/")) await import("../../src/index");
}, 120_000);
