/**
 * The worker's modules (src/index.ts and all it imports, ~300 in this fresh workerd) are loaded
 * before a file's tests start, so its first test does not spend its own timeout on them. (test/rules,
 * pure functions, run in Node: the `rules` project.)
 */
import { beforeAll } from "vitest";

beforeAll(async () => {
  await import("../../src/index");
}, 120_000);
