/**
 * Textback's own webhook signature, used both ways: we sign events to a business's CRM, and AI
 * receptionists sign events to us. `X-Textback-Signature: t=<unix>,v1=<hex HMAC-SHA256(secret, "<t>.<raw body>")>`,
 * the Stripe-style scheme: the timestamp inside the MAC stops replays beyond the tolerance.
 */

const encoder = new TextEncoder();
export const SIGNATURE_TOLERANCE_SECONDS = 300;

function key(secret: string, usage: "sign" | "verify") {
  return crypto.subtle.importKey("raw", encoder.encode(secret), { name: "HMAC", hash: "SHA-256" }, false, [usage]);
}

const toHex = (buf: ArrayBuffer) => [...new Uint8Array(buf)].map((b) => b.toString(16).padStart(2, "0")).join("");

/** @example await signTextback("s3cret", 1767225600, "{}") // "t=1767225600,v1=…" */
export async function signTextback(secret: string, unixSeconds: number, body: string): Promise<string> {
  const mac = await crypto.subtle.sign("HMAC", await key(secret, "sign"), encoder.encode(`${unixSeconds}.${body}`));
  return `t=${unixSeconds},v1=${toHex(mac)}`;
}

/** The timestamp and MAC of a well-formed header within ±300 s of `nowSeconds`, else null. */
function readSignature(header: string | null | undefined, nowSeconds: number): { t: string; v1: string } | null {
  if (!header) return null;
  const parts = new Map(header.split(",").map((p) => p.trim().split("=", 2) as [string, string]));
  const t = parts.get("t");
  const v1 = parts.get("v1");
  if (!t || !/^\d{1,12}$/.test(t) || !v1 || !/^[0-9a-f]{64}$/.test(v1)) return null;
  if (Math.abs(nowSeconds - Number(t)) > SIGNATURE_TOLERANCE_SECONDS) return null;
  return { t, v1 };
}

/**
 * Whether a header could be a current signature (form and timestamp; no secret needed), so a
 * receiver can refuse the rest before it looks up or decrypts anything.
 *
 * @example isTextbackSignatureShaped(await signTextback("s3cret", now, "{}"), now) // true
 */
export function isTextbackSignatureShaped(header: string | null | undefined, nowSeconds: number): boolean {
  return readSignature(header, nowSeconds) !== null;
}

/** Constant-time verification; false for a missing, malformed, stale (±300 s) or wrong signature. */
export async function verifyTextback(secret: string, header: string | null | undefined, body: string, nowSeconds: number): Promise<boolean> {
  const parsed = readSignature(header, nowSeconds);
  if (!parsed || !secret) return false;
  const { t, v1 } = parsed;
  const sig = new Uint8Array(v1.match(/../g)!.map((h) => parseInt(h, 16)));
  return crypto.subtle.verify("HMAC", await key(secret, "verify"), sig, encoder.encode(`${t}.${body}`));
}
