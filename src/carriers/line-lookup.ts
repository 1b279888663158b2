/**
 * What kind of line a phone is, asked of the number's carrier (setting `lookupLineType`); each
 * carrier's request is in line-lookup-requests.ts. When the carrier did not answer one (an error, a
 * timeout, a shape we do not know, an insight that could not tell), the answer says why, and the
 * caller is texted as if nobody had asked.
 */
import { LINE_LOOKUP_TIMEOUT_MS, type LineTypeAnswer } from "../rules/line-type";
import { lookupRequest, type LookupEnv } from "./line-lookup-requests";
import type { CarrierName } from "./types";

export type { LookupEnv } from "./line-lookup-requests";

/**
 * What kind of line `phone` is, asked of the number's carrier with its (decrypted) credentials; on
 * any failure, or after LINE_LOOKUP_TIMEOUT_MS, why there is no answer (never a secret or the phone).
 *
 * @example await lookupLineType(env, "twilio", { accountSid, authToken }, "+14155550123") // { lineType: "mobile" }
 */
export async function lookupLineType(env: LookupEnv, carrier: CarrierName, credentials: unknown, phone: string): Promise<LineTypeAnswer> {
  const abort = new AbortController();
  let timer: ReturnType<typeof setTimeout> | undefined;
  // The timer, not only the signal, ends the wait: the answer's body may stall after its headers.
  const timeout = new Promise<LineTypeAnswer>((resolve) => {
    timer = setTimeout(() => {
      abort.abort();
      resolve({ why: `no answer within ${LINE_LOOKUP_TIMEOUT_MS} ms` });
    }, LINE_LOOKUP_TIMEOUT_MS);
  });
  const ask = async (): Promise<LineTypeAnswer> => {
    const req = await lookupRequest(env, carrier, credentials, phone);
    if (!req) return { why: "the number's credentials are not the carrier's" };
    if ("why" in req) return req;
    const headers: Record<string, string> = { ...(req.authorization ? { authorization: req.authorization } : {}), accept: "application/json" };
    const init = req.body === undefined
      ? { headers, signal: abort.signal }
      : { method: "POST", headers: { ...headers, "content-type": "application/json" }, body: JSON.stringify(req.body), signal: abort.signal };
    const res = await (req.send ? req.send(req.url, init) : fetch(req.url, init));
    if (!res.ok) return { why: `HTTP ${res.status}` };
    return req.read(await res.json());
  };
  try {
    return await Promise.race([ask(), timeout]);
  } catch (e) {
    if (e instanceof SyntaxError) return { why: "an answer that is not JSON" };
    return { why: e instanceof Error ? `${e.name}: ${e.message}`.slice(0, 120) : "the request failed" };
  } finally {
    if (timer !== undefined) clearTimeout(timer);
  }
}
