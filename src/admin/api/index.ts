/**
 * The admin JSON API (DESIGN.md §3), mounted at /api: one Hono app per resource, all behind
 * `Authorization: Bearer <ADMIN_TOKEN>` or a personal token, then the permission table (access.ts).
 * Input problems are HTTPExceptions, answered by app.ts.
 */
import { Hono } from "hono";
import { requireAccess } from "../access";
import { adminAuth } from "../auth";
import { ADMIN_TOKEN_FIX, adminTokenProblem } from "../token-floor";
import { businessesApi } from "./businesses";
import { bookingsApi } from "./bookings";
import { callsApi } from "./calls";
import { consentApi } from "./consent";
import { contactsApi } from "./contacts";
import { eventsApi } from "./events";
import { hooksApi } from "./hooks";
import { leadsApi } from "./leads";
import type { ApiEnv } from "./input";
import { numbersApi } from "./numbers";
import { reportsApi } from "./reports";
import { templatesApi } from "./templates";
import { textsApi } from "./texts";
import { tokensApi } from "./tokens";
import { usersApi } from "./users";

export const adminApi = new Hono<ApiEnv>();
// Off, with the reason, while ADMIN_TOKEN is unset or guessable: before any token is compared.
adminApi.use("*", async (c, next) => {
  const problem = adminTokenProblem(c.env.ADMIN_TOKEN);
  if (problem) return c.json({ error: `The admin API is off: ${problem}. ${ADMIN_TOKEN_FIX}.` }, 503);
  await next();
});
adminApi.use("*", adminAuth);
adminApi.use("*", requireAccess((c, status, message) => c.json({ error: message }, status)));
adminApi.route("/", businessesApi);
adminApi.route("/", numbersApi);
adminApi.route("/", templatesApi);
adminApi.route("/", callsApi);
adminApi.route("/", textsApi);
adminApi.route("/", consentApi);
adminApi.route("/", leadsApi);
adminApi.route("/", contactsApi);
adminApi.route("/", reportsApi);
adminApi.route("/", usersApi);
adminApi.route("/", tokensApi);
adminApi.route("/", bookingsApi);
adminApi.route("/", hooksApi);
adminApi.route("/", eventsApi);
