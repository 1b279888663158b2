/**
 * A lead event, delivered to HubSpot: the caller's contact found by phone (or created), one deal per
 * lead moved to the stage of the lead's status with its amount, and one note holding the
 * conversation, kept current. The ids are kept per lead (crm_links), so a redelivered event updates
 * what the first created; deliveries of the same lead wait while another creates its records.
 */
import { and, eq, isNull, lt, or, sql } from "drizzle-orm";
import { drizzle } from "drizzle-orm/d1";
import { decryptSecret } from "../crypto/secrets";
import { crmLinks, type CrmLinkRow, type EventHookRow } from "../db/hooks-schema";
import type { Env } from "../env";
import { contactProperties, conversationNote, dealProperties, DEAL_TO_CONTACT, hubspotConfigSchema, NOTE_TO_CONTACT, phoneSearch, type ConversationLine, type LeadForCrm } from "../rules/hubspot";
import { hubspotApi, HubspotError, type HubspotApi } from "./hubspot-client";

/** A delivery creating a lead's records holds them this long at most (a crashed one is taken over). */
const CLAIM_MS = 60_000;

export type SyncResult = { outcome: "delivered" | "retry" | "gone"; error: string | null; retryAfterSeconds?: number };

interface Sync {
  api: HubspotApi;
  lead: LeadForCrm & { businessId: string; lastActivityAt: number };
  businessName: string;
  config: ReturnType<typeof hubspotConfigSchema.parse> | null;
}

export async function syncToHubspot(env: Env, hook: EventHookRow, payload: string): Promise<SyncResult> {
  const lead = (JSON.parse(payload) as { data: Sync["lead"] }).data;
  try {
    const token = await decryptSecret(env.DATA_KEY, hook.secret);
    const config = hubspotConfigSchema.safeParse(hook.config ?? {});
    const business = await env.DB.prepare("SELECT name FROM businesses WHERE id = ?").bind(hook.businessId).first<{ name: string }>();
    const sync: Sync = { api: hubspotApi(env.HUBSPOT_API_BASE, token), lead, businessName: business?.name ?? "Textback", config: config.success ? config.data : null };
    return await syncLead(env, sync);
  } catch (e) {
    if (!(e instanceof HubspotError)) throw e;
    if (e.kind === "rate_limited") return { outcome: "retry", error: e.message, ...(e.retryAfterSeconds ? { retryAfterSeconds: e.retryAfterSeconds } : {}) };
    // A refused token or request fails the delivery, kept for a replay once it is fixed.
    return { outcome: e.kind === "retry" ? "retry" : "gone", error: e.message };
  }
}

async function syncLead(env: Env, sync: Sync): Promise<SyncResult> {
  const db = drizzle(env.DB);
  const key = and(eq(crmLinks.businessId, sync.lead.businessId), eq(crmLinks.leadId, sync.lead.id));
  const [link] = await db.select().from(crmLinks).where(key);
  const complete = Boolean(link?.contactId && link.dealId && link.noteId);
  // The same lead state (a duplicate delivery) or an older one (a late retry): nothing to send.
  if (complete && (link!.syncedActivityAt ?? 0) >= sync.lead.lastActivityAt) return { outcome: "delivered", error: null };
  if (!complete && !(await claim(env, sync.lead))) {
    return { outcome: "retry", error: "another delivery is creating this lead's HubSpot records", retryAfterSeconds: 2 };
  }
  const save = (set: Partial<CrmLinkRow>) => db.update(crmLinks).set(set).where(key);
  try {
    await upsertRecords(env, sync, link ?? null, save);
  } finally {
    if (!complete) await save({ claimedAt: null });
  }
  await save({ syncedActivityAt: sql`MAX(COALESCE(${crmLinks.syncedActivityAt}, 0), ${sync.lead.lastActivityAt})` as unknown as number });
  return { outcome: "delivered", error: null };
}

/** Take the right to create this lead's records: first, or after a claim older than CLAIM_MS. */
async function claim(env: Env, lead: Sync["lead"]): Promise<boolean> {
  const now = Date.now();
  const r = await drizzle(env.DB)
    .insert(crmLinks)
    .values({ businessId: lead.businessId, leadId: lead.id, claimedAt: now })
    .onConflictDoUpdate({
      target: [crmLinks.businessId, crmLinks.leadId],
      set: { claimedAt: now },
      setWhere: or(isNull(crmLinks.claimedAt), lt(crmLinks.claimedAt, now - CLAIM_MS)),
    });
  return r.meta.changes > 0;
}

/**
 * The contact (found by phone, else created), the deal and the note: each created once, its id
 * saved at once (a failure halfway leaves what exists for the retry), each updated when it exists.
 */
async function upsertRecords(env: Env, sync: Sync, link: CrmLinkRow | null, save: (set: Partial<CrmLinkRow>) => Promise<unknown>): Promise<void> {
  const { api, lead } = sync;
  const contact = { properties: contactProperties(lead) };
  let contactId = link?.contactId ?? null;
  if (contactId) await api.request("PATCH", `/crm/v3/objects/contacts/${contactId}`, contact);
  else {
    const found = (await api.request<{ results: { id: string }[] }>("POST", "/crm/v3/objects/contacts/search", phoneSearch(lead.phone))).results[0]?.id;
    contactId = found ? (await api.request("PATCH", `/crm/v3/objects/contacts/${found}`, contact)).id : (await api.request("POST", "/crm/v3/objects/contacts", contact)).id;
    await save({ contactId });
  }
  const toContact = (typeId: number) => [{ to: { id: contactId }, types: [{ associationCategory: "HUBSPOT_DEFINED", associationTypeId: typeId }] }];
  const deal = { properties: dealProperties(lead, sync.config, sync.businessName) };
  if (link?.dealId) await api.request("PATCH", `/crm/v3/objects/deals/${link.dealId}`, deal);
  else await save({ dealId: (await api.request("POST", "/crm/v3/objects/deals", { ...deal, associations: toContact(DEAL_TO_CONTACT) })).id });
  const body = await note(env, sync);
  if (link?.noteId) await api.request("PATCH", `/crm/v3/objects/notes/${link.noteId}`, { properties: { hs_note_body: body } });
  else {
    const properties = { hs_timestamp: new Date(lead.createdAt).toISOString(), hs_note_body: body };
    await save({ noteId: (await api.request("POST", "/crm/v3/objects/notes", { properties, associations: toContact(NOTE_TO_CONTACT) })).id });
  }
}

/** The lead's conversation: the texts to and from the caller since the lead opened. */
async function note(env: Env, sync: Sync): Promise<string> {
  const { results } = await env.DB.prepare(
    `SELECT direction, body, created_at AS at FROM messages
     WHERE business_id = ?1 AND (to_phone = ?2 OR from_phone = ?2) AND created_at >= ?3 ORDER BY created_at, id LIMIT 500`,
  )
    .bind(sync.lead.businessId, sync.lead.phone, sync.lead.createdAt)
    .all<ConversationLine>();
  return conversationNote(results, sync.businessName);
}
