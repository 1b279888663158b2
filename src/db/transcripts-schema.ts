import { sql } from "drizzle-orm";
import { index, integer, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";
import { TRANSCRIPT_STATUSES, type CarrierName } from "../vocabulary";

/**
 * A voicemail whose words the carrier's callback did not carry (Vonage, Bandwidth): what to read
 * them from and where reading them stands. One row per call: a callback delivered again finds it and
 * queues nothing. The words themselves are never kept here; they reach the line as a message.
 */
export const voicemailTranscripts = sqliteTable(
  "voicemail_transcripts",
  {
    id: text("id").primaryKey(),
    businessId: text("business_id").notNull(),
    numberId: text("number_id").notNull(),
    carrier: text("carrier").$type<CarrierName>().notNull(),
    /** The caller's call at the carrier, as the call row has it. */
    carrierCallId: text("carrier_call_id").notNull(),
    /** The business number (the line) and the caller. */
    toPhone: text("to_phone").notNull(),
    fromPhone: text("from_phone").notNull(),
    /** Where the words are read from: Vonage's `transcription_url`, Bandwidth's recording id. */
    source: text("source").notNull(),
    /** Our public origin when the callback came (the line's links); the queue job does not know it. */
    origin: text("origin").notNull(),
    status: text("status", { enum: TRANSCRIPT_STATUSES }).notNull(),
    attempts: integer("attempts").notNull().default(0),
    /** The last read's failure: `HTTP <status>`, `network` or `not a Vonage URL`. */
    lastError: text("last_error"),
    createdAt: integer("created_at", { mode: "number" }).notNull(),
    updatedAt: integer("updated_at", { mode: "number" }).notNull(),
  },
  (t) => [
    uniqueIndex("voicemail_transcripts_call_uq").on(t.numberId, t.carrierCallId),
    // A conversation's voicemails, and a business's dead ones.
    index("voicemail_transcripts_caller_idx").on(t.businessId, t.fromPhone),
    index("voicemail_transcripts_status_idx").on(t.businessId, t.status, t.updatedAt),
    // The cron's look for reads recorded but never queued.
    index("voicemail_transcripts_queued_idx").on(t.updatedAt).where(sql`status = 'queued'`),
  ],
);

export type VoicemailTranscriptRow = typeof voicemailTranscripts.$inferSelect;
