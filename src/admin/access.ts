/**
 * The one check of who may use which route (src/rules/permissions.ts), run for every API route
 * and every admin page once the principal is known. Another business's resource is a 404 whatever
 * the role, so ids do not tell what exists; then a role the table does not list gets a 403. A route
 * the table lacks is refused: a new route is closed until someone decides who may use it.
 */
import { eq } from "drizzle-orm";
import { drizzle } from "drizzle-orm/d1";
import type { Context } from "hono";
import { createMiddleware } from "hono/factory";
import { matchedRoutes } from "hono/route";
import { bookings } from "../db/bookings-schema";
import { eventHooks } from "../db/hooks-schema";
import { leads } from "../db/leads-schema";
import { messages, webhookDeliveries } from "../db/schema";
import type { Env } from "../env";
import { log } from "../log";
import { permissionFor, routeParams, type Scope } from "../rules/permissions";
import { seesBusiness, type Principal } from "./principal";

type AccessEnv = { Bindings: Env; Variables: { principal: Principal } };
type Refuse<E extends AccessEnv> = (c: Context<E>, status: 403 | 404, message: string) => Response | Promise<Response>;

/** The route that will answer: the first matched one registered for a method (middleware is `ALL`). */
function handlerPath(c: Context): string | undefined {
  return matchedRoutes(c).find((r) => r.method !== "ALL")?.path;
}

/** The business a scoped route's resource belongs to; null when there is no such resource (the route answers its own 404). */
async function businessOf(env: Env, scope: Scope, params: Record<string, string>): Promise<string | null | undefined> {
  const id = params.id ?? "";
  const db = drizzle(env.DB);
  switch (scope) {
    case "business":
      return id;
    case "lead":
      return (await db.select({ b: leads.businessId }).from(leads).where(eq(leads.id, id)))[0]?.b ?? null;
    case "message":
      return (await db.select({ b: messages.businessId }).from(messages).where(eq(messages.id, id)))[0]?.b ?? null;
    case "booking":
      return (await db.select({ b: bookings.businessId }).from(bookings).where(eq(bookings.id, id)))[0]?.b ?? null;
    case "hook":
      return (await db.select({ b: eventHooks.businessId }).from(eventHooks).where(eq(eventHooks.id, id)))[0]?.b ?? null;
    case "delivery":
      return (await db.select({ b: webhookDeliveries.businessId }).from(webhookDeliveries).where(eq(webhookDeliveries.id, id)))[0]?.b ?? null;
    default:
      return undefined;
  }
}

export function requireAccess<E extends AccessEnv>(refuse: Refuse<E>) {
  return createMiddleware<E>(async (c, next) => {
    const path = handlerPath(c);
    // No route: the app's own 404 answers.
    if (!path) return next();
    const permission = permissionFor(c.req.method, path);
    if (!permission) {
      log.error("access.unlisted_route", { method: c.req.method, path });
      return refuse(c, 403, "This route is not in the permission table yet, so it is refused");
    }
    if (permission.scope === "public") return next();
    const principal = (c as unknown as Context<AccessEnv>).get("principal");
    const params = routeParams(path, c.req.path) ?? {};
    const businessId = await businessOf(c.env, permission.scope, params);
    if (businessId && !seesBusiness(principal, businessId)) return refuse(c, 404, `no such ${permission.scope}`);
    if (!permission.roles.includes(principal.role)) return refuse(c, 403, `your role (${principal.role}) may not do this`);
    await next();
  });
}
