/**
 * Differential tests: our WebCrypto JWT code against the official `@vonage/jwt` (what Vonage's Node
 * customers verify webhooks and sign application tokens with). `verifySignature` checks the token's
 * signature and expiry only; the body's hash and the age of `iat` are ours on top (tested in
 * test/vonage-signature.test.ts), so every token here is issued now with the body's hash.
 */
import { generateKeyPairSync } from "node:crypto";
import { tokenGenerate, verifySignature } from "@vonage/jwt";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import signatures from "../fixtures/signatures.json";
import { vonageApplicationToken } from "../../src/carriers/vonage-jwt";
import { base64UrlEncode, sha256Hex, verifyVonage, verifyVonageToken } from "../../src/carriers/vonage-signature";

const SEED = 20_261_207;
const RUNS = 300;

const vector = signatures.vonage.find((v) => "jwt" in v) as { signatureSecret: string; rawBody: string; jwt: string; claims: { iat: number } };

const enc = new TextEncoder();
const json64 = (v: unknown) => base64UrlEncode(enc.encode(JSON.stringify(v)));

async function hs256(claims: Record<string, unknown>, secret: string, header: Record<string, unknown> = { alg: "HS256", typ: "JWT" }): Promise<string> {
  const input = `${json64(header)}.${json64(claims)}`;
  const key = await crypto.subtle.importKey("raw", enc.encode(secret), { name: "HMAC", hash: "SHA-256" }, false, ["sign"]);
  return `${input}.${base64UrlEncode(new Uint8Array(await crypto.subtle.sign("HMAC", key, enc.encode(input))))}`;
}

function sdkVerifies(jwt: string, secret: string): boolean {
  try {
    return verifySignature(jwt, secret);
  } catch {
    return false;
  }
}

describe("the Vonage vector (signatures.json)", () => {
  it("verifies with the SDK and with ours, and fails with another secret on both", async () => {
    expect(sdkVerifies(vector.jwt, vector.signatureSecret)).toBe(true);
    expect(await verifyVonage(vector.signatureSecret, `Bearer ${vector.jwt}`, vector.rawBody, vector.claims.iat)).not.toBeNull();
    expect(sdkVerifies(vector.jwt, "wrong_secret")).toBe(false);
    expect(await verifyVonage("wrong_secret", `Bearer ${vector.jwt}`, vector.rawBody, vector.claims.iat)).toBeNull();
  });
});

/** How a generated token differs from a good one. */
const tampering = fc.constantFrom("none", "other secret", "one character", "alg none", "alg HS512", "swapped claims", "expired");

describe("signed webhooks: ours agrees with @vonage/jwt verifySignature", () => {
  it("on random claims, secrets and bodies, good and tampered", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.string({ minLength: 8, maxLength: 64, unit: "grapheme" }),
        fc.string({ maxLength: 300, unit: "grapheme" }),
        fc.dictionary(fc.string({ minLength: 1, maxLength: 12 }).filter((k) => !["iat", "exp", "nbf", "payload_hash"].includes(k)), fc.oneof(fc.string({ unit: "grapheme" }), fc.integer(), fc.boolean()), { maxKeys: 4 }),
        tampering,
        fc.nat(),
        async (secret, body, extra, tamper, at) => {
          const now = Math.floor(Date.now() / 1000);
          const claims: Record<string, unknown> = { ...extra, iat: now, jti: "j", payload_hash: await sha256Hex(body) };
          if (tamper === "expired") claims.exp = now - 10;
          let jwt =
            tamper === "other secret"
              ? await hs256(claims, `${secret}x`)
              : tamper === "alg none"
                ? await hs256(claims, secret, { alg: "none", typ: "JWT" })
                : tamper === "alg HS512"
                  ? await hs256(claims, secret, { alg: "HS512", typ: "JWT" })
                  : await hs256(claims, secret);
          if (tamper === "one character") {
            const i = at % jwt.length;
            if (jwt[i] !== ".") jwt = `${jwt.slice(0, i)}${jwt[i] === "A" ? "B" : "A"}${jwt.slice(i + 1)}`;
          }
          if (tamper === "swapped claims") {
            const [h, , s] = jwt.split(".");
            jwt = `${h}.${json64({ ...claims, jti: "k" })}.${s}`;
          }
          const sdk = sdkVerifies(jwt, secret);
          const ours = (await verifyVonageToken(secret, `Bearer ${jwt}`, now)) !== null;
          expect(ours).toBe(sdk);
          // And the whole webhook check: the same verdict when the body is the one hashed.
          expect((await verifyVonage(secret, `Bearer ${jwt}`, body, now)) !== null).toBe(sdk);
          if (tamper === "none") expect(sdk).toBe(true);
        },
      ),
      { seed: SEED, numRuns: RUNS },
    );
  });
});

describe("application tokens: ours are what @vonage/jwt makes and accepts", () => {
  const { privateKey, publicKey } = generateKeyPairSync("rsa", {
    modulusLength: 2048,
    privateKeyEncoding: { type: "pkcs8", format: "pem" },
    publicKeyEncoding: { type: "spki", format: "pem" },
  });
  const applicationId = "aaaaaaaa-bbbb-4ccc-8ddd-0123456789ab";

  it("verifies ours with the application's public key, with the SDK's claims", async () => {
    const now = Math.floor(Date.now() / 1000);
    const ours = await vonageApplicationToken(applicationId, privateKey, now);
    expect(verifySignature(ours, publicKey)).toBe(true);
    const claimsOf = (t: string) => JSON.parse(Buffer.from(t.split(".")[1]!, "base64url").toString("utf8")) as Record<string, unknown>;
    const headerOf = (t: string) => JSON.parse(Buffer.from(t.split(".")[0]!, "base64url").toString("utf8")) as Record<string, unknown>;
    const sdk = tokenGenerate(applicationId, privateKey);
    expect(Object.keys(claimsOf(ours)).sort()).toEqual(Object.keys(claimsOf(sdk)).sort());
    expect(headerOf(ours)).toEqual(headerOf(sdk));
    expect(claimsOf(ours)).toMatchObject({ application_id: applicationId, iat: now, exp: now + 900 });
    // Another application's key does not verify it.
    const other = generateKeyPairSync("rsa", { modulusLength: 2048, publicKeyEncoding: { type: "spki", format: "pem" }, privateKeyEncoding: { type: "pkcs8", format: "pem" } });
    expect(sdkVerifies(ours, other.publicKey)).toBe(false);
  });
});
