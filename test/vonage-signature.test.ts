import { describe, expect, it } from "vitest";
import { z } from "zod";
import { isVonageSignatureShaped, VONAGE_TOLERANCE_SECONDS, verifyVonage } from "../src/carriers/vonage";
import { vonageSmsSignature, vonageSmsSigningString, verifyVonageSms, type VonageSmsAlgorithm } from "../src/carriers/vonage-sms-signature";
import { base64UrlEncode, sha256Hex } from "../src/carriers/vonage-signature";
// A copy of shared/vectors/signatures.json, so the suite runs from a bare clone.
import signatures from "./fixtures/signatures.json";

const jwtVector = z.object({
  signatureSecret: z.string(),
  rawBody: z.string(),
  jwt: z.string(),
  claims: z.object({ iat: z.number().int(), payload_hash: z.string().regex(/^[0-9a-f]{64}$/) }).loose(),
});

// Parsed rather than cast, so a malformed fixture fails loudly instead of testing nothing.
const vector = jwtVector.parse(signatures.vonage.find((v) => "jwt" in v));
const SECRET = vector.signatureSecret;
const BODY = vector.rawBody;
const BEARER = `Bearer ${vector.jwt}`;
const NOW = vector.claims.iat;

const enc = new TextEncoder();
const json64 = (v: unknown) => base64UrlEncode(enc.encode(JSON.stringify(v)));

/** A token as Vonage would make it, with the header and claims given. */
async function token(claims: Record<string, unknown>, header: Record<string, unknown> = { alg: "HS256", typ: "JWT" }, secret = SECRET): Promise<string> {
  const input = `${json64(header)}.${json64(claims)}`;
  const key = await crypto.subtle.importKey("raw", enc.encode(secret), { name: "HMAC", hash: "SHA-256" }, false, ["sign"]);
  return `Bearer ${input}.${base64UrlEncode(new Uint8Array(await crypto.subtle.sign("HMAC", key, enc.encode(input))))}`;
}

describe("Vonage signed webhooks (signatures.json)", () => {
  it("accepts the generated vector and reads its claims", async () => {
    expect(vector.claims.payload_hash).toBe(await sha256Hex(BODY));
    const claims = await verifyVonage(SECRET, BEARER, BODY, NOW);
    expect(claims).toMatchObject(vector.claims);
  });

  it("refuses it with another secret, another body, or no Bearer prefix", async () => {
    expect(await verifyVonage("another_signature_secret", BEARER, BODY, NOW)).toBeNull();
    expect(await verifyVonage(SECRET, BEARER, BODY.replace("delivered", "rejected"), NOW)).toBeNull();
    expect(await verifyVonage(SECRET, BEARER, `${BODY} `, NOW)).toBeNull();
    expect(await verifyVonage(SECRET, vector.jwt, BODY, NOW)).toBeNull();
    expect(await verifyVonage(SECRET, null, BODY, NOW)).toBeNull();
    expect(await verifyVonage("", BEARER, BODY, NOW)).toBeNull();
  });

  it("refuses any one character of the token changed", async () => {
    const accepted: number[] = [];
    for (let i = 0; i < vector.jwt.length; i++) {
      if (vector.jwt[i] === ".") continue;
      const swapped = vector.jwt[i] === "A" ? "B" : "A";
      const mutated = `Bearer ${vector.jwt.slice(0, i)}${swapped}${vector.jwt.slice(i + 1)}`;
      if (await verifyVonage(SECRET, mutated, BODY, NOW)) accepted.push(i);
    }
    expect(accepted).toEqual([]);
  });

  it(`takes an iat up to ${VONAGE_TOLERANCE_SECONDS} s either side of now, not 301`, async () => {
    for (const offset of [-300, 0, 300]) expect(await verifyVonage(SECRET, BEARER, BODY, NOW + offset)).not.toBeNull();
    for (const offset of [-301, 301, 86_400]) {
      expect(await verifyVonage(SECRET, BEARER, BODY, NOW + offset)).toBeNull();
      expect(isVonageSignatureShaped(BEARER, NOW + offset)).toBe(false);
    }
    expect(isVonageSignatureShaped(BEARER, NOW)).toBe(true);
  });

  it("needs a payload_hash whenever there is a body, and takes none for an empty GET", async () => {
    const noHash = await token({ iat: NOW, jti: "x" });
    expect(await verifyVonage(SECRET, noHash, BODY, NOW)).toBeNull();
    expect(await verifyVonage(SECRET, noHash, "", NOW)).not.toBeNull();
    expect(await verifyVonage(SECRET, await token({ iat: NOW, payload_hash: await sha256Hex("") }), "", NOW)).not.toBeNull();
    expect(await verifyVonage(SECRET, await token({ iat: NOW, payload_hash: 42 }), BODY, NOW)).toBeNull();
  });

  it("refuses other algorithms, a missing or non-numeric iat, and an expired or not yet valid token", async () => {
    const hash = await sha256Hex(BODY);
    const cases = {
      none: await token({ iat: NOW, payload_hash: hash }, { alg: "none" }),
      rs256: await token({ iat: NOW, payload_hash: hash }, { alg: "RS256" }),
      hs512: await token({ iat: NOW, payload_hash: hash }, { alg: "HS512" }),
      noIat: await token({ payload_hash: hash }),
      textIat: await token({ iat: String(NOW), payload_hash: hash }),
      expired: await token({ iat: NOW, exp: NOW, payload_hash: hash }),
      notYet: await token({ iat: NOW, nbf: NOW + 1, payload_hash: hash }),
      claimsArray: await token([NOW] as unknown as Record<string, unknown>),
    };
    const results = Object.fromEntries(await Promise.all(Object.entries(cases).map(async ([k, t]) => [k, await verifyVonage(SECRET, t, BODY, NOW)])));
    expect(results).toEqual(Object.fromEntries(Object.keys(cases).map((k) => [k, null])));
    // The same claims, well formed, pass: the refusals above are about what was changed.
    expect(await verifyVonage(SECRET, await token({ iat: NOW, exp: NOW + 1, nbf: NOW, payload_hash: hash }), BODY, NOW)).not.toBeNull();
  });

  it("refuses a signature spelled another way for the same bytes (as the SDK compares the text)", async () => {
    const [h, p, s] = vector.jwt.split(".") as [string, string, string];
    // 32 bytes are 43 base64url characters: the last one carries 4 bits of padding, which decoders ignore.
    const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    const last = alphabet.indexOf(s.at(-1)!);
    const sibling = alphabet[(last & ~3) | ((last + 1) & 3)]!;
    expect(sibling).not.toBe(s.at(-1));
    expect(await verifyVonage(SECRET, `Bearer ${h}.${p}.${s.slice(0, -1)}${sibling}`, BODY, NOW)).toBeNull();
  });
});

const smsVector = z
  .object({
    signatureSecret: z.string(),
    params: z.record(z.string(), z.string()),
    md5hash: z.string(),
    md5hmac: z.string(),
    sha1hmac: z.string(),
    sha256hmac: z.string(),
    sha512hmac: z.string(),
  })
  .parse(signatures.vonage.find((v) => "params" in v));

describe("Vonage SMS API signatures (signatures.json, the SDK's own vectors)", () => {
  const at = Number(smsVector.params.timestamp);
  const expected: Array<[VonageSmsAlgorithm, string]> = [
    ["md5hash", smsVector.md5hash],
    ["md5", smsVector.md5hmac],
    ["sha1", smsVector.sha1hmac],
    ["sha256", smsVector.sha256hmac],
    ["sha512", smsVector.sha512hmac],
  ];

  it.each(expected)("computes %s", async (algorithm, sig) => {
    expect((await vonageSmsSignature(smsVector.params, smsVector.signatureSecret, algorithm)).toLowerCase()).toBe(sig.toLowerCase());
  });

  it.each(expected)("verifies a %s sig in either case, and refuses it with another secret, a changed parameter or stale", async (_algorithm, sig) => {
    const params = { ...smsVector.params, sig };
    expect(await verifyVonageSms(smsVector.signatureSecret, params, at)).toBe(true);
    expect(await verifyVonageSms(smsVector.signatureSecret, { ...params, sig: sig.toUpperCase() }, at)).toBe(true);
    expect(await verifyVonageSms("another_secret", params, at)).toBe(false);
    expect(await verifyVonageSms(smsVector.signatureSecret, { ...params, text: "Test agaim" }, at)).toBe(false);
    expect(await verifyVonageSms(smsVector.signatureSecret, { ...params, extra: "1" }, at)).toBe(false);
    expect(await verifyVonageSms(smsVector.signatureSecret, params, at + 301)).toBe(false);
    expect(await verifyVonageSms(smsVector.signatureSecret, params, at - 300)).toBe(true);
  });

  it("replaces & and = inside values in the signing string", () => {
    expect(vonageSmsSigningString({ b: "x=1&y", a: "1", sig: "ignored" })).toBe("&a=1&b=x_1_y");
  });

  it("refuses a sig of no known length or not hex, and a missing timestamp", async () => {
    const sig = smsVector.sha256hmac;
    const params: Record<string, string> = { ...smsVector.params, sig };
    expect(await verifyVonageSms(smsVector.signatureSecret, { ...params, sig: sig.slice(1) }, at)).toBe(false);
    expect(await verifyVonageSms(smsVector.signatureSecret, { ...params, sig: `${sig.slice(1)}g` }, at)).toBe(false);
    const { timestamp: _, ...untimed } = params;
    expect(await verifyVonageSms(smsVector.signatureSecret, untimed, at)).toBe(false);
  });
});
