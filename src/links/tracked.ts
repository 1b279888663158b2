import { trackedLinkUrl } from "../rules/booking-link";
import { newLinkCode } from "./code";

/** What one text's `{bookingUrl}` renders as, and the code to store with the text when it is a tracked link. */
export interface BookingLink {
  bookingUrl: string | null;
  linkCode: string | null;
}

/**
 * The booking link for one text (DESIGN.md §6.5): a fresh `<public base>/l/<code>` when the
 * business has a booking URL and `trackLinks` is on, else the stored URL as it is (also when no
 * public origin is known, since a link to nowhere is worse than an untracked one).
 *
 * @example bookingLinkFor({ bookingUrl: "https://cal.com/acme", settings: { trackLinks: true } }, "https://tb.example.com")
 * // { bookingUrl: "https://tb.example.com/l/q3ZrT0bXk9Aa", linkCode: "q3ZrT0bXk9Aa" }
 */
export function bookingLinkFor(business: { bookingUrl: string | null; settings: { trackLinks: boolean } }, publicBaseUrl: string): BookingLink {
  if (!business.bookingUrl || !business.settings.trackLinks || !publicBaseUrl) return { bookingUrl: business.bookingUrl, linkCode: null };
  const code = newLinkCode();
  return { bookingUrl: trackedLinkUrl(publicBaseUrl, code), linkCode: code };
}
