import { asc, eq } from "drizzle-orm";
import { drizzle } from "drizzle-orm/d1";
import { Hono } from "hono";
import { HTTPException } from "hono/http-exception";
import { bodyText } from "../body-text";
import { applyBooking } from "../bookings/apply";
import { readCalcom } from "../bookings/calcom";
import { readCalendly } from "../bookings/calendly";
import { readGeneric } from "../bookings/generic";
import type { BookingNotice } from "../bookings/notice";
import { isCalcomSignatureShaped, isCalendlySignatureShaped, verifyCalcom, verifyCalendly } from "../crypto/booking-signatures";
import { decryptSecret } from "../crypto/secrets";
import { isTextbackSignatureShaped, verifyTextback } from "../crypto/textback-signature";
import { noteRefused, noteVerified } from "../db/booking-connections";
import { businesses, numbers, type BusinessRow } from "../db/schema";
import type { Env } from "../env";
import { parseJsonBody } from "../input";
import { log } from "../log";
import { receiptOf } from "../rules/booking-receipts";
import { businessCountry } from "../rules/contacts";
import { parseSettings } from "../settings";
import type { BookingProvider, BookingRefusal } from "../vocabulary";
import { refuseUnverified } from "./unverified";

/**
 * Bookings from the business's booking system (DESIGN.md §6.5): `POST /webhooks/booking/<provider>/:businessId`,
 * signed with the business's key for that provider. Verify, read, act, answer: an unmatched booking
 * is kept and answered 200 like any other, so the provider does not retry it forever. What each one
 * did, or why it was refused, is noted for the business's Integrations page (db/booking-connections.ts).
 */
export const bookingWebhooks = new Hono<{ Bindings: Env }>();

interface Protocol {
  header: string;
  /** Could the header be a current signature (no secret needed: junk is refused before any lookup). */
  shaped(header: string | undefined, nowSeconds: number): boolean;
  verify(secret: string, header: string | undefined, raw: string, nowSeconds: number): Promise<boolean>;
  read(body: unknown): BookingNotice;
  secret(b: BusinessRow): string | null;
}

const PROTOCOLS: Record<BookingProvider, Protocol> = {
  calcom: {
    header: "x-cal-signature-256",
    shaped: (h) => isCalcomSignatureShaped(h),
    verify: (secret, h, raw) => verifyCalcom(secret, h, raw),
    read: readCalcom,
    secret: (b) => b.bookingSecretCalcom,
  },
  calendly: {
    header: "calendly-webhook-signature",
    shaped: isCalendlySignatureShaped,
    verify: verifyCalendly,
    read: readCalendly,
    secret: (b) => b.bookingSecretCalendly,
  },
  generic: {
    header: "x-textback-signature",
    shaped: isTextbackSignatureShaped,
    verify: verifyTextback,
    read: readGeneric,
    secret: (b) => b.bookingSecretGeneric,
  },
};

const isProvider = (p: string): p is BookingProvider => Object.hasOwn(PROTOCOLS, p);

/** No signature at all; Cal.com, when its webhook has no secret, sends this placeholder instead of one. */
const isUnsigned = (header: string | undefined) => !header?.trim() || header.trim() === "no-secret-provided";

bookingWebhooks.post("/:provider/:businessId", async (c) => {
  const name = c.req.param("provider");
  if (!isProvider(name)) return c.json({ error: "not found" }, 404);
  const protocol = PROTOCOLS[name];
  const businessId = c.req.param("businessId").slice(0, 100);
  const now = Math.floor(Date.now() / 1000);
  const signature = c.req.header(protocol.header);
  if (!protocol.shaped(signature, now)) return refuse(c.env, businessId, name, isUnsigned(signature) ? "unsigned" : "bad_signature");
  const raw = await bodyText(c.req);
  // An unknown business, one without this provider's key and a wrong signature get the same answer.
  const db = drizzle(c.env.DB);
  const [business] = await db.select().from(businesses).where(eq(businesses.id, businessId));
  const stored = business ? protocol.secret(business) : null;
  if (!business || !stored) return refuse(c.env, businessId, name, "not_connected");
  if (!(await protocol.verify(await decryptSecret(c.env.DATA_KEY, stored), signature, raw, now))) return refuse(c.env, businessId, name, "bad_signature");

  const notice = await readVerified(c.env, business.id, name, () => protocol.read(parseJsonBody(raw)));
  // National numbers the attendee typed are read in the business's country, as its contacts are.
  const own = await db.select({ e164: numbers.e164 }).from(numbers).where(eq(numbers.businessId, business.id)).orderBy(asc(numbers.createdAt));
  const country = businessCountry(own.map((n) => n.e164), { forwardTo: business.forwardTo, notifyPhone: business.notifyPhone, allowedCountries: parseSettings(business.settings).allowedCountries });
  const outcome = await applyBooking(c.env, { id: business.id, country }, notice);
  await noted(noteVerified(c.env.DB, business.id, name, receiptOf({ action: notice.action, ...outcome }), Date.now()));
  log.info("webhook.booking", { businessId: business.id, provider: name, action: notice.action, ...outcome });
  return c.json(outcome);
});

/** Refused, and noted for the business's Integrations page (a business that does not exist gets nothing noted). */
async function refuse(env: Env, businessId: string, provider: BookingProvider, reason: BookingRefusal): Promise<never> {
  await noted(noteRefused(env.DB, businessId, provider, reason, Date.now()));
  return refuseUnverified();
}

/** The body read, or its 400 after noting that a verified webhook was not a booking we can read. */
async function readVerified(env: Env, businessId: string, provider: BookingProvider, read: () => BookingNotice): Promise<BookingNotice> {
  try {
    return read();
  } catch (e) {
    if (e instanceof HTTPException && e.status === 400) await noted(noteVerified(env.DB, businessId, provider, "unreadable", Date.now()));
    throw e;
  }
}

/** What the page shows is not worth failing the webhook for: a note that could not be written is logged. */
async function noted(write: Promise<void>): Promise<void> {
  try {
    await write;
  } catch (e) {
    log.warn("webhook.booking_note_failed", { error: String(e) });
  }
}
