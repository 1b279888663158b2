import { describe, expect, it, vi } from "vitest";
import { z } from "zod";
import {
  signatureAlgorithmFromSettings,
  twilioSignature,
  twilioWebhookKey,
  verifyTwilioForm,
  verifyTwilioJson,
  type SignatureAlgorithm,
  type TwilioParams,
} from "../src/carriers/twilio-signature";
// A copy of shared/vectors/signatures.json, so the suite runs from a bare clone.
import signatures from "./fixtures/signatures.json";

const paramsSchema = z.record(z.string(), z.union([z.string(), z.array(z.string())]));
const twilioVector = z.object({
  authToken: z.string(),
  header: z.string(),
  header_HMAC_SHA256_sharedkey: z.string().optional(),
  url: z.string(),
  params: paramsSchema.optional(),
  rawBody: z.string().optional(),
  name: z.string().optional(),
  note: z.string().optional(),
  valid: z.boolean(),
});
type TwilioVector = z.infer<typeof twilioVector>;

// Parsed rather than cast, so a malformed fixture fails loudly instead of testing nothing.
const vectors = twilioVector.array().parse(signatures.twilio);
const formVectors = vectors.filter((v) => v.rawBody === undefined);
const jsonVectors = vectors.filter((v) => v.rawBody !== undefined);
const label = (v: TwilioVector) => v.name ?? v.note ?? v.url;

// Official twilio-node vectors listed in shared/reference/carriers.md §1.7 but absent from the JSON.
const T1_PARAMS: TwilioParams = {
  CallSid: "CA1234567890ABCDE",
  Caller: "+14158675309",
  Digits: "1234",
  From: "+14158675309",
  To: "+18005551212",
};
const T1_URL = "https://mycompany.com/myapp.php?foo=1&bar=2";
const T8_BODY = '{"property": "value", "boolean": true}';

describe("verifyTwilioForm with the shared vectors", () => {
  it.each(formVectors.map((v) => [label(v), v] as const))("accepts %s", async (_, v) => {
    expect(v.valid).toBe(true);
    expect(await verifyTwilioForm(v.authToken, v.header, v.url, v.params ?? {})).toBe(true);
  });

  const sharedKey = formVectors.filter((v) => v.header_HMAC_SHA256_sharedkey !== undefined);
  it.each(sharedKey.map((v) => [label(v), v] as const))("accepts the HMAC-SHA256 header of %s", async (_, v) => {
    const header = v.header_HMAC_SHA256_sharedkey;
    expect(await verifyTwilioForm(v.authToken, header, v.url, v.params ?? {}, "HMAC-SHA256")).toBe(true);
    // The same header under the legacy algorithm is someone else's signature.
    expect(await verifyTwilioForm(v.authToken, header, v.url, v.params ?? {})).toBe(false);
  });

  it("accepts the SignalWire form vector, which uses Twilio's scheme", async () => {
    const swForm = z.object({ signingKey: z.string(), header: z.string(), url: z.string(), params: paramsSchema });
    const [sw] = signatures.signalwire.flatMap((v) => swForm.safeParse(v).data ?? []);
    if (!sw) throw new Error("no SignalWire form vector");
    expect(await verifyTwilioForm(sw.signingKey, sw.header, sw.url, sw.params)).toBe(true);
  });

  it.each([
    ["a non-default port (T4)", "12345", "http://mycompany.com:1234/myapp.php?foo=1&bar=2", "Zmvh+3yNM1Phv2jhDCwEM3q5ebU=", "HMAC-SHA1"],
    ["user:pass in the URL (T6)", "12345", "https://user:pass@mycompany.com/myapp.php?foo=1&bar=2", "CukzLTc1tT5dXEDIHm/tKBanW10=", "HMAC-SHA1"],
    ["HMAC-SHA256 with an auth token (T14)", "12345", T1_URL, "033hgUJA9M/hXIZsYjwkerEP/DBm35nEri5FhCYjA5s=", "HMAC-SHA256"],
  ] as const)("accepts the official vector with %s", async (_, token, url, header, algorithm) => {
    expect(await verifyTwilioForm(token, header, url, T1_PARAMS, algorithm)).toBe(true);
  });

  it("reproduces the T1 header byte for byte", async () => {
    expect(await twilioSignature("12345", T1_URL, T1_PARAMS)).toBe("RSOYDt4T1cUTdK1PDd93/VVr8B8=");
  });
});

describe("verifyTwilioJson with the shared vectors", () => {
  it.each(jsonVectors.map((v) => [label(v), v] as const))("accepts %s", async (_, v) => {
    expect(v.valid).toBe(true);
    expect(await verifyTwilioJson(v.authToken, v.header, v.url, v.rawBody ?? "")).toBe(true);
  });

  it("accepts the official short-URL JSON vector (T9)", async () => {
    const url =
      "https://mycompany.com/myapp.php?bodySHA256=0a1ff7634d9ab3b95db5c9a2dfe9416e41502b283a80c7cf19632632f96e6620";
    expect(await verifyTwilioJson("12345", "y77kIzt2vzLz71DgmJGsen2scGs=", url, T8_BODY)).toBe(true);
  });
});

/** Flip one character of a base64 string in the middle, where every bit reaches the decoded bytes. */
function mutateBase64(header: string): string {
  const i = Math.floor(header.length / 2);
  const flipped = header[i] === "A" ? "B" : "A";
  return header.slice(0, i) + flipped + header.slice(i + 1);
}

function mutateLastChar(text: string): string {
  const last = text.charCodeAt(text.length - 1);
  return text.slice(0, -1) + String.fromCharCode(last ^ 1);
}

describe("verifyTwilioForm rejects tampering", () => {
  const token = "test_auth_token_0123456789abcdef";
  const url = "https://hooks.example.com/twilio/sms?biz=42";
  const params: TwilioParams = { Body: "Stop", From: "+15551230000", To: "+15557650000" };

  const cases: [string, (header: string) => Parameters<typeof verifyTwilioForm>][] = [
    ["a header with one character changed", (h) => [token, mutateBase64(h), url, params]],
    ["a param value with one byte changed", (h) => [token, h, url, { ...params, Body: "Stoq" }]],
    ["a URL with one byte changed", (h) => [token, h, mutateLastChar(url), params]],
    ["an added param", (h) => [token, h, url, { ...params, Extra: "1" }]],
    ["an added query param", (h) => [token, h, `${url}&somethingUnexpected=true`, params]],
    ["the wrong auth token", (h) => [`${token}x`, h, url, params]],
    ["the same port-less URL on port 8443", (h) => [token, h, "https://hooks.example.com:8443/twilio/sms?biz=42", params]],
    ["an https signature replayed on http", (h) => [token, h, url.replace("https:", "http:"), params]],
    ["a null header", () => [token, null, url, params]],
    ["an undefined header", () => [token, undefined, url, params]],
    ["an empty header", () => [token, "", url, params]],
    ["a header that is not base64", () => [token, "not base64 at all!", url, params]],
    ["the signature with trailing whitespace", (h) => [token, `${h} `, url, params]],
    ["the signature without its padding", (h) => [token, h.replace(/=+$/, ""), url, params]],
    ["the signature as hex instead of base64", (h) => [token, hexOf(h), url, params]],
    ["an empty auth token", (h) => ["", h, url, params]],
  ];

  it.each(cases)("rejects %s", async (_, build) => {
    const header = await twilioSignature(token, url, params);
    expect(await verifyTwilioForm(token, header, url, params)).toBe(true);
    expect(await verifyTwilioForm(...build(header))).toBe(false);
  });

  it("does not accept a :8443 signature for the port-less URL", async () => {
    const header = await twilioSignature(token, "https://hooks.example.com:8443/twilio/sms", params);
    expect(await verifyTwilioForm(token, header, "https://hooks.example.com/twilio/sms", params)).toBe(false);
    expect(await verifyTwilioForm(token, header, "https://hooks.example.com:8443/twilio/sms", params)).toBe(true);
  });

  it("never throws, even for a URL that is not a URL", async () => {
    await expect(verifyTwilioForm(token, "AAAA", "::not a url::", params)).resolves.toBe(false);
  });
});

function hexOf(base64: string): string {
  return Array.from(atob(base64), (c) => c.charCodeAt(0).toString(16).padStart(2, "0")).join("");
}

describe("verifyTwilioForm URL forms", () => {
  const token = "12345";
  const cases: [string, string, string][] = [
    ["https, signed with :443, received without", "https://a.example/x?y=1", "https://a.example:443/x?y=1"],
    ["https, signed without, received with :443", "https://a.example:443/x?y=1", "https://a.example/x?y=1"],
    ["http, signed with :80, received without", "http://a.example/x", "http://a.example:80/x"],
    ["http, signed without, received with :80", "http://a.example:80/x", "http://a.example/x"],
    ["user info kept while the port is added", "https://u:p@a.example/x", "https://u:p@a.example:443/x"],
    ["an IPv6 host", "https://[2001:db8::1]/x", "https://[2001:db8::1]:443/x"],
    ["an upper-case scheme", "HTTPS://a.example/x", "HTTPS://a.example:443/x"],
  ];

  it.each(cases)("accepts %s", async (_, receivedUrl, signedUrl) => {
    const header = await twilioSignature(token, signedUrl, T1_PARAMS);
    expect(await verifyTwilioForm(token, header, receivedUrl, T1_PARAMS)).toBe(true);
  });

  it.each([
    ["https with :80", "https://a.example/x", "https://a.example:80/x"],
    ["http with :443", "http://a.example/x", "http://a.example:443/x"],
  ])("rejects the other scheme's default port (%s)", async (_, receivedUrl, signedUrl) => {
    const header = await twilioSignature(token, signedUrl, T1_PARAMS);
    expect(await verifyTwilioForm(token, header, receivedUrl, T1_PARAMS)).toBe(false);
  });

  it("signs the URL as given, without re-encoding quotes or plus signs", async () => {
    const raw = "https://a.example/x?Body=It's+amazing";
    const encoded = "https://a.example/x?Body=It%27s+amazing";
    expect(await twilioSignature(token, raw, {})).not.toBe(await twilioSignature(token, encoded, {}));
  });
});

describe("repeated form params", () => {
  it("signs each distinct value once, in sorted order, whatever order they arrived in", async () => {
    const url = T1_URL;
    const base = { Sid: "CA123", SidAccount: "AC123" };
    const expected = "IK+Dwps556ElfBT0I3Rgjkr1wJU=";
    for (const digits of [["5678", "1234", "1234"], ["1234", "5678"], ["5678", "1234"]]) {
      expect(await twilioSignature("12345", url, { ...base, Digits: digits })).toBe(expected);
    }
  });

  it("rejects a repeated param that gained a new value", async () => {
    const params = { Sid: "CA123", SidAccount: "AC123", Digits: ["5678", "1234", "9999"] };
    expect(await verifyTwilioForm("12345", "IK+Dwps556ElfBT0I3Rgjkr1wJU=", T1_URL, params)).toBe(false);
  });
});

describe("verifyTwilioJson rejects tampering", () => {
  const token = "12345";
  const [vector] = jsonVectors;
  if (!vector?.rawBody) throw new Error("no JSON vector");
  const { url, header, rawBody } = vector;

  it.each([
    ["a body with one byte changed", url, header, mutateLastChar(rawBody)],
    ["an empty body", url, header, ""],
    ["a header with one character changed", url, mutateBase64(header), rawBody],
    ["a URL with one byte changed", mutateLastChar(url), header, rawBody],
    ["a missing header", url, null, rawBody],
  ] as const)("rejects %s", async (_, u, h, body) => {
    expect(await verifyTwilioJson(token, h, u, body)).toBe(false);
  });

  it("rejects a correctly signed URL that carries no bodySHA256", async () => {
    const bare = "https://mycompany.com/myapp.php?foo=1&bar=2";
    const signed = await twilioSignature(token, bare, {});
    expect(await verifyTwilioJson(token, signed, bare, "{}")).toBe(false);
  });

  it("rejects a correctly signed URL whose bodySHA256 is for another body", async () => {
    const other = "https://mycompany.com/x?bodySHA256=" + "0".repeat(64);
    const signed = await twilioSignature(token, other, {});
    expect(await verifyTwilioJson(token, signed, other, "{}")).toBe(false);
  });

  it("accepts a freshly signed JSON body with HMAC-SHA256", async () => {
    const body = '{"ünïcode":"✓"}';
    const digest = new Uint8Array(await crypto.subtle.digest("SHA-256", new TextEncoder().encode(body)));
    const hash = Array.from(digest, (b) => b.toString(16).padStart(2, "0")).join("");
    const signedUrl = `https://a.example/json?bodySHA256=${hash}`;
    const signed = await twilioSignature(token, signedUrl, {}, "HMAC-SHA256");
    expect(await verifyTwilioJson(token, signed, signedUrl, body, "HMAC-SHA256")).toBe(true);
    expect(await verifyTwilioJson(token, signed, signedUrl, body)).toBe(false);
  });
});

describe("signatureAlgorithmFromSettings", () => {
  const cases: [string, string | null | undefined, SignatureAlgorithm][] = [
    ["an absent header means legacy SHA1", undefined, "HMAC-SHA1"],
    ["a null header means legacy SHA1", null, "HMAC-SHA1"],
    ["an empty header means legacy SHA1", "", "HMAC-SHA1"],
    ["SharedKey with HMAC_SHA256", "key=webhooks_sharedkey_abc,algorithm=HMAC_SHA256", "HMAC-SHA256"],
    ["SharedKey with HMAC_SHA1", "key=webhooks_sharedkey_abc,algorithm=HMAC_SHA1", "HMAC-SHA1"],
    ["algorithm first, spaces around parts", " algorithm = HMAC_SHA256 , key=k", "HMAC-SHA256"],
    ["lower-case algorithm name", "key=k,algorithm=hmac_sha256", "HMAC-SHA256"],
    ["a key without an algorithm", "key=webhooks_sharedkey_abc", "HMAC-SHA1"],
    ["an empty algorithm", "key=k,algorithm=", "HMAC-SHA1"],
    ["an unknown algorithm (fails closed)", "key=k,algorithm=HMAC_SHA512", "HMAC-SHA1"],
    ["algorithm= inside another value is ignored", "key=algorithm=HMAC_SHA256", "HMAC-SHA1"],
  ];

  it.each(cases)("%s", (_, header, expected) => {
    expect(signatureAlgorithmFromSettings(header)).toBe(expected);
  });
});

describe("twilioWebhookKey", () => {
  const keys = { authToken: "the-auth-token", sharedKeys: [{ id: "webhooks_sharedkey_a", secret: "secret-a" }, { id: "webhooks_sharedkey_b", secret: "secret-b" }] };
  it.each([
    ["no header: the auth token, SHA-1", undefined, { secret: "the-auth-token", algorithm: "HMAC-SHA1" }],
    ["an empty header: the auth token, SHA-1 (as twilio-node)", "", { secret: "the-auth-token", algorithm: "HMAC-SHA1" }],
    ["the second key, SHA-256", "key=webhooks_sharedkey_b,algorithm=HMAC_SHA256", { secret: "secret-b", algorithm: "HMAC-SHA256" }],
    ["the first key, SHA-1, parts in any order", " algorithm=HMAC_SHA1 , key = webhooks_sharedkey_a", { secret: "secret-a", algorithm: "HMAC-SHA1" }],
    ["a key it does not hold", "key=webhooks_sharedkey_c,algorithm=HMAC_SHA256", { unknownKeyId: "webhooks_sharedkey_c" }],
    ["a header naming no key: never the auth token", "algorithm=HMAC_SHA1", { unknownKeyId: null }],
  ])("%s", (_, header, expected) => {
    expect(twilioWebhookKey(keys, header)).toEqual(expected);
  });

  it("finds no key for a number that holds none", () => {
    expect(twilioWebhookKey({ authToken: "t" }, "key=webhooks_sharedkey_a,algorithm=HMAC_SHA256")).toEqual({ unknownKeyId: "webhooks_sharedkey_a" });
  });
});

describe("signing keys", () => {
  it("are imported once per token, even with more numbers than a small cache would hold", async () => {
    const tokens = Array.from({ length: 300 }, (_, i) => `key-cache-token-${i}`);
    const url = "https://hooks.example.com/webhooks/twilio/dial-status";
    const sign = () => Promise.all(tokens.map((t) => twilioSignature(t, url, T1_PARAMS)));
    const first = await sign();
    const importKey = vi.spyOn(crypto.subtle, "importKey");
    try {
      // Round robin over the numbers, as calls to many lines arrive: every key is still cached.
      expect(await sign()).toEqual(first);
      expect(importKey).not.toHaveBeenCalled();
    } finally {
      importKey.mockRestore();
    }
  });
});
