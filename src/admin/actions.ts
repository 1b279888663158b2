/**
 * What an admin can do, shared by the admin pages (forms) and the JSON API: each function validates
 * nothing about HTTP, takes already-parsed input, writes D1 (with an audit row) and, for texts,
 * enqueues the outbox job. Input problems are HTTPExceptions with a message a person can act on.
 */
import { and, asc, desc, eq, inArray, or } from "drizzle-orm";
import { drizzle } from "drizzle-orm/d1";
import { HTTPException } from "hono/http-exception";
import type * as z from "../zod";
import { encryptSecret } from "../crypto/secrets";
import {
  auditLog,
  businesses,
  calls,
  consentEvents,
  messages,
  numbers,
  templates,
  type BusinessRow,
  type ConsentEventRow,
  type MessageRow,
  type NumberRow,
} from "../db/schema";
import type { Env } from "../env";
import { asStatement } from "../db/statements";
import { newText } from "../outbox/new-text";
import { linesChanged } from "../line/config-changed";
import { log } from "../log";
import { auditDiff } from "../rules/audit-diff";
import { eventStatement, queueEvents } from "../notify/events";
import type { OutboundTextJob } from "../outbox/jobs";
import { toCsv } from "../reports/csv";
import type { TemplateKind } from "../rules/reasons";
import { checkTemplate, type TemplateCheck } from "../rules/template-check";
import { DEFAULT_TEMPLATES } from "../rules/templates";
import { parseSettings, settingsPatchSchema } from "../settings";
import type { addNumberSchema, createBusinessSchema, patchBusinessSchema } from "./schemas";

export type Db = ReturnType<typeof drizzle>;
export type CreateBusinessInput = z.infer<typeof createBusinessSchema>;
export type PatchBusinessInput = z.infer<typeof patchBusinessSchema>;
export type AddNumberInput = z.infer<typeof addNumberSchema>;

/** Texts an admin sends by hand: a reply in a conversation, or a check that a number works. */
export type AdminTextKind = "manual" | "test";

/** Longest body we accept from an admin; the carrier refuses more (Twilio 21617). */
export const MAX_TEXT_LENGTH = 1600;

/** The origin carriers call back on: PUBLIC_BASE_URL behind a proxy, else the request's own origin. */
export function publicBase(env: Pick<Env, "PUBLIC_BASE_URL">, requestUrl: string): string {
  return (env.PUBLIC_BASE_URL || new URL(requestUrl).origin).replace(/\/$/, "");
}

export interface WebhookUrl {
  /** Its key in the admin API's `webhookUrls`. */
  key: "events" | "voice" | "callStatus" | "sms";
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
  const voice: WebhookUrl =
    mode === "status"
      ? { key: "callStatus", label: "Call status changes (status callback URL)", url: `${base}/webhooks/twilio/call-status` }
      : { key: "voice", label: "A call comes in (Voice URL, HTTP POST)", url: `${base}/webhooks/twilio/voice` };
  return [voice, { key: "sms", label: "A message comes in (Messaging URL, HTTP POST)", url: `${base}/webhooks/twilio/sms` }];
}

/** The same URLs keyed for the admin API: `{ events }` (Telnyx), `{ voice, sms }` or `{ callStatus, sms }`. */
export function webhookUrlMap(base: string, carrier: string, mode: string): Partial<Record<WebhookUrl["key"], string>> {
  return Object.fromEntries(webhookUrlList(base, carrier, mode).map((w) => [w.key, w.url]));
}

function randomId(): string {
  return crypto.randomUUID().replace(/-/g, "").slice(0, 20);
}

function audit(db: Db, action: string, entity: string, entityId: string, detail: unknown) {
  return db.insert(auditLog).values({ actor: "admin", action, entity, entityId, detail, at: Date.now() });
}

// --- businesses -------------------------------------------------------------------------------

export async function findBusiness(db: Db, id: string): Promise<BusinessRow> {
  const [row] = await db.select().from(businesses).where(eq(businesses.id, id));
  if (!row) throw new HTTPException(404, { message: "no such business" });
  return row;
}

export async function createBusiness(env: Pick<Env, "DB" | "DATA_KEY">, input: CreateBusinessInput): Promise<BusinessRow> {
  const db = drizzle(env.DB);
  const now = Date.now();
  const id = `biz_${randomId()}`;
  await db.batch([
    db.insert(businesses).values({
      id,
      name: input.name,
      timezone: input.timezone,
      forwardTo: input.forwardTo ?? null,
      notifyPhone: input.notifyPhone ?? null,
      bookingUrl: input.bookingUrl ?? null,
      notifyWebhookUrl: input.notifyWebhookUrl ?? null,
      webhookSecret: input.webhookSecret ? await encryptSecret(env.DATA_KEY, input.webhookSecret) : null,
      voiceAiSecret: input.voiceAiSecret ? await encryptSecret(env.DATA_KEY, input.voiceAiSecret) : null,
      hours: input.hours ?? null,
      settings: parseSettings(settingsPatchSchema.parse(input.settings ?? {})),
      updatedAt: now,
    }),
    ...(input.defaultTemplates
      ? Object.entries(DEFAULT_TEMPLATES).map(([kind, body]) =>
          db.insert(templates).values({ businessId: id, kind, body, updatedAt: now }),
        )
      : []),
    audit(db, "business.create", "business", id, { name: input.name }),
  ]);
  return findBusiness(db, id);
}

/** Changes the fields given; settings are merged over the stored ones. */
export async function updateBusiness(
  env: Pick<Env, "DB" | "DATA_KEY" | "LINE">,
  business: BusinessRow,
  input: PatchBusinessInput,
): Promise<BusinessRow> {
  const db = drizzle(env.DB);
  const changes: Partial<typeof businesses.$inferInsert> = { updatedAt: Date.now() };
  if (input.name !== undefined) changes.name = input.name;
  if (input.timezone !== undefined) changes.timezone = input.timezone;
  if (input.forwardTo !== undefined) changes.forwardTo = input.forwardTo;
  if (input.notifyPhone !== undefined) changes.notifyPhone = input.notifyPhone;
  if (input.bookingUrl !== undefined) changes.bookingUrl = input.bookingUrl;
  if (input.notifyWebhookUrl !== undefined) changes.notifyWebhookUrl = input.notifyWebhookUrl;
  if (input.voiceAiSecret !== undefined) {
    changes.voiceAiSecret = input.voiceAiSecret ? await encryptSecret(env.DATA_KEY, input.voiceAiSecret) : null;
  }
  if (input.webhookSecret !== undefined) {
    changes.webhookSecret = input.webhookSecret ? await encryptSecret(env.DATA_KEY, input.webhookSecret) : null;
  }
  if (input.hours !== undefined) changes.hours = input.hours;
  if (input.settings !== undefined) changes.settings = parseSettings({ ...parseSettings(business.settings), ...input.settings });
  const fields = Object.keys(input).filter((k) => k !== "updatedAt");
  const after = { ...business, ...changes, settings: changes.settings ?? parseSettings(business.settings) };
  await db.batch([
    db.update(businesses).set(changes).where(eq(businesses.id, business.id)),
    // Before/after of what changed; secrets only as "[set]" / "[changed]".
    audit(db, "business.update", "business", business.id, {
      changes: auditDiff({ ...business, settings: parseSettings(business.settings) }, after, fields),
    }),
  ]);
  await linesChanged(env, business.id);
  return findBusiness(db, business.id);
}

// --- numbers ----------------------------------------------------------------------------------

export async function listNumbers(db: Db, businessId: string): Promise<Omit<NumberRow, "credentials">[]> {
  return db
    .select({ id: numbers.id, businessId: numbers.businessId, e164: numbers.e164, carrier: numbers.carrier, mode: numbers.mode, createdAt: numbers.createdAt })
    .from(numbers)
    .where(eq(numbers.businessId, businessId))
    .orderBy(asc(numbers.createdAt));
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
  const id = `num_${randomId()}`;
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

// --- templates --------------------------------------------------------------------------------

/** The sample the editor previews with: the business's own details and a made-up caller. */
export const SAMPLE_CALLER = "+14155550123";

export function checkBusinessTemplate(
  business: BusinessRow,
  kind: TemplateKind,
  body: string,
  businessPhone: string | null = null,
  callerPhone: string | null = SAMPLE_CALLER,
): TemplateCheck {
  return checkTemplate(kind, body, { business: business.name, bookingUrl: business.bookingUrl, businessPhone, callerPhone });
}

/**
 * Saves a template that passes the checker (warnings allowed); 400 with the checker's errors otherwise.
 * `check` is the verdict the caller already has, if any (the API checks without a sample caller).
 */
export async function saveTemplate(
  env: Pick<Env, "DB" | "LINE">,
  business: BusinessRow,
  kind: TemplateKind,
  body: string,
  check: TemplateCheck = checkBusinessTemplate(business, kind, body),
): Promise<TemplateCheck> {
  if (check.errors.length > 0) throw new HTTPException(400, { message: check.errors.join(" ") });
  const db = drizzle(env.DB);
  const now = Date.now();
  await db.batch([
    db
      .insert(templates)
      .values({ businessId: business.id, kind, body, updatedAt: now })
      .onConflictDoUpdate({ target: [templates.businessId, templates.kind], set: { body, updatedAt: now } }),
    audit(db, "template.put", "template", `${business.id}/${kind}`, { length: body.length }),
  ]);
  await linesChanged(env, business.id);
  return check;
}

// --- consent ----------------------------------------------------------------------------------

/** The newest opt-out or opt-in decides (the ledger is append-only). */
export async function isOptedOut(db: Db, businessId: string, phone: string): Promise<boolean> {
  const [last] = await db
    .select({ kind: consentEvents.kind })
    .from(consentEvents)
    .where(and(eq(consentEvents.businessId, businessId), eq(consentEvents.phone, phone), inArray(consentEvents.kind, ["opt_out", "opt_in"])))
    .orderBy(desc(consentEvents.at), desc(consentEvents.id))
    .limit(1);
  return last?.kind === "opt_out";
}

/** The consent ledger of a business, oldest first: one number's, or (without `phone`) everyone's. */
export async function consentLedger(db: Db, businessId: string, phone?: string): Promise<ConsentEventRow[]> {
  return db
    .select()
    .from(consentEvents)
    .where(and(eq(consentEvents.businessId, businessId), phone === undefined ? undefined : eq(consentEvents.phone, phone)))
    .orderBy(asc(consentEvents.at), asc(consentEvents.id));
}

/** The whole ledger as a CSV download (the admin page's export and the API's `consent.csv`). */
export async function consentCsv(db: Db, businessId: string): Promise<{ csv: string; headers: Record<string, string> }> {
  const rows = await consentLedger(db, businessId);
  const csv = toCsv(
    ["phone", "kind", "source", "evidence_id", "evidence_text", "at"],
    rows.map((e) => [e.phone, e.kind, e.source, e.evidenceId, e.evidenceText, new Date(e.at).toISOString()]),
  );
  return {
    csv,
    headers: {
      "content-type": "text/csv; charset=utf-8",
      "content-disposition": `attachment; filename="consent-${businessId}.csv"`,
    },
  };
}

/**
 * A manual opt-out or opt-in by an admin (a caller asked by phone, a written request…), and the
 * `consent.changed` event for the business's webhook (delivered in the background via `ctx`).
 */
export async function recordConsent(
  env: Env,
  ctx: Pick<ExecutionContext, "waitUntil">,
  businessId: string,
  input: { phone: string; kind: "opt_out" | "opt_in"; note?: string | null },
): Promise<{ at: number }> {
  const db = drizzle(env.DB);
  const at = Date.now();
  const event = eventStatement(env.DB, businessId, "consent.changed", {
    phone: input.phone,
    status: input.kind === "opt_out" ? "opted_out" : "opted_in",
    source: "admin",
  });
  const results = await env.DB.batch([
    asStatement(
      env.DB,
      db.insert(consentEvents).values({
        businessId,
        phone: input.phone,
        kind: input.kind,
        source: "admin",
        evidenceId: null,
        evidenceText: input.note ?? null,
        at,
      }),
    ),
    asStatement(env.DB, audit(db, `consent.${input.kind}`, "consent", `${businessId}/${input.phone}`, { note: input.note ?? null })),
    event.statement,
  ]);
  ctx.waitUntil(queueEvents(env, [{ event, result: results[2] }]));
  return { at };
}

// --- texts ------------------------------------------------------------------------------------

/**
 * The number to text `to` from: the one named, else the number this person last called or was
 * texted from (so the reply lands in the same thread on their phone), else the business's first.
 */
async function senderNumber(db: Db, businessId: string, to: string, fromE164: string | undefined) {
  const own = await listNumbers(db, businessId);
  if (own.length === 0) throw new HTTPException(409, { message: "this business has no phone number to text from; add one first" });
  if (fromE164) {
    const named = own.find((n) => n.e164 === fromE164);
    if (!named) throw new HTTPException(400, { message: `from: ${fromE164} is not one of this business's numbers` });
    return named;
  }
  const [lastCall, lastText] = await db.batch([
    db.select({ numberId: calls.numberId, at: calls.at }).from(calls)
      .where(and(eq(calls.businessId, businessId), eq(calls.fromPhone, to)))
      .orderBy(desc(calls.at)).limit(1),
    db.select({ numberId: messages.numberId, at: messages.createdAt }).from(messages)
      .where(and(eq(messages.businessId, businessId), or(eq(messages.toPhone, to), eq(messages.fromPhone, to))))
      .orderBy(desc(messages.createdAt)).limit(1),
  ]);
  const recent = [lastCall[0], lastText[0]].filter((r) => r !== undefined).sort((a, b) => b.at - a.at)[0];
  return own.find((n) => n.id === recent?.numberId) ?? own[0]!;
}

/**
 * Queue a text an admin wrote, from one of the business's numbers, recorded as kind `manual` or
 * `test`. Refused (409) when the recipient opted out; the outbox checks consent again at send time.
 * `requestKey` makes a double submit send once: the message id is derived from it.
 */
export async function sendAdminText(
  env: Pick<Env, "DB" | "SMS_OUT" | "PUBLIC_BASE_URL">,
  args: {
    businessId: string;
    to: string;
    body: string;
    kind: AdminTextKind;
    publicBaseUrl: string;
    fromE164?: string;
    requestKey?: string;
  },
): Promise<{ message: MessageRow; duplicate: boolean }> {
  const db = drizzle(env.DB);
  const body = args.body.trim();
  if (body === "") throw new HTTPException(400, { message: "body: write the text to send" });
  if (body.length > MAX_TEXT_LENGTH) {
    throw new HTTPException(400, { message: `body: at most ${MAX_TEXT_LENGTH} characters (this is ${body.length})` });
  }
  if (await isOptedOut(db, args.businessId, args.to)) {
    throw new HTTPException(409, { message: `${args.to} opted out of texts from this business; it cannot be texted until they text START` });
  }
  const from = await senderNumber(db, args.businessId, args.to, args.fromE164);
  const id = `m_admin_${args.requestKey ? `${args.businessId}_${args.requestKey}` : randomId()}`;
  const text = newText({
    id,
    businessId: args.businessId,
    numberId: from.id,
    kind: args.kind,
    from: from.e164,
    to: args.to,
    body,
    now: Date.now(),
    publicBaseUrl: args.publicBaseUrl,
  });
  const [inserted] = await db.batch([
    db.insert(messages).values(text.row).onConflictDoNothing(),
    // Who and which kind, never the body: texts are personal data and the audit log is kept longer.
    audit(db, `message.${args.kind}`, "message", id, { to: args.to, from: from.e164 }),
  ]);
  const [row] = await db.select().from(messages).where(eq(messages.id, id));
  if (inserted.meta.changes === 0) return { message: row!, duplicate: true };
  await enqueueOrBury(env, db, id, text.job);
  return { message: row!, duplicate: false };
}

/**
 * Enqueue a job for a row already marked queued. If the queue refuses, the row is marked dead so it
 * shows up under dead letters (and can be retried) instead of sitting "queued" forever.
 */
async function enqueueOrBury(
  env: Pick<Env, "SMS_OUT">,
  db: Db,
  messageId: string,
  job: OutboundTextJob,
): Promise<void> {
  try {
    await env.SMS_OUT.send(job);
  } catch (e) {
    await db
      .update(messages)
      .set({ status: "dead", errorMessage: "could not be queued; retry it", updatedAt: Date.now() })
      .where(and(eq(messages.id, messageId), eq(messages.status, "queued")));
    log.error("admin.enqueue_failed", { messageId, error: String(e) });
    throw new HTTPException(503, { message: "the text could not be queued; it is listed under dead letters, retry it there" });
  }
}

/**
 * Send a dead message again: back to `queued` (attempts are kept, so the history stays true) and
 * one outbox job. The conditional UPDATE is the guard: of two clicks, only one finds it dead.
 */
export async function retryDeadMessage(
  env: Pick<Env, "DB" | "SMS_OUT">,
  args: { messageId: string; businessId?: string; publicBaseUrl: string },
): Promise<MessageRow> {
  const db = drizzle(env.DB);
  const [row] = await db.select().from(messages).where(eq(messages.id, args.messageId));
  if (!row || (args.businessId !== undefined && row.businessId !== args.businessId)) {
    throw new HTTPException(404, { message: "no such message" });
  }
  const res = await db
    .update(messages)
    .set({ status: "queued", updatedAt: Date.now() })
    .where(and(eq(messages.id, row.id), eq(messages.status, "dead")));
  if (res.meta.changes === 0) {
    throw new HTTPException(409, { message: `this message is ${row.status === "queued" ? "already queued again" : row.status}, not dead; only dead messages can be retried` });
  }
  await db.insert(auditLog).values({ actor: "admin", action: "message.retry", entity: "message", entityId: row.id, detail: { attempts: row.attempts }, at: Date.now() });
  await enqueueOrBury(env, db, row.id, {
    messageId: row.id,
    businessId: row.businessId,
    ...(args.publicBaseUrl ? { callbackOrigin: args.publicBaseUrl } : {}),
  });
  const [updated] = await db.select().from(messages).where(eq(messages.id, row.id));
  return updated!;
}

/** Messages of a business, newest first, optionally of one status (e.g. `dead`). */
export async function listMessages(db: Db, businessId: string, opts: { status?: string; limit: number }): Promise<MessageRow[]> {
  return db
    .select()
    .from(messages)
    .where(and(eq(messages.businessId, businessId), opts.status ? eq(messages.status, opts.status) : undefined))
    .orderBy(desc(messages.createdAt), desc(messages.id))
    .limit(opts.limit);
}
