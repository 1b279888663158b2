/**
 * Event subscribers, REST-hook style (Zapier's and Make's instant triggers): subscribe on turn-on,
 * unsubscribe on turn-off; enabled again after a 410 disabled them; dead and failed deliveries
 * listed and replayed, one or all of a subscriber's.
 */
import { drizzle } from "drizzle-orm/d1";
import { Hono } from "hono";
import { routeBusiness } from "../businesses";
import { bodyText } from "../../body-text";
import { parseInput, parseJsonBody } from "../../input";
import { allowsLocalSubscribers } from "../../notify/post-event";
import { createHookSchema, deliveryQuerySchema, localCreateHookSchema, replayHookSchema } from "../hook-schemas";
import { createHook, deleteHook, enableHook, findHook, hookView, listDeliveries, listHooks, replayDelivery, replayHookDeliveries } from "../hooks";
import { connectHubspot, connectHubspotSchema, disconnectHubspot, hubspotStatus } from "../hubspot";
import { jsonBody, queryParams, type ApiEnv } from "./input";

export const hooksApi = new Hono<ApiEnv>();

hooksApi.post("/businesses/:id/hooks", async (c) => {
  const business = await routeBusiness(c);
  const schema = allowsLocalSubscribers(c.env) ? localCreateHookSchema : createHookSchema;
  const { hook, secret } = await createHook(c.env, business.id, await jsonBody(c, schema));
  return c.json({ ...hookView(hook), ...(secret ? { secret } : {}) }, 201);
});

hooksApi.get("/businesses/:id/hooks", async (c) => {
  const business = await routeBusiness(c);
  return c.json({ hooks: (await listHooks(drizzle(c.env.DB), business.id)).map(hookView) });
});

hooksApi.delete("/hooks/:id", async (c) => {
  await deleteHook(c.env, c.req.param("id"));
  return c.body(null, 204);
});

hooksApi.get("/hooks/:id/deliveries", async (c) => {
  const db = drizzle(c.env.DB);
  const hook = await findHook(db, c.req.param("id"));
  const { status } = queryParams(c, deliveryQuerySchema);
  const rows = await listDeliveries(db, hook.id, status);
  const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());
  return c.json({ deliveries: rows.map((d) => ({ ...d, createdAt: iso(d.createdAt), deliveredAt: iso(d.deliveredAt) })) });
});

hooksApi.post("/hooks/:id/enable", async (c) => c.json(hookView(await enableHook(c.env, c.req.param("id")))));

/** `{ since?, status? }` (an empty body: every dead one): 202 with how many were queued again. */
hooksApi.post("/hooks/:id/replay", async (c) => {
  const raw = await bodyText(c.req);
  const input = parseInput(replayHookSchema, raw.trim() === "" ? {} : parseJsonBody(raw));
  const replayed = await replayHookDeliveries(c.env, c.req.param("id"), input);
  return c.json({ hookId: c.req.param("id"), status: input.status, replayed }, 202);
});

hooksApi.post("/deliveries/:id/replay", async (c) => {
  await replayDelivery(c.env, c.req.param("id"));
  return c.json({ id: c.req.param("id"), status: "retrying" }, 202);
});

/**
 * HubSpot: `PUT` connects (or replaces the token, checked with HubSpot first: `tokenCheck` says
 * whether it could be), `GET` shows the connection and its last error, `DELETE` disconnects.
 */
hooksApi.put("/businesses/:id/crm/hubspot", async (c) => {
  const business = await routeBusiness(c);
  const check = await connectHubspot(c.env, business.id, await jsonBody(c, connectHubspotSchema));
  return c.json({ ...(await hubspotStatus(c.env, business.id)), ...check });
});

hooksApi.get("/businesses/:id/crm/hubspot", async (c) => c.json(await hubspotStatus(c.env, (await routeBusiness(c)).id)));

hooksApi.delete("/businesses/:id/crm/hubspot", async (c) => {
  await disconnectHubspot(c.env, (await routeBusiness(c)).id);
  return c.body(null, 204);
});
