/** Who sent a Bandwidth callback: the number it names, checked against that number's callback credentials. */
import type { Context } from "hono";
import { HTTPException } from "hono/http-exception";
import type { RequestIdVariables } from "hono/request-id";
import { bandwidthCallbackSchema, type BandwidthCallbackCredentials } from "../carriers/bandwidth";
import { basicCredentials, verifyBandwidthCallback } from "../carriers/bandwidth-callback-auth";
import { decryptCredentials } from "../crypto/credentials";
import type { Env } from "../env";
import { parseJsonBody } from "../input";
import { bodyText } from "../body-text";
import { isE164 } from "../rules/phone";
import { publicBase } from "../public-base";
import { reverifiedLine, verifiedLine, type VerifiedLine } from "./line-lookup";
import type { LoadedLine } from "./line-config";
import { refuseLookup, refuseUnverified } from "./unverified";

export type BandwidthContext = Context<{ Bindings: Env; Variables: RequestIdVariables }>;

export interface BandwidthRequest {
  line: LoadedLine;
  /** The number's callback credentials (all a callback needs; a number saved with an API user has them too). */
  creds: BandwidthCallbackCredentials;
  /** Origin for URLs we hand back to Bandwidth. */
  base: string;
  /** The stored line, this request checked against it again (see decideCall). */
  stored: () => Promise<LoadedLine>;
}

/**
 * The JSON body, once the request carries Basic credentials at all: one without them is refused
 * before its body is read or anything looked up, the same way whether or not its number is registered.
 */
export async function readBandwidthBody(c: BandwidthContext): Promise<unknown> {
  if (!basicCredentials(c.req.header("authorization"))) refuseUnverified();
  const type = c.req.header("content-type") ?? "";
  if (!type.toLowerCase().startsWith("application/json")) throw new HTTPException(400, { message: "expected an application/json body" });
  return parseJsonBody(await bodyText(c.req));
}

/** Find `number`'s line and check the request's Basic credentials against its callback credentials (see verifiedLine). */
export async function authenticateBandwidth(c: BandwidthContext, number: string, other: string | null, use: "call" | "decide" | "text"): Promise<BandwidthRequest> {
  if (!isE164(number)) throw new HTTPException(400, { message: "the callback does not name a business number in E.164" });
  const header = c.req.header("authorization");
  const verify = async (line: LoadedLine) => {
    if (line.carrier !== "bandwidth") return null;
    const creds = bandwidthCallbackSchema.parse(await decryptCredentials(c.env.DATA_KEY, line.credentials));
    return (await verifyBandwidthCallback(header, { username: creds.callbackUsername, password: creds.callbackPassword })) ? creds : null;
  };
  const checked = (found: VerifiedLine<BandwidthCallbackCredentials>) => {
    if (found === "unknown" || found === "refused") refuseLookup(c, found, number);
    return found;
  };
  const { line, proof: creds } = checked(await verifiedLine(c.env.DB, number, other, use, verify));
  return { line, creds, base: publicBase(c), stored: async () => checked(await reverifiedLine(c.env.DB, number, verify)).line };
}
