/**
 * What a booking provider's event does to the booking we hold (DESIGN.md §6.5). Pure: no I/O.
 */
import type { BookingStatus } from "../vocabulary";

/**
 * What to do: `open` a booking we did not have, `move` its time, `cancel` it, `reopen` a canceled
 * one, `none`, or `ignore` the event (it cancels a booking we never had).
 */
export type BookingChange = "open" | "move" | "cancel" | "reopen" | "none" | "ignore";

/**
 * The change an event makes, given the booking as we hold it (null: we have none). Every event
 * about a state we already hold changes nothing, so a provider repeating itself (or the generic
 * webhook stating the same booking again) is harmless; a reschedule of a booking we never saw
 * opens one. A cancellation of one we never saw is ignored: it books nothing and puts nothing
 * back, and there is nothing in it for a person to attach to a lead.
 *
 * @example bookingChange("rescheduled", 1_800_000_000_000, { status: "booked", startsAt: 1_799_000_000_000 }) // "move"
 * @example bookingChange("canceled", null, { status: "canceled", startsAt: null }) // "none"
 * @example bookingChange("canceled", null, null) // "ignore"
 */
export function bookingChange(
  action: "booked" | "rescheduled" | "canceled",
  startsAt: number | null,
  held: { status: BookingStatus; startsAt: number | null } | null,
): BookingChange {
  if (!held) return action === "canceled" ? "ignore" : "open";
  if (action === "canceled") return held.status === "booked" ? "cancel" : "none";
  if (held.status === "canceled") return "reopen";
  return held.startsAt === startsAt ? "none" : "move";
}
