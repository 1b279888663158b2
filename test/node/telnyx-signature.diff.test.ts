/**
 * Differential tests: our WebCrypto verifier against the official telnyx SDK's `TelnyxWebhook`
 * (telnyx/lib/webhooks, what Telnyx's Node customers verify with). Runs under Node, where the SDK's
 * package resolution works; both sides use the same WebCrypto Ed25519, so these tests are about
 * everything around it: timestamp parsing and window, header decoding, the signed message.
 */
import fc from "fast-check";
import { TelnyxWebhook, TelnyxWebhookVerificationError } from "telnyx/lib/webhooks";
import { afterEach, describe, expect, it, vi } from "vitest";
import signatures from "../fixtures/signatures.json";
import { verifyTelnyx } from "../../src/carriers/telnyx-signature";


const SEED = 20_260_702;
const RUNS = 300;

afterEach(() => vi.restoreAllMocks());

const PKCS8_ED25519_PREFIX = Buffer.from("302e020100300506032b657004220420", "hex");
const b64 = (bytes: Uint8Array) => Buffer.from(bytes).toString("base64");

interface KeyPair {
  privateKey: CryptoKey;
  publicKeyB64: string;
}

/** An Ed25519 key pair from a 32-byte seed (fast-check draws the seed, so runs replay exactly). */
async function keyPair(seed: Uint8Array): Promise<KeyPair> {
  const pkcs8 = Buffer.concat([PKCS8_ED25519_PREFIX, seed]);
  const privateKey = await crypto.subtle.importKey("pkcs8", pkcs8, { name: "Ed25519" }, true, ["sign"]);
  // The JWK of a private key carries the public half (x), base64url.
  const { x } = await crypto.subtle.exportKey("jwk", privateKey);
  return { privateKey, publicKeyB64: Buffer.from(x!, "base64url").toString("base64") };
}

async function sign(key: KeyPair, timestamp: string, body: string): Promise<string> {
  return b64(new Uint8Array(await crypto.subtle.sign({ name: "Ed25519" }, key.privateKey, new TextEncoder().encode(`${timestamp}|${body}`))));
}

/** The SDK's verdict at wall-clock `nowMs` (its only clock is Date.now, pinned here). */
async function sdkVerifies(publicKeyB64: string, signature: string | undefined, timestamp: string | undefined, body: string, nowMs: number): Promise<boolean> {
  vi.spyOn(Date, "now").mockReturnValue(nowMs);
  const headers: Record<string, string> = {};
  // Header names as Node's http module delivers them (lower case); the SDK looks them up case-insensitively.
  if (signature !== undefined) headers["telnyx-signature-ed25519"] = signature;
  if (timestamp !== undefined) headers["telnyx-timestamp"] = timestamp;
  try {
    await new TelnyxWebhook(publicKeyB64).verify(body, headers);
    return true;
  } catch (e) {
    if (e instanceof TelnyxWebhookVerificationError) return false;
    throw e;
  } finally {
    vi.restoreAllMocks();
  }
}

/** Ours, called as the webhook route calls it: whole seconds of the same clock. */
function oursVerifies(publicKeyB64: string, signature: string | undefined, timestamp: string | undefined, body: string, nowMs: number) {
  return verifyTelnyx(publicKeyB64, signature, timestamp, body, Math.floor(nowMs / 1000));
}

// Bodies: real JSON (re-serialized with odd spacing), and arbitrary text with the characters that
// break naive implementations: quotes, backslashes, newlines, '|' (the separator), multi-byte UTF-8
// and lone surrogates (both sides must encode them as U+FFFD).
const SPECIAL = ['"', "\\", "\n", "\r\n", "|", "\u0000", "é", "😀", "\uD800", "\uDFFF", "\u2028", " "];
const unit = fc.oneof(fc.constantFrom(...SPECIAL), fc.string({ unit: "grapheme", minLength: 1, maxLength: 1 }), fc.string({ unit: "binary", minLength: 1, maxLength: 1 }));
const body = fc.oneof(
  fc.tuple(fc.jsonValue(), fc.constantFrom(undefined, 0, 1, 2, "\t")).map(([v, space]) => JSON.stringify(v, null, space) ?? "null"),
  fc.string({ unit, maxLength: 80 }),
  fc.constant(""),
);
const seed = fc.uint8Array({ minLength: 32, maxLength: 32 });
/** Wall clock in ms, 2020–2033, with a sub-second part (the window is in whole seconds). */
const nowMs = fc.integer({ min: 1_600_000_000_000, max: 2_000_000_000_000 });
/** Timestamp minus now, in seconds: dense around the ±300 s edges, sometimes far out. */
const offset = fc.oneof(
  fc.constantFrom(0, 299, -299, 300, -300, 301, -301),
  fc.integer({ min: -300, max: 300 }),
  fc.integer({ min: -310, max: 310 }),
  fc.integer({ min: -1_000_000, max: 1_000_000 }),
);

describe("verifyTelnyx agrees with telnyx TelnyxWebhook.verify", () => {
  it("on the shared vector, at its timestamp, at ±299 s and at ±301 s", async () => {
    const [v] = signatures.telnyx;
    if (!v) throw new Error("no Telnyx vector");
    const ts = v["telnyx-timestamp"];
    const sig = v["telnyx-signature-ed25519"];
    for (const [delta, expected] of [[0, true], [60, true], [299, true], [-299, true], [301, false], [-301, false]] as const) {
      const now = (v.valid_if_now_within_300s_of + delta) * 1000 + 500;
      expect(await sdkVerifies(v.publicKeyB64, sig, ts, v.rawBody, now), `sdk at ${delta}`).toBe(expected);
      expect(await oursVerifies(v.publicKeyB64, sig, ts, v.rawBody, now), `ours at ${delta}`).toBe(expected);
    }
    const tampered = v.rawBody.replace("originator_cancel", "normal_clearing");
    const now = v.valid_if_now_within_300s_of * 1000;
    expect(await sdkVerifies(v.publicKeyB64, sig, ts, tampered, now)).toBe(false);
    expect(await oursVerifies(v.publicKeyB64, sig, ts, tampered, now)).toBe(false);
  });

  it("for random bodies, keys and clocks, within and outside ±300 s", async () => {
    let accepted = 0;
    let rejected = 0;
    await fc.assert(
      fc.asyncProperty(seed, body, nowMs, offset, async (s, b, now, off) => {
        const key = await keyPair(s);
        const ts = String(Math.floor(now / 1000) + off);
        const sig = await sign(key, ts, b);
        const sdk = await sdkVerifies(key.publicKeyB64, sig, ts, b, now);
        expect(await oursVerifies(key.publicKeyB64, sig, ts, b, now)).toBe(sdk);
        // The oracle itself behaves as documented, so agreement means something.
        expect(sdk).toBe(Math.abs(off) <= 300 && Number(ts) >= 0);
        if (sdk) accepted++;
        else rejected++;
      }),
      { seed: SEED, numRuns: RUNS },
    );
    // Both outcomes were exercised in earnest.
    expect(accepted).toBeGreaterThan(RUNS / 5);
    expect(rejected).toBeGreaterThan(RUNS / 10);
  });

  type Tamper = (x: { key: KeyPair; other: KeyPair; ts: string; sig: string; body: string }) => {
    key: string;
    sig: string | undefined;
    ts: string | undefined;
    body: string;
  };
  const tampers: Record<string, Tamper> = {
    "body + one character": (x) => ({ key: x.key.publicKeyB64, sig: x.sig, ts: x.ts, body: `${x.body} ` }),
    "body with the first character dropped": (x) => ({ key: x.key.publicKeyB64, sig: x.sig, ts: x.ts, body: x.body ? x.body.slice(1) : "x" }),
    "timestamp one second later (signature for the old one)": (x) => ({ key: x.key.publicKeyB64, sig: x.sig, ts: String(Number(x.ts) + 1), body: x.body }),
    "another key pair's public key": (x) => ({ key: x.other.publicKeyB64, sig: x.sig, ts: x.ts, body: x.body }),
    "signature with one data character changed": (x) => ({ key: x.key.publicKeyB64, sig: flipBase64(x.sig, 10), ts: x.ts, body: x.body }),
    "missing signature": (x) => ({ key: x.key.publicKeyB64, sig: undefined, ts: x.ts, body: x.body }),
    "missing timestamp": (x) => ({ key: x.key.publicKeyB64, sig: x.sig, ts: undefined, body: x.body }),
    "empty signature": (x) => ({ key: x.key.publicKeyB64, sig: "", ts: x.ts, body: x.body }),
    "timestamp|body split moved by one character": (x) => ({ key: x.key.publicKeyB64, sig: x.sig, ts: x.ts.slice(0, -1), body: `${x.ts.slice(-1)}|${x.body}`.replace("|", "") }),
  };

  it.each(Object.keys(tampers))("for random inputs with %s (both reject)", async (name) => {
    const tamper = tampers[name]!;
    await fc.assert(
      fc.asyncProperty(seed, seed, body, nowMs, fc.integer({ min: -290, max: 290 }), async (s1, s2, b, now, off) => {
        fc.pre(Buffer.compare(Buffer.from(s1), Buffer.from(s2)) !== 0);
        const [key, other] = await Promise.all([keyPair(s1), keyPair(s2)]);
        const ts = String(Math.floor(now / 1000) + off);
        const t = tamper({ key, other, ts, sig: await sign(key, ts, b), body: b });
        const sdk = await sdkVerifies(t.key, t.sig, t.ts, t.body, now);
        expect(await oursVerifies(t.key, t.sig, t.ts, t.body, now)).toBe(sdk);
        expect(sdk).toBe(false);
      }),
      { seed: SEED, numRuns: 60 },
    );
  });
});

const ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

function flipBase64(text: string, i: number): string {
  return text.slice(0, i) + ALPHABET[ALPHABET.indexOf(text[i]!) ^ 0x20] + text.slice(i + 1);
}

describe("verifyTelnyx agrees with the SDK on how headers are written", () => {
  // Each variant re-encodes a correctly signed request; agreement is the property, whichever way.
  const variants: Record<string, (sig: string, ts: string) => { sig: string; ts: string }> = {
    "as sent": (sig, ts) => ({ sig, ts }),
    "unused low bits of the last signature character set (same bytes)": (sig, ts) => ({
      sig: sig.slice(0, 85) + ALPHABET[ALPHABET.indexOf(sig[85]!) | 0x0f] + "==",
      ts,
    }),
    "signature without its padding": (sig, ts) => ({ sig: sig.replace(/=+$/, ""), ts }),
    "signature with one padding character": (sig, ts) => ({ sig: sig.slice(0, -1), ts }),
    "signature with a trailing space": (sig, ts) => ({ sig: `${sig} `, ts }),
    "signature with a space inside": (sig, ts) => ({ sig: `${sig.slice(0, 40)} ${sig.slice(40)}`, ts }),
    "signature in base64url": (sig, ts) => ({ sig: sig.replace(/\+/g, "-").replace(/\//g, "_"), ts }),
    "signature in hex": (sig, ts) => ({ sig: Buffer.from(sig, "base64").toString("hex"), ts }),
    "timestamp with a leading zero": (sig, ts) => ({ sig, ts: `0${ts}` }),
    "timestamp with a trailing space": (sig, ts) => ({ sig, ts: `${ts} ` }),
    "timestamp with a plus sign": (sig, ts) => ({ sig, ts: `+${ts}` }),
    "timestamp as a decimal": (sig, ts) => ({ sig, ts: `${ts}.0` }),
  };

  it.each(Object.keys(variants))("%s", async (name) => {
    await fc.assert(
      fc.asyncProperty(seed, body, nowMs, fc.integer({ min: -290, max: 290 }), async (s, b, now, off) => {
        const key = await keyPair(s);
        const original = String(Math.floor(now / 1000) + off);
        const signedTs = variants[name]!("", original).ts;
        // The timestamp is signed as written, so a variant timestamp is signed in its variant form.
        const { sig } = variants[name]!(await sign(key, signedTs, b), original);
        const sdk = await sdkVerifies(key.publicKeyB64, sig, signedTs, b, now);
        expect(await oursVerifies(key.publicKeyB64, sig, signedTs, b, now)).toBe(sdk);
      }),
      { seed: SEED, numRuns: 40 },
    );
  });
});

describe("known, deliberate differences from the SDK", () => {
  it("a timestamp zero-padded past 12 digits: the SDK takes any digit string, we cap the length (fail closed)", async () => {
    // Telnyx writes plain Unix seconds (10 digits until 2286); a padded one is not something it sends.
    const key = await keyPair(new Uint8Array(32).fill(7));
    const now = 1_704_110_400_000;
    const ts = `000${now / 1000}`;
    const sig = await sign(key, ts, "{}");
    expect(await sdkVerifies(key.publicKeyB64, sig, ts, "{}", now)).toBe(true);
    expect(await oursVerifies(key.publicKeyB64, sig, ts, "{}", now)).toBe(false);
  });
});
