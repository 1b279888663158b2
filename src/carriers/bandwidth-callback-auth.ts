/**
 * Bandwidth signs nothing: its callbacks carry the HTTP Basic credentials set on the application
 * (carriers.md §6), which we compare with the number's in constant time.
 */

export interface BasicCredentials {
  username: string;
  password: string;
}

/**
 * The credentials of an `Authorization: Basic …` header, or null when it is not one.
 *
 * @example basicCredentials("Basic dXNlcjpwYXNz") // { username: "user", password: "pass" }
 */
export function basicCredentials(header: string | null | undefined): BasicCredentials | null {
  const m = /^Basic ([A-Za-z0-9+/]{4,1400}={0,2})$/.exec(header ?? "");
  if (!m) return null;
  let decoded: string;
  try {
    decoded = new TextDecoder("utf-8", { fatal: true, ignoreBOM: true }).decode(Uint8Array.from(atob(m[1]!), (c) => c.charCodeAt(0)));
  } catch {
    return null;
  }
  const colon = decoded.indexOf(":");
  if (colon <= 0) return null;
  return { username: decoded.slice(0, colon), password: decoded.slice(colon + 1) };
}

const encoder = new TextEncoder();

/** SHA-256 both, then compare every byte: neither the length nor the first difference shows in the time taken. */
async function sameSecret(a: string, b: string): Promise<boolean> {
  const [x, y] = await Promise.all([a, b].map(async (s) => new Uint8Array(await crypto.subtle.digest("SHA-256", encoder.encode(s)))));
  let diff = 0;
  for (let i = 0; i < x!.length; i++) diff |= x![i]! ^ y![i]!;
  return diff === 0;
}

/**
 * Whether a callback's `Authorization` header carries exactly the expected credentials. Both parts
 * are always compared, so the time does not say which one was wrong.
 *
 * @example await verifyBandwidthCallback("Basic dXNlcjpwYXNz", { username: "user", password: "pass" }) // true
 */
export async function verifyBandwidthCallback(header: string | null | undefined, expected: BasicCredentials): Promise<boolean> {
  const given = basicCredentials(header);
  if (!given || !expected.password) return false;
  const [user, pass] = await Promise.all([sameSecret(given.username, expected.username), sameSecret(given.password, expected.password)]);
  return user && pass;
}
