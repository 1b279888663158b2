import { callerContactSql } from "./contacts";
import { latestConsentSql, staffConsentSql } from "./consent";
import { undeliverableCodeSql } from "./line-types";
import type { businesses, numbers } from "./schema";

/**
 * Now on D1's own clock, in ms: a configuration's read and an admin change are timed by the same
 * clock, so whether a read saw a change does not depend on two machines agreeing on the time.
 */
export const D1_NOW_MS = "CAST(unixepoch('subsec') * 1000 AS INTEGER)";

/**
 * One statement: the number and its business, the business's templates and numbers (as JSON), the
 * caller's newest opt-in/opt-out event, its own people's (staffConsentSql), the carrier's error if it called the caller undeliverable, and
 * their contact (by its key: one probe however many contacts the business has).
 * Static SQL, so no query is built per webhook; every lookup goes through an index
 * (test/query-plans.test.ts).
 */
const LINE_SQL = `SELECT n.id AS numberId, n.e164 AS e164, n.carrier AS carrier, n.mode AS mode,
  n.credentials AS credentials, n.business_id AS businessId, b.name AS name, b.timezone AS timezone,
  b.booking_url AS bookingUrl, b.forward_to AS forwardTo, b.notify_phone AS notifyPhone, b.priority_phone AS priorityPhone,
  EXISTS (SELECT 1 FROM event_hooks h WHERE h.business_id = b.id) AS hasWebhook, b.voice_ai_secret AS voiceAiSecret,
  b.hours AS hours, b.settings AS settings,
  (SELECT json_group_object(t.kind, t.body) FROM templates t WHERE t.business_id = n.business_id) AS templates,
  (SELECT json_group_array(o.e164) FROM numbers o WHERE o.business_id = n.business_id) AS ownNumbers,
  (${latestConsentSql("json_array(c.kind, c.at)", "n.business_id", "?2")}) AS consent,
  (${staffConsentSql("n.business_id", "b.notify_phone", "b.settings")}) AS staffConsent,
  (${undeliverableCodeSql("n.business_id", "?2")}) AS undeliverableCode,
  (${callerContactSql("n.business_id", "?2")}) AS contact,
  (SELECT json_object('id', l.id, 'status', l.status, 'name', l.name, 'fields', json(l.fields), 'handedOver', l.handed_over, 'urgent', l.urgent, 'acknowledged', l.acknowledged_at IS NOT NULL)
    FROM leads l WHERE l.business_id = n.business_id AND l.phone = ?2 AND l.closed_at IS NULL) AS lead,
  EXISTS (SELECT 1 FROM leads c WHERE c.business_id = n.business_id AND c.phone = ?2 AND c.closed_at IS NOT NULL) AS hadLead,
  ${D1_NOW_MS} AS readAt
FROM numbers n INNER JOIN businesses b ON b.id = n.business_id
WHERE n.e164 = ?1
LIMIT 1`;

/** A business number with everything a webhook needs about it and the other party, as stored. */
export type LineRow = Pick<typeof numbers.$inferSelect, "e164" | "carrier" | "mode" | "credentials" | "businessId"> &
  Pick<typeof businesses.$inferSelect, "name" | "timezone" | "bookingUrl" | "forwardTo" | "notifyPhone" | "priorityPhone" | "voiceAiSecret"> & {
    numberId: string;
    hasWebhook: number;
    /** JSON text, as stored. */
    hours: string | null;
    settings: string;
    /** JSON object of template bodies by kind. */
    templates: string;
    /** JSON array of the business's numbers. */
    ownNumbers: string;
    /** JSON `[kind, at]` of the caller's newest opt-out/opt-in, if any. */
    consent: string | null;
    /** JSON object of the business's own phones' newest opt-out/opt-in (consentRecords reads it). */
    staffConsent: string | null;
    /** The carrier's error that marked the caller undeliverable, if it did. */
    undeliverableCode: string | null;
    /** JSON `{ name, tags }` of the caller's contact, if the business has one. */
    contact: string | null;
    /** JSON of the caller's open lead (id, status, name, fields, handedOver, urgent and acknowledged 0/1), if they have one. */
    lead: string | null;
    /** The caller had a lead that is closed now. */
    hadLead: number;
    /** D1_NOW_MS when the row was read. */
    readAt: number;
  };

/** The row of a business number (by E.164) and, for `caller`, their consent, deliverability and contact: one round trip. */
export function readLineRow(d1: D1Database, e164: string, caller: string | null): Promise<LineRow | null> {
  return d1.prepare(LINE_SQL).bind(e164, caller ?? "").first<LineRow>();
}
