/** Who sent a Twilio-format webhook: the called number's line, checked against its own key. */
import type { Context } from "hono";
import { HTTPException } from "hono/http-exception";
import type { RequestIdVariables } from "hono/request-id";
import { isTwilioSignatureShaped, signatureAlgorithmFromSettings, verifyTwilioForm, type TwilioParams } from "../carriers/twilio-signature";
import { signalwireSigningKeySchema, verifySignalWire } from "../carriers/signalwire";
import { twilioCredentialsSchema } from "../carriers/twilio";
import { decryptCredentials } from "../crypto/credentials";
import type { Env } from "../env";
import { bodyText } from "../body-text";
import { isE164 } from "../rules/phone";
import { publicBase } from "../public-base";
import { reverifiedLine, verifiedLine, type VerifiedLine } from "./line-lookup";
import type { LoadedLine } from "./line-config";
import { refuseLookup, refuseUnverified } from "./unverified";

export type TwilioContext = Context<{ Bindings: Env; Variables: RequestIdVariables }>;

export interface Authenticated {
  flat: Record<string, string>;
  line: LoadedLine;
  /** Origin for URLs we hand back to the carrier. */
  base: string;
  /** The stored line, this request checked against it again (see decideCall). */
  stored: () => Promise<LoadedLine>;
}

/** The HMAC key a Twilio-format webhook to this number is signed with: Twilio's auth token or SignalWire's signing key. */
async function signingKey(env: Env, carrier: string, ciphertext: string): Promise<string> {
  const creds = await decryptCredentials(env.DATA_KEY, ciphertext);
  return carrier === "signalwire" ? signalwireSigningKeySchema.parse(creds).signingKey : twilioCredentialsSchema.parse(creds).authToken;
}

/**
 * Read the form, find the called number, check the signature with that number's own token.
 * Order matters: nothing about the request is trusted (or validated in detail) before the signature,
 * and a request with no signature-shaped header is refused before its body is read or anything is
 * looked up, the same way whether or not its number is registered (see refuseUnverified).
 */
export async function authenticate(c: TwilioContext, ours: "To" | "From" = "To", use: "call" | "decide" | "text" = "text"): Promise<Authenticated> {
  if (!isTwilioSignatureShaped(c.req.header("x-twilio-signature")) && !isTwilioSignatureShaped(c.req.header("x-signalwire-signature"))) {
    refuseUnverified();
  }
  const type = c.req.header("content-type") ?? "";
  if (!type.toLowerCase().startsWith("application/x-www-form-urlencoded")) {
    throw new HTTPException(400, { message: "expected an application/x-www-form-urlencoded body" });
  }
  const form = new URLSearchParams(await bodyText(c.req));
  const params: TwilioParams = {};
  const flat: Record<string, string> = {};
  for (const [k, v] of form) {
    const prev = params[k];
    params[k] = prev === undefined ? v : Array.isArray(prev) ? [...prev, v] : [prev, v];
    flat[k] ??= v;
  }
  // Calls and inbound texts are addressed To the business number; status callbacks of our own texts come From it.
  const number = ours === "To" ? (flat.To ?? flat.Called) : flat.From;
  if (!number || !isE164(number)) throw new HTTPException(400, { message: `${ours} must be the business number in E.164` });
  const other = ours === "To" ? flat.From : flat.To;

  const url = new URL(c.req.url);
  const base = publicBase(c);
  const signedUrl = `${base}${url.pathname}${url.search}`;
  const verify = async (line: LoadedLine) => {
    // Twilio's wire format is shared by SignalWire numbers; any other carrier's number is not signed this way.
    if (line.carrier !== "twilio" && line.carrier !== "signalwire") return null;
    const key = await signingKey(c.env, line.carrier, line.credentials);
    const ok =
      line.carrier === "signalwire"
        ? await verifySignalWire(key, c.req.header("x-signalwire-signature") ?? c.req.header("x-twilio-signature"), signedUrl, { params })
        : await verifyTwilioForm(
            key,
            c.req.header("x-twilio-signature"),
            signedUrl,
            params,
            signatureAlgorithmFromSettings(c.req.header("x-twilio-webhooks-signature-settings")),
          );
    return ok ? true : null;
  };
  const checked = (found: VerifiedLine<true>) => {
    if (found === "unknown" || found === "refused") refuseLookup(c, found, number);
    return found.line;
  };
  const line = checked(await verifiedLine(c.env.DB, number, other ?? null, use, verify));
  return { flat, line, base, stored: async () => checked(await reverifiedLine(c.env.DB, number, verify)) };
}
