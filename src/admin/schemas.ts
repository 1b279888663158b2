import * as z from "../zod";
import { bandwidthCredentialsSchema } from "../carriers/bandwidth";
import { plivoCredentialsSchema } from "../carriers/plivo";
import { signalwireCredentialsSchema } from "../carriers/signalwire";
import { telnyxCredentialsSchema } from "../carriers/telnyx";
import { vonageCredentialsSchema } from "../carriers/vonage";
import { twilioCredentialsSchema } from "../carriers/twilio";
import { normalizePhone } from "../rules/phone";
import { publicUrlSchema } from "../rules/public-url";
import { listCursorSchema } from "./list-cursor";
import { periodBoundSchema } from "./report-period";
import { calendarDayProblem } from "../rules/calendar-day";
import { hoursSchema } from "../rules/schedule";
import { readTimeZone } from "../rules/time-zones";
import { settingsPatchSchema } from "../settings-patch";
import { PRESET_IDS } from "../presets";
import { LEAD_STATUSES, LOST_REASONS, MESSAGE_STATUSES, NUMBER_MODES } from "../vocabulary";

/** A phone as people type it, stored as E.164. */
export const phoneInput = z.pipe(
  z.string(),
  z.transform((s: string, ctx) => {
    const e164 = normalizePhone(s);
    if (!e164) {
      ctx.issues.push({ code: "custom", message: `"${s}" is not a valid phone number`, input: s });
      return z.NEVER;
    }
    return e164;
  }),
);

/** A place's time zone, stored by its IANA name; abbreviations refused with the place to use (rules/time-zones.ts). */
const timeZoneInput = z.pipe(
  z.string(),
  z.transform((s: string, ctx) => {
    const read = readTimeZone(s);
    if (read.error === undefined) return read.zone;
    ctx.issues.push({ code: "custom", message: read.error, input: s });
    return z.NEVER;
  }),
);

/** A day as the admin types it: one of the calendar (rules/calendar-day.ts), 2026-02-30 refused. */
export const calendarDayInput = z.string().check(
  z.superRefine((date: string, ctx) => {
    const problem = calendarDayProblem(date);
    if (problem) ctx.addIssue({ code: "custom", message: problem, input: date });
  }),
);

/**
 * Opening hours as the admin sets them: stricter than what is read back (hoursSchema), where a
 * holiday stored before the check never matches a day and harms nothing, but refusing it would
 * drop the business's hours.
 */
const hoursInput = z.extend(hoursSchema, { holidays: z._default(z.array(calendarDayInput), []) });

/** A booking provider's signing key as the business pastes it: Cal.com and Calendly let people choose short ones. */
const bookingSecret = z.nullish(z.string().check(z.trim(), z.minLength(8, "must be at least 8 characters"), z.maxLength(200, "must be at most 200 characters")));

export const createBusinessSchema = z.strictObject({
  name: z.string().check(z.trim(), z.minLength(1), z.maxLength(100)),
  timezone: timeZoneInput,
  forwardTo: z.nullish(phoneInput),
  notifyPhone: z.nullish(phoneInput),
  /** The line customers reach a person on first: `{priorityPhone}` in the `existing_customer` text. */
  priorityPhone: z.nullish(phoneInput),
  /** Goes into texts to callers: a public https link (rules/public-url.ts). */
  bookingUrl: z.nullish(publicUrlSchema),
  /** Signed event webhooks go here: public https only, since they carry phone numbers (rules/public-url.ts). */
  notifyWebhookUrl: z.nullish(publicUrlSchema),
  /** HMAC-SHA256 key for those webhooks; write-only. */
  webhookSecret: z.nullish(z.string().check(z.minLength(16, "must be at least 16 characters"), z.maxLength(200))),
  /** The secret an AI receptionist signs its events to /webhooks/voice-ai with; write-only. */
  voiceAiSecret: z.nullish(z.string().check(z.minLength(16, "must be at least 16 characters"), z.maxLength(200))),
  /** The keys booking providers sign their webhooks with (DESIGN.md §6.5); write-only, null removes one. */
  bookingSecrets: z.optional(
    z.strictObject({ calcom: bookingSecret, calendly: bookingSecret, generic: bookingSecret }),
  ),
  hours: z.nullish(hoursInput),
  settings: z.optional(settingsPatchSchema),
  /** Start with working default templates (the usual case); false for a blank slate. */
  defaultTemplates: z._default(z.boolean(), true),
  /** Start from an industry's questions, urgent words, job values and texts (`settings` wins over it). */
  preset: z.optional(z.enum(PRESET_IDS, `must be one of ${PRESET_IDS.join(", ")}`)),
});

/** Closing a business: its exact name, typed again (checked against the business: rules/business-close.ts). */
export const closeBusinessSchema = z.object({ confirm: z.optional(z.string()) });

export const patchBusinessSchema = z.partial(z.omit(createBusinessSchema, { defaultTemplates: true, preset: true }));

const mode = z._default(z.enum(NUMBER_MODES, "must be forward, status or forwarded"), "forward");

export const addNumberSchema = z.discriminatedUnion("carrier", [
  z.strictObject({ carrier: z.literal("twilio"), e164: phoneInput, credentials: twilioCredentialsSchema, mode }),
  z.strictObject({ carrier: z.literal("signalwire"), e164: phoneInput, credentials: signalwireCredentialsSchema, mode }),
  z.strictObject({ carrier: z.literal("telnyx"), e164: phoneInput, credentials: telnyxCredentialsSchema, mode }),
  z.strictObject({ carrier: z.literal("vonage"), e164: phoneInput, credentials: vonageCredentialsSchema, mode }),
  z.strictObject({ carrier: z.literal("plivo"), e164: phoneInput, credentials: plivoCredentialsSchema, mode }),
  z.strictObject({ carrier: z.literal("bandwidth"), e164: phoneInput, credentials: bandwidthCredentialsSchema, mode }),
]);

/** A template as typed, placeholders and all (what it renders to is limited by segments, rules/template-check.ts). */
export const MAX_TEMPLATE_LENGTH = 2000;
export const putTemplateSchema = z.strictObject({ body: z.string().check(z.maxLength(MAX_TEMPLATE_LENGTH)) });

export const listQuerySchema = z.object({
  limit: z._default(z.coerce.number().check(z.int(), z.minimum(1), z.maximum(500)), 50),
});

/** `GET /businesses/:id/calls`: newest first, `limit` at a time, each page after the `nextCursor` of the one before. */
export const callListQuerySchema = z.extend(listQuerySchema, { cursor: z.optional(listCursorSchema) });

/** `GET /businesses/:id/report`: days or instants (report-period.ts). */
export const reportQuerySchema = z.object({
  from: z.optional(periodBoundSchema),
  to: z.optional(periodBoundSchema),
});

export const manualConsentSchema = z.strictObject({
  phone: phoneInput,
  kind: z.enum(["opt_out", "opt_in"]),
  note: z.optional(z.string().check(z.maxLength(500))),
});

/** `GET /businesses/:id/messages`: `?status=dead` lists the dead letters. */
export const messageListQuerySchema = z.extend(callListQuerySchema, {
  status: z.optional(z.enum(MESSAGE_STATUSES, "must be a message status like dead or delivered")),
});

/** `POST /businesses/:id/messages`: a text written by hand (kind `manual`). */
export const sendTextSchema = z.strictObject({
  to: phoneInput,
  body: z.string().check(z.maxLength(1600)),
  /** One of the business's numbers; by default the one this person last dealt with. */
  from: z.optional(phoneInput),
});

/** `Idempotency-Key`: the same key sends once. */
export const idempotencyKeySchema = z.string().check(z.regex(/^[A-Za-z0-9_-]{8,64}$/, "must be 8-64 letters, digits, _ or -"));

export const auditQuerySchema = z.object({
  entity: z.optional(z.string().check(z.maxLength(40))),
  entityId: z.optional(z.string().check(z.maxLength(200))),
  actor: z.optional(z.string().check(z.maxLength(60))),
  limit: z._default(z.coerce.number().check(z.int(), z.minimum(1), z.maximum(500)), 100),
});

/** `GET /businesses/:id/leads`: newest activity first, filtered, a page at a time. */
export const leadListQuerySchema = z.extend(listQuerySchema, {
  status: z.optional(z.enum(LEAD_STATUSES, "must be a lead status: new, engaged, qualified, booked, won or lost")),
  urgent: z.optional(z.pipe(z.enum(["true", "false"], "must be true or false"), z.transform((v) => v === "true"))),
  q: z.optional(z.string().check(z.trim(), z.minLength(1), z.maxLength(100))),
  cursor: z.optional(z.string().check(z.regex(/^\d{1,15}~[\w-]{1,80}$/, "must be the nextCursor of an earlier page"))),
});

const fieldKey = z.string().check(z.regex(/^[a-zA-Z][a-zA-Z0-9_]{0,39}$/, "field names are letters, digits and _, starting with a letter"));

/**
 * A lead's status, amount and why it was lost, as the API and a CRM (webhooks/crm-generic.ts) both
 * set them. `lostReason`: with `status: "lost"` (optional: without one the lead is lost with no
 * reason, and its timeline says so), or to correct a lost lead's; `other` takes its words in `lostNote`.
 */
export const leadOutcomeFields = {
  status: z.optional(z.enum(LEAD_STATUSES, "must be a lead status: new, engaged, qualified, booked, won or lost")),
  wonCents: z.optional(z.nullable(z.number().check(z.int(), z.minimum(0), z.maximum(100_000_000)))),
  lostReason: z.optional(z.enum(LOST_REASONS, "must be a lost reason: out_of_area, no_response, price or other")),
  lostNote: z.optional(z.nullable(z.string().check(z.trim(), z.maxLength(500)))),
};

/** `other` is not a reason without its words. */
export const otherHasWords = z.refine<{ lostReason?: string; lostNote?: string | null }>((p) => p.lostReason !== "other" || !!p.lostNote, {
  message: "say what the other reason was",
  path: ["lostNote"],
});

/** `PATCH /leads/:id`: what a person changes; at least one thing. */
export const leadPatchSchema = z.strictObject({
  ...leadOutcomeFields,
  name: z.optional(z.nullable(z.string().check(z.trim(), z.minLength(1), z.maxLength(200)))),
  /** Merged into the lead's fields; null removes one. */
  fields: z.optional(z.record(fieldKey, z.nullable(z.string().check(z.trim(), z.maxLength(500))))),
  note: z.optional(z.string().check(z.trim(), z.minLength(1), z.maxLength(2000))),
}).check(
  z.refine((p) => Object.values(p).some((v) => v !== undefined), "give at least one of status, name, fields, wonCents, lostReason, lostNote, note"),
  otherHasWords,
);
export type LeadPatch = z.infer<typeof leadPatchSchema>;
