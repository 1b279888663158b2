import { HTTPException } from "hono/http-exception";
import { parseInput } from "../input";
import * as z from "../zod";
import { codesIn, present, timeOf, type BookingNotice } from "./notice";

/**
 * The generic booking webhook, for any other booking system (DESIGN.md §6.5): signed like our own
 * events (`X-Textback-Signature`), body `{ ref?, phone?, startsAt, status: "booked" | "canceled" }`.
 * `ref` is the `tb` code the booking page was opened with (or the system's own booking id); the
 * booking is known by `ref`, else by `phone`. It states the booking as it is: a new `startsAt`
 * for a booked one moves it.
 */
/** What a developer can act on, rather than zod's "Invalid ISO datetime": the offset is what is usually missing. */
const STARTS_AT = "must be an ISO 8601 time with an offset, e.g. 2026-12-07T15:00:00-06:00";

const bodySchema = z.object({
  ref: z.optional(z.string().check(z.trim(), z.minLength(1), z.maxLength(200))),
  phone: z.optional(z.string().check(z.trim(), z.minLength(1), z.maxLength(64))),
  startsAt: z.union(
    [z.iso.datetime({ offset: true, error: STARTS_AT }), z.number().check(z.int(STARTS_AT), z.positive(STARTS_AT))],
    `${STARTS_AT}, or ms since 1970`,
  ),
  status: z.enum(["booked", "canceled"], "must be booked or canceled"),
});

/** The generic body as a notice; 400 naming the field when it is not that shape or names neither ref nor phone. */
export function readGeneric(body: unknown): BookingNotice {
  const b = parseInput(bodySchema, body);
  const externalId = b.ref ?? b.phone;
  if (!externalId) throw new HTTPException(400, { message: "ref: give ref or phone (or both), so the booking can be matched" });
  return {
    provider: "generic",
    deliveryKey: null,
    action: b.status,
    externalId,
    previousExternalId: null,
    startsAt: timeOf(b.startsAt),
    codes: codesIn([b.ref]),
    phones: present([b.phone]),
    name: null,
    email: null,
  };
}
