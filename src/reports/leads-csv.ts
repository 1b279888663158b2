/** A business's leads as CSV (`GET /api/businesses/:id/leads.csv`): one lead a line, oldest first. */
import { and, asc, eq, gte, lt, type SQL } from "drizzle-orm";
import type { DrizzleD1Database } from "drizzle-orm/d1";
import { leads } from "../db/leads-schema";
import { toCsv } from "./csv";

type Lead = typeof leads.$inferSelect;

/** The answers people look for first get their own columns; every answer is in `fields` too. */
const FIELD_COLUMNS = ["service", "address", "zip", "urgency", "preferredTime"] as const;

const TIMES = ["firstCallAt", "firstTextAt", "firstReplyAt", "firstHumanReplyAt", "qualifiedAt", "bookedAt", "startsAt", "closedAt", "acknowledgedAt", "createdAt", "lastActivityAt"] as const;

/** Columns added since the first export: after every other, so a sheet that reads columns by position keeps working. */
const ADDED = ["dangerAt"] as const;

const HEADER = ["id", "phone", "name", "status", "urgent", "source", ...FIELD_COLUMNS, "fields", "estimatedCents", "wonCents", "lostReason", "lostNote", "calls", "clicks", "acknowledgedBy", ...TIMES, ...ADDED];

const iso = (ms: number | null) => (ms === null ? "" : new Date(ms).toISOString());

function leadLine(l: Lead): unknown[] {
  return [
    l.id,
    l.phone,
    l.name,
    l.status,
    l.urgent,
    l.source,
    ...FIELD_COLUMNS.map((k) => l.fields[k] ?? ""),
    JSON.stringify(l.fields),
    l.estimatedCents,
    l.wonCents,
    l.lostReason,
    l.lostNote,
    l.calls,
    l.clicks,
    l.acknowledgedBy,
    ...TIMES.map((t) => iso(l[t])),
    ...ADDED.map((t) => iso(l[t])),
  ];
}

/**
 * The leads opened in [from, to) (every lead without a period), oldest first, as a download. Cells a
 * spreadsheet would run as a formula (a name or an answer starting with =, +, - or @) are made inert.
 */
export async function leadsCsv(db: DrizzleD1Database, businessId: string, period: { from?: number; to?: number }): Promise<{ csv: string; headers: Record<string, string> }> {
  const where: SQL[] = [eq(leads.businessId, businessId)];
  if (period.from !== undefined) where.push(gte(leads.createdAt, period.from));
  if (period.to !== undefined) where.push(lt(leads.createdAt, period.to));
  const rows = await db.select().from(leads).where(and(...where)).orderBy(asc(leads.createdAt));
  return {
    csv: toCsv(HEADER, rows.map(leadLine)),
    headers: { "content-type": "text/csv; charset=utf-8", "content-disposition": `attachment; filename="leads-${businessId}.csv"` },
  };
}
