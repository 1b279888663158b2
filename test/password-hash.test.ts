/** Password hashes: PBKDF2-SHA256, 600,000 iterations as a chain of rounds of Workers' 100,000 cap. */
import { describe, expect, it } from "vitest";
import { hashPassword, needsRehash, ROUND_ITERATIONS, ROUNDS, verifyPassword } from "../src/crypto/password-hash";
import { bytesToBase64 } from "../src/crypto/secrets";

describe("password hashes", () => {
  it("cost 600,000 iterations, in rounds no larger than the runtime allows", () => {
    expect(ROUND_ITERATIONS * ROUNDS).toBeGreaterThanOrEqual(600_000);
    expect(ROUND_ITERATIONS).toBeLessThanOrEqual(100_000);
  });

  it("verify the password they were made from, and no other; a salt per hash", async () => {
    const t = performance.now();
    const stored = await hashPassword("violet tractor lantern");
    // The CPU a login costs (one hash), in this runtime on this machine.
    console.log(`password hash: ${(performance.now() - t).toFixed(0)} ms for ${ROUND_ITERATIONS * ROUNDS} iterations`);
    expect(stored).toMatch(/^pbkdf2-sha256\$100000\*6\$[A-Za-z0-9+/=]{24}\$[A-Za-z0-9+/=]{44}$/);
    expect(await verifyPassword(stored, "violet tractor lantern")).toBe(true);
    expect(await verifyPassword(stored, "violet tractor lanterN")).toBe(false);
    expect(await hashPassword("violet tractor lantern")).not.toBe(stored);
  });

  it("equal the chain of PBKDF2 rounds it documents (round k salted with salt ‖ round k-1)", async () => {
    const stored = await hashPassword("x", 2);
    const [, , saltB64] = stored.split("$");
    const salt = Uint8Array.from(atob(saltB64!), (ch) => ch.charCodeAt(0));
    const key = await crypto.subtle.importKey("raw", new TextEncoder().encode("x"), "PBKDF2", false, ["deriveBits"]);
    const round = (s: Uint8Array<ArrayBuffer>) => crypto.subtle.deriveBits({ name: "PBKDF2", hash: "SHA-256", salt: s, iterations: ROUND_ITERATIONS }, key, 256);
    const first = new Uint8Array(await round(salt));
    const second = new Uint8Array(await round(new Uint8Array([...salt, ...first])));
    expect(stored).toBe(`pbkdf2-sha256$100000*2$${saltB64}$${bytesToBase64(second)}`);
  });

  it("say when a hash was made at a lower cost, and refuse forged costs unread", async () => {
    expect(needsRehash(await hashPassword("x", 2))).toBe(true);
    expect(needsRehash(await hashPassword("x"))).toBe(false);
    expect(await verifyPassword("pbkdf2-sha256$100000*999$AAAA$AAAA", "x")).toBe(false);
    expect(await verifyPassword("pbkdf2-sha256$5000000*1$AAAA$AAAA", "x")).toBe(false);
    expect(await verifyPassword("plain", "plain")).toBe(false);
  });
});
