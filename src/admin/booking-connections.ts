/**
 * Connecting a booking provider from the Integrations page: its signing key set, replaced or
 * removed through the same change as the API's `PATCH /api/businesses/:id` `{ bookingSecrets }`
 * (checked by the same schema, stored encrypted, audited as a business change without its value).
 */
import type { BusinessRow } from "../db/schema";
import type { Env } from "../env";
import { issueWords } from "../input";
import type { BookingProvider } from "../vocabulary";
import { updateBusiness } from "./businesses";
import { patchBusinessSchema } from "./schemas";

/** The providers the page connects; the generic webhook stays the API's. */
export const PAGE_BOOKING_PROVIDERS = ["calcom", "calendly"] as const satisfies readonly BookingProvider[];
export type PageBookingProvider = (typeof PAGE_BOOKING_PROVIDERS)[number];

export const BOOKING_PROVIDER_NAMES: Record<BookingProvider, string> = { calcom: "Cal.com", calendly: "Calendly", generic: "Your booking system" };

export const isPageBookingProvider = (p: string | undefined): p is PageBookingProvider => (PAGE_BOOKING_PROVIDERS as readonly string[]).includes(p ?? "");

/** The label of the secret's field as the page shows it, which every refusal names. */
export const secretLabel = (provider: BookingProvider) => `${BOOKING_PROVIDER_NAMES[provider]} signing secret`;

/**
 * The key as typed, read as the API reads `bookingSecrets.<provider>`, or the sentences saying what
 * is wrong, led by the field's label.
 *
 * @example typedBookingSecret("calcom", "short") // { errors: ["Cal.com signing secret: must be at least 8 characters."] }
 */
export function typedBookingSecret(provider: BookingProvider, typed: string | undefined): { secret: string; errors?: undefined } | { errors: string[] } {
  const r = patchBusinessSchema.safeParse({ bookingSecrets: { [provider]: typed ?? "" } });
  const secret = r.success ? r.data.bookingSecrets?.[provider] : undefined;
  if (secret) return { secret };
  const issues = r.success ? [{ path: [], message: "is required" }] : r.error.issues;
  return { errors: issues.map((i) => `${secretLabel(provider)}: ${issueWords(i)}.`) };
}

/** Sets or replaces the provider's key (a string), or removes it (null): the business's change, audited. */
export async function setBookingSecret(env: Pick<Env, "DB" | "DATA_KEY" | "LINE">, business: BusinessRow, provider: BookingProvider, secret: string | null): Promise<void> {
  await updateBusiness(env, business, { bookingSecrets: { [provider]: secret } });
}
