import { describe, expect, it } from "vitest";
import { z } from "zod";
import { verifySignalWire } from "../src/carriers/signalwire";
import type { TwilioParams } from "../src/carriers/twilio-signature";
// A copy of shared/vectors/signatures.json, so the suite runs from a bare clone.
import signatures from "./fixtures/signatures.json";

const swVector = z.object({
  origin: z.string(),
  algo: z.string(),
  signingKey: z.string(),
  url: z.string(),
  header: z.string(),
  rawBody: z.string().optional(),
  params: z.record(z.string(), z.union([z.string(), z.array(z.string())])).optional(),
  valid: z.boolean(),
});
type SwVector = z.infer<typeof swVector>;

// Parsed rather than cast, so a malformed fixture fails loudly instead of testing nothing.
const vectors = swVector.array().parse(signatures.signalwire);

/** The three schemes the vectors exercise, told apart by their shape. */
function schemeOf(v: SwVector): "hex" | "bodySHA256" | "form" {
  if (v.params) return "form";
  return /^[0-9a-f]{40}$/.test(v.header) ? "hex" : "bodySHA256";
}
const bodyOf = (v: SwVector): { params: TwilioParams } | { rawBody: string } => (v.params ? { params: v.params } : { rawBody: v.rawBody ?? "" });
const label = (v: SwVector, i: number) => `#${i + 1} ${schemeOf(v)} (${v.origin.split(" ").slice(0, 3).join(" ")})`;
const table = vectors.map((v, i) => [label(v, i), v] as const);

const ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

/** Change one character of a signature header so the decoded bytes change (hex digit, or base64 data bit). */
function mutateHeader(header: string, i: number): string {
  let c: string;
  if (/^[0-9a-f]+$/.test(header)) c = header[i] === "0" ? "1" : "0";
  else c = ALPHABET[ALPHABET.indexOf(header[i]!) ^ 0x20]!;
  return header.slice(0, i) + c + header.slice(i + 1);
}

/** Flip the low bit of one character (one byte of UTF-8 for ASCII). */
function flipChar(text: string, i: number): string {
  return text.slice(0, i) + String.fromCharCode(text.charCodeAt(i) ^ 1) + text.slice(i + 1);
}

function mutateParams(params: TwilioParams): TwilioParams {
  const [name] = Object.keys(params).sort();
  const value = params[name!];
  return { ...params, [name!]: typeof value === "string" ? flipChar(value, value.length - 1) : [...(value ?? []), "x"] };
}

describe("verifySignalWire with the shared vectors", () => {
  it("covers all three schemes", () => {
    expect(new Set(vectors.map(schemeOf))).toEqual(new Set(["hex", "bodySHA256", "form"]));
  });

  it.each(table)("accepts %s", async (_, v) => {
    expect(v.valid).toBe(true);
    expect(await verifySignalWire(v.signingKey, v.header, v.url, bodyOf(v))).toBe(true);
  });
});

describe("verifySignalWire rejects one-byte changes", () => {
  type Case = [string, SwVector, (v: SwVector) => Parameters<typeof verifySignalWire>];
  const cases: Case[] = table.flatMap(([name, v]): Case[] => {
    const payloadCases: Case[] = v.params
      ? [[`${name}: a param value`, v, (x) => [x.signingKey, x.header, x.url, { params: mutateParams(x.params!) }]]]
      : [
          [`${name}: the first body byte`, v, (x) => [x.signingKey, x.header, x.url, { rawBody: flipChar(x.rawBody!, 0) }]],
          [`${name}: a middle body byte`, v, (x) => [x.signingKey, x.header, x.url, { rawBody: flipChar(x.rawBody!, x.rawBody!.length >> 1) }]],
          [`${name}: the last body byte`, v, (x) => [x.signingKey, x.header, x.url, { rawBody: flipChar(x.rawBody!, x.rawBody!.length - 1) }]],
          [`${name}: an empty body`, v, (x) => [x.signingKey, x.header, x.url, { rawBody: "" }]],
        ];
    return [
      ...payloadCases,
      [`${name}: the first header character`, v, (x) => [x.signingKey, mutateHeader(x.header, 0), x.url, bodyOf(x)]],
      [`${name}: a middle header character`, v, (x) => [x.signingKey, mutateHeader(x.header, x.header.length >> 1), x.url, bodyOf(x)]],
      [`${name}: a URL byte in the host`, v, (x) => [x.signingKey, x.header, flipChar(x.url, 9), bodyOf(x)]],
      [`${name}: the last URL byte`, v, (x) => [x.signingKey, x.header, flipChar(x.url, x.url.length - 1), bodyOf(x)]],
      [`${name}: one byte of the signing key`, v, (x) => [flipChar(x.signingKey, 0), x.header, x.url, bodyOf(x)]],
    ];
  });

  it.each(cases)("rejects %s", async (_, v, build) => {
    expect(await verifySignalWire(...build(v))).toBe(false);
  });

  // Exhaustive for the hex scheme: every header digit, every body byte.
  const hex = vectors.filter((v) => schemeOf(v) === "hex");
  it.each(hex.map((v) => [v.url, v] as const))("rejects every one-character change of the hex vector for %s", async (_, v) => {
    for (let i = 0; i < v.header.length; i++) {
      expect(await verifySignalWire(v.signingKey, mutateHeader(v.header, i), v.url, bodyOf(v)), `header ${i}`).toBe(false);
    }
    for (let i = 0; i < v.rawBody!.length; i++) {
      expect(await verifySignalWire(v.signingKey, v.header, v.url, { rawBody: flipChar(v.rawBody!, i) }), `body ${i}`).toBe(false);
    }
  });
});

describe("verifySignalWire rejects the wrong key and malformed headers", () => {
  it.each(table)("rejects %s under another key (PSK_foo, as SignalWire's own test)", async (_, v) => {
    expect(await verifySignalWire("PSK_foo", v.header, v.url, bodyOf(v))).toBe(false);
  });

  it.each(table)("rejects %s with an empty key", async (_, v) => {
    expect(await verifySignalWire("", v.header, v.url, bodyOf(v))).toBe(false);
  });

  it.each(table)("rejects %s with a missing or empty header", async (_, v) => {
    for (const header of [null, undefined, ""]) expect(await verifySignalWire(v.signingKey, header, v.url, bodyOf(v))).toBe(false);
  });

  it("rejects a hex signature sent for a form request, and a form signature sent as JSON", async () => {
    const [json] = vectors.filter((v) => schemeOf(v) === "hex");
    const [form] = vectors.filter((v) => schemeOf(v) === "form");
    // The JSON scheme's signature does not sign form params, and the form scheme needs bodySHA256 for JSON.
    expect(await verifySignalWire(json!.signingKey, json!.header, json!.url, { params: {} })).toBe(false);
    expect(await verifySignalWire(form!.signingKey, form!.header, form!.url, { rawBody: "" })).toBe(false);
  });

  it("rejects a truncated or over-long hex signature", async () => {
    const [v] = vectors.filter((x) => schemeOf(x) === "hex");
    for (const header of [v!.header.slice(0, -1), v!.header.slice(0, -2), `${v!.header}00`, v!.header.slice(2)]) {
      expect(await verifySignalWire(v!.signingKey, header, v!.url, bodyOf(v!)), header).toBe(false);
    }
  });

  it("signs url + rawBody with no separator, as SignalWire's own validator does (a known property of the scheme)", async () => {
    const [v] = vectors.filter((x) => schemeOf(x) === "hex");
    // Moving a byte across the boundary keeps the signature valid. Harmless for us: the URL is the
    // one the request reached, never taken from the sender.
    expect(await verifySignalWire(v!.signingKey, v!.header, v!.url + v!.rawBody!.slice(0, 1), { rawBody: v!.rawBody!.slice(1) })).toBe(true);
  });
});
