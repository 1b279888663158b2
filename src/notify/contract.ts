/**
 * The event contract: what every signed event we post looks like, one zod schema per event type. The
 * JSON Schema served at `GET /api/events/schema` is derived from these (json-schema.ts, at build time:
 * `npm run event-schema` writes event-schemas.ts), the samples
 * are checked against them, and so is every event the test suite emits. Fields are only ever added:
 * a type's `version` goes up when its `data` gains a field, nothing is renamed or removed.
 */
import type { leads } from "../db/leads-schema";
import { ALERT_KINDS, CONSENT_SOURCES, LEAD_NAME_SOURCES, LEAD_NOTIFY_EVENTS, LEAD_STATUSES, LOST_REASONS, MESSAGE_KINDS, NOTIFY_EVENTS, OUTCOMES, type NotifyEvent } from "../vocabulary";
import * as z from "../zod";

const described = <T extends z.ZodMiniType>(schema: T, text: string): T => schema.check(z.describe(text)) as T;

const e164 = (text: string) => described(z.string().check(z.regex(/^\+[1-9]\d{6,14}$/)), `${text}, E.164 (+14155552671)`);
const ms = (text: string) => described(z.nullable(z.int()), `${text}: milliseconds since 1970, or null`);
const cents = (text: string) => described(z.nullable(z.int()), `${text}, in cents, or null`);

const callMissed = z.strictObject({
  callId: z.string(),
  from: e164("The caller"),
  to: e164("The business number called"),
  outcome: described(z.enum(OUTCOMES), "How the call ended"),
  decision: described(z.string(), "texted:<outcome> or skipped:<reason>"),
  explanation: described(z.string(), "The decision in words"),
});

const textSent = z.strictObject({
  messageId: z.string(),
  to: e164("The recipient"),
  kind: described(z.enum(MESSAGE_KINDS), "What the text was (missed_call, follow_up, manual…)"),
});

const textOutcome = z.strictObject({
  messageId: z.string(),
  to: e164("The recipient"),
  status: described(z.enum(["delivered", "undelivered", "failed"]), "The carrier's final word"),
  errorCode: described(z.nullable(z.string()), "The carrier's error code, when it gave one"),
});

const replyReceived = z.strictObject({
  messageId: z.string(),
  from: e164("The caller who replied"),
  to: e164("The business number"),
  body: described(z.string(), "The reply as written"),
});

const consentChanged = z.strictObject({
  phone: e164("Whose consent changed"),
  status: z.enum(["opted_in", "opted_out"]),
  source: described(z.enum(CONSENT_SOURCES), "What changed it: keyword (STOP/START), admin, carrier_error…"),
});

const alertRaised = z.strictObject({
  kind: z.enum(ALERT_KINDS),
  message: z.string(),
});

/** The whole lead, as DESIGN.md §6.1 names its fields (and `GET /api/leads/:id` shows it). */
export const leadDataSchema = z.strictObject({
  id: z.string(),
  businessId: z.string(),
  phone: e164("The caller"),
  name: z.nullable(z.string()),
  nameSource: described(
    z.nullable(z.enum(LEAD_NAME_SOURCES)),
    "Where name came from: contact (the business's contacts), caller_id (the carrier's caller ID name), caller (the caller's answer), person (set by hand); null without a name",
  ),
  status: z.enum(LEAD_STATUSES),
  urgent: z.boolean(),
  source: described(z.string(), "The first call's outcome (no_answer, voicemail…) or inbound_text"),
  fields: described(z.record(z.string(), z.string()), "Answers by question key: service, address, zip, urgency, preferredTime…"),
  estimatedCents: cents("The job's estimated value"),
  wonCents: cents("The amount recorded when won"),
  lostReason: described(z.nullable(z.enum([...LOST_REASONS, "blocked"])), "Why it was lost: out_of_area, no_response, price, other, blocked"),
  lostNote: described(z.nullable(z.string()), "A person's words about the loss"),
  handedOver: described(z.boolean(), "A person has written to the caller"),
  calls: z.int(),
  clicks: z.int(),
  firstClickAt: ms("First click on a tracked booking link"),
  lastClickAt: ms("Last click on a tracked booking link"),
  firstCallAt: ms("First missed call"),
  firstTextAt: ms("First text sent"),
  firstReplyAt: ms("First reply"),
  firstHumanReplyAt: ms("First text written by a person"),
  qualifiedAt: ms("Every required question answered"),
  bookedAt: ms("Booked"),
  startsAt: ms("The booked appointment's start"),
  closedAt: ms("Won or lost"),
  acknowledgedAt: ms("An urgent page was taken"),
  acknowledgedBy: described(z.nullable(z.string()), "Who took the page (phone or name)"),
  dangerAt: ms("The caller first named a danger (a safety word) and got the safety message"),
  createdAt: z.int(),
  lastActivityAt: z.int(),
});

/** Compile-time: the lead schema and the leads table name the same fields (neither can drift). */
type SameKeys<A, B> = [keyof A] extends [keyof B] ? ([keyof B] extends [keyof A] ? true : never) : never;
const leadFieldsMatch: SameKeys<z.infer<typeof leadDataSchema>, typeof leads.$inferSelect> = true;
void leadFieldsMatch;

type LeadEvent = (typeof LEAD_NOTIFY_EVENTS)[number];

/** Each event type's `data`. */
export const EVENT_DATA = {
  "call.missed": callMissed,
  "text.sent": textSent,
  "text.delivered": textOutcome,
  "text.failed": textOutcome,
  "reply.received": replyReceived,
  "consent.changed": consentChanged,
  "alert.raised": alertRaised,
  ...(Object.fromEntries(LEAD_NOTIFY_EVENTS.map((t) => [t, leadDataSchema])) as Record<LeadEvent, typeof leadDataSchema>),
} satisfies Record<NotifyEvent, z.ZodMiniType>;

export type EventData<T extends NotifyEvent> = z.infer<(typeof EVENT_DATA)[T]>;

/** Version 2 of a lead's data added `nameSource`. */
const LEAD_DATA_VERSION = 2;

/** The current version of each type's `data`; raised only when fields are added. */
export const EVENT_VERSIONS: Record<NotifyEvent, number> = Object.fromEntries(
  NOTIFY_EVENTS.map((t) => [t, (LEAD_NOTIFY_EVENTS as readonly string[]).includes(t) ? LEAD_DATA_VERSION : 1]),
) as Record<NotifyEvent, number>;

/** What each event type means, for the schema's readers. */
export const EVENT_MEANINGS: Record<NotifyEvent, string> = {
  "call.missed": "A call was missed; the decision says whether it was texted back.",
  "text.sent": "The carrier accepted a text.",
  "text.delivered": "The carrier reported a text delivered.",
  "text.failed": "A text could not be sent or was not delivered.",
  "reply.received": "A caller replied to a text.",
  "consent.changed": "A phone opted out or back in.",
  "alert.raised": "Something needs the owner's attention (carrier credentials, failing deliveries, a number's setup, the daily text cap reached).",
  "lead.created": "A missed call or a text from a new phone opened a lead.",
  "lead.updated": "A person changed a lead (status, name, fields, amount, note).",
  "lead.qualified": "The caller answered every required question.",
  "lead.urgent": "Triage found an emergency.",
  "lead.acknowledged": "Someone took the urgent page.",
  "lead.booked": "The lead booked.",
  "lead.won": "The job was won (wonCents holds the amount).",
  "lead.lost": "The lead was lost.",
};

/**
 * The envelope of type `type`. `id` is the idempotency key: a redelivery (a retry, a replay) carries
 * the same id. `event` and `at` repeat `type` and `occurredAt` for consumers written before the
 * contract (version 1 of the envelope had only those).
 */
export function envelopeSchema<T extends NotifyEvent>(type: T) {
  return z.strictObject({
    id: described(z.string(), "Stable per event: the same on every retry and replay; use it to act once"),
    type: z.literal(type),
    version: z.literal(EVENT_VERSIONS[type]),
    occurredAt: described(z.iso.datetime(), "When it happened, ISO 8601 UTC"),
    businessId: z.string(),
    data: EVENT_DATA[type] as (typeof EVENT_DATA)[T],
    event: described(z.literal(type), "Same as type (kept for older consumers)"),
    at: described(z.iso.datetime(), "Same as occurredAt (kept for older consumers)"),
  });
}

/** Whether `type` names an event type. */
export function isEventType(type: string): type is NotifyEvent {
  return (NOTIFY_EVENTS as readonly string[]).includes(type);
}
