/**
 * Plivo webhook signatures, WebCrypto only (carriers.md §4; mirrors plivo-node 4.x
 * `utils/v3Security.js` and `utils/security.js`, which the Node tests use as oracles).
 *
 * V3 (`X-Plivo-Signature-V3`, `X-Plivo-Signature-V3-Nonce`): base64 HMAC-SHA256 keyed with the auth
 * token over the URL with its query sorted, the POST params as sorted `name + value`, then
 * `.` + nonce. The header may hold several signatures, comma-separated (one per active token).
 * V2 (`X-Plivo-Signature-V2`, `-V2-Nonce`) signs only the URL without its query, plus the nonce:
 * kept as a fallback for requests that carry no V3 header.
 */

/** Form or query params; a repeated name carries every value. */
export type PlivoParams = Record<string, string | string[]>;

const encoder = new TextEncoder();

function values(v: string | string[]): string[] {
  return Array.isArray(v) ? [...v] : [v];
}

/** `origin + path` of a URL, split by hand so nothing is re-encoded (Plivo signs what it requested). */
function splitUrl(url: string): { base: string; query: string } {
  const noFragment = url.split("#")[0]!;
  const q = noFragment.indexOf("?");
  return q === -1 ? { base: noFragment, query: "" } : { base: noFragment.slice(0, q), query: noFragment.slice(q + 1) };
}

/** The query as plivo-node's `querystring.parse` reads it: decoded, `+` as a space, repeats kept. */
function queryParams(query: string): PlivoParams {
  const out: Record<string, string[]> = Object.create(null);
  for (const [k, v] of new URLSearchParams(query)) (out[k] ??= []).push(v);
  return out;
}

function merge(a: PlivoParams, b: PlivoParams): Record<string, string[]> {
  // No prototype: a param may be named `valueOf` or `__proto__`.
  const out: Record<string, string[]> = Object.create(null);
  for (const p of [a, b]) for (const [k, v] of Object.entries(p)) out[k] = [...(Object.hasOwn(out, k) ? out[k]! : []), ...values(v)];
  return out;
}

/** `k=v&k=v`, keys sorted, each key's values sorted (code-unit order, as JavaScript sorts). */
function sortedQuery(params: Record<string, string[]>): string {
  return Object.keys(params)
    .sort()
    .flatMap((k) => params[k]!.sort().map((v) => `${k}=${v}`))
    .join("&");
}

/** `k1v1k2v2…`, keys sorted, each key's values sorted. */
function sortedParams(params: PlivoParams): string {
  return Object.keys(params)
    .sort()
    .flatMap((k) => values(params[k]!).sort().map((v) => k + v))
    .join("");
}

/**
 * The string Plivo signs (before `.` + nonce) for a request.
 *
 * @example plivoV3SigningString("POST", "https://example.com/plivo/hangup?biz=42", { CallUUID: "abc" })
 * // "https://example.com/plivo/hangup?biz=42.CallUUIDabc"
 */
export function plivoV3SigningString(method: "GET" | "POST", url: string, params: PlivoParams): string {
  const { base, query } = splitUrl(url);
  const hasBody = method === "POST" && Object.keys(params).length > 0;
  const q = sortedQuery(merge(queryParams(query), method === "GET" ? params : {}));
  if (!hasBody) return q ? `${base}?${q}` : base;
  return `${base}?${q}${q ? "." : ""}${sortedParams(params)}`;
}

async function hmacBase64(key: string, data: string): Promise<string> {
  const k = await crypto.subtle.importKey("raw", encoder.encode(key), { name: "HMAC", hash: "SHA-256" }, false, ["sign"]);
  const mac = new Uint8Array(await crypto.subtle.sign("HMAC", k, encoder.encode(data)));
  return btoa(String.fromCharCode(...mac));
}

/** Equal-length check is fine to short-circuit: lengths are public, contents are compared fully. */
function constantTimeEqual(a: string, b: string): boolean {
  if (a.length !== b.length) return false;
  let diff = 0;
  for (let i = 0; i < a.length; i++) diff |= a.charCodeAt(i) ^ b.charCodeAt(i);
  return diff === 0;
}

/**
 * The V3 signature Plivo sends for a request (tests and the simulator sign with it).
 *
 * @example await plivoV3Signature("my_auth_token", "GET", "https://example.com/plivo/answer?biz=42", "12345", {})
 * // "NczE/uzRrtG93rV2rX+QDVYCwTCNho0bqQ18auhUPLo="
 */
export function plivoV3Signature(authToken: string, method: "GET" | "POST", url: string, nonce: string, params: PlivoParams): Promise<string> {
  return hmacBase64(authToken, `${plivoV3SigningString(method, url, params)}.${nonce}`);
}

/** The V2 signature: the URL without its query, then the nonce. */
export function plivoV2Signature(authToken: string, url: string, nonce: string): Promise<string> {
  return hmacBase64(authToken, splitUrl(url).base + nonce);
}

const SIGNATURE = /^[A-Za-z0-9+/]{43}=$/;
const NONCE = /^[A-Za-z0-9_-]{1,64}$/;

/** A V3 header: one or more base64 HMAC-SHA256 values, comma-separated (spaces around commas tolerated). */
function v3Signatures(header: string | null | undefined): string[] | null {
  if (!header) return null;
  const parts = header.split(",").map((s) => s.trim());
  return parts.length <= 8 && parts.every((s) => SIGNATURE.test(s)) ? parts : null;
}

export interface PlivoHeaders {
  v3?: string | null;
  v3Nonce?: string | null;
  v2?: string | null;
  v2Nonce?: string | null;
}

/**
 * Whether the headers could carry a Plivo signature at all (V3, or V2 when there is no V3): checked
 * before the called number is looked up or its token decrypted.
 */
export function isPlivoSignatureShaped(h: PlivoHeaders): boolean {
  if (h.v3 || h.v3Nonce) return v3Signatures(h.v3) !== null && NONCE.test(h.v3Nonce ?? "");
  return typeof h.v2 === "string" && SIGNATURE.test(h.v2) && NONCE.test(h.v2Nonce ?? "");
}

/**
 * Verifies a Plivo webhook with the number's auth token: V3 when the request carries a V3 header
 * (any of its comma-separated signatures may match), else V2. Returns false, never throws.
 *
 * @example await verifyPlivo(token, { v3, v3Nonce }, "POST", "https://example.com/webhooks/plivo/voice", form)
 */
export async function verifyPlivo(authToken: string, h: PlivoHeaders, method: "GET" | "POST", url: string, params: PlivoParams): Promise<boolean> {
  if (!authToken || !isPlivoSignatureShaped(h)) return false;
  try {
    if (h.v3 || h.v3Nonce) {
      const expected = await plivoV3Signature(authToken, method, url, h.v3Nonce!, params);
      // Every candidate is compared, so the time taken does not say which one matched.
      return v3Signatures(h.v3)!.map((s) => constantTimeEqual(s, expected)).includes(true);
    }
    return constantTimeEqual(h.v2!, await plivoV2Signature(authToken, url, h.v2Nonce!));
  } catch {
    return false;
  }
}
