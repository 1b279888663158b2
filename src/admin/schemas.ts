import * as z from "zod";
import { signalwireCredentialsSchema } from "../carriers/signalwire";
import { telnyxCredentialsSchema } from "../carriers/telnyx";
import { twilioCredentialsSchema } from "../carriers/twilio";
import { normalizePhone } from "../rules/phone";
import { hoursSchema, isTimeZone } from "../rules/schedule";
import { settingsPatchSchema } from "../settings";

/** A phone as people type it, stored as E.164. */
export const phoneInput = z.string().transform((s, ctx) => {
  const e164 = normalizePhone(s);
  if (!e164) {
    ctx.addIssue({ code: "custom", message: `"${s}" is not a valid phone number` });
    return z.NEVER;
  }
  return e164;
});

const httpUrl = z
  .string()
  .url()
  .refine((u) => /^https?:\/\//.test(u), "must be an http(s) URL");

export const createBusinessSchema = z.object({
  name: z.string().trim().min(1).max(100),
  timezone: z.string().refine(isTimeZone, "must be an IANA time zone like America/New_York"),
  forwardTo: phoneInput.nullish(),
  notifyPhone: phoneInput.nullish(),
  bookingUrl: httpUrl.nullish(),
  /** Signed event webhooks go here (https only: they carry phone numbers). */
  notifyWebhookUrl: z
    .string()
    .url()
    .refine((u) => u.startsWith("https://"), "must be an https URL")
    .nullish(),
  /** HMAC-SHA256 key for those webhooks; write-only. */
  webhookSecret: z.string().min(16, "webhookSecret must be at least 16 characters").max(200).nullish(),
  /** The secret an AI receptionist signs its events to /webhooks/voice-ai with; write-only. */
  voiceAiSecret: z.string().min(16, "voiceAiSecret must be at least 16 characters").max(200).nullish(),
  hours: hoursSchema.nullish(),
  settings: settingsPatchSchema.optional(),
  /** Start with working default templates (the usual case); false for a blank slate. */
  defaultTemplates: z.boolean().default(true),
});

export const patchBusinessSchema = createBusinessSchema.omit({ defaultTemplates: true }).partial();

const mode = z.enum(["forward", "status"]).default("forward");

export const addNumberSchema = z.discriminatedUnion("carrier", [
  z.object({ carrier: z.literal("twilio"), e164: phoneInput, credentials: twilioCredentialsSchema, mode }),
  z.object({ carrier: z.literal("signalwire"), e164: phoneInput, credentials: signalwireCredentialsSchema, mode }),
  z.object({ carrier: z.literal("telnyx"), e164: phoneInput, credentials: telnyxCredentialsSchema, mode }),
]);

export const putTemplateSchema = z.object({ body: z.string().max(2000) });

export const listQuerySchema = z.object({
  limit: z.coerce.number().int().min(1).max(500).default(50),
});

export const reportQuerySchema = z.object({
  from: z.coerce.date().optional(),
  to: z.coerce.date().optional(),
});

export const manualConsentSchema = z.object({
  phone: phoneInput,
  kind: z.enum(["opt_out", "opt_in"]),
  note: z.string().max(500).optional(),
});

/** `GET /businesses/:id/messages`: `?status=dead` lists the dead letters. */
export const messageListQuerySchema = listQuerySchema.extend({
  status: z.string().regex(/^[a-z_]{1,20}$/, "must be a message status like dead or delivered").optional(),
});

/** `POST /businesses/:id/messages`: a text written by hand (kind `manual`). */
export const sendTextSchema = z.object({
  to: phoneInput,
  body: z.string().max(1600),
  /** One of the business's numbers; by default the one this person last dealt with. */
  from: phoneInput.optional(),
});

/** `Idempotency-Key`: the same key sends once. */
export const idempotencyKeySchema = z.string().regex(/^[A-Za-z0-9_-]{8,64}$/, "Idempotency-Key must be 8-64 letters, digits, _ or -");

export const auditQuerySchema = z.object({
  entity: z.string().max(40).optional(),
  entityId: z.string().max(200).optional(),
  limit: z.coerce.number().int().min(1).max(500).default(100),
});
