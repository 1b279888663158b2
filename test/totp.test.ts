/** TOTP (RFC 6238) against the RFC's own test vectors, and the ±1 step window with one use per code. */
import { describe, expect, it } from "vitest";
import { base32Decode, base32Encode, matchTotp, otpauthUri, totp, type TotpHash } from "../src/crypto/totp";

const ascii = (s: string) => new Uint8Array(new TextEncoder().encode(s));
// RFC 6238 appendix B: the seed is the ASCII string repeated to the hash's block of key length.
const SEEDS: Record<TotpHash, Uint8Array<ArrayBuffer>> = {
  "SHA-1": ascii("12345678901234567890"),
  "SHA-256": ascii("12345678901234567890123456789012"),
  "SHA-512": ascii("1234567890123456789012345678901234567890123456789012345678901234"),
};

const VECTORS: [number, string, TotpHash][] = [
  [59, "94287082", "SHA-1"],
  [59, "46119246", "SHA-256"],
  [59, "90693936", "SHA-512"],
  [1111111109, "07081804", "SHA-1"],
  [1111111109, "68084774", "SHA-256"],
  [1111111109, "25091201", "SHA-512"],
  [1111111111, "14050471", "SHA-1"],
  [1111111111, "67062674", "SHA-256"],
  [1111111111, "99943326", "SHA-512"],
  [1234567890, "89005924", "SHA-1"],
  [1234567890, "91819424", "SHA-256"],
  [1234567890, "93441116", "SHA-512"],
  [2000000000, "69279037", "SHA-1"],
  [2000000000, "90698825", "SHA-256"],
  [2000000000, "38618901", "SHA-512"],
  [20000000000, "65353130", "SHA-1"],
  [20000000000, "77737706", "SHA-256"],
  [20000000000, "47863826", "SHA-512"],
];

describe("TOTP", () => {
  it.each(VECTORS)("RFC 6238 at T=%i: %s (%s)", async (time, code, hash) => {
    expect(await totp(SEEDS[hash], time, 8, hash)).toBe(code);
  });

  it("reads and writes base32 as authenticator apps do", () => {
    expect(base32Encode(ascii("12345678901234567890"))).toBe("GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ");
    expect([...base32Decode("gezd gnbv gy3t qojq gezd gnbv gy3t qojq")]).toEqual([...ascii("12345678901234567890")]);
    expect(otpauthUri("GEZDGNBV", "ana@example.com")).toBe("otpauth://totp/Textback:ana%40example.com?secret=GEZDGNBV&issuer=Textback&algorithm=SHA1&digits=6&period=30");
  });

  it("accepts a code one step either side of now, not two, and each step once", async () => {
    const secret = SEEDS["SHA-1"];
    const now = 1_234_567_890;
    const step = Math.floor(now / 30);
    const at = async (offsetSteps: number) => totp(secret, now + offsetSteps * 30);
    expect(await matchTotp(secret, await at(0), now, null)).toBe(step);
    expect(await matchTotp(secret, await at(-1), now, null)).toBe(step - 1);
    expect(await matchTotp(secret, await at(1), now, null)).toBe(step + 1);
    expect(await matchTotp(secret, await at(-2), now, null)).toBeNull();
    expect(await matchTotp(secret, await at(2), now, null)).toBeNull();
    // Used once: the same code, or an older one, is refused.
    expect(await matchTotp(secret, await at(0), now, step)).toBeNull();
    expect(await matchTotp(secret, await at(-1), now, step)).toBeNull();
    expect(await matchTotp(secret, await at(1), now, step)).toBe(step + 1);
    expect(await matchTotp(secret, "12345", now, null)).toBeNull();
    expect(await matchTotp(secret, "abcdef", now, null)).toBeNull();
  });
});
