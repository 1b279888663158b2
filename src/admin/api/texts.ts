/** Messages: a business's, a text written by hand, dead letters sent again, held texts canceled. */
import { drizzle } from "drizzle-orm/d1";
import { Hono } from "hono";
import type { MessageRow } from "../../db/schema";
import { publicBase } from "../../public-base";
import { parseInput } from "../../input";
import { routeBusiness } from "../businesses";
import { cancelHeldText } from "../held-texts";
import { idempotencyKeySchema, messageListQuerySchema, sendTextSchema } from "../schemas";
import { pageOf } from "../list-cursor";
import { listMessages, retryDeadMessage, sendAdminText } from "../texts";
import { jsonBody, queryParams, type ApiEnv } from "./input";

export const textsApi = new Hono<ApiEnv>();

textsApi.get("/businesses/:id/messages", async (c) => {
  const business = await routeBusiness(c);
  const { limit, status, cursor } = queryParams(c, messageListQuerySchema);
  const rows = await listMessages(drizzle(c.env.DB), business.id, { status, limit: limit + 1, after: cursor });
  const { page, nextCursor } = pageOf(rows, limit, (m) => ({ at: m.createdAt, id: m.id }));
  return c.json({ messages: page.map(presentMessage), nextCursor });
});

/**
 * A text written by hand, recorded as kind `manual`: 201; 409 when the recipient opted out. A repeated
 * `Idempotency-Key` answers 200 with the message the first request created, and sends nothing more.
 */
textsApi.post("/businesses/:id/messages", async (c) => {
  const business = await routeBusiness(c);
  const input = await jsonBody(c, sendTextSchema);
  const key = c.req.header("idempotency-key");
  const { message, duplicate } = await sendAdminText(c.env, {
    businessId: business.id,
    to: input.to,
    body: input.body,
    kind: "manual",
    fromE164: input.from,
    publicBaseUrl: publicBase(c),
    requestKey: key === undefined ? undefined : parseInput(idempotencyKeySchema, key, "Idempotency-Key"),
  });
  return c.json(presentMessage(message), duplicate ? 200 : 201);
});

/** Send a dead message again: 202 once it is queued; 409 if it is not dead (e.g. a second click). */
textsApi.post("/messages/:id/retry", async (c) => {
  const message = await retryDeadMessage(c.env, { messageId: c.req.param("id"), publicBaseUrl: publicBase(c) });
  return c.json(presentMessage(message), 202);
});

/** Cancel a text the line holds (a delayed text-back, a follow-up): 200 with it canceled; 409 if it is not held. */
textsApi.post("/messages/:id/cancel", async (c) => {
  return c.json(presentMessage(await cancelHeldText(c.env, { messageId: c.req.param("id") })));
});

function presentMessage(m: MessageRow) {
  return {
    id: m.id,
    direction: m.direction,
    from: m.fromPhone,
    to: m.toPhone,
    body: m.body,
    kind: m.kind,
    encoding: m.encoding,
    segments: m.segments,
    status: m.status,
    attempts: m.attempts,
    errorCode: m.errorCode,
    errorMessage: m.errorMessage,
    carrierMessageId: m.carrierMessageId,
    callId: m.callId,
    createdAt: new Date(m.createdAt).toISOString(),
    sentAt: m.sentAt ? new Date(m.sentAt).toISOString() : null,
  };
}
