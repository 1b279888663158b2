import { describe, expect, it } from "vitest";
import { z } from "zod";
import { isPlivoSignatureShaped, plivoV2Signature, plivoV3Signature, plivoV3SigningString, verifyPlivo } from "../src/carriers/plivo-signature";
// A copy of shared/vectors/signatures.json, so the suite runs from a bare clone.
import signatures from "./fixtures/signatures.json";

const v3Vector = z.object({
  algo: z.literal("V3"),
  method: z.enum(["GET", "POST"]),
  url: z.string(),
  nonce: z.string(),
  authToken: z.string(),
  params: z.record(z.string(), z.string()),
  signedString: z.string(),
  signature: z.string(),
});
const v2Vector = z.object({ algo: z.string().startsWith("V2"), url: z.string(), nonce: z.string(), authToken: z.string(), "X-Plivo-Signature-V2": z.string(), valid: z.literal(true) });
const v1Vector = z.object({ url: z.string(), key: z.string(), params: z.record(z.string(), z.string()), signature: z.string() });

// Parsed rather than cast, so a malformed fixture fails loudly instead of testing nothing.
const all = signatures.plivo as unknown[];
const v3 = all.flatMap((v) => (v3Vector.safeParse(v).success ? [v3Vector.parse(v)] : []));
const v2 = all.flatMap((v) => (v2Vector.safeParse(v).success ? [v2Vector.parse(v)] : []));
const v1 = all.flatMap((v) => (v1Vector.safeParse(v).success ? [v1Vector.parse(v)] : []));

describe("the shared Plivo vectors", () => {
  it("are all read: three V3, two V2, one legacy V1", () => {
    expect([v3.length, v2.length, v1.length, all.length]).toEqual([3, 2, 1, 6]);
  });

  it.each(v3.map((v) => [`${v.method} ${v.url}`, v] as const))("V3 %s: the signed string, the signature, and verification", async (_, v) => {
    expect(`${plivoV3SigningString(v.method, v.url, v.params)}.${v.nonce}`).toBe(v.signedString);
    expect(await plivoV3Signature(v.authToken, v.method, v.url, v.nonce, v.params)).toBe(v.signature);
    expect(await verifyPlivo(v.authToken, { v3: v.signature, v3Nonce: v.nonce }, v.method, v.url, v.params)).toBe(true);
  });

  it.each(v2.map((v) => [v.url, v] as const))("V2 %s verifies when no V3 header is sent", async (_, v) => {
    const h = { v2: v["X-Plivo-Signature-V2"], v2Nonce: v.nonce };
    expect(await plivoV2Signature(v.authToken, v.url, v.nonce)).toBe(h.v2);
    expect(await verifyPlivo(v.authToken, h, "POST", v.url, { any: "body" })).toBe(true);
  });

  it("legacy V1 (HMAC-SHA1, no nonce) is not accepted: a request with only that header is unsigned", () => {
    expect(isPlivoSignatureShaped({})).toBe(false);
    expect(v1[0]!.signature).toHaveLength(28);
  });
});

describe("Plivo V3 rejects tampering", () => {
  const v = v3[0]!;
  const ok = (over: Partial<{ sig: string; nonce: string; url: string; params: Record<string, string>; token: string }>) =>
    verifyPlivo(over.token ?? v.authToken, { v3: over.sig ?? v.signature, v3Nonce: over.nonce ?? v.nonce }, v.method, over.url ?? v.url, over.params ?? v.params);

  it("a changed param value, an added param, a removed param", async () => {
    expect(await ok({ params: { ...v.params, CallStatus: "completed" } })).toBe(false);
    expect(await ok({ params: { ...v.params, Extra: "1" } })).toBe(false);
    const { Direction: _, ...fewer } = v.params;
    expect(await ok({ params: fewer })).toBe(false);
  });

  it("another URL, another query, another nonce, another token", async () => {
    expect(await ok({ url: v.url.replace("answer", "hangup") })).toBe(false);
    expect(await ok({ url: `${v.url}?biz=1` })).toBe(false);
    expect(await ok({ nonce: `${v.nonce}1` })).toBe(false);
    expect(await ok({ token: `${v.authToken}x` })).toBe(false);
  });

  it("accepts any of several comma-separated signatures (a token being rotated), and none that are all wrong", async () => {
    const other = await plivoV3Signature("another_token", v.method, v.url, v.nonce, v.params);
    expect(await ok({ sig: `${other},${v.signature}` })).toBe(true);
    expect(await ok({ sig: `${v.signature}, ${other}` })).toBe(true);
    expect(await ok({ sig: `${other},${other}` })).toBe(false);
  });

  it("never accepts a V2 signature when a V3 header is present (a V2 signature covers neither body nor query)", async () => {
    const v2sig = await plivoV2Signature(v.authToken, v.url, v.nonce);
    expect(await verifyPlivo(v.authToken, { v3: v.signature.replace(/^./, "A"), v3Nonce: v.nonce, v2: v2sig, v2Nonce: v.nonce }, "POST", v.url, v.params)).toBe(false);
  });

  it("refuses malformed headers before any key is touched, and never throws", async () => {
    for (const h of [{ v3: "not-a-signature", v3Nonce: "1" }, { v3: v.signature }, { v3: v.signature, v3Nonce: "a b" }, { v2: "x", v2Nonce: "1" }, { v3: Array(9).fill(v.signature).join(",") , v3Nonce: "1" }]) {
      expect(isPlivoSignatureShaped(h)).toBe(false);
      expect(await verifyPlivo(v.authToken, h, "POST", v.url, v.params)).toBe(false);
    }
    expect(await verifyPlivo("", { v3: v.signature, v3Nonce: v.nonce }, "POST", v.url, v.params)).toBe(false);
  });
});
