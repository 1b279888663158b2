/** Bookings from providers (DESIGN.md §6.5): a business's list (`?unmatched=true`: those waiting for a person), and attaching one to a lead. */
import { Hono } from "hono";
import { attachBooking } from "../booking-attach";
import { listBookings, type BookingRow } from "../../db/bookings";
import * as z from "../../zod";
import { routeBusiness } from "../businesses";
import { listQuerySchema } from "../schemas";
import { jsonBody, queryParams, type ApiEnv } from "./input";

export const bookingsApi = new Hono<ApiEnv>();

const listSchema = z.extend(listQuerySchema, {
  unmatched: z.optional(z.pipe(z.enum(["true", "false"], "must be true or false"), z.transform((v) => v === "true"))),
});
const attachSchema = z.strictObject({ leadId: z.string().check(z.minLength(1), z.maxLength(200)) });

bookingsApi.get("/businesses/:id/bookings", async (c) => {
  const business = await routeBusiness(c);
  const q = queryParams(c, listSchema);
  const rows = await listBookings(c.env.DB, business.id, { unmatched: q.unmatched ?? false, limit: q.limit });
  return c.json({ bookings: rows.map(presentBooking) });
});

bookingsApi.post("/bookings/:id/attach", async (c) => {
  const { leadId } = await jsonBody(c, attachSchema);
  return c.json(presentBooking(await attachBooking(c.env, c.req.param("id"), leadId)));
});

export function presentBooking(b: BookingRow) {
  const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());
  return {
    id: b.id,
    businessId: b.businessId,
    provider: b.provider,
    externalId: b.externalId,
    leadId: b.leadId,
    status: b.status,
    startsAt: iso(b.startsAt),
    phone: b.phone,
    name: b.name,
    email: b.email,
    code: b.code,
    createdAt: iso(b.createdAt),
    updatedAt: iso(b.updatedAt),
  };
}
