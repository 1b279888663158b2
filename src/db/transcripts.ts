/**
 * Voicemails whose words are read from the carrier (transcripts-schema.ts): recording that a
 * transcription is ready, once per call, and moving its read from `queued` to how it ended.
 */
import { and, desc, eq, inArray, lt, sql } from "drizzle-orm";
import { drizzle } from "drizzle-orm/d1";
import type { TranscriptStatus } from "../vocabulary";
import { voicemailTranscripts, type VoicemailTranscriptRow } from "./transcripts-schema";

export type NewTranscript = Omit<typeof voicemailTranscripts.$inferInsert, "id" | "status" | "attempts" | "lastError" | "createdAt" | "updatedAt">;

/** Reads still to be tried: a job finding its row in either state reads; in any other, it is done. */
export const OPEN_TRANSCRIPT_STATUSES = ["queued", "retrying"] as const satisfies readonly TranscriptStatus[];

/**
 * Record that a call's transcription is ready, `queued`. The id of the new row, or null when the
 * call already has one (the carrier delivered its callback again): the unique (number, call) key
 * decides, so concurrent deliveries record it once.
 */
export async function recordTranscript(d1: D1Database, t: NewTranscript, now: number): Promise<string | null> {
  const id = `vt_${crypto.randomUUID().replace(/-/g, "").slice(0, 20)}`;
  const rows = await drizzle(d1)
    .insert(voicemailTranscripts)
    .values({ ...t, id, status: "queued", attempts: 0, lastError: null, createdAt: now, updatedAt: now })
    .onConflictDoNothing()
    .returning({ id: voicemailTranscripts.id });
  return rows[0]?.id ?? null;
}

export async function findTranscript(d1: D1Database, id: string): Promise<VoicemailTranscriptRow | undefined> {
  const [row] = await drizzle(d1).select().from(voicemailTranscripts).where(eq(voicemailTranscripts.id, id));
  return row;
}

/**
 * Move an open read to `status`, counting the attempt when one was made. Conditional on the read
 * being open, so a late copy of a job never undoes how it ended. Whether it moved.
 */
export async function settleTranscript(
  d1: D1Database,
  id: string,
  to: { status: TranscriptStatus; attempted: boolean; lastError?: string },
  now: number,
): Promise<boolean> {
  const res = await drizzle(d1)
    .update(voicemailTranscripts)
    .set({ status: to.status, attempts: sql`${voicemailTranscripts.attempts} + ${to.attempted ? 1 : 0}`, lastError: to.lastError, updatedAt: now })
    .where(and(eq(voicemailTranscripts.id, id), inArray(voicemailTranscripts.status, OPEN_TRANSCRIPT_STATUSES)));
  return res.meta.changes > 0;
}

/** A dead read back to `queued` for a person's retry; the conditional UPDATE lets one of two clicks through. */
export async function requeueDeadTranscript(d1: D1Database, id: string, businessId: string, now: number): Promise<boolean> {
  const res = await drizzle(d1)
    .update(voicemailTranscripts)
    .set({ status: "queued", updatedAt: now })
    .where(and(eq(voicemailTranscripts.id, id), eq(voicemailTranscripts.businessId, businessId), eq(voicemailTranscripts.status, "dead")));
  return res.meta.changes > 0;
}

/** Reads recorded `queued` before `before` and never picked up: their job did not reach the queue. */
export async function strandedTranscripts(d1: D1Database, before: number, limit: number): Promise<string[]> {
  const rows = await drizzle(d1)
    .select({ id: voicemailTranscripts.id })
    .from(voicemailTranscripts)
    .where(and(eq(voicemailTranscripts.status, "queued"), lt(voicemailTranscripts.updatedAt, before)))
    .orderBy(voicemailTranscripts.updatedAt)
    .limit(limit);
  return rows.map((r) => r.id);
}

/** A business's reads that used every retry, newest first. */
export function deadTranscripts(d1: D1Database, businessId: string, limit: number): Promise<VoicemailTranscriptRow[]> {
  return drizzle(d1)
    .select()
    .from(voicemailTranscripts)
    .where(and(eq(voicemailTranscripts.businessId, businessId), eq(voicemailTranscripts.status, "dead")))
    .orderBy(desc(voicemailTranscripts.updatedAt))
    .limit(limit);
}

/** The voicemails one caller left the business, newest first: a query for the conversation page's batch. */
export function transcriptsFrom(db: ReturnType<typeof drizzle>, businessId: string, phone: string, limit: number) {
  return db
    .select()
    .from(voicemailTranscripts)
    .where(and(eq(voicemailTranscripts.businessId, businessId), eq(voicemailTranscripts.fromPhone, phone)))
    .orderBy(desc(voicemailTranscripts.createdAt))
    .limit(limit);
}
