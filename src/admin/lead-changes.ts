/** A person's change to a lead (`PATCH /api/leads/:id`, the lead card): one batch, its timeline entries and events with it. */
import { and, eq, isNull, ne, sql } from "drizzle-orm";
import { drizzle } from "drizzle-orm/d1";
import { HTTPException } from "hono/http-exception";
import { leadEvents, leads } from "../db/leads-schema";
import { asStatement } from "../db/statements";
import type { Env } from "../env";
import { leadEventStatement, queueEvents, type RecordedEvent } from "../notify/events";
import { automationStopped } from "../line/automation-stopped";
import { statusStop } from "../rules/automation-stops";
import { personMove, statusEvent } from "../rules/leads";
import { estimateCents } from "../rules/qualify";
import { parseSettings } from "../settings";
import { findBusiness } from "./businesses";
import type { ActedBy, LeadEventType } from "../vocabulary";
import { actorOf } from "../rules/acted-by";
import { currentActedBy } from "./actor";
import { audit } from "./audit";
import { newId } from "./db";
import { findLead, type LeadRow } from "./leads";
import type { LeadPatch } from "./schemas";

type Entry = { type: LeadEventType; detail: Record<string, unknown> };

/** What the patch changes on the row, and the timeline entries that say so. */
function leadChanges(lead: LeadRow, patch: LeadPatch, now: number): { set: Partial<LeadRow>; entries: Entry[] } {
  const set: Partial<LeadRow> = {};
  const entries: Entry[] = [];
  if (patch.status !== undefined) {
    const move = personMove(lead, patch.status, now);
    if (move) {
      Object.assign(set, move);
      // The amount goes with "won", so the timeline says "Won $1,250".
      const won = patch.status === "won" && patch.wonCents != null ? { wonCents: patch.wonCents } : {};
      entries.push({ type: "status", detail: { from: lead.status, to: patch.status, ...won } });
    }
  }
  if (patch.name !== undefined && patch.name !== lead.name) {
    set.name = patch.name;
    set.nameSource = patch.name === null ? null : "person";
    entries.push({ type: "fields", detail: { name: patch.name } });
  }
  if (patch.fields) {
    const changed = Object.entries(patch.fields).filter(([key, value]) => (value === null || value === "" ? key in lead.fields : lead.fields[key] !== value));
    if (changed.length > 0) {
      // Merged by SQL (null removes a key), so an answer that arrived since the form was read stays.
      const merge = Object.fromEntries(changed.map(([key, value]) => [key, value === "" ? null : value]));
      set.fields = sql`json_patch(${leads.fields}, ${JSON.stringify(merge)})` as unknown as Record<string, string>;
      entries.push({ type: "fields", detail: { fields: patch.fields } });
    }
  }
  if (patch.wonCents !== undefined && patch.wonCents !== lead.wonCents) {
    set.wonCents = patch.wonCents;
    if (!entries.some((e) => e.type === "status")) entries.push({ type: "fields", detail: { wonCents: patch.wonCents } });
  }
  const lost = lostChanges(lead, patch);
  Object.assign(set, lost);
  const status = entries.find((e) => e.type === "status");
  if ((patch.status ?? lead.status) === "lost" && Object.keys(lost).length > 0) {
    const why = { reason: lost.lostReason ?? lead.lostReason, note: lost.lostNote === undefined ? lead.lostNote : lost.lostNote };
    if (status) Object.assign(status.detail, why);
    else entries.push({ type: "fields", detail: { lostReason: why.reason, lostNote: why.note } });
  }
  // Lost with no reason (a CRM or a script that does not know why): the timeline says so.
  if (status?.detail.to === "lost" && (lost.lostReason ?? lead.lostReason) === null) status.detail.noReason = true;
  if (patch.note) entries.push({ type: "note", detail: { text: patch.note } });
  if (Object.keys(set).length > 0 || entries.length > 0) set.lastActivityAt = now;
  return { set, entries };
}

/**
 * Why a lead was lost (DESIGN.md §6.6): a reason goes only with a lost lead, and a lead moved out of
 * `lost` drops its reason and note. Moving to `lost` without one is taken, with no reason (as the
 * owner's `L`): a CRM that does not know why must not be refused forever; the lead card asks a person.
 */
function lostChanges(lead: LeadRow, patch: LeadPatch): Pick<Partial<LeadRow>, "lostReason" | "lostNote"> {
  const to = patch.status ?? lead.status;
  if (to !== "lost") {
    if (patch.lostReason !== undefined || patch.lostNote) throw new HTTPException(400, { message: "lostReason: only a lost lead has a reason; set status lost with it" });
    return lead.lostReason !== null || lead.lostNote !== null ? { lostReason: null, lostNote: null } : {};
  }
  const set: Pick<Partial<LeadRow>, "lostReason" | "lostNote"> = {};
  if (patch.lostReason !== undefined && patch.lostReason !== lead.lostReason) set.lostReason = patch.lostReason;
  const note = patch.lostNote === undefined ? undefined : patch.lostNote || null;
  if (note !== undefined && note !== lead.lostNote) set.lostNote = note;
  // A new reason without words replaces the old reason's words.
  else if (set.lostReason && note === undefined && lead.lostNote !== null) set.lostNote = null;
  return set;
}

/**
 * Apply a person's patch (`by`: who, the request's person unless the CRM). Reopening a closed lead is refused (409) while the caller has another
 * open lead. Events: `lead.updated`, and `lead.qualified` / `.booked` / `.won` / `.lost` for the
 * status reached, each carrying the lead as changed.
 */
export async function updateLead(env: Pick<Env, "DB" | "SMS_OUT" | "LINE">, id: string, patch: LeadPatch, by: ActedBy = currentActedBy()): Promise<LeadRow> {
  const db = drizzle(env.DB);
  const lead = await findLead(db, id);
  const now = Date.now();
  const { set, entries } = leadChanges(lead, patch, now);
  if (Object.keys(set).length === 0) return lead;
  const service = patch.fields?.service;
  if (service !== undefined && (service || null) !== (lead.fields.service ?? null)) set.estimatedCents = await serviceEstimate(db, lead.businessId, service || undefined);
  if (lead.closedAt !== null && set.closedAt === null) await refuseSecondOpenLead(db, lead);
  const change = newId("lc");
  const events: RecordedEvent[] = [leadEventStatement(env.DB, "lead.updated", id, `lead_updated_${change}`)];
  const reached = set.status ? statusEvent(set.status) : null;
  if (reached) events.push(leadEventStatement(env.DB, reached, id, `${reached.replace(".", "_")}_${change}`));
  const statements = [
    asStatement(env.DB, db.update(leads).set(set).where(eq(leads.id, id))),
    ...entries.map((e, i) =>
      asStatement(env.DB, db.insert(leadEvents).values({ id: `${e.type}:${change}_${i}`, leadId: id, businessId: lead.businessId, type: e.type, detail: e.detail, actor: actorOf(by), actedBy: by, at: now })),
    ),
    // The note's text stays on the lead; the audit log keeps who changed which parts.
    asStatement(env.DB, audit(db, "lead.update", "lead", id, { changed: Object.keys(patch).filter((k) => k !== "note"), note: patch.note !== undefined })),
  ];
  let results: D1Result[];
  try {
    results = await env.DB.batch([...statements, ...events.map((e) => e.statement)]);
  } catch (e) {
    if (String(e).includes("UNIQUE")) throw new HTTPException(409, { message: "status: this caller has another open lead; close it before reopening this one" });
    throw e;
  }
  await queueEvents(env, events.map((event, i) => ({ event, result: results[statements.length + i] })));
  // Won, lost or booked: the caller's held follow-up (and, once closed, their escalation) stops.
  const stop = set.status ? statusStop(set.status) : null;
  if (stop) await automationStopped(env, lead.businessId, lead.phone, stop);
  return findLead(db, id);
}

/** What a job for `service` is worth to the business: its job values, else its default (as qualification estimates it). */
async function serviceEstimate(db: ReturnType<typeof drizzle>, businessId: string, service: string | undefined): Promise<number | null> {
  const settings = parseSettings((await findBusiness(db, businessId)).settings);
  return estimateCents(service, settings.jobValues, settings.defaultJobValueCents);
}

async function refuseSecondOpenLead(db: ReturnType<typeof drizzle>, lead: LeadRow): Promise<void> {
  const [open] = await db
    .select({ id: leads.id })
    .from(leads)
    .where(and(eq(leads.businessId, lead.businessId), eq(leads.phone, lead.phone), isNull(leads.closedAt), ne(leads.id, lead.id)));
  if (open) throw new HTTPException(409, { message: `status: this caller has another open lead (${open.id}); close it before reopening this one` });
}
