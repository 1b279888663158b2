import { parseInput } from "../input";
import * as z from "../zod";
import { codesIn, present, timeOf, type BookingNotice } from "./notice";

/**
 * Cal.com's booking webhooks (cal.com/docs/developing/guides/automation/webhooks): `{ triggerEvent,
 * createdAt, payload }`. A reschedule is a new booking (`uid`) that names the one it replaces
 * (`rescheduleUid`). The link code arrives as a hidden booking question `tb` (prefilled from the
 * link's `?tb=`, in `responses`) or in `metadata`.
 */

const ACTIONS = { BOOKING_CREATED: "booked", BOOKING_RESCHEDULED: "rescheduled", BOOKING_CANCELLED: "canceled" } as const;

const text = z.optional(z.nullable(z.string()));
const envelopeSchema = z.object({ triggerEvent: z.string().check(z.maxLength(100)), payload: z.optional(z.unknown()) });
const payloadSchema = z.object({
  uid: z.string().check(z.minLength(1), z.maxLength(200)),
  startTime: z.optional(z.string()),
  rescheduleUid: text,
  smsReminderNumber: text,
  attendees: z.optional(z.array(z.object({ name: text, email: text, phoneNumber: text }))),
  responses: z.optional(z.nullable(z.record(z.string(), z.unknown()))),
  metadata: z.optional(z.nullable(z.record(z.string(), z.unknown()))),
});

/** A booking question's answer: Cal.com sends `{ label, value }`, older versions the value itself. */
function answer(responses: Record<string, unknown> | null | undefined, key: string): unknown {
  const r = responses?.[key];
  return r !== null && typeof r === "object" && "value" in r ? (r as { value: unknown }).value : r;
}

/** Cal.com's body as a notice; 400 naming the field when a booking event lacks what we need. */
export function readCalcom(body: unknown): BookingNotice {
  const { triggerEvent, payload } = parseInput(envelopeSchema, body);
  const action = ACTIONS[triggerEvent as keyof typeof ACTIONS];
  if (!action) return ignored(triggerEvent);
  const p = parseInput(z.object({ payload: payloadSchema }), { payload }).payload;
  const attendee = p.attendees?.[0];
  const responses = p.responses ?? {};
  return {
    provider: "calcom",
    deliveryKey: `${triggerEvent}:${p.uid}`,
    action,
    externalId: p.uid,
    previousExternalId: action === "rescheduled" ? (p.rescheduleUid ?? null) : null,
    startsAt: timeOf(p.startTime),
    // The `tb` question first; then any answer or metadata holding `tb=<code>` (a referrer URL).
    codes: codesIn([answer(responses, "tb"), p.metadata?.tb, ...Object.keys(responses).map((k) => answer(responses, k)), ...Object.values(p.metadata ?? {})]),
    phones: present([attendee?.phoneNumber, answer(responses, "attendeePhoneNumber"), answer(responses, "phone"), answer(responses, "phoneNumber"), p.smsReminderNumber]),
    name: attendee?.name ?? null,
    email: attendee?.email ?? null,
  };
}

function ignored(event: string): BookingNotice {
  return { provider: "calcom", deliveryKey: null, action: "ignored", externalId: event, previousExternalId: null, startsAt: null, codes: [], phones: [], name: null, email: null };
}
