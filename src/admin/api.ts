import { and, asc, desc, eq } from "drizzle-orm";
import { drizzle } from "drizzle-orm/d1";
import type { Context } from "hono";
import { Hono } from "hono";
import { HTTPException } from "hono/http-exception";
import { bodyText } from "../body-text";
import type * as z from "../zod";
import { auditLog, businesses, calls, numbers, templates, type BusinessRow, type MessageRow } from "../db/schema";
import type { Env } from "../env";
import { consentStatus } from "../rules/consent";
import { normalizePhone } from "../rules/phone";
import { explainCode, TEMPLATE_KINDS, type TemplateKind } from "../rules/reasons";
import { buildMetrics } from "../reports/metrics";
import { buildReport } from "../reports/report";
import { parseSettings } from "../settings";
import { adminAuth } from "./auth";
import {
  addNumberSchema,
  auditQuerySchema,
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
import {
  addNumber,
  checkBusinessTemplate,
  consentCsv,
  consentLedger,
  createBusiness,
  findBusiness as findBusinessById,
  listMessages,
  publicBase,
  recordConsent,
  retryDeadMessage,
  saveTemplate,
  sendAdminText,
  updateBusiness,
  webhookUrlMap,
} from "./actions";

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
  requireSecretWithWebhook(input.notifyWebhookUrl, input.webhookSecret);
  return c.json(presentBusiness(await createBusiness(c.env, input)), 201);
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
  requireSecretWithWebhook(
    input.notifyWebhookUrl !== undefined ? input.notifyWebhookUrl : business.notifyWebhookUrl,
    input.webhookSecret !== undefined ? input.webhookSecret : business.webhookSecret,
  );
  return c.json(presentBusiness(await updateBusiness(c.env, business, input)));
});

adminApi.post("/businesses/:id/numbers", async (c) => {
  const business = await findBusiness(c);
  const input = await body(c, addNumberSchema);
  const added = await addNumber(c.env, business, input);
  return c.json({ ...added, webhookUrls: webhookUrls(c, added.carrier, added.mode) }, 201);
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
  await saveTemplate(c.env, business, kind as TemplateKind, text, check);
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
  const rows = await listMessages(drizzle(c.env.DB), business.id, { status, limit });
  return c.json({
    messages: rows.map(presentMessage),
  });
});

adminApi.get("/businesses/:id/consent/:phone", async (c) => {
  const business = await findBusiness(c);
  const phone = normalizePhone(c.req.param("phone"));
  if (!phone) throw new HTTPException(400, { message: "phone is not a valid phone number" });
  const events = await consentLedger(drizzle(c.env.DB), business.id, phone);
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
  const { csv, headers } = await consentCsv(drizzle(c.env.DB), business.id);
  return c.body(csv, 200, headers);
});

/** A manual opt-out or opt-in by an admin (a caller asked by phone, a written request…). */
adminApi.post("/businesses/:id/consent", async (c) => {
  const business = await findBusiness(c);
  const input = await body(c, manualConsentSchema);
  const { at } = await recordConsent(c.env, c.executionCtx, business.id, input);
  return c.json({ phone: input.phone, kind: input.kind, at: new Date(at).toISOString() }, 201);
});

/** Counts per decision and status, last hour and day: for dashboards and uptime checks. */
adminApi.get("/metrics", async (c) => c.json(await buildMetrics(c.env.DB, Date.now())));

/** Who changed what, newest first; filter by `entity` (business, number, template, consent, message…) and `entityId`. */
adminApi.get("/audit", async (c) => {
  const q = query(c, auditQuerySchema);
  const rows = await drizzle(c.env.DB)
    .select()
    .from(auditLog)
    .where(and(q.entity ? eq(auditLog.entity, q.entity) : undefined, q.entityId ? eq(auditLog.entityId, q.entityId) : undefined))
    .orderBy(desc(auditLog.at), desc(auditLog.id))
    .limit(q.limit);
  return c.json({
    entries: rows.map((r) => ({ id: r.id, actor: r.actor, action: r.action, entity: r.entity, entityId: r.entityId, detail: r.detail, at: new Date(r.at).toISOString() })),
  });
});

adminApi.get("/businesses/:id/report", async (c) => {
  const business = await findBusiness(c);
  const q = query(c, reportQuerySchema);
  const to = q.to?.getTime() ?? Date.now();
  const from = q.from?.getTime() ?? to - 30 * 24 * 3_600_000;
  if (!(from < to)) throw new HTTPException(400, { message: "from must be before to" });
  return c.json(await buildReport(c.env.DB, business.id, from, to));
});

// ---------------------------------------------------------------------------------------------

async function body<T extends z.ZodMiniType>(c: C, schema: T): Promise<z.infer<T>> {
  let raw: unknown;
  try {
    raw = JSON.parse(await bodyText(c.req));
  } catch {
    throw new HTTPException(400, { message: "body must be JSON" });
  }
  return validate(schema, raw);
}

function query<T extends z.ZodMiniType>(c: C, schema: T): z.infer<T> {
  return validate(schema, c.req.query());
}

function validate<T extends z.ZodMiniType>(schema: T, raw: unknown): z.infer<T> {
  const r = schema.safeParse(raw);
  if (!r.success) {
    throw new HTTPException(400, {
      message: r.error.issues.map((i) => `${i.path.join(".") || "body"}: ${i.message}`).join("; "),
    });
  }
  return r.data;
}

function findBusiness(c: C): Promise<BusinessRow> {
  return findBusinessById(drizzle(c.env.DB), c.req.param("id") ?? "");
}

/** A signed webhook needs its key: 400 when a notify URL would be left without a secret. */
function requireSecretWithWebhook(url: string | null | undefined, secret: string | null | undefined): void {
  if (url && !secret) {
    throw new HTTPException(400, { message: "webhookSecret: required with notifyWebhookUrl, so the business can verify our signatures" });
  }
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

/** The API checks a template as written: no sample business or caller number filled in. */
function checkFor(business: BusinessRow, kind: TemplateKind, text: string) {
  return checkBusinessTemplate(business, kind, text, null, null);
}

/** What to paste into the carrier console for this number (see {@link webhookUrlMap}). */
function webhookUrls(c: C, carrier: string, mode: string) {
  return webhookUrlMap(publicBase(c.env, c.req.url), carrier, mode);
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
