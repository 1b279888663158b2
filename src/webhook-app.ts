import { Hono } from "hono";
import type { Env } from "./env";
import { webhookRateLimit } from "./middleware/rate-limit";
import { bandwidthWebhooks } from "./webhooks/bandwidth";
import { bookingWebhooks } from "./webhooks/booking";
import { crmGenericWebhook } from "./webhooks/crm-generic";
import { plivoWebhooks } from "./webhooks/plivo";
import { telnyxWebhooks } from "./webhooks/telnyx";
import { twilioWebhooks } from "./webhooks/twilio";
import { voiceAiWebhook } from "./webhooks/voice-ai";
import { vonageWebhooks } from "./webhooks/vonage";
import { appShell, jsonBodyLimit } from "./app-shell";

/** Every `/webhooks/*` route, behind the per-address rate limit. */
export const webhookRoutes = new Hono<{ Bindings: Env }>();
webhookRoutes.use("/webhooks/*", webhookRateLimit);
webhookRoutes.route("/webhooks/twilio", twilioWebhooks);
webhookRoutes.route("/webhooks/telnyx", telnyxWebhooks);
webhookRoutes.route("/webhooks/plivo", plivoWebhooks);
webhookRoutes.route("/webhooks/bandwidth", bandwidthWebhooks);
webhookRoutes.route("/webhooks/voice-ai", voiceAiWebhook);
webhookRoutes.route("/webhooks/booking", bookingWebhooks);
webhookRoutes.route("/webhooks/vonage", vonageWebhooks);
webhookRoutes.route("/webhooks/crm/generic", crmGenericWebhook);

/**
 * The carriers' app: the webhooks alone, served by index.ts for every `/webhooks/` path. Every
 * missed call passes through here, and a router holding only these routes matches with one
 * regular expression, where the whole app's (admin pages, API) falls back to a tree walk.
 */
export const webhookApp = appShell();
webhookApp.use(jsonBodyLimit);
webhookApp.route("/", webhookRoutes);

/** Whether a request URL's path is under `/webhooks/`, without parsing the URL. */
export function isWebhookUrl(url: string): boolean {
  const scheme = url.indexOf("://");
  return url.startsWith("/webhooks/", url.indexOf("/", scheme < 0 ? 0 : scheme + 3));
}
