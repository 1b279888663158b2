import * as z from "../zod";
import { sendTwilioCompatibleText } from "./twilio";
import { verifyTwilioForm, verifyTwilioJson, type TwilioParams } from "./twilio-signature";
import type { Carrier } from "./types";

/** SignalWire's Compatibility API (cXML/LaML): Twilio's wire format under a Space of its own. */
export const signalwireCredentialsSchema = z.object({
  /** "example.signalwire.com" (or a full origin, for a local stand-in). */
  spaceUrl: z
    .string()
    .check(
      z.minLength(3),
      z.regex(/^(https?:\/\/)?[A-Za-z0-9.-]+(:\d+)?\/?$/, "spaceUrl must be a host like example.signalwire.com"),
    ),
  projectId: z.string().check(z.minLength(8, "projectId is too short")),
  apiToken: z.string().check(z.minLength(8, "apiToken is too short")),
  /** The Space's signing key (not the API token): it signs webhooks. */
  signingKey: z.string().check(z.minLength(8, "signingKey is too short")),
});
export type SignalWireCredentials = z.infer<typeof signalwireCredentialsSchema>;

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
