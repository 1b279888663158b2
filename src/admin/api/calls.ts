/**
 * `/businesses/:id/calls`: newest first, `limit` at a time (`nextCursor` names the next page), each
 * with what finally happened in words, its text-back's state, and the caller's contact tags
 * (`callerTags`, empty for a stranger).
 */
import { drizzle } from "drizzle-orm/d1";
import { Hono } from "hono";
import { explainCall } from "../../rules/text-fate";
import { routeBusiness } from "../businesses";
import { listCalls } from "../calls";
import { contactTagsOf } from "../contacts";
import { pageOf } from "../list-cursor";
import { callListQuerySchema } from "../schemas";
import { queryParams, type ApiEnv } from "./input";

export const callsApi = new Hono<ApiEnv>();

callsApi.get("/businesses/:id/calls", async (c) => {
  const business = await routeBusiness(c);
  const { limit, cursor } = queryParams(c, callListQuerySchema);
  const rows = await listCalls(drizzle(c.env.DB), business.id, { limit: limit + 1, after: cursor });
  const { page, nextCursor } = pageOf(rows, limit, ({ call }) => call);
  const tags = await contactTagsOf(c.env.DB, business.id, page.map((r) => r.call.fromPhone));
  return c.json({
    calls: page.map(({ call: r, text }) => ({
      id: r.id,
      carrierCallId: r.carrierCallId,
      from: r.fromPhone,
      callerTags: tags.get(r.fromPhone) ?? [],
      to: r.toPhone,
      outcome: r.outcome,
      decision: r.decision,
      reason: r.reason,
      explanation: explainCall(r.decision, text),
      text: text ? { id: text.id, status: text.status, errorCode: text.errorCode } : null,
      facts: r.facts,
      at: new Date(r.at).toISOString(),
    })),
    nextCursor,
  });
});
