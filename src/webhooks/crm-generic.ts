/**
 * `POST /webhooks/crm/generic/:businessId`: a CRM (or a Zap) tells us a lead moved, so a job won in
 * the CRM shows in Textback's report. Signed like our own events (X-Textback-Signature, HMAC-SHA256
 * with the business's webhookSecret); a retried or replayed request changes nothing twice.
 */
import { and, desc, eq, isNull } from "drizzle-orm";
import { drizzle } from "drizzle-orm/d1";
import { Hono } from "hono";
import { HTTPException } from "hono/http-exception";
import { updateLead } from "../admin/lead-changes";
import { leadOutcomeFields, otherHasWords } from "../admin/schemas";
import { bodyText } from "../body-text";
import { decryptSecret } from "../crypto/secrets";
import { isTextbackSignatureShaped, verifyTextback } from "../crypto/textback-signature";
import { crmInboundKeys } from "../db/hooks-schema";
import { leads } from "../db/leads-schema";
import { businesses } from "../db/schema";
import type { Env } from "../env";
import { parseInput, parseJsonBody } from "../input";
import { normalizePhone } from "../rules/phone";
import * as z from "../zod";
import { refuseUnverified } from "./unverified";

export const crmGenericWebhook = new Hono<{ Bindings: Env }>();

/** What changes is what the API's PATCH takes for status, amount and lost reason (admin/schemas.ts). */
const crmUpdateSchema = z
  .strictObject({
    /** The CRM's id for this change: the idempotency key (without one, the signature is). */
    id: z.optional(z.string().check(z.minLength(1), z.maxLength(200))),
    leadId: z.optional(z.string().check(z.minLength(1), z.maxLength(100))),
    phone: z.optional(z.string().check(z.maxLength(64))),
    ...leadOutcomeFields,
  })
  .check(
    z.refine((b) => b.leadId !== undefined || b.phone !== undefined, "give leadId or phone"),
    z.refine((b) => [b.status, b.wonCents, b.lostReason, b.lostNote].some((v) => v !== undefined), "give status, wonCents, lostReason or lostNote"),
    otherHasWords,
  );

/** 401 without a signature; 403 for one that does not verify (unknown business and no secret alike). */
async function verified(c: { env: Env; req: { header(n: string): string | undefined; param(n: "businessId"): string } }, raw: string): Promise<string> {
  const signature = c.req.header("x-textback-signature");
  if (!signature) throw new HTTPException(401, { message: "X-Textback-Signature required" });
  const now = Math.floor(Date.now() / 1000);
  if (!isTextbackSignatureShaped(signature, now)) refuseUnverified();
  const [business] = await drizzle(c.env.DB)
    .select({ id: businesses.id, secret: businesses.webhookSecret })
    .from(businesses)
    .where(eq(businesses.id, c.req.param("businessId")));
  if (!business?.secret) refuseUnverified();
  if (!(await verifyTextback(await decryptSecret(c.env.DATA_KEY, business.secret), signature, raw, now))) refuseUnverified();
  return signature;
}

/** The lead named: by id within the business, or the phone's open lead, else its latest. */
async function findCrmLead(env: Env, businessId: string, by: { leadId?: string; phone?: string }): Promise<string> {
  const db = drizzle(env.DB);
  const phone = by.phone !== undefined ? normalizePhone(by.phone) : null;
  if (by.phone !== undefined && !phone) throw new HTTPException(400, { message: "phone is not a valid phone number" });
  const where = by.leadId !== undefined ? and(eq(leads.businessId, businessId), eq(leads.id, by.leadId)) : and(eq(leads.businessId, businessId), eq(leads.phone, phone!));
  const [lead] = await db.select({ id: leads.id }).from(leads).where(where).orderBy(desc(isNull(leads.closedAt)), desc(leads.lastActivityAt)).limit(1);
  if (!lead) throw new HTTPException(404, { message: "no such lead" });
  return lead.id;
}

crmGenericWebhook.post("/:businessId", async (c) => {
  const raw = await bodyText(c.req);
  const signature = await verified(c, raw);
  const businessId = c.req.param("businessId");
  const body = parseInput(crmUpdateSchema, parseJsonBody(raw));
  const leadId = await findCrmLead(c.env, businessId, body);
  const key = body.id ?? signature.replace(/^t=\d+,/, "");
  const db = drizzle(c.env.DB);
  const claimed = await db.insert(crmInboundKeys).values({ businessId, key, at: Date.now() }).onConflictDoNothing();
  if (claimed.meta.changes === 0) return c.json({ leadId, duplicate: true });
  try {
    const { status, wonCents, lostReason, lostNote } = body;
    const lead = await updateLead(c.env, leadId, { status, wonCents, lostReason, lostNote }, { kind: "crm" });
    return c.json({ leadId, status: lead.status, wonCents: lead.wonCents, lostReason: lead.lostReason, lostNote: lead.lostNote });
  } catch (e) {
    // Not applied (a second open lead for the phone): the CRM may send it again once resolved.
    await db.delete(crmInboundKeys).where(and(eq(crmInboundKeys.businessId, businessId), eq(crmInboundKeys.key, key)));
    throw e;
  }
});
