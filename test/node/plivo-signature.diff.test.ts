/**
 * Differential tests: our WebCrypto Plivo signer against plivo-node's own validateV3Signature and
 * validateSignature (V2), the functions Plivo's customers validate with. Under Node for the oracle.
 */
import fc from "fast-check";
import plivo from "plivo";
import { describe, expect, it } from "vitest";
import { plivoV2Signature, plivoV3Signature, verifyPlivo } from "../../src/carriers/plivo-signature";

const SEED = 20_261_207;
const RUNS = 300;

// Form and URL delimiters, the '+' form-decoding turns into a space, quotes, multi-byte UTF-8.
const SPECIAL = ["+", " ", "'", '"', "&", "=", ".", "?", "/", ":", "é", "😀", "Ω"];
const unit = fc.oneof(fc.constantFrom(...SPECIAL), fc.string({ unit: "grapheme-ascii", minLength: 1, maxLength: 1 }), fc.string({ unit: "grapheme", minLength: 1, maxLength: 1 }));
const text = fc.string({ unit, maxLength: 12 });
// Not Object.prototype's own names: the SDK merges params into a plain object and throws on them.
const name = fc
  .oneof(fc.constantFrom("CallUUID", "From", "To", "callUUID", "B", "a", "10", "9", "_"), fc.string({ unit: "grapheme-ascii", minLength: 1, maxLength: 8 }))
  .filter((k) => !(k in Object.prototype));
const params = fc.dictionary(name, text, { maxKeys: 8 });
// Query values the way a URL carries them: percent-encoded, so both sides decode the same bytes.
const query = fc.dictionary(fc.constantFrom("biz", "n", "a", "Z"), fc.string({ unit: "grapheme-ascii", maxLength: 6 }), { maxKeys: 3 });
const url = fc.tuple(fc.constantFrom("https://example.com", "https://textback.test:8443", "http://127.0.0.1:8787"), fc.constantFrom("/webhooks/plivo/voice", "/webhooks/plivo/", "/a/b.c"), query).map(
  ([origin, path, q]) => origin + path + (Object.keys(q).length ? `?${new URLSearchParams(q)}` : ""),
);
const nonce = fc.stringMatching(/^[0-9]{1,20}$/);
const token = fc.string({ unit: "grapheme-ascii", minLength: 1, maxLength: 40 });

describe("Plivo V3 against plivo.validateV3Signature", () => {
  it("the SDK accepts every POST signature we make, and we accept every one it accepts", async () => {
    await fc.assert(
      fc.asyncProperty(token, url, nonce, params, async (t, u, n, p) => {
        const sig = await plivoV3Signature(t, "POST", u, n, p);
        expect(plivo.validateV3Signature("POST", u, n, t, sig, p)).toBe(true);
        expect(await verifyPlivo(t, { v3: sig, v3Nonce: n }, "POST", u, p)).toBe(true);
      }),
      { seed: SEED, numRuns: RUNS },
    );
  });

  it("agrees on GET requests (params merged into the query) and on a list of signatures", async () => {
    await fc.assert(
      fc.asyncProperty(token, url, nonce, params, async (t, u, n, p) => {
        const sig = await plivoV3Signature(t, "GET", u, n, p);
        const other = await plivoV3Signature(`${t}x`, "GET", u, n, p);
        expect(plivo.validateV3Signature("GET", u, n, t, `${other},${sig}`, p)).toBe(true);
      }),
      { seed: SEED + 1, numRuns: RUNS },
    );
  });

  it("agrees that a changed param is refused", async () => {
    await fc.assert(
      fc.asyncProperty(token, url, nonce, params, name, text, async (t, u, n, p, k, v) => {
        fc.pre(p[k] !== v);
        const sig = await plivoV3Signature(t, "POST", u, n, p);
        const changed = { ...p, [k]: v };
        expect(plivo.validateV3Signature("POST", u, n, t, sig, changed)).toBe(false);
        expect(await verifyPlivo(t, { v3: sig, v3Nonce: n }, "POST", u, changed)).toBe(false);
      }),
      { seed: SEED + 2, numRuns: RUNS },
    );
  });
});

describe("Plivo V2 against plivo.validateSignature", () => {
  it("agrees for random URLs, nonces and tokens", async () => {
    await fc.assert(
      fc.asyncProperty(token, url, nonce, async (t, u, n) => {
        const sig = await plivoV2Signature(t, u, n);
        expect(plivo.validateSignature(u, n, sig, t)).toBe(true);
        expect(await verifyPlivo(t, { v2: sig, v2Nonce: n }, "POST", u, {})).toBe(true);
      }),
      { seed: SEED + 3, numRuns: RUNS },
    );
  });
});
