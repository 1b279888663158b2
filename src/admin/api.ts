import { and, asc, desc, eq } from "drizzle-orm";
import { drizzle } from "drizzle-orm/d1";
import type { Context } from "hono";
import { Hono } from "hono";
import { HTTPException } from "hono/http-exception";
import type { z } from "zod";
import { encryptSecret } from "../crypto/secrets";
import { auditLog, businesses, calls, consentEvents, messages, numbers, templates, type BusinessRow, type MessageRow } from "../db/schema";
import type { Env } from "../env";
import { consentStatus } from "../rules/consent";
import { normalizePhone } from "../rules/phone";
import { explainCode, TEMPLATE_KINDS, type TemplateKind } from "../rules/reasons";
import { checkTemplate, DEFAULT_TEMPLATES } from "../rules/templates";
import { emitEvent } from "../notify/webhooks";
import { toCsv } from "../reports/csv";
import { buildMetrics } from "../reports/metrics";
import { buildReport } from "../reports/report";
import { parseSettings, settingsPatchSchema } from "../settings";
import { adminAuth } from "./auth";
import {
  addNumberSchema,
  createBusinessSchema,
  listQuerySchema,
  patchBusinessSchema,
  manualConsentSchema,
  putTemplateSchema,
  reportQuerySchema,
  messageListQuerySchema,
  sendTextSchema,
  idempotencyKeySchema,
} from "./schemas";
import { publicBase, retryDeadMessage, sendAdminText } from "./actions";

type C = Context<{ Bindings: Env }>;

/** The admin JSON API (DESIGN.md §3). Bearer ADMIN_TOKEN on every route. */
export const adminApi = new Hono<{ Bindings: Env }>();
adminApi.use("*", adminAuth);

adminApi.get("/businesses", async (c) => {
  const rows = await drizzle(c.env.DB).select().from(businesses).orderBy(asc(businesses.createdAt));
  return c.json({ businesses: rows.map(presentBusiness) });
});

adminApi.post("/businesses", async (c) => {
  const input = await body(c, createBusinessSchema);
  if (input.notifyWebhookUrl && !input.webhookSecret) {
    throw new HTTPException(400, { message: "webhookSecret: required with notifyWebhookUrl, so the business can verify our signatures" });
  }
  const db = drizzle(c.env.DB);
  const now = Date.now();
  const id = `biz_${randomId()}`;
  const settings = parseSettings(settingsPatchSchema.parse(input.settings ?? {}));
  const row = {
    id,
    name: input.name,
    timezone: input.timezone,
    forwardTo: input.forwardTo ?? null,
    notifyPhone: input.notifyPhone ?? null,
    bookingUrl: input.bookingUrl ?? null,
    notifyWebhookUrl: input.notifyWebhookUrl ?? null,
    webhookSecret: input.webhookSecret ? await encryptSecret(c.env.DATA_KEY, input.webhookSecret) : null,
    voiceAiSecret: input.voiceAiSecret ? await encryptSecret(c.env.DATA_KEY, input.voiceAiSecret) : null,
    hours: input.hours ?? null,
    settings,
    updatedAt: now,
  };
  await db.batch([
    db.insert(businesses).values(row),
    ...(input.defaultTemplates
      ? Object.entries(DEFAULT_TEMPLATES).map(([kind, tpl]) =>
          db.insert(templates).values({ businessId: id, kind, body: tpl, updatedAt: now }),
        )
      : []),
    audit(db, "business.create", "business", id, { name: input.name }),
  ]);
  const [created] = await db.select().from(businesses).where(eq(businesses.id, id));
  return c.json(presentBusiness(created!), 201);
});

adminApi.get("/businesses/:id", async (c) => {
  const db = drizzle(c.env.DB);
  const business = await findBusiness(c);
  const nums = await db
    .select({ id: numbers.id, e164: numbers.e164, carrier: numbers.carrier, mode: numbers.mode })
    .from(numbers)
    .where(eq(numbers.businessId, business.id));
  return c.json({ ...presentBusiness(business), numbers: nums.map((n) => ({ ...n, webhookUrls: webhookUrls(c, n.carrier, n.mode) })) });
});

adminApi.patch("/businesses/:id", async (c) => {
  const business = await findBusiness(c);
  const input = await body(c, patchBusinessSchema);
  const secretAfter = input.webhookSecret !== undefined ? input.webhookSecret : business.webhookSecret;
  const urlAfter = input.notifyWebhookUrl !== undefined ? input.notifyWebhookUrl : business.notifyWebhookUrl;
  if (urlAfter && !secretAfter) {
    throw new HTTPException(400, { message: "webhookSecret: required with notifyWebhookUrl, so the business can verify our signatures" });
  }
  const db = drizzle(c.env.DB);
  const changes: Partial<typeof businesses.$inferInsert> = { updatedAt: Date.now() };
  if (input.name !== undefined) changes.name = input.name;
  if (input.timezone !== undefined) changes.timezone = input.timezone;
  if (input.forwardTo !== undefined) changes.forwardTo = input.forwardTo;
  if (input.notifyPhone !== undefined) changes.notifyPhone = input.notifyPhone;
  if (input.bookingUrl !== undefined) changes.bookingUrl = input.bookingUrl;
  if (input.notifyWebhookUrl !== undefined) changes.notifyWebhookUrl = input.notifyWebhookUrl;
  if (input.voiceAiSecret !== undefined) {
    changes.voiceAiSecret = input.voiceAiSecret ? await encryptSecret(c.env.DATA_KEY, input.voiceAiSecret) : null;
  }
  if (input.webhookSecret !== undefined) {
    changes.webhookSecret = input.webhookSecret ? await encryptSecret(c.env.DATA_KEY, input.webhookSecret) : null;
  }
  if (input.hours !== undefined) changes.hours = input.hours;
  if (input.settings !== undefined) {
    changes.settings = parseSettings({ ...parseSettings(business.settings), ...input.settings });
  }
  await db.batch([
    db.update(businesses).set(changes).where(eq(businesses.id, business.id)),
    // Field names only: values may be secrets.
    audit(db, "business.update", "business", business.id, { fields: Object.keys(input) }),
  ]);
  const [updated] = await db.select().from(businesses).where(eq(businesses.id, business.id));
  return c.json(presentBusiness(updated!));
});

adminApi.post("/businesses/:id/numbers", async (c) => {
  const business = await findBusiness(c);
  const input = await body(c, addNumberSchema);
  const db = drizzle(c.env.DB);
  const [taken] = await db.select({ id: numbers.id }).from(numbers).where(eq(numbers.e164, input.e164));
  if (taken) throw new HTTPException(409, { message: `${input.e164} is already registered` });
  const id = `num_${randomId()}`;
  try {
    await db.batch([
      db.insert(numbers).values({
        id,
        businessId: business.id,
        e164: input.e164,
        carrier: input.carrier,
        mode: input.mode,
        credentials: await encryptSecret(c.env.DATA_KEY, JSON.stringify(input.credentials)),
      }),
      // The audit trail names the number, never the credentials.
      audit(db, "number.add", "number", id, { e164: input.e164, carrier: input.carrier, mode: input.mode }),
    ]);
  } catch (e) {
    // Two concurrent adds of one number: the unique index decides, the loser gets the same 409.
    if (String(e).includes("UNIQUE")) throw new HTTPException(409, { message: `${input.e164} is already registered` });
    throw e;
  }
  return c.json({ id, e164: input.e164, carrier: input.carrier, mode: input.mode, webhookUrls: webhookUrls(c, input.carrier, input.mode) }, 201);
});

adminApi.get("/businesses/:id/templates", async (c) => {
  const business = await findBusiness(c);
  const rows = await drizzle(c.env.DB).select().from(templates).where(eq(templates.businessId, business.id));
  return c.json({
    templates: rows.map((t) => ({ kind: t.kind, body: t.body, ...checkFor(business, t.kind as TemplateKind, t.body) })),
  });
});

adminApi.put("/businesses/:id/templates/:kind", async (c) => {
  const business = await findBusiness(c);
  const kind = c.req.param("kind");
  if (!(TEMPLATE_KINDS as readonly string[]).includes(kind)) {
    throw new HTTPException(400, { message: `unknown template kind "${kind}"; one of ${TEMPLATE_KINDS.join(", ")}` });
  }
  const { body: text } = await body(c, putTemplateSchema);
  const check = checkFor(business, kind as TemplateKind, text);
  if (check.errors.length > 0) throw new HTTPException(400, { message: check.errors.join("; ") });
  const db = drizzle(c.env.DB);
  const now = Date.now();
  await db.batch([
    db
      .insert(templates)
      .values({ businessId: business.id, kind, body: text, updatedAt: now })
      .onConflictDoUpdate({ target: [templates.businessId, templates.kind], set: { body: text, updatedAt: now } }),
    audit(db, "template.put", "template", `${business.id}/${kind}`, { length: text.length }),
  ]);
  return c.json({ kind, body: text, encoding: check.encoding, segments: check.segments, warnings: check.warnings });
});

adminApi.get("/businesses/:id/calls", async (c) => {
  const business = await findBusiness(c);
  const { limit } = query(c, listQuerySchema);
  const rows = await drizzle(c.env.DB)
    .select()
    .from(calls)
    .where(eq(calls.businessId, business.id))
    .orderBy(desc(calls.at), desc(calls.id))
    .limit(limit);
  return c.json({
    calls: rows.map((r) => ({
      id: r.id,
      carrierCallId: r.carrierCallId,
      from: r.fromPhone,
      to: r.toPhone,
      outcome: r.outcome,
      decision: r.decision,
      reason: r.reason,
      explanation: explainCode(r.decision),
      facts: r.facts,
      at: new Date(r.at).toISOString(),
    })),
  });
});

adminApi.get("/businesses/:id/messages", async (c) => {
  const business = await findBusiness(c);
  const { limit, status } = query(c, messageListQuerySchema);
  const rows = await drizzle(c.env.DB)
    .select()
    .from(messages)
    .where(and(eq(messages.businessId, business.id), status ? eq(messages.status, status) : undefined))
    .orderBy(desc(messages.createdAt), desc(messages.id))
    .limit(limit);
  return c.json({
    messages: rows.map(presentMessage),
  });
});

adminApi.get("/businesses/:id/consent/:phone", async (c) => {
  const business = await findBusiness(c);
  const phone = normalizePhone(c.req.param("phone"));
  if (!phone) throw new HTTPException(400, { message: "phone is not a valid phone number" });
  const events = await drizzle(c.env.DB)
    .select()
    .from(consentEvents)
    .where(and(eq(consentEvents.businessId, business.id), eq(consentEvents.phone, phone)))
    .orderBy(asc(consentEvents.at), asc(consentEvents.id));
  const status = consentStatus(events);
  return c.json({
    phone,
    status,
    events: events.map((e) => ({
      kind: e.kind,
      source: e.source,
      evidenceId: e.evidenceId,
      evidenceText: e.evidenceText,
      at: new Date(e.at).toISOString(),
    })),
  });
});

adminApi.get("/businesses/:id/consent.csv", async (c) => {
  const business = await findBusiness(c);
  const rows = await drizzle(c.env.DB)
    .select()
    .from(consentEvents)
    .where(eq(consentEvents.businessId, business.id))
    .orderBy(asc(consentEvents.at), asc(consentEvents.id));
  const csv = toCsv(
    ["phone", "kind", "source", "evidence_id", "evidence_text", "at"],
    rows.map((e) => [e.phone, e.kind, e.source, e.evidenceId, e.evidenceText, new Date(e.at).toISOString()]),
  );
  return c.body(csv, 200, {
    "content-type": "text/csv; charset=utf-8",
    "content-disposition": `attachment; filename="consent-${business.id}.csv"`,
  });
});

/** A manual opt-out or opt-in by an admin (a caller asked by phone, a written request…). */
adminApi.post("/businesses/:id/consent", async (c) => {
  const business = await findBusiness(c);
  const input = await body(c, manualConsentSchema);
  const db = drizzle(c.env.DB);
  const now = Date.now();
  await db.batch([
    db.insert(consentEvents).values({
      businessId: business.id,
      phone: input.phone,
      kind: input.kind,
      source: "admin",
      evidenceId: null,
      evidenceText: input.note ?? null,
      at: now,
    }),
    audit(db, `consent.${input.kind}`, "consent", `${business.id}/${input.phone}`, { note: input.note ?? null }),
  ]);
  c.executionCtx.waitUntil(
    emitEvent(c.env, business.id, "consent.changed", {
      phone: input.phone,
      status: input.kind === "opt_out" ? "opted_out" : "opted_in",
      source: "admin",
    }),
  );
  return c.json({ phone: input.phone, kind: input.kind, at: new Date(now).toISOString() }, 201);
});

/** Counts per decision and status, last hour and day: for dashboards and uptime checks. */
adminApi.get("/metrics", async (c) => c.json(await buildMetrics(c.env.DB, Date.now())));

adminApi.get("/businesses/:id/report", async (c) => {
  const business = await findBusiness(c);
  const q = query(c, reportQuerySchema);
  const to = q.to?.getTime() ?? Date.now();
  const from = q.from?.getTime() ?? to - 30 * 24 * 3_600_000;
  if (!(from < to)) throw new HTTPException(400, { message: "from must be before to" });
  return c.json(await buildReport(c.env.DB, business.id, from, to));
});

// ---------------------------------------------------------------------------------------------

async function body<T extends z.ZodType>(c: C, schema: T): Promise<z.infer<T>> {
  let raw: unknown;
  try {
    raw = await c.req.json();
  } catch {
    throw new HTTPException(400, { message: "body must be JSON" });
  }
  return validate(schema, raw);
}

function query<T extends z.ZodType>(c: C, schema: T): z.infer<T> {
  return validate(schema, c.req.query());
}

function validate<T extends z.ZodType>(schema: T, raw: unknown): z.infer<T> {
  const r = schema.safeParse(raw);
  if (!r.success) {
    throw new HTTPException(400, {
      message: r.error.issues.map((i) => `${i.path.join(".") || "body"}: ${i.message}`).join("; "),
    });
  }
  return r.data;
}

async function findBusiness(c: C): Promise<BusinessRow> {
  const [row] = await drizzle(c.env.DB).select().from(businesses).where(eq(businesses.id, c.req.param("id") ?? ""));
  if (!row) throw new HTTPException(404, { message: "no such business" });
  return row;
}

function presentBusiness(b: BusinessRow) {
  return {
    id: b.id,
    name: b.name,
    timezone: b.timezone,
    forwardTo: b.forwardTo,
    notifyPhone: b.notifyPhone,
    bookingUrl: b.bookingUrl,
    notifyWebhookUrl: b.notifyWebhookUrl,
    webhookSecretSet: b.webhookSecret !== null,
    voiceAiSecretSet: b.voiceAiSecret !== null,
    hours: b.hours,
    settings: parseSettings(b.settings),
    createdAt: new Date(b.createdAt).toISOString(),
    updatedAt: new Date(b.updatedAt).toISOString(),
  };
}

function checkFor(business: BusinessRow, kind: TemplateKind, text: string) {
  return checkTemplate(kind, text, { business: business.name, bookingUrl: business.bookingUrl, businessPhone: null, callerPhone: null });
}

/**
 * What to paste into the carrier console for this number. Forward mode: our Voice URL answers the
 * call. Status mode: the business's own call flow answers, and only the status callback is ours.
 */
function webhookUrls(c: C, carrier: string, mode: string) {
  const base = (c.env.PUBLIC_BASE_URL || new URL(c.req.url).origin).replace(/\/$/, "");
  // Telnyx posts every Call Control and messaging event to one URL (the app's webhook URL).
  if (carrier === "telnyx") return { events: `${base}/webhooks/telnyx` };
  return mode === "status"
    ? { callStatus: `${base}/webhooks/twilio/call-status`, sms: `${base}/webhooks/twilio/sms` }
    : { voice: `${base}/webhooks/twilio/voice`, sms: `${base}/webhooks/twilio/sms` };
}

function audit(db: ReturnType<typeof drizzle>, action: string, entity: string, entityId: string, detail: unknown) {
  return db.insert(auditLog).values({ actor: "admin", action, entity, entityId, detail, at: Date.now() });
}

function randomId(): string {
  return crypto.randomUUID().replace(/-/g, "").slice(0, 20);
}

// --- texts written by an admin, and dead letters (issue 8); shared with the admin page -----------

function presentMessage(m: MessageRow) {
  return {
    id: m.id,
    direction: m.direction,
    from: m.fromPhone,
    to: m.toPhone,
    body: m.body,
    kind: m.kind,
    encoding: m.encoding,
    segments: m.segments,
    status: m.status,
    attempts: m.attempts,
    errorCode: m.errorCode,
    errorMessage: m.errorMessage,
    carrierMessageId: m.carrierMessageId,
    callId: m.callId,
    createdAt: new Date(m.createdAt).toISOString(),
    sentAt: m.sentAt ? new Date(m.sentAt).toISOString() : null,
  };
}

/**
 * A text written by hand, recorded as kind `manual`: 201; 409 when the recipient opted out. A repeated
 * `Idempotency-Key` answers 200 with the message the first request created, and sends nothing more.
 */
adminApi.post("/businesses/:id/messages", async (c) => {
  const business = await findBusiness(c);
  const input = await body(c, sendTextSchema);
  const key = c.req.header("idempotency-key");
  const { message, duplicate } = await sendAdminText(c.env, {
    businessId: business.id,
    to: input.to,
    body: input.body,
    kind: "manual",
    fromE164: input.from,
    publicBaseUrl: publicBase(c.env, c.req.url),
    requestKey: key === undefined ? undefined : validate(idempotencyKeySchema, key),
  });
  return c.json(presentMessage(message), duplicate ? 200 : 201);
});

/** Send a dead message again: 202 once it is queued; 409 if it is not dead (e.g. a second click). */
adminApi.post("/messages/:id/retry", async (c) => {
  const message = await retryDeadMessage(c.env, { messageId: c.req.param("id"), publicBaseUrl: publicBase(c.env, c.req.url) });
  return c.json(presentMessage(message), 202);
});
