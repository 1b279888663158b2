import { parseInput } from "../input";
import * as z from "../zod";
import { codesIn, present, timeOf, type BookingNotice } from "./notice";

/**
 * Calendly's invitee webhooks (developer.calendly.com, webhook payloads): `{ event, created_at,
 * payload }`, the payload an Invitee with its `scheduled_event`. A reschedule is two deliveries: the
 * old invitee `invitee.canceled` with `rescheduled: true` (ignored here: the booking goes on), and a
 * new `invitee.created` whose `old_invitee` names the one it replaces. Calendly passes a booking
 * link's UTM parameters on in `tracking` (the redirect adds `utm_content=<code>` for Calendly).
 */

const text = z.optional(z.nullable(z.string()));
const envelopeSchema = z.object({ event: z.string().check(z.maxLength(100)), payload: z.optional(z.unknown()) });
const payloadSchema = z.object({
  uri: z.string().check(z.minLength(1), z.maxLength(300)),
  name: text,
  email: text,
  rescheduled: z.optional(z.nullable(z.boolean())),
  old_invitee: text,
  text_reminder_number: text,
  scheduled_event: z.object({
    start_time: z.string(),
    location: z.optional(z.nullable(z.object({ type: text, location: text }))),
  }),
  tracking: z.optional(z.nullable(z.record(z.string(), z.unknown()))),
  questions_and_answers: z.optional(z.nullable(z.array(z.object({ question: text, answer: text })))),
});

/** Calendly's body as a notice; 400 naming the field when an invitee event lacks what we need. */
export function readCalendly(body: unknown): BookingNotice {
  const { event, payload } = parseInput(envelopeSchema, body);
  if (event !== "invitee.created" && event !== "invitee.canceled") return ignored(event);
  const p = parseInput(z.object({ payload: payloadSchema }), { payload }).payload;
  const answers = p.questions_and_answers ?? [];
  const action = event === "invitee.canceled" ? (p.rescheduled ? "ignored" : "canceled") : p.old_invitee ? "rescheduled" : "booked";
  const location = p.scheduled_event.location;
  return {
    provider: "calendly",
    deliveryKey: `${event}:${p.uri}`,
    action,
    externalId: p.uri,
    previousExternalId: action === "rescheduled" ? (p.old_invitee ?? null) : null,
    startsAt: timeOf(p.scheduled_event.start_time),
    codes: codesIn([...Object.values(p.tracking ?? {}), ...answers.map((a) => a.answer)]),
    phones: present([
      p.text_reminder_number,
      // "We will call you at": Calendly's outbound-call location is the invitee's phone.
      location?.type === "outbound_call" ? location.location : null,
      ...answers.filter((a) => /phone|mobile|cell/i.test(a.question ?? "")).map((a) => a.answer),
    ]),
    name: p.name ?? null,
    email: p.email ?? null,
  };
}

function ignored(event: string): BookingNotice {
  return { provider: "calendly", deliveryKey: null, action: "ignored", externalId: event, previousExternalId: null, startsAt: null, codes: [], phones: [], name: null, email: null };
}
