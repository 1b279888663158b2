/** Who sent a Twilio-format webhook: the called number's line, checked against its own key. */
import type { Context } from "hono";
import { HTTPException } from "hono/http-exception";
import type { RequestIdVariables } from "hono/request-id";
import { isTwilioSignatureShaped, twilioWebhookKey, verifyTwilioForm, type TwilioParams } from "../carriers/twilio-signature";
import { signalwireSigningKeySchema, verifySignalWire } from "../carriers/signalwire";
import { twilioWebhookKeysSchema } from "../carriers/twilio";
import { decryptCredentials } from "../crypto/credentials";
import type { Env } from "../env";
import { bodyText } from "../body-text";
import { log } from "../log";
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

type SignedRequest = { header: string | undefined; settings: string | undefined; url: string; params: TwilioParams };

/**
 * Whether a Twilio-format webhook was signed by this number's key: SignalWire's signing key, or
 * for Twilio the auth token or the SharedKey the request names (twilioWebhookKey). A SharedKey the
 * number does not hold comes back as `unknownKeyId`, for the refusal to say which.
 */
async function signedByLine(env: Env, line: LoadedLine, req: SignedRequest): Promise<{ ok: boolean; unknownKeyId?: string | null }> {
  const creds = await decryptCredentials(env.DATA_KEY, line.credentials);
  // SignalWire signs with its signing key and SHA-1 alone, whatever the settings header says.
  if (line.carrier === "signalwire") return { ok: await verifySignalWire(signalwireSigningKeySchema.parse(creds).signingKey, req.header, req.url, { params: req.params }) };
  const key = twilioWebhookKey(twilioWebhookKeysSchema.parse(creds), req.settings);
  if ("unknownKeyId" in key) return { ok: false, unknownKeyId: key.unknownKeyId };
  return { ok: await verifyTwilioForm(key.secret, req.header, req.url, req.params, key.algorithm) };
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
  const request = (carrier: string): SignedRequest => ({
    header: carrier === "signalwire" ? (c.req.header("x-signalwire-signature") ?? c.req.header("x-twilio-signature")) : c.req.header("x-twilio-signature"),
    settings: c.req.header("x-twilio-webhooks-signature-settings"),
    url: signedUrl,
    params,
  });
  let unknownKeyId: string | null | undefined;
  const verify = async (line: LoadedLine) => {
    // Twilio's wire format is shared by SignalWire numbers; any other carrier's number is not signed this way.
    if (line.carrier !== "twilio" && line.carrier !== "signalwire") return null;
    const signed = await signedByLine(c.env, line, request(line.carrier));
    unknownKeyId = signed.unknownKeyId;
    return signed.ok ? true : null;
  };
  const checked = (found: VerifiedLine<true>) => {
    if (found === "refused" && unknownKeyId !== undefined) {
      // The operator's only clue that a Webhook Setting names a key this number was not given.
      log.warn("webhook.twilio_unknown_shared_key", { route: c.req.path, number, keyId: unknownKeyId?.slice(0, 100) ?? null });
    }
    if (found === "unknown" || found === "refused") refuseLookup(c, found, number);
    return found.line;
  };
  const line = checked(await verifiedLine(c.env.DB, number, other ?? null, use, verify));
  return { flat, line, base, stored: async () => checked(await reverifiedLine(c.env.DB, number, verify)) };
}
