/** `/users` (owner only, DESIGN.md §7): invite, list, change and remove people. */
import { drizzle } from "drizzle-orm/d1";
import { Hono } from "hono";
import { businessIdsByUser, businessIdsOf, listUsers, pendingInvites } from "../../db/team";
import type { UserRow } from "../../db/team-schema";
import { publicBase } from "../../public-base";
import { createUserSchema, patchUserSchema } from "../team-schemas";
import { findUserOr404, inviteUser, reinviteUser, removeUser, updateUser } from "../users";
import { jsonBody, type ApiEnv } from "./input";

export const usersApi = new Hono<ApiEnv>();

/** The invite link, shown this once: only its hash is stored. */
export function inviteUrl(base: string, token: string): string {
  return `${base}/admin/invite/${token}`;
}

usersApi.post("/users", async (c) => {
  const input = await jsonBody(c, createUserSchema);
  const { user, token } = await inviteUser(c.env, input, c.get("principal").actor);
  return c.json({ id: user.id, inviteUrl: inviteUrl(publicBase(c), token) }, 201);
});

/** A new link for someone who has not set a password yet; the old one stops working. */
usersApi.post("/users/:id/invite", async (c) => {
  const user = await findUserOr404(c.env, c.req.param("id"));
  const { token, expiresAt } = await reinviteUser(c.env, user, c.get("principal").actor);
  return c.json({ id: user.id, inviteUrl: inviteUrl(publicBase(c), token), inviteExpiresAt: new Date(expiresAt).toISOString() }, 201);
});

usersApi.get("/users", async (c) => {
  const db = drizzle(c.env.DB);
  const [rows, byUser, pending] = await Promise.all([listUsers(db), businessIdsByUser(db), pendingInvites(db, Date.now())]);
  const invited = new Map(pending.map((i) => [i.userId, i.expiresAt]));
  return c.json({ users: rows.map((u) => presentUser(u, byUser.get(u.id) ?? [], invited.get(u.id))) });
});

usersApi.patch("/users/:id", async (c) => {
  const user = await findUserOr404(c.env, c.req.param("id"));
  const updated = await updateUser(c.env, user, await jsonBody(c, patchUserSchema));
  return c.json(presentUser(updated, await businessIdsOf(drizzle(c.env.DB), updated.id), undefined));
});

usersApi.delete("/users/:id", async (c) => {
  await removeUser(c.env, await findUserOr404(c.env, c.req.param("id")));
  return c.body(null, 204);
});

function presentUser(u: UserRow, businessIds: readonly string[], inviteExpiresAt: number | undefined) {
  return {
    id: u.id,
    email: u.email,
    name: u.name,
    role: u.role,
    businessIds: u.role === "owner" ? [] : businessIds,
    status: u.passwordHash ? "active" : "invited",
    inviteExpiresAt: inviteExpiresAt ? new Date(inviteExpiresAt).toISOString() : null,
    totp: u.totpSecret !== null,
    createdAt: new Date(u.createdAt).toISOString(),
  };
}
