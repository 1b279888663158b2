/**
 * Vonage's line type lookup (setting `lookupLineType`): the Identity Insights API's Current Carrier
 * and Original Carrier insights in one request (rules/line-type.ts vonageInsightLineType says why
 * both), which need no Network Registry approval (not Number Insight Standard: Vonage stops
 * answering it on 2027-02-04). One POST with the application's token (the API takes no API key and
 * secret); each insight carries its own status inside an HTTP 200.
 */
import { vonageInsightLineType } from "../rules/line-type";
import * as z from "../zod";
import type { LookupRequest } from "./line-lookup-requests";
import { toVonageNumber, vonageCredentialsSchema } from "./vonage";
import { vonageApplicationToken } from "./vonage-jwt";

/** Served per region (`api-eu.vonage.com`, `api-us.vonage.com`); Vonage's examples and SDKs default to the EU one. */
export const VONAGE_INSIGHTS_ORIGIN = "https://api-eu.vonage.com";
export const VONAGE_INSIGHTS_PATH = "/identity-insights/v1/requests";

/** `{ request_id, insights: { current_carrier: { name, network_type, country_code, network_code, status: { code, message } }, original_carrier: { …the same } } }` */
const carrierInsight = z.nullish(z.object({ network_type: z.nullish(z.string()), status: z.nullish(z.object({ code: z.nullish(z.string()) })) }));
const insightsAnswer = z.object({ insights: z.nullish(z.object({ current_carrier: carrierInsight, original_carrier: carrierInsight })) });

/**
 * The carrier insights request for `phone` (E.164) at `origin`, signed as the number's application;
 * null when the credentials are not Vonage's. Throws when the stored private key cannot sign.
 *
 * @example await vonageInsightsRequest("https://api-eu.vonage.com", creds, "+14155550123", nowSeconds)
 */
export async function vonageInsightsRequest(origin: string, credentials: unknown, phone: string, nowSeconds: number): Promise<LookupRequest | null> {
  const c = vonageCredentialsSchema.safeParse(credentials);
  if (!c.success) return null;
  const token = await vonageApplicationToken(c.data.applicationId, c.data.privateKey, nowSeconds);
  return {
    url: `${origin}${VONAGE_INSIGHTS_PATH}`,
    authorization: `Bearer ${token}`,
    body: { phone_number: toVonageNumber(phone), insights: { current_carrier: {}, original_carrier: {} } },
    read: (json) => {
      const a = insightsAnswer.safeParse(json);
      return a.success ? vonageInsightLineType(a.data.insights) : { why: "an answer of an unknown shape" };
    },
  };
}
