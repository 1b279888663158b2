/** A business's HubSpot connection: its private-app token (write-only), pipeline and stages. */
import { eq } from "drizzle-orm";
import { drizzle } from "drizzle-orm/d1";
import { HTTPException } from "hono/http-exception";
import { checkHubspotToken, type HubspotTokenCheck } from "../crm/hubspot-token-check";
import { encryptSecret } from "../crypto/secrets";
import { eventHooks } from "../db/hooks-schema";
import type { Env } from "../env";
import { linesChanged } from "../line/config-changed";
import { DEFAULT_STAGES, hubspotConfigSchema, type HubspotConfig } from "../rules/hubspot";
import { LEAD_NOTIFY_EVENTS } from "../vocabulary";
import * as z from "../zod";
import { audit } from "./audit";

/** The subscriber that syncs a business's leads to HubSpot. */
export const hubspotHookId = (businessId: string) => `hook_hubspot_${businessId}`;

export const connectHubspotSchema = z.extend(hubspotConfigSchema, {
  /** A private app's access token (Settings → Integrations → Private apps), with the contacts and deals scopes. */
  token: z.string().check(z.trim(), z.minLength(20, "token: paste the private app's access token (pat-…)"), z.maxLength(500)),
});

/**
 * Connect (or reconnect with a new token): lead events go to HubSpot from now on. The token is
 * asked of HubSpot first: a refused one is a 400 and nothing is saved (crm/hubspot-token-check.ts).
 */
export async function connectHubspot(
  env: Pick<Env, "DB" | "DATA_KEY" | "LINE" | "HUBSPOT_API_BASE">,
  businessId: string,
  input: z.infer<typeof connectHubspotSchema>,
): Promise<HubspotTokenCheck> {
  const db = drizzle(env.DB);
  const { token, ...config } = input;
  const check = await checkHubspotToken(env.HUBSPOT_API_BASE, token);
  const values = {
    url: env.HUBSPOT_API_BASE,
    events: [...LEAD_NOTIFY_EVENTS],
    secret: await encryptSecret(env.DATA_KEY, token),
    config,
    lastError: null,
    lastErrorAt: null,
  };
  await db.batch([
    db
      .insert(eventHooks)
      .values({ id: hubspotHookId(businessId), businessId, origin: "hubspot", createdAt: Date.now(), ...values })
      .onConflictDoUpdate({ target: eventHooks.id, set: values }),
    audit(db, "hubspot.connect", "business", businessId, { pipelineId: config.pipelineId ?? null, token: "[set]", tokenCheck: check.tokenCheck }),
  ]);
  await linesChanged(env, businessId);
  return check;
}

/** The connection as the API shows it: never the token. */
export async function hubspotStatus(env: Pick<Env, "DB">, businessId: string) {
  const [hook] = await drizzle(env.DB).select().from(eventHooks).where(eq(eventHooks.id, hubspotHookId(businessId)));
  if (!hook) return { connected: false as const };
  const config = (hook.config ?? {}) as HubspotConfig;
  return {
    connected: true as const,
    pipelineId: config.pipelineId ?? "default",
    stages: { ...DEFAULT_STAGES, ...config.stages },
    lastError: hook.lastError,
    lastErrorAt: hook.lastErrorAt === null ? null : new Date(hook.lastErrorAt).toISOString(),
  };
}

export async function disconnectHubspot(env: Pick<Env, "DB" | "LINE">, businessId: string): Promise<void> {
  const db = drizzle(env.DB);
  const r = await db.delete(eventHooks).where(eq(eventHooks.id, hubspotHookId(businessId)));
  if (r.meta.changes === 0) throw new HTTPException(404, { message: "HubSpot is not connected" });
  await audit(db, "hubspot.disconnect", "business", businessId, {});
  await linesChanged(env, businessId);
}
