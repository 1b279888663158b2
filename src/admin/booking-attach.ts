/**
 * A person attaches a booking nobody could match to a lead (DESIGN.md §6.5): from then on it is that
 * lead's booking, and a booking still on the calendar books the lead as a matched one would have.
 */
import { drizzle } from "drizzle-orm/d1";
import { HTTPException } from "hono/http-exception";
import { actorOf } from "../rules/acted-by";
import { currentActedBy } from "./actor";
import { audit } from "./audit";
import { findLead } from "./leads";
import { leadBookedStatements } from "../db/booking-leads";
import { findBookingById, type BookingRow } from "../db/bookings";
import type { Env } from "../env";
import { leadEventStatement, queueEvents } from "../notify/events";
import { systemMove } from "../rules/leads";
import { LEAD_STATUSES } from "../vocabulary";

const MOVES_TO_BOOKED = LEAD_STATUSES.filter((from) => systemMove(from, "booked"));

const ATTACH = `UPDATE bookings SET lead_id = ?2, lead_status_before = ?3, updated_at = ?4 WHERE id = ?1 AND lead_id IS NULL`;

/** 404 for a booking (or a lead) not of this business, 409 for one already attached. */
export async function attachBooking(env: Pick<Env, "DB" | "SMS_OUT">, bookingId: string, leadId: string, businessId?: string): Promise<BookingRow> {
  const booking = await findBookingById(env.DB, bookingId);
  if (!booking || (businessId !== undefined && booking.businessId !== businessId)) throw new HTTPException(404, { message: "no such booking" });
  if (booking.leadId) throw new HTTPException(409, { message: "this booking already belongs to a lead" });
  const db = drizzle(env.DB);
  const lead = await findLead(db, leadId).catch(() => null);
  if (!lead || lead.businessId !== booking.businessId) throw new HTTPException(400, { message: "leadId: no such lead in this booking's business" });
  const at = Date.now();
  const by = currentActedBy();
  const statements = [env.DB.prepare(ATTACH).bind(booking.id, lead.id, lead.status, at)];
  const entry = { entryId: `booking:${crypto.randomUUID()}`, leadId: lead.id, detail: { action: "attached", provider: booking.provider, bookingId: booking.id, startsAt: booking.startsAt }, actor: actorOf(by), actedBy: by, at };
  const type = systemMove(lead.status, "booked") ? "lead.booked" : "lead.updated";
  const event = booking.status === "booked" ? leadEventStatement(env.DB, type, { entryId: entry.entryId }, `${type.replace(".", "_")}_${entry.entryId}`) : null;
  if (event) statements.push(...leadBookedStatements(env.DB, entry, booking.startsAt, MOVES_TO_BOOKED), event.statement);
  const results = await env.DB.batch(statements);
  if ((results[0]?.meta.changes ?? 0) === 0) throw new HTTPException(409, { message: "this booking already belongs to a lead" });
  if (event) await queueEvents(env, [{ event, result: results.at(-1) }]);
  await audit(db, "booking.attach", "booking", booking.id, { leadId: lead.id });
  return (await findBookingById(env.DB, booking.id))!;
}
