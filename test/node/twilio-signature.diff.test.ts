/**
 * Differential tests: our WebCrypto signer against twilio-node's own helpers (Node crypto), the
 * implementation Twilio's customers validate with. Runs under Node because the oracle needs Buffer.
 */
import fc from "fast-check";
import webhooks from "twilio/lib/webhooks/webhooks.js";
import { describe, expect, it } from "vitest";
import {
  signatureAlgorithmFromSettings,
  twilioSignature,
  verifyTwilioForm,
  verifyTwilioJson,
  type SignatureAlgorithm,
  type TwilioParams,
} from "../../src/carriers/twilio-signature";

const SEED = 20_260_702;
const RUNS = 300;

const ORACLE_ALGORITHM: Record<SignatureAlgorithm, string> = {
  "HMAC-SHA1": webhooks.HMAC_SHA1,
  "HMAC-SHA256": webhooks.HMAC_SHA256,
};

// Characters that break naive implementations: form/URL delimiters, quotes, the '+' that
// form-decoding turns into a space, multi-byte UTF-8, and lone surrogates (both sides must turn
// them into U+FFFD the same way).
const SPECIAL = ["+", " ", "'", '"', "&", "=", "%", "%27", "?", "/", ":", "é", "😀", "\uD800", "\uDFFF", "\u0000"];

const unit = fc.oneof(
  fc.constantFrom(...SPECIAL),
  fc.string({ unit: "grapheme", minLength: 1, maxLength: 1 }),
  fc.string({ unit: "binary", minLength: 1, maxLength: 1 }),
  fc.string({ unit: "grapheme-ascii", minLength: 1, maxLength: 1 }),
);
const text = fc.string({ unit, maxLength: 12 });

// Names that sort differently by code unit than by locale or number: case, prefixes, digits.
const paramName = fc.oneof(fc.constantFrom("Sid", "SidAccount", "sid", "B", "a", "10", "9", "2", "_", ""), text);
// A small pool so arrays regularly contain duplicates, which twilio-node de-duplicates.
const arrayValue = fc.array(fc.oneof(text, fc.constantFrom("1234", "5678", "a", "")), { maxLength: 5 });
const params: fc.Arbitrary<TwilioParams> = fc.dictionary(paramName, fc.oneof(text, arrayValue), { maxKeys: 8 });

const token = fc.oneof(
  fc.string({ minLength: 1, maxLength: 40 }),
  fc.string({ unit: "grapheme", minLength: 1, maxLength: 16 }),
);

const host = fc.constantFrom("example.com", "hooks.example.com", "user:pass@example.com", "[2001:db8::1]", "127.0.0.1");
const url = fc
  .record({
    scheme: fc.constantFrom("https", "http", "HTTPS"),
    host,
    port: fc.constantFrom("", ":443", ":80", ":8443"),
    path: fc.array(text, { maxLength: 3 }),
    query: fc.option(fc.array(fc.tuple(text, text), { minLength: 1, maxLength: 4 }), { nil: undefined }),
  })
  .map(({ scheme, host, port, path, query }) => {
    const q = query ? "?" + query.map(([k, v]) => `${k}=${v}`).join("&") : "";
    return `${scheme}://${host}${port}/${path.join("/")}${q}`;
  });

const algorithm = fc.constantFrom<SignatureAlgorithm>("HMAC-SHA1", "HMAC-SHA256");

/** A change that always lengthens the signing string, so it can never sign the same bytes. */
function mutateOneParam(p: TwilioParams): TwilioParams {
  const [name] = Object.keys(p);
  if (name === undefined) return { Extra: "1" };
  const value = p[name] ?? "";
  if (!Array.isArray(value)) return { ...p, [name]: `${value}!` };
  let added = "!";
  while (value.includes(added)) added += "!";
  return { ...p, [name]: [...value, added] };
}

describe("twilioSignature matches twilio-node getExpectedTwilioSignature", () => {
  it.each(["HMAC-SHA1", "HMAC-SHA256"] as const)("for random URLs and params with %s", async (alg) => {
    await fc.assert(
      fc.asyncProperty(token, url, params, async (t, u, p) => {
        const expected = webhooks.getExpectedTwilioSignature(t, u, p, ORACLE_ALGORITHM[alg]);
        expect(await twilioSignature(t, u, p, alg)).toBe(expected);
      }),
      { seed: SEED, numRuns: RUNS },
    );
  });
});

describe("verifyTwilioForm agrees with twilio-node validateRequest", () => {
  it("accepts what the oracle signed and rejects it once a param changes", async () => {
    await fc.assert(
      fc.asyncProperty(token, url, params, algorithm, async (t, u, p, alg) => {
        const header = webhooks.getExpectedTwilioSignature(t, u, p, ORACLE_ALGORITHM[alg]);
        expect(await verifyTwilioForm(t, header, u, p, alg)).toBe(true);
        expect(await verifyTwilioForm(t, header, u, mutateOneParam(p), alg)).toBe(false);
      }),
      { seed: SEED, numRuns: RUNS },
    );
  });

  it("accepts a signature over the default-port form of the URL, as the oracle does", async () => {
    const portless = fc
      .record({ scheme: fc.constantFrom("https", "http"), host, path: text, query: text })
      .map(({ scheme, host, path, query }) => ({ scheme, base: `${scheme}://${host}`, rest: `/${path}?q=${query}` }));
    await fc.assert(
      fc.asyncProperty(token, portless, params, fc.boolean(), async (t, { scheme, base, rest }, p, signedWithPort) => {
        const withPort = `${base}${scheme === "https" ? ":443" : ":80"}${rest}`;
        const without = `${base}${rest}`;
        const [signedUrl, receivedUrl] = signedWithPort ? [withPort, without] : [without, withPort];
        const header = webhooks.getExpectedTwilioSignature(t, signedUrl, p);
        expect(webhooks.validateRequest(t, header, receivedUrl, p)).toBe(true);
        expect(await verifyTwilioForm(t, header, receivedUrl, p)).toBe(true);
      }),
      { seed: SEED, numRuns: RUNS },
    );
  });
});

describe("verifyTwilioJson agrees with twilio-node validateRequestWithBody", () => {
  it("accepts the oracle's JSON signature and rejects a changed body", async () => {
    const jsonUrl = fc
      .record({ scheme: fc.constantFrom("https", "http"), host, path: fc.webSegment(), query: fc.option(fc.webQueryParameters(), { nil: undefined }) })
      .map(({ scheme, host, path, query }) => `${scheme}://${host}/${path}${query ? `?${query}&` : "?"}`);
    await fc.assert(
      fc.asyncProperty(token, jsonUrl, text, algorithm, async (t, prefix, body, alg) => {
        const u = `${prefix}bodySHA256=${webhooks.getExpectedBodyHash(body)}`;
        const header = webhooks.getExpectedTwilioSignature(t, u, {}, ORACLE_ALGORITHM[alg]);
        expect(webhooks.validateRequestWithBody(t, header, u, body, ORACLE_ALGORITHM[alg])).toBe(true);
        expect(await verifyTwilioJson(t, header, u, body, alg)).toBe(true);
        expect(await verifyTwilioJson(t, header, u, `${body}!`, alg)).toBe(false);
      }),
      { seed: SEED, numRuns: RUNS },
    );
  });
});

describe("signatureAlgorithmFromSettings agrees with twilio-node getSignatureAlgorithm", () => {
  it("for random settings headers", () => {
    const part = fc.oneof(
      fc.constantFrom("key=webhooks_sharedkey_1", "algorithm=HMAC_SHA256", " algorithm = hmac_sha256 ", "algorithm=HMAC_SHA1", "algorithm=", "algorithm=HMAC_SHA512", "algorithm"),
      text,
    );
    const header = fc.option(fc.array(part, { maxLength: 4 }).map((parts) => parts.join(",")), { nil: undefined });
    fc.assert(
      fc.property(header, (h) => {
        const oracle = webhooks.getSignatureAlgorithm(h ?? "").toUpperCase();
        // Unknown algorithms fail closed: they verify as SHA1, which a non-SHA1 signature won't match.
        const expected: SignatureAlgorithm = oracle === webhooks.HMAC_SHA256 ? "HMAC-SHA256" : "HMAC-SHA1";
        expect(signatureAlgorithmFromSettings(h)).toBe(expected);
      }),
      { seed: SEED, numRuns: RUNS },
    );
  });
});
