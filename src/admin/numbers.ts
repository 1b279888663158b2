/** Phone numbers: a business's lines, adding one with its carrier credentials, and the URLs to paste for it. */
import { and, asc, count, eq, sql } from "drizzle-orm";
import { drizzle } from "drizzle-orm/d1";
import { HTTPException } from "hono/http-exception";
import type * as z from "../zod";
import { encryptSecret } from "../crypto/secrets";
import { numbers, type BusinessRow, type NumberRow } from "../db/schema";
import { preparedPer } from "../db/prepared";
import type { Env } from "../env";
import { linesChanged } from "../line/config-changed";
import { audit } from "./audit";
import { newId, type Db } from "./db";
import type { addNumberSchema } from "./schemas";

export type AddNumberInput = z.infer<typeof addNumberSchema>;

/** What the admin reads of a number: everything but its credentials, which are never read back. */
const NUMBER_COLUMNS = { id: numbers.id, businessId: numbers.businessId, e164: numbers.e164, carrier: numbers.carrier, mode: numbers.mode, createdAt: numbers.createdAt };
export type AdminNumber = Omit<NumberRow, "credentials">;

/** A business's numbers, oldest first. */
const numbersOf = preparedPer((db) =>
  db.select(NUMBER_COLUMNS).from(numbers).where(eq(numbers.businessId, sql.placeholder("businessId"))).orderBy(asc(numbers.createdAt)).prepare(),
);

export function listNumbers(db: Db, businessId: string): Promise<AdminNumber[]> {
  return numbersOf(db).all({ businessId });
}

/** One of a business's numbers by id; 404 when it has none by that id (another business's included). */
export async function findNumber(db: Db, businessId: string, numberId: string): Promise<AdminNumber> {
  const [row] = await db.select(NUMBER_COLUMNS).from(numbers).where(and(eq(numbers.id, numberId), eq(numbers.businessId, businessId)));
  if (!row) throw new HTTPException(404, { message: "no such number" });
  return row;
}

/** Adds a number; credentials are encrypted and never read back. 409 when the number is taken. */
export async function addNumber(
  env: Pick<Env, "DB" | "DATA_KEY" | "LINE">,
  business: BusinessRow,
  input: AddNumberInput,
): Promise<{ id: string; e164: string; carrier: string; mode: string }> {
  const db = drizzle(env.DB);
  const taken = () => new HTTPException(409, { message: `${input.e164} is already registered` });
  const [existing] = await db.select({ id: numbers.id }).from(numbers).where(eq(numbers.e164, input.e164));
  if (existing) throw taken();
  const id = newId("num");
  try {
    await db.batch([
      db.insert(numbers).values({
        id,
        businessId: business.id,
        e164: input.e164,
        carrier: input.carrier,
        mode: input.mode,
        credentials: await encryptSecret(env.DATA_KEY, JSON.stringify(input.credentials)),
      }),
      audit(db, "number.add", "number", id, { e164: input.e164, carrier: input.carrier, mode: input.mode }),
    ]);
  } catch (e) {
    // Two concurrent adds of one number: the unique index decides, the loser gets the same 409.
    if (String(e).includes("UNIQUE")) throw taken();
    throw e;
  }
  // The business's other lines count the new number among its own (never texted).
  await linesChanged(env, business.id);
  return { id, e164: input.e164, carrier: input.carrier, mode: input.mode };
}

export interface WebhookUrl {
  /** Its key in the admin API's `webhookUrls`. */
  key: "events" | "voice" | "callStatus" | "sms" | VonageUrlKey;
  /** The field's name in the carrier console. */
  label: string;
  url: string;
}

/**
 * What to paste into the carrier console for a number. Forward mode: our Voice URL answers the
 * call. Status mode: the business's own call flow answers, and only the status callback is ours.
 * SignalWire speaks Twilio's protocol on the same paths; Telnyx posts every event to one URL.
 */
export function webhookUrlList(base: string, carrier: string, mode: string): WebhookUrl[] {
  if (carrier === "telnyx") {
    return [{ key: "events", label: "Webhook URL (Call Control application and Messaging profile)", url: `${base}/webhooks/telnyx` }];
  }
  if (carrier === "vonage") return vonageWebhookUrls(base, mode);
  if (carrier === "plivo") return plivoWebhookUrls(base, mode);
  if (carrier === "bandwidth") return bandwidthWebhookUrls(base, mode);
  const voice: WebhookUrl =
    mode === "status"
      ? { key: "callStatus", label: "Call status changes (status callback URL)", url: `${base}/webhooks/twilio/call-status` }
      : { key: "voice", label: "A call comes in (Voice URL, HTTP POST)", url: `${base}/webhooks/twilio/voice` };
  return [voice, { key: "sms", label: "A message comes in (Messaging URL, HTTP POST)", url: `${base}/webhooks/twilio/sms` }];
}

/** A Plivo application's URLs: the Answer URL forwards the call, or (status mode) the Hangup URL reports it. */
function plivoWebhookUrls(base: string, mode: string): WebhookUrl[] {
  const voice: WebhookUrl =
    mode === "status"
      ? { key: "callStatus", label: "Hangup URL (Plivo application, POST)", url: `${base}/webhooks/plivo/hangup` }
      : { key: "voice", label: "Answer URL (Plivo application, POST)", url: `${base}/webhooks/plivo/voice` };
  return [voice, { key: "sms", label: "Message URL (Plivo application, POST)", url: `${base}/webhooks/plivo/sms` }];
}

/**
 * A Bandwidth Voice application's callback URLs (forward mode: the call initiated URL, whose BXML
 * names the transfer's own callbacks; status mode: the call status URL) and the Messaging
 * application's callback URL (texts in and delivery reports).
 */
function bandwidthWebhookUrls(base: string, mode: string): WebhookUrl[] {
  const voice: WebhookUrl =
    mode === "status"
      ? { key: "callStatus", label: "Call status callback URL (Voice application, POST)", url: `${base}/webhooks/bandwidth/voice-status` }
      : { key: "voice", label: "Call initiated callback URL (Voice application, POST)", url: `${base}/webhooks/bandwidth/voice` };
  return [voice, { key: "sms", label: "Callback URL (Messaging application)", url: `${base}/webhooks/bandwidth/messaging` }];
}

/** The same URLs keyed for the admin API: `{ events }` (Telnyx), `{ voice, sms }` or `{ callStatus, sms }`. */
export function webhookUrlMap(base: string, carrier: string, mode: string): Partial<Record<WebhookUrl["key"], string>> {
  return Object.fromEntries(webhookUrlList(base, carrier, mode).map((w) => [w.key, w.url]));
}

type VonageUrlKey = "answer" | "event" | "inbound" | "status";

/**
 * A Vonage number's application: Voice's answer URL (forward mode only: in status mode the
 * business's own system answers) and event URL, Messages' inbound and status URLs.
 */
function vonageWebhookUrls(base: string, mode: string): WebhookUrl[] {
  const urls: WebhookUrl[] = [
    { key: "event", label: "Application → Voice → Event URL (HTTP POST)", url: `${base}/webhooks/vonage/event` },
    { key: "inbound", label: "Application → Messages → Inbound URL (HTTP POST)", url: `${base}/webhooks/vonage/inbound` },
    { key: "status", label: "Application → Messages → Status URL (HTTP POST)", url: `${base}/webhooks/vonage/status` },
  ];
  if (mode === "status") return urls;
  return [{ key: "answer", label: "Application → Voice → Answer URL (HTTP POST)", url: `${base}/webhooks/vonage/answer` }, ...urls];
}
