/**
 * What kind of line a phone is, asked of the number's carrier (setting `lookupLineType`); each
 * carrier's request is in line-lookup-requests.ts. Null when the carrier did not answer one (an
 * error, a timeout, a shape we do not know): the caller is texted as if nobody had asked.
 */
import { LINE_LOOKUP_TIMEOUT_MS } from "../rules/line-type";
import type { LineType } from "../vocabulary";
import { lookupRequest, type LookupEnv } from "./line-lookup-requests";
import type { CarrierName } from "./types";

export type { LookupEnv } from "./line-lookup-requests";

/**
 * What kind of line `phone` is, asked of the number's carrier with its (decrypted) credentials;
 * null on any failure or after LINE_LOOKUP_TIMEOUT_MS.
 *
 * @example await lookupLineType(env, "twilio", { accountSid, authToken }, "+14155550123") // "mobile"
 */
export async function lookupLineType(env: LookupEnv, carrier: CarrierName, credentials: unknown, phone: string): Promise<LineType | null> {
  const req = lookupRequest(env, carrier, credentials, phone);
  if (!req) return null;
  const abort = new AbortController();
  let timer: ReturnType<typeof setTimeout> | undefined;
  // The timer, not only the signal, ends the wait: the answer's body may stall after its headers.
  const timeout = new Promise<null>((resolve) => {
    timer = setTimeout(() => {
      abort.abort();
      resolve(null);
    }, LINE_LOOKUP_TIMEOUT_MS);
  });
  const ask = async (): Promise<LineType | null> => {
    const headers: Record<string, string> = { authorization: req.authorization, accept: "application/json" };
    const init: RequestInit = req.body === undefined
      ? { headers, signal: abort.signal }
      : { method: "POST", headers: { ...headers, "content-type": "application/json" }, body: JSON.stringify(req.body), signal: abort.signal };
    const res = await fetch(req.url, init);
    if (!res.ok) return null;
    return req.read(await res.json());
  };
  try {
    return await Promise.race([ask(), timeout]);
  } catch {
    return null;
  } finally {
    if (timer !== undefined) clearTimeout(timer);
  }
}
