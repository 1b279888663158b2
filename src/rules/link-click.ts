/**
 * Which requests for a tracked link (`GET /l/:code`, DESIGN.md §6.5) count as the caller clicking
 * it. Pure: no I/O.
 *
 * A person's tap is one GET from a browser. Not counted, though still redirected (so a preview
 * shows the booking page): HEAD (link checkers ask whether the link works, nobody looks at it),
 * and the fetchers that build link previews or scan messages, which announce themselves in their
 * User-Agent (Apple's Messages previews as "facebookexternalhit … Twitterbot", Android's and the
 * chat apps' previewers, search crawlers). A request without any User-Agent is a script, not a
 * phone's browser. What pretends to be a browser cannot be told apart, and counts.
 */

const PREVIEWERS = /bot\b|bot\/|crawler|spider|preview|facebookexternalhit|facebot|whatsapp|slack|embedly|iframely|skypeuripreview|google-pagerenderer|headlesschrome|curl\/|wget\/|python-requests|go-http-client/i;

/**
 * @example countsAsClick("GET", "Mozilla/5.0 (iPhone; CPU iPhone OS 18_0 like Mac OS X) … Mobile/15E148 Safari/604.1") // true
 * @example countsAsClick("GET", "facebookexternalhit/1.1 Facebot Twitterbot/1.0") // false
 * @example countsAsClick("HEAD", "Mozilla/5.0 …") // false
 */
export function countsAsClick(method: string, userAgent: string | null | undefined): boolean {
  if (method.toUpperCase() !== "GET") return false;
  const ua = (userAgent ?? "").trim();
  return ua !== "" && !PREVIEWERS.test(ua);
}
