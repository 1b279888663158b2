/** `/tokens`: personal API tokens (DESIGN.md §7): one's own, or everyone's for the owner. */
import { drizzle } from "drizzle-orm/d1";
import { Hono } from "hono";
import { listApiTokens } from "../../db/sessions";
import { createApiToken, revokeApiToken } from "../api-tokens";
import { createTokenSchema } from "../team-schemas";
import { jsonBody, type ApiEnv } from "./input";

export const tokensApi = new Hono<ApiEnv>();

/** `{ id, token }`: the token is in this answer only; D1 keeps its SHA-256. */
tokensApi.post("/tokens", async (c) => {
  const created = await createApiToken(c.env, c.get("principal"), await jsonBody(c, createTokenSchema));
  return c.json(created, 201);
});

/** One's tokens (the owner: everyone's), with when each was last used; never the tokens themselves. */
tokensApi.get("/tokens", async (c) => {
  const principal = c.get("principal");
  const rows = await listApiTokens(drizzle(c.env.DB), principal.role === "owner" ? null : (principal.userId ?? ""));
  const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());
  return c.json({ tokens: rows.map((t) => ({ ...t, createdAt: iso(t.createdAt), lastUsedAt: iso(t.lastUsedAt) })) });
});

tokensApi.delete("/tokens/:id", async (c) => {
  await revokeApiToken(c.env, c.get("principal"), c.req.param("id"));
  return c.body(null, 204);
});
