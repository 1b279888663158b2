/**
 * The booking providers as tests drive them (DESIGN.md §6.5): each one's payloads of the documented
 * shape (test/fixtures/bookings/), filled with a test's code, phone and times, and signed its way.
 */
import { exports } from "cloudflare:workers";
import { signTextback } from "../../src/crypto/textback-signature";
import calcomCancelled from "../fixtures/bookings/calcom-booking-cancelled.json";
import calcomCreated from "../fixtures/bookings/calcom-booking-created.json";
import calcomRescheduled from "../fixtures/bookings/calcom-booking-rescheduled.json";
import calendlyCanceled from "../fixtures/bookings/calendly-invitee-canceled.json";
import calendlyCanceledRescheduled from "../fixtures/bookings/calendly-invitee-canceled-rescheduled.json";
import calendlyCreated from "../fixtures/bookings/calendly-invitee-created.json";
import calendlyCreatedRescheduled from "../fixtures/bookings/calendly-invitee-created-rescheduled.json";
import { ORIGIN } from "./app";

export type Provider = "calcom" | "calendly" | "generic";

/** Who the booking is for: our link's code (or none), the phone typed, and when. */
export interface Attendee {
  code: string | null;
  phone: string | null;
  startsAt: string;
}

/** Each step of a booking's life as the provider posts it: a reschedule may be several posts. */
export interface ProviderScript {
  provider: Provider;
  created(a: Attendee): unknown[];
  rescheduled(a: Attendee, to: string): unknown[];
  canceled(a: Attendee): unknown[];
  sign(secret: string, raw: string, nowSeconds: number): Promise<Record<string, string>>;
  /** Whether the scheme carries a time (a stale signature can be refused). */
  timed: boolean;
}

const clone = <T>(x: T): T => JSON.parse(JSON.stringify(x)) as T;
const toHex = (buf: ArrayBuffer) => [...new Uint8Array(buf)].map((b) => b.toString(16).padStart(2, "0")).join("");

async function hmacHex(secret: string, message: string): Promise<string> {
  const key = await crypto.subtle.importKey("raw", new TextEncoder().encode(secret), { name: "HMAC", hash: "SHA-256" }, false, ["sign"]);
  return toHex(await crypto.subtle.sign("HMAC", key, new TextEncoder().encode(message)));
}

function calcom(template: unknown, a: Attendee, startsAt: string) {
  const body = clone(template) as any;
  body.payload.startTime = startsAt;
  body.payload.endTime = new Date(Date.parse(startsAt) + 3_600_000).toISOString();
  body.payload.attendees[0].phoneNumber = a.phone;
  body.payload.responses.attendeePhoneNumber.value = a.phone;
  if (a.code) body.payload.responses.tb.value = a.code;
  else delete body.payload.responses.tb;
  return body;
}

function calendly(template: unknown, a: Attendee, startsAt: string) {
  const body = clone(template) as any;
  body.payload.scheduled_event.start_time = startsAt;
  body.payload.tracking.utm_content = a.code;
  body.payload.questions_and_answers[0].answer = a.phone ?? "";
  return body;
}

export const PROVIDERS: ProviderScript[] = [
  {
    provider: "calcom",
    created: (a) => [calcom(calcomCreated, a, a.startsAt)],
    rescheduled: (a, to) => [calcom(calcomRescheduled, a, to)],
    canceled: (a) => [calcom(calcomCancelled, a, a.startsAt)],
    sign: async (secret, raw) => ({ "x-cal-signature-256": await hmacHex(secret, raw) }),
    timed: false,
  },
  {
    provider: "calendly",
    created: (a) => [calendly(calendlyCreated, a, a.startsAt)],
    // Calendly: the old invitee canceled with rescheduled=true, and a new one created.
    rescheduled: (a, to) => [calendly(calendlyCanceledRescheduled, a, a.startsAt), calendly(calendlyCreatedRescheduled, a, to)],
    canceled: (a) => [calendly(calendlyCanceled, a, a.startsAt)],
    sign: async (secret, raw, now) => ({ "calendly-webhook-signature": `t=${now},v1=${await hmacHex(secret, `${now}.${raw}`)}` }),
    timed: true,
  },
  {
    provider: "generic",
    created: (a) => [{ ...(a.code ? { ref: a.code } : {}), ...(a.phone ? { phone: a.phone } : {}), startsAt: a.startsAt, status: "booked" }],
    rescheduled: (a, to) => [{ ...(a.code ? { ref: a.code } : {}), ...(a.phone ? { phone: a.phone } : {}), startsAt: to, status: "booked" }],
    canceled: (a) => [{ ...(a.code ? { ref: a.code } : {}), ...(a.phone ? { phone: a.phone } : {}), startsAt: a.startsAt, status: "canceled" }],
    sign: async (secret, raw, now) => ({ "x-textback-signature": await signTextback(secret, now, raw) }),
    timed: true,
  },
];

/** POST one body to the provider's route for a business, signed with `secret` (`tsOffset` seconds from now), or as given. */
export async function postBooking(
  script: ProviderScript,
  businessId: string,
  body: unknown,
  opts: { secret: string; tsOffset?: number; headers?: Record<string, string>; tamper?: boolean },
): Promise<Response> {
  const raw = JSON.stringify(body);
  const now = Math.floor(Date.now() / 1000) + (opts.tsOffset ?? 0);
  const signed = await script.sign(opts.secret, raw, now);
  return exports.default.fetch(`${ORIGIN}/webhooks/booking/${script.provider}/${businessId}`, {
    method: "POST",
    headers: { "content-type": "application/json", ...(opts.headers ?? signed) },
    body: opts.tamper ? raw.replace("2026", "2027") : raw,
  });
}
