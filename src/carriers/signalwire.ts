import * as z from "../zod";
import { publicUrlProblem } from "../rules/public-url";
import { sendTwilioCompatibleText } from "./twilio";
import { verifyTwilioForm, verifyTwilioJson, type TwilioParams } from "./twilio-signature";
import type { Carrier } from "./types";

const PROJECT_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Every Space is a subdomain of this (https://developer.signalwire.com: `<space>.signalwire.com`). */
const SPACE_DOMAIN = ".signalwire.com";

/** SignalWire's Compatibility API (cXML/LaML): Twilio's wire format under a Space of its own. */
export const signalwireCredentialsSchema = z.object({
  /** "example.signalwire.com" (or "https://example.signalwire.com"): where texts are sent, with the API token. */
  spaceUrl: z.string().check(
    z.superRefine((value, ctx) => {
      const problem = signalwireSpaceProblem(value);
      if (problem) ctx.addIssue({ code: "custom", message: problem, input: value });
    }),
  ),
  /** A UUID; it is a path segment of every API request, so nothing else may pass. */
  projectId: z.string().check(z.regex(PROJECT_ID, "must be the Project ID from the Space's API page (a UUID)")),
  apiToken: z.string().check(z.minLength(8, "is too short")),
  /** The Space's signing key (not the API token): it signs webhooks. */
  signingKey: z.string().check(z.minLength(8, "is too short")),
});
export type SignalWireCredentials = z.infer<typeof signalwireCredentialsSchema>;

/**
 * What verifying a webhook needs: the signing key alone. A number stored before the Space rules
 * still has its webhooks verified (and its texts refused, see sendWith) rather than answered 500.
 */
export const signalwireSigningKeySchema = z.pick(signalwireCredentialsSchema, { signingKey: true });

/**
 * Why a Space URL is not a SignalWire Space, or null. The outbox posts the project's API token
 * there, so only https to a host under signalwire.com will do, given as the bare host or its origin.
 *
 * @example signalwireSpaceProblem("http://127.0.0.1:8788") // "must be an https URL"
 */
export function signalwireSpaceProblem(spaceUrl: string): string | null {
  const origin = /^[a-z][a-z0-9+.-]*:\/\//i.test(spaceUrl) ? spaceUrl : `https://${spaceUrl}`;
  const problem = publicUrlProblem(origin);
  if (problem) return problem;
  const url = new URL(origin);
  if (url.port !== "" || url.pathname !== "/" || url.search !== "" || url.hash !== "") return "must be the Space's host alone, like example.signalwire.com";
  if (!url.hostname.endsWith(SPACE_DOMAIN)) return "must be a host under signalwire.com, like example.signalwire.com";
  return null;
}

export function signalwireOrigin(spaceUrl: string): string {
  const s = spaceUrl.replace(/\/$/, "");
  return /^https?:\/\//.test(s) ? s : `https://${s}`;
}

export const signalwireCarrier: Carrier<SignalWireCredentials> = {
  name: "signalwire",
  credentialsSchema: signalwireCredentialsSchema,
  sendText: (_env, creds, text) =>
    sendTwilioCompatibleText(
      `${signalwireOrigin(creds.spaceUrl)}/api/laml/2010-04-01/Accounts/${creds.projectId}/Messages.json`,
      creds.projectId,
      creds.apiToken,
      text,
    ),
};

const encoder = new TextEncoder();

/**
 * SignalWire signs cXML form requests exactly as Twilio does (base64 HMAC-SHA1 of URL + sorted
 * params); JSON (RELAY/SWML) requests with `hex(HMAC-SHA1(key, url + rawBody))`, or Twilio's
 * bodySHA256 scheme. Tries the hex scheme, then the Twilio ones, like SignalWire's own validator.
 */
export async function verifySignalWire(
  signingKey: string,
  header: string | null | undefined,
  url: string,
  body: { params: TwilioParams } | { rawBody: string },
): Promise<boolean> {
  if (!header || !signingKey) return false;
  if ("params" in body) return verifyTwilioForm(signingKey, header, url, body.params);
  if (/^[0-9a-f]{40}$/.test(header)) {
    const key = await crypto.subtle.importKey("raw", encoder.encode(signingKey), { name: "HMAC", hash: "SHA-1" }, false, ["verify"]);
    const sig = new Uint8Array(header.match(/../g)!.map((h) => parseInt(h, 16)));
    return crypto.subtle.verify("HMAC", key, sig, encoder.encode(url + body.rawBody));
  }
  return verifyTwilioJson(signingKey, header, url, body.rawBody);
}
