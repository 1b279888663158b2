/**
 * How booking providers sign their webhooks (DESIGN.md §6.5). Each check is constant-time
 * (`crypto.subtle.verify`) and false for a missing, malformed, stale or wrong signature; the
 * `*Shaped` checks need no secret, so a receiver refuses junk before it looks anything up.
 */

const encoder = new TextEncoder();
/** Calendly's tolerance for the signed timestamp (its docs: three minutes). */
export const CALENDLY_TOLERANCE_SECONDS = 180;
const HEX64 = /^[0-9a-f]{64}$/;

const fromHex = (hex: string) => new Uint8Array(hex.match(/../g)!.map((h) => parseInt(h, 16)));

async function hmacMatches(secret: string, hex: string, message: string): Promise<boolean> {
  if (!secret) return false;
  const key = await crypto.subtle.importKey("raw", encoder.encode(secret), { name: "HMAC", hash: "SHA-256" }, false, ["verify"]);
  return crypto.subtle.verify("HMAC", key, fromHex(hex), encoder.encode(message));
}

/** Cal.com's `X-Cal-Signature-256`: lowercase hex HMAC-SHA256 of the raw body. */
export function isCalcomSignatureShaped(header: string | null | undefined): boolean {
  return !!header && HEX64.test(header.trim().toLowerCase());
}

/** @example await verifyCalcom("s3cret", "<hex hmac of body>", body) // true */
export async function verifyCalcom(secret: string, header: string | null | undefined, body: string): Promise<boolean> {
  if (!header || !isCalcomSignatureShaped(header)) return false;
  return hmacMatches(secret, header.trim().toLowerCase(), body);
}

/** `t=<unix>,v1=<hex>` with t within the tolerance of now, else null. */
function readCalendly(header: string | null | undefined, nowSeconds: number): { t: string; v1: string } | null {
  if (!header) return null;
  const parts = new Map(header.split(",").map((p) => p.trim().split("=", 2) as [string, string]));
  const t = parts.get("t");
  const v1 = parts.get("v1")?.toLowerCase();
  if (!t || !/^\d{1,12}$/.test(t) || !v1 || !HEX64.test(v1)) return null;
  if (Math.abs(nowSeconds - Number(t)) > CALENDLY_TOLERANCE_SECONDS) return null;
  return { t, v1 };
}

/** Calendly's `Calendly-Webhook-Signature` could be a current signature (form and age). */
export function isCalendlySignatureShaped(header: string | null | undefined, nowSeconds: number): boolean {
  return readCalendly(header, nowSeconds) !== null;
}

/** `Calendly-Webhook-Signature: t=<unix>,v1=<hex HMAC-SHA256(key, "<t>.<raw body>")>`, at most 180 s old or ahead. */
export async function verifyCalendly(secret: string, header: string | null | undefined, body: string, nowSeconds: number): Promise<boolean> {
  const parsed = readCalendly(header, nowSeconds);
  return parsed !== null && hmacMatches(secret, parsed.v1, `${parsed.t}.${body}`);
}
