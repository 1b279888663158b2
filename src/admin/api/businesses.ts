/** `/businesses`: list, create, read and change a business (its numbers: numbers.ts). */
import { drizzle } from "drizzle-orm/d1";
import { Hono } from "hono";
import { HTTPException } from "hono/http-exception";
import type { BusinessRow } from "../../db/schema";
import { parseSettings } from "../../settings";
import { businessApiPage, businessApiQuerySchema } from "../business-list";
import { closeBusiness } from "../business-close";
import { createBusiness, routeBusiness, updateBusiness } from "../businesses";
import { listNumbers } from "../numbers";
import { closeBusinessSchema, createBusinessSchema, patchBusinessSchema } from "../schemas";
import { bodyText } from "../../body-text";
import { parseInput, parseJsonBody } from "../../input";
import { jsonBody, queryParams, type ApiEnv } from "./input";
import { presentNumber } from "./numbers";
import { PRESET_IDS, PRESETS } from "../../presets";

export const businessesApi = new Hono<ApiEnv>();

/** Industry presets: what `preset` on create fills in (DESIGN.md §6.2). */
businessesApi.get("/presets", (c) => c.json({ presets: PRESET_IDS.map((id) => PRESETS[id]) }));

businessesApi.get("/businesses", async (c) => {
  const query = queryParams(c, businessApiQuerySchema);
  const { rows, nextCursor } = await businessApiPage(drizzle(c.env.DB), c.get("principal"), query);
  // Without `limit` the answer is as it always was: every business, no cursor.
  return c.json(query.limit === undefined ? { businesses: rows.map(presentBusiness) } : { businesses: rows.map(presentBusiness), nextCursor });
});

businessesApi.post("/businesses", async (c) => {
  const input = await jsonBody(c, createBusinessSchema);
  requireSecretWithWebhook(input.notifyWebhookUrl, input.webhookSecret);
  return c.json(presentBusiness(await createBusiness(c.env, input)), 201);
});

businessesApi.get("/businesses/:id", async (c) => {
  const business = await routeBusiness(c);
  const nums = await listNumbers(drizzle(c.env.DB), business.id);
  return c.json({ ...presentBusiness(business), numbers: nums.map((n) => presentNumber(c, n)) });
});

businessesApi.patch("/businesses/:id", async (c) => {
  const business = await routeBusiness(c);
  const input = await jsonBody(c, patchBusinessSchema);
  requireSecretWithWebhook(
    input.notifyWebhookUrl !== undefined ? input.notifyWebhookUrl : business.notifyWebhookUrl,
    input.webhookSecret !== undefined ? input.webhookSecret : business.webhookSecret,
  );
  return c.json(presentBusiness(await updateBusiness(c.env, business, input)));
});

/**
 * Closes the business down (offboarding): `{ "confirm": "<its exact name>" }`. Its numbers must be
 * removed first (409 names them). Deletes all it owns but its consent ledger and the audit log;
 * 202 when the request ran out of D1 queries first: the same DELETE again finishes it.
 */
businessesApi.delete("/businesses/:id", async (c) => {
  const business = await routeBusiness(c);
  // No body at all is a missing confirm, answered as such rather than as "not JSON".
  const raw = await bodyText(c.req);
  const input = parseInput(closeBusinessSchema, raw.trim() === "" ? {} : parseJsonBody(raw));
  const outcome = await closeBusiness(c.env, business, input.confirm);
  if (!outcome.closed) return c.json({ id: business.id, closed: false, detail: "partly closed: send the same DELETE again to finish" }, 202);
  return c.json({ id: business.id, closed: true, kept: outcome.kept });
});

/** A signed webhook needs its key: 400 when a notify URL would be left without a secret. */
function requireSecretWithWebhook(url: string | null | undefined, secret: string | null | undefined): void {
  if (url && !secret) {
    throw new HTTPException(400, { message: "webhookSecret: required with notifyWebhookUrl, so the business can verify our signatures" });
  }
}

function presentBusiness(b: BusinessRow) {
  return {
    id: b.id,
    name: b.name,
    timezone: b.timezone,
    forwardTo: b.forwardTo,
    notifyPhone: b.notifyPhone,
    priorityPhone: b.priorityPhone,
    bookingUrl: b.bookingUrl,
    notifyWebhookUrl: b.notifyWebhookUrl,
    webhookSecretSet: b.webhookSecret !== null,
    voiceAiSecretSet: b.voiceAiSecret !== null,
    /** Which booking providers' keys are set (never the keys). */
    bookingSecretsSet: { calcom: b.bookingSecretCalcom !== null, calendly: b.bookingSecretCalendly !== null, generic: b.bookingSecretGeneric !== null },
    hours: b.hours,
    settings: parseSettings(b.settings),
    createdAt: new Date(b.createdAt).toISOString(),
    updatedAt: new Date(b.updatedAt).toISOString(),
  };
}
