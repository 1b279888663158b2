/** Who sent a Vonage webhook: the named number's line, its signed JWT checked with that line's signature secret. */
import type { Context } from "hono";
import { HTTPException } from "hono/http-exception";
import { BoundedMap } from "../bounded-map";
import { base64UrlEncode } from "../carriers/vonage-signature";
import { vonageCredentialsSchema, verifyVonage, type VonageCredentials } from "../carriers/vonage";
import { decryptCredentials } from "../crypto/credentials";
import type { Env } from "../env";
import { isE164 } from "../rules/phone";
import { publicBase } from "../public-base";
import { reverifiedLine, verifiedLine, type VerifiedLine } from "./line-lookup";
import type { LoadedLine } from "./line-config";
import { refuseLookup } from "./unverified";

export type VonageContext = Context<{ Bindings: Env }>;

export interface VonageAuthenticated {
  line: LoadedLine;
  creds: VonageCredentials;
  /** Origin for URLs we hand back to Vonage. */
  base: string;
  /** The stored line, this request checked against it again (see decideCall). */
  stored: () => Promise<LoadedLine>;
}

/**
 * Find the named business number and check the request's JWT (and the body's hash in it) with that
 * number's signature secret; 403 as for any unverifiable request otherwise (see verifiedLine).
 */
export async function authenticateVonage(
  c: VonageContext,
  raw: string,
  businessNumber: string,
  other: string | null,
  use: "call" | "decide" | "text" = "text",
  /** How the request is signed, checked with the number's credentials: Vonage's JWT over `raw` unless said otherwise. */
  signedBy: (creds: VonageCredentials) => Promise<boolean> = async (creds) =>
    (await verifyVonage(creds.signatureSecret, c.req.header("authorization"), raw, Math.floor(Date.now() / 1000))) !== null,
): Promise<VonageAuthenticated> {
  if (!isE164(businessNumber)) throw new HTTPException(400, { message: "the request does not name a business number (to/from in E.164 without +)" });
  const verify = async (line: LoadedLine) => {
    if (line.carrier !== "vonage") return null;
    const creds = vonageCredentialsSchema.parse(await decryptCredentials(c.env.DATA_KEY, line.credentials));
    return (await signedBy(creds)) ? creds : null;
  };
  const checked = (found: VerifiedLine<VonageCredentials>) => {
    if (found === "unknown" || found === "refused") refuseLookup(c, found, businessNumber);
    return found;
  };
  const { line, proof: creds } = checked(await verifiedLine(c.env.DB, businessNumber, other, use, verify));
  const stored = async () => checked(await reverifiedLine(c.env.DB, businessNumber, verify)).line;
  return { line, creds, base: publicBase(c), stored };
}

const tagKeys = new BoundedMap<string, Promise<CryptoKey>>(10_000);

/**
 * The URLs we hand Vonage for a call's later events name the call they belong to (the caller's leg
 * and number, our number), because those events name at most the business phone a leg rang, or no
 * number at all (a recording, a transcription). Vonage's JWT signs the body, not the URL, so we
 * sign those names ourselves with the number's signature secret, per use (`purpose`): a replayed
 * event with the caller swapped in the URL is refused.
 */
async function callTag(secret: string, purpose: "forward-leg" | "voicemail", call: string, caller: string, number: string): Promise<string> {
  let key = tagKeys.get(secret);
  if (!key) {
    key = crypto.subtle.importKey("raw", new TextEncoder().encode(secret), { name: "HMAC", hash: "SHA-256" }, false, ["sign"]);
    key.catch(() => tagKeys.delete(secret));
    tagKeys.set(secret, key);
  }
  const mac = await crypto.subtle.sign("HMAC", await key, new TextEncoder().encode(`textback-${purpose}|${call}|${caller}|${number}`));
  return base64UrlEncode(new Uint8Array(mac));
}

const forwardLegTag = (secret: string, call: string, caller: string, number: string) => callTag(secret, "forward-leg", call, caller, number);

/** The event URL for the leg that rings the business phone. */
export async function forwardLegUrl(base: string, secret: string, call: string, caller: string, number: string): Promise<string> {
  const q = new URLSearchParams({ leg: "forward", call, caller, number, tag: await forwardLegTag(secret, call, caller, number) });
  return `${base}/webhooks/vonage/event?${q}`;
}

/** A voicemail's recording or transcription event URL (`path` under /webhooks/vonage) for the caller's call. */
export async function voicemailUrl(base: string, path: string, secret: string, call: string, caller: string, number: string): Promise<string> {
  const q = new URLSearchParams({ call, caller, number, tag: await callTag(secret, "voicemail", call, caller, number) });
  return `${base}/webhooks/vonage/${path}?${q}`;
}

/** Constant-time check of a tag made for `purpose`. */
export async function isCallTag(purpose: "forward-leg" | "voicemail", secret: string, tag: string, call: string, caller: string, number: string): Promise<boolean> {
  const want = await callTag(secret, purpose, call, caller, number);
  if (want.length !== tag.length) return false;
  let diff = 0;
  for (let i = 0; i < want.length; i++) diff |= want.charCodeAt(i) ^ tag.charCodeAt(i);
  return diff === 0;
}

/** Constant-time check of a forwarded leg's tag. */
export const isForwardLegTag = (secret: string, tag: string, call: string, caller: string, number: string) => isCallTag("forward-leg", secret, tag, call, caller, number);
