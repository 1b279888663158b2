/** Who sent a Plivo webhook: the number it names, checked against that number's own auth token. */
import type { Context } from "hono";
import { HTTPException } from "hono/http-exception";
import type { RequestIdVariables } from "hono/request-id";
import { isPlivoSignatureShaped, plivoCredentialsSchema, verifyPlivo } from "../carriers/plivo";
import type { PlivoHeaders, PlivoParams } from "../carriers/plivo-signature";
import { decryptCredentials } from "../crypto/credentials";
import type { Env } from "../env";
import { bodyText } from "../body-text";
import { isE164 } from "../rules/phone";
import { publicBase } from "../public-base";
import { reverifiedLine, verifiedLine, type VerifiedLine } from "./line-lookup";
import type { LoadedLine } from "./line-config";
import { refuseLookup, refuseUnverified } from "./unverified";

export type PlivoContext = Context<{ Bindings: Env; Variables: RequestIdVariables }>;

export interface PlivoRequest {
  /** The form, first value of each name, with `From`/`To` in E.164 (Plivo often leaves out the `+`). */
  flat: Record<string, string>;
  line: LoadedLine;
  /** Origin for URLs we hand back to Plivo. */
  base: string;
  /** The stored line, this request checked against it again (see decideCall). */
  stored: () => Promise<LoadedLine>;
}

/** Plivo writes numbers as digits without the `+` (`14155550100`); anything else is left as sent. */
export function plivoE164(n: string | undefined): string | undefined {
  return n !== undefined && /^[1-9]\d{6,14}$/.test(n) ? `+${n}` : n;
}

function headers(c: PlivoContext): PlivoHeaders {
  return {
    v3: c.req.header("x-plivo-signature-v3"),
    v3Nonce: c.req.header("x-plivo-signature-v3-nonce"),
    v2: c.req.header("x-plivo-signature-v2"),
    v2Nonce: c.req.header("x-plivo-signature-v2-nonce"),
  };
}

/**
 * The numbers a request names in its URL's query, for a callback whose form names none (a
 * transcription's): the URL is one we handed Plivo, and Plivo's signature covers it.
 */
export interface NamedInQuery {
  /** The query parameter holding our number. */
  number: string;
  /** The one holding the other party's, if any. */
  other: string;
}

/**
 * Read the form, find our number (`To` of calls and inbound texts, `From` of our texts' reports, or
 * where `ours` says in the query), check the signature with that number's auth token. As for
 * Twilio: a request with no signature-shaped header is refused before its body is read or anything
 * looked up.
 */
export async function authenticatePlivo(c: PlivoContext, ours: "To" | "From" | NamedInQuery, use: "call" | "decide" | "text"): Promise<PlivoRequest> {
  const sig = headers(c);
  if (!isPlivoSignatureShaped(sig)) refuseUnverified();
  const type = c.req.header("content-type") ?? "";
  if (!type.toLowerCase().startsWith("application/x-www-form-urlencoded")) {
    throw new HTTPException(400, { message: "expected an application/x-www-form-urlencoded body" });
  }
  // No prototype: a field may be named `valueOf` or `__proto__`.
  const params: PlivoParams = Object.create(null);
  const flat: Record<string, string> = Object.create(null);
  for (const [k, v] of new URLSearchParams(await bodyText(c.req))) {
    const prev = params[k];
    params[k] = prev === undefined ? v : Array.isArray(prev) ? [...prev, v] : [prev, v];
    flat[k] ??= v;
  }
  for (const k of ["From", "To"] as const) if (flat[k] !== undefined) flat[k] = plivoE164(flat[k])!;
  const named =
    typeof ours === "string"
      ? { field: ours, number: flat[ours], other: ours === "To" ? flat.From : flat.To }
      : { field: ours.number, number: c.req.query(ours.number), other: c.req.query(ours.other) || undefined };
  const { number, other } = named;
  if (!number || !isE164(number)) throw new HTTPException(400, { message: `${named.field} must be the business number` });

  const url = new URL(c.req.url);
  const base = publicBase(c);
  const signedUrl = `${base}${url.pathname}${url.search}`;
  const verify = async (line: LoadedLine) => {
    if (line.carrier !== "plivo") return null;
    const creds = plivoCredentialsSchema.parse(await decryptCredentials(c.env.DATA_KEY, line.credentials));
    return (await verifyPlivo(creds.authToken, sig, "POST", signedUrl, params)) ? true : null;
  };
  const checked = (found: VerifiedLine<true>) => {
    if (found === "unknown" || found === "refused") refuseLookup(c, found, number);
    return found.line;
  };
  const line = checked(await verifiedLine(c.env.DB, number, other ?? null, use, verify));
  return { flat, line, base, stored: async () => checked(await reverifiedLine(c.env.DB, number, verify)) };
}
