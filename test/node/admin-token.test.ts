/** The admin token the scripts generate and accept (scripts/lib/admin-token.mjs), and the Worker's floor under it. */
import { describe, expect, it } from "vitest";
import { adminTokenProblem, generateAdminToken, WORKER_MIN_ADMIN_TOKEN_LENGTH } from "../../scripts/lib/admin-token.mjs";
import { adminTokenProblem as workerProblem, MIN_ADMIN_TOKEN_LENGTH } from "../../src/admin/token-floor";

describe("admin tokens in the scripts", () => {
  it("generates 32 random bytes as 43 base64url characters, each time new, which the scripts and the Worker accept", () => {
    const tokens = Array.from({ length: 20 }, generateAdminToken);
    expect(new Set(tokens).size).toBe(20);
    for (const t of tokens) {
      expect(t).toMatch(/^[A-Za-z0-9_-]{43}$/);
      expect(adminTokenProblem(t)).toBeNull();
      expect(workerProblem(t)).toBeNull();
    }
  });

  it.each([
    ["16 characters typed", "correct-horse-42", false],
    ["42 characters", "x".repeat(42), false],
    ["43 characters", "x".repeat(43), true],
    ["63 hex digits", "0123456789abcdef".repeat(4).slice(0, 63), false],
    ["64 hex digits (openssl rand -hex 32)", "0123456789abcdef".repeat(4), true],
    ["a space inside", `${"x".repeat(30)} ${"x".repeat(30)}`, false],
  ])("accepts or refuses a supplied token: %s", (_name, token, ok) => {
    expect(adminTokenProblem(token) === null).toBe(ok);
  });

  it("knows the Worker's own floor", () => {
    expect(WORKER_MIN_ADMIN_TOKEN_LENGTH).toBe(MIN_ADMIN_TOKEN_LENGTH);
  });
});
