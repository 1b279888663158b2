/**
 * Tracked booking links (DESIGN.md §6.5): `{bookingUrl}` in a text becomes `<public base>/l/<code>`,
 * and `/l/<code>` sends the caller on to the business's stored booking URL with `tb=<code>`, so the
 * booking that follows can be matched to the lead. Pure: no I/O (codes are drawn in links/code.ts).
 */

/** Characters of a code: base62, nothing a URL parser, a carrier's link detector or a person could misread as syntax. */
export const LINK_CODE_ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
/** 12 base62 characters: 71 bits, so a code cannot be guessed, and every link has the same length. */
export const LINK_CODE_LENGTH = 12;
/** What `/l/:code` accepts: anything else (encoded slashes, `@`, a scheme) is no code, answered 404. */
const LINK_CODE = /^[0-9A-Za-z]{10,32}$/;

/** @example isLinkCode("a1B2c3D4e5F6") // true */
export const isLinkCode = (s: string): boolean => LINK_CODE.test(s);

/** @example trackedLinkUrl("https://tb.example.com", "a1B2c3D4e5F6") // "https://tb.example.com/l/a1B2c3D4e5F6" */
export const trackedLinkUrl = (publicBaseUrl: string, code: string): string => `${publicBaseUrl.replace(/\/$/, "")}/l/${code}`;

/**
 * A link of the real length for the template checker and preview, so the segment count shown is
 * the one callers get.
 */
export const sampleTrackedLink = (publicBaseUrl: string): string => trackedLinkUrl(publicBaseUrl, "x".repeat(LINK_CODE_LENGTH));

/** Calendly passes only UTM parameters on to its webhooks (`tracking`), so its links carry the code there too. */
const UTM_HOSTS = ["calendly.com"];

/**
 * Where `/l/<code>` sends the caller: the stored booking URL with `tb=<code>` added to its query
 * (before any fragment, whatever query it already had, an earlier `tb` replaced), or null when the
 * stored value is not an https URL (the target only ever comes from it, never from the request).
 *
 * @example bookingRedirect("https://cal.com/acme?month=5#top", "a1B2c3D4e5F6") // "https://cal.com/acme?month=5&tb=a1B2c3D4e5F6#top"
 */
export function bookingRedirect(stored: string, code: string): string | null {
  let url: URL;
  try {
    url = new URL(stored);
  } catch {
    return null;
  }
  if (url.protocol !== "https:" || !isLinkCode(code)) return null;
  const host = url.hostname.toLowerCase();
  const utm = UTM_HOSTS.some((h) => host === h || host.endsWith(`.${h}`));
  // Kept as written (searchParams would re-encode the business's own parameters).
  const kept = url.search
    .slice(1)
    .split("&")
    .filter((p) => p !== "" && p !== "tb" && !p.startsWith("tb=") && !(utm && p.startsWith("utm_content=")));
  url.search = [...kept, `tb=${code}`, ...(utm ? [`utm_content=${code}`] : [])].join("&");
  return url.href;
}
