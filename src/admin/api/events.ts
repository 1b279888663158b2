/** `/events`: the event contract's JSON Schema and a sample of each type (for Zapier's and Make's field mapping). */
import { Hono } from "hono";
import { HTTPException } from "hono/http-exception";
import { isEventType } from "../../notify/contract";
import { EVENT_JSON_SCHEMAS } from "../../notify/event-schemas";
import { sampleEvent } from "../../notify/samples";
import { NOTIFY_EVENTS } from "../../vocabulary";
import type { ApiEnv } from "./input";

export const eventsApi = new Hono<ApiEnv>();

eventsApi.get("/events/schema", (c) => c.json(EVENT_JSON_SCHEMAS));

eventsApi.get("/events/sample/:type", (c) => {
  const type = c.req.param("type");
  if (!isEventType(type)) throw new HTTPException(404, { message: `no event type ${type}; types: ${NOTIFY_EVENTS.join(", ")}` });
  return c.json(sampleEvent(type));
});
