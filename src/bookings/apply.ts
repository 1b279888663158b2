/**
 * A booking provider's event, acted on (DESIGN.md §6.5): matched to its lead (by our link's code,
 * else by the attendee's phone), the booking kept, the lead booked, moved or put back, and the
 * business's system told. One D1 batch, so the booking and its lead change together or not at all.
 */
import type { CountryCode } from "libphonenumber-js";
import { leadBookedStatements, leadCanceledStatements, leadMovedStatements, type BookingEntry } from "../db/booking-leads";
import {
  bookingDelivered,
  deliveryStatement,
  findBooking,
  insertBookingStatement,
  leadByCode,
  leadStatusOf,
  openLeadByPhone,
  updateBookingStatement,
  type BookingRow,
} from "../db/bookings";
import type { Env } from "../env";
import { leadEventStatement, queueEvents, type RecordedEvent } from "../notify/events";
import { bookingChange, type BookingChange } from "../rules/bookings";
import { systemMove } from "../rules/leads";
import { normalizePhone } from "../rules/phone";
import { LEAD_STATUSES, type LeadStatus } from "../vocabulary";
import type { BookingNotice } from "./notice";

export interface BookingOutcome {
  /** `ignored`: not an event we act on; `duplicate`: delivered before; `unchanged`: we hold it as it says already. */
  result: "ignored" | "duplicate" | "unchanged" | "matched" | "unmatched";
  /** Why an event about a booking was ignored: it cancels one we never had (so it is not kept, nor listed unmatched). */
  reason?: "unknown_booking";
  bookingId: string | null;
  leadId: string | null;
}

const MOVES_TO_BOOKED = LEAD_STATUSES.filter((from) => systemMove(from, "booked"));

/** The lead a booking belongs to: the one our link's code was sent to, else the attendee's open lead. */
export async function matchLead(d1: D1Database, businessId: string, country: CountryCode, notice: Pick<BookingNotice, "codes" | "phones">): Promise<string | null> {
  const byCode = await leadByCode(d1, businessId, notice.codes);
  if (byCode) return byCode;
  for (const phone of attendeePhones(notice.phones, country)) {
    const lead = await openLeadByPhone(d1, businessId, phone);
    if (lead) return lead;
  }
  return null;
}

const attendeePhones = (phones: readonly string[], country: CountryCode) =>
  phones.map((p) => normalizePhone(p, country)).filter((p): p is string => p !== null);

export async function applyBooking(env: Pick<Env, "DB" | "SMS_OUT">, business: { id: string; country: CountryCode }, notice: BookingNotice): Promise<BookingOutcome> {
  const d1 = env.DB;
  if (notice.action === "ignored") return { result: "ignored", bookingId: null, leadId: null };
  if (notice.deliveryKey && (await bookingDelivered(d1, business.id, notice.provider, notice.deliveryKey))) return { result: "duplicate", bookingId: null, leadId: null };
  const ids = [notice.externalId, ...(notice.previousExternalId ? [notice.previousExternalId] : [])];
  const held = await findBooking(d1, business.id, notice.provider, ids);
  const change = bookingChange(notice.action, notice.startsAt, held);
  const at = Date.now();
  const statements: D1PreparedStatement[] = notice.deliveryKey ? [deliveryStatement(d1, business.id, notice.provider, notice.deliveryKey, at)] : [];
  if (change === "ignore") {
    if (statements.length > 0) await d1.batch(statements);
    return { result: "ignored", reason: "unknown_booking", bookingId: null, leadId: null };
  }
  const leadId = held ? held.leadId : await matchLead(d1, business.id, business.country, notice);
  const leadStatus = leadId ? await leadStatusOf(d1, leadId) : null;
  const bookingId = held?.id ?? `bk_${crypto.randomUUID().replace(/-/g, "")}`;
  if (change === "none") {
    if (statements.length > 0) await d1.batch(statements);
    return { result: "unchanged", bookingId, leadId };
  }
  const status = notice.action === "canceled" ? "canceled" : "booked";
  statements.push(
    held
      ? updateBookingStatement(d1, held, { externalId: notice.externalId, status, startsAt: status === "booked" ? notice.startsAt : held.startsAt, leadStatusBefore: change === "reopen" ? leadStatus : null }, at)
      : insertBookingStatement(d1, {
          id: bookingId,
          businessId: business.id,
          provider: notice.provider,
          externalId: notice.externalId,
          leadId,
          leadStatusBefore: leadStatus,
          status,
          startsAt: notice.startsAt,
          phone: attendeePhones(notice.phones, business.country)[0] ?? notice.phones[0] ?? null,
          name: notice.name,
          email: notice.email,
          code: notice.codes[0] ?? null,
          createdAt: at,
        }),
  );
  const event = leadId && leadStatus ? leadWrites(d1, statements, { change, held, leadId, leadStatus, bookingId, notice, at }) : null;
  const results = await d1.batch(statements);
  if (event) await queueEvents(env, [{ event, result: results[statements.indexOf(event.statement)] }]);
  return { result: leadId ? "matched" : "unmatched", bookingId, leadId };
}

/** The lead's statements for a booking change (pushed onto `statements`), and the event that tells the business's system. */
function leadWrites(
  d1: D1Database,
  statements: D1PreparedStatement[],
  c: { change: BookingChange; held: BookingRow | null; leadId: string; leadStatus: LeadStatus; bookingId: string; notice: BookingNotice; at: number },
): RecordedEvent {
  const { notice } = c;
  const action = c.change === "cancel" ? "canceled" : c.change === "move" ? "rescheduled" : "booked";
  const entry: BookingEntry = {
    entryId: `booking:${crypto.randomUUID()}`,
    leadId: c.leadId,
    detail: { action, provider: notice.provider, bookingId: c.bookingId, startsAt: notice.startsAt },
    actor: notice.provider,
    at: c.at,
  };
  if (action === "booked") statements.push(...leadBookedStatements(d1, entry, notice.startsAt, MOVES_TO_BOOKED));
  else if (action === "rescheduled") statements.push(...leadMovedStatements(d1, entry, notice.startsAt));
  else statements.push(...leadCanceledStatements(d1, entry, c.held?.leadStatusBefore ?? c.leadStatus));
  const type = action === "booked" && systemMove(c.leadStatus, "booked") ? "lead.booked" : "lead.updated";
  const event = leadEventStatement(d1, type, { entryId: entry.entryId }, `${type.replace(".", "_")}_${entry.entryId}`);
  statements.push(event.statement);
  return event;
}
