import { describe, expect, it } from "vitest";
import { z } from "zod";
import { TELNYX_TOLERANCE_SECONDS, verifyTelnyx } from "../src/carriers/telnyx";
// A copy of shared/vectors/signatures.json, so the suite runs from a bare clone.
import signatures from "./fixtures/signatures.json";

const telnyxVector = z.object({
  publicKeyB64: z.string(),
  "telnyx-timestamp": z.string().regex(/^\d+$/),
  rawBody: z.string(),
  "telnyx-signature-ed25519": z.string(),
  valid_if_now_within_300s_of: z.number().int(),
  sanity_rfc8032_empty_message_signature_hex: z.string().regex(/^[0-9a-f]{128}$/),
});

// Parsed rather than cast, so a malformed fixture fails loudly instead of testing nothing.
const [vector] = telnyxVector.array().min(1).parse(signatures.telnyx);
if (!vector) throw new Error("no Telnyx vector");
const KEY = vector.publicKeyB64;
const TS = vector["telnyx-timestamp"];
const SIG = vector["telnyx-signature-ed25519"];
const BODY = vector.rawBody;
const NOW = vector.valid_if_now_within_300s_of;

/** RFC 8032 §7.1 TEST 1 secret seed: the key that signed the vector, so tests can sign what they need. */
const RFC8032_SEED = "9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60";
const PKCS8_ED25519_PREFIX = "302e020100300506032b657004220420";

const hexBytes = (hex: string) => new Uint8Array(hex.match(/../g)!.map((h) => parseInt(h, 16)));
const b64 = (bytes: Uint8Array) => btoa(String.fromCharCode(...bytes));
const unb64 = (text: string) => Uint8Array.from(atob(text), (c) => c.charCodeAt(0));

const privateKey = crypto.subtle.importKey("pkcs8", hexBytes(PKCS8_ED25519_PREFIX + RFC8032_SEED), { name: "Ed25519" }, false, ["sign"]);

/** Sign `${timestamp}|${body}` with the vector's key, as Telnyx signs a webhook. */
async function sign(timestamp: string, body: string): Promise<string> {
  const sig = await crypto.subtle.sign({ name: "Ed25519" }, await privateKey, new TextEncoder().encode(`${timestamp}|${body}`));
  return b64(new Uint8Array(sig));
}

const ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

/**
 * Change the base64 character at `i` so the decoded bytes change: flipping the 6-bit value's top bit
 * always hits a data bit, even in the last character before the padding, whose low bits are unused.
 */
function flipBase64(text: string, i: number): string {
  const v = ALPHABET.indexOf(text[i]!);
  if (v < 0) throw new Error(`not a base64 character at ${i}`);
  return text.slice(0, i) + ALPHABET[v ^ 0x20] + text.slice(i + 1);
}

/** Flip the low bit of one character (one byte of UTF-8 for ASCII). */
function flipChar(text: string, i: number): string {
  return text.slice(0, i) + String.fromCharCode(text.charCodeAt(i) ^ 1) + text.slice(i + 1);
}

/** One other digit at `i`. */
function otherDigit(text: string, i: number): string {
  return text.slice(0, i) + String((Number(text[i]) + 1) % 10) + text.slice(i + 1);
}

const dataChars = (text: string) => Array.from(text.replace(/=+$/, ""), (_, i) => i);

describe("the fixture key and vector", () => {
  it("is the RFC 8032 TEST 1 key: it reproduces the RFC's signature of the empty message and the vector", async () => {
    const empty = await crypto.subtle.sign({ name: "Ed25519" }, await privateKey, new Uint8Array(0));
    expect(Array.from(new Uint8Array(empty), (b) => b.toString(16).padStart(2, "0")).join("")).toBe(
      vector.sanity_rfc8032_empty_message_signature_hex,
    );
    // Ed25519 is deterministic: the same key and message give the same signature.
    expect(await sign(TS, BODY)).toBe(SIG);
    expect(unb64(KEY)).toHaveLength(32);
  });
});

describe("verifyTelnyx: the shared vector against the clock", () => {
  it.each<[string, number, boolean]>([
    ["at its own timestamp", 0, true],
    ["299 s later", 299, true],
    ["299 s earlier (sender's clock ahead)", -299, true],
    ["exactly 300 s later (the bound is inclusive)", TELNYX_TOLERANCE_SECONDS, true],
    ["exactly 300 s earlier", -TELNYX_TOLERANCE_SECONDS, true],
    ["301 s later (a replay)", 301, false],
    ["301 s earlier", -301, false],
    ["an hour later", 3600, false],
    ["a day earlier", -86_400, false],
    ["299.9 s later (a fractional clock)", 299.9, true],
    ["300.5 s later", 300.5, false],
  ])("%s: %s", async (_, offset, expected) => {
    expect(await verifyTelnyx(KEY, SIG, TS, BODY, NOW + offset)).toBe(expected);
  });
});

describe("verifyTelnyx rejects timestamps that are not decimal Unix seconds", () => {
  // Each one correctly signed, so only the timestamp check can reject it.
  it.each<[string, string]>([
    ["empty", ""],
    ["letters", "abc"],
    ["a decimal point", `${TS}.0`],
    ["a plus sign", `+${TS}`],
    ["a minus sign", `-${TS}`],
    ["a leading space", ` ${TS}`],
    ["a trailing space", `${TS} `],
    ["a trailing newline", `${TS}\n`],
    ["exponent notation", "1.7041104e9"],
    ["hex", "0x65929A40"],
    ["a letter O for a zero", TS.replace("0", "O")],
    ["full-width digits", Array.from(TS, (d) => String.fromCharCode(0xff10 + Number(d))).join("")],
    ["Arabic-Indic digits", Array.from(TS, (d) => String.fromCharCode(0x0660 + Number(d))).join("")],
    ["milliseconds instead of seconds", `${TS}000`],
  ])("%s", async (_, timestamp) => {
    const signature = await sign(timestamp, BODY);
    expect(await verifyTelnyx(KEY, signature, timestamp, BODY, NOW)).toBe(false);
  });

  it.each([null, undefined])("a %s timestamp", async (timestamp) => {
    expect(await verifyTelnyx(KEY, SIG, timestamp, BODY, NOW)).toBe(false);
  });

  it("but accepts a timestamp it signed afresh (the rejections above are about the format)", async () => {
    const timestamp = String(NOW + 42);
    expect(await verifyTelnyx(KEY, await sign(timestamp, BODY), timestamp, BODY, NOW)).toBe(true);
  });
});

describe("verifyTelnyx rejects one-byte changes", () => {
  type Case = [string, Parameters<typeof verifyTelnyx>];
  const body: Case[] = [0, 1, 8, Math.floor(BODY.length / 2), BODY.length - 2, BODY.length - 1].map((i) => [
    `body byte ${i}`,
    [KEY, SIG, TS, flipChar(BODY, i), NOW],
  ]);
  // The clock follows the changed timestamp, so the rejection is the signature's, not the window's.
  const timestamp: Case[] = Array.from(TS, (_, i) => {
    const t = otherDigit(TS, i);
    return [`timestamp digit ${i} (${t})`, [KEY, SIG, t, BODY, Number(t)]];
  });
  const signature: Case[] = [0, 1, 42, 84, 85].map((i) => [`signature character ${i}`, [KEY, flipBase64(SIG, i), TS, BODY, NOW]]);
  const key: Case[] = [0, 1, 21, 41, 42].map((i) => [`public key character ${i}`, [flipBase64(KEY, i), SIG, TS, BODY, NOW]]);

  it.each([...body, ...timestamp, ...signature, ...key])("%s", async (_, args) => {
    expect(await verifyTelnyx(...args)).toBe(false);
  });

  // The same, exhaustively: every byte of the body and every data character of signature and key.
  it("every body byte", async () => {
    for (let i = 0; i < BODY.length; i++) expect(await verifyTelnyx(KEY, SIG, TS, flipChar(BODY, i), NOW), `byte ${i}`).toBe(false);
  });
  it("every signature character", async () => {
    for (const i of dataChars(SIG)) expect(await verifyTelnyx(KEY, flipBase64(SIG, i), TS, BODY, NOW), `char ${i}`).toBe(false);
  });
  it("every public key character", async () => {
    for (const i of dataChars(KEY)) expect(await verifyTelnyx(flipBase64(KEY, i), SIG, TS, BODY, NOW), `char ${i}`).toBe(false);
  });

  it("the body with a trailing newline, or re-serialized JSON", async () => {
    expect(await verifyTelnyx(KEY, SIG, TS, `${BODY}\n`, NOW)).toBe(false);
    expect(await verifyTelnyx(KEY, SIG, TS, JSON.stringify(JSON.parse(BODY), null, 1), NOW)).toBe(false);
  });

  it("a signature over the body alone, without the timestamp prefix", async () => {
    const bare = await crypto.subtle.sign({ name: "Ed25519" }, await privateKey, new TextEncoder().encode(BODY));
    expect(await verifyTelnyx(KEY, b64(new Uint8Array(bare)), TS, BODY, NOW)).toBe(false);
  });
});

describe("verifyTelnyx rejects malformed signatures and keys", () => {
  const sigBytes = unb64(SIG);
  const hex = Array.from(sigBytes, (b) => b.toString(16).padStart(2, "0")).join("");
  it.each<[string, string | null | undefined]>([
    ["null", null],
    ["undefined", undefined],
    ["empty", ""],
    ["63 bytes (one dropped)", b64(sigBytes.slice(0, 63))],
    ["65 bytes (one added)", b64(new Uint8Array([...sigBytes, 0]))],
    ["32 bytes (a key, not a signature)", KEY],
    ["128 bytes (signature twice)", b64(new Uint8Array([...sigBytes, ...sigBytes]))],
    ["not base64", "not base64 at all!"],
    ["hex instead of base64", hex],
    ["base64url alphabet", SIG.replace(/\+/g, "-").replace(/\//g, "_")],
    ["an illegal character in the middle", SIG.slice(0, 40) + "*" + SIG.slice(41)],
    ["three padding characters", `${SIG}=`],
    // The telnyx SDK decodes strictly (padded, no whitespace); so do we, so a header has one valid form.
    ["the signature without its padding", SIG.replace(/=+$/, "")],
    ["the signature with one padding character", SIG.slice(0, -1)],
    ["the signature with a trailing space", `${SIG} `],
    ["the signature with a trailing newline", `${SIG}\n`],
    ["the signature with a space inside", `${SIG.slice(0, 40)} ${SIG.slice(40)}`],
  ])("%s", async (_, signature) => {
    expect(await verifyTelnyx(KEY, signature, TS, BODY, NOW)).toBe(false);
  });

  it.each<[string, string]>([
    ["empty", ""],
    ["not base64", "not a key!"],
    ["31 bytes", b64(unb64(KEY).slice(0, 31))],
    ["33 bytes", b64(new Uint8Array([...unb64(KEY), 0]))],
    ["a PEM/SPKI key instead of the raw 32 bytes", b64(new Uint8Array([...hexBytes("302a300506032b6570032100"), ...unb64(KEY)]))],
    ["all zeros (a small-order point)", b64(new Uint8Array(32))],
  ])("a public key that is %s", async (_, key) => {
    expect(await verifyTelnyx(key, SIG, TS, BODY, NOW)).toBe(false);
  });

  it("never throws, and a bad key does not poison the next good verification", async () => {
    await expect(verifyTelnyx("%%%", SIG, TS, BODY, NOW)).resolves.toBe(false);
    expect(await verifyTelnyx(KEY, SIG, TS, BODY, NOW)).toBe(true);
  });
});
