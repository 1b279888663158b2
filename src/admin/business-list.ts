/**
 * The admin's list of businesses, a page at a time in name order, or the ones a search finds; and
 * the switcher's few. An operator may run thousands of businesses: every read here walks
 * `businesses_name_idx` in order and stops at a page (test/admin-business-list.test.ts checks the plan).
 */
import { HTTPException } from "hono/http-exception";
import { and, asc, count, eq, inArray, or, sql, type SQL } from "drizzle-orm";
import { businesses, numbers, type BusinessRow } from "../db/schema";
import { userBusinesses } from "../db/team-schema";
import * as z from "../zod";
import { visibleTo, type Viewer } from "./businesses";
import type { Db } from "./db";

export const BUSINESS_PAGE_SIZE = 50;

/** `?q` (words of a name, or digits of one of its numbers) and `?after` (the last business of the previous page). */
export const businessListQuerySchema = z.object({
  q: z.optional(z.string().check(z.trim(), z.minLength(1), z.maxLength(100))),
  after: z.optional(z.string().check(z.minLength(1), z.maxLength(64))),
});
export type BusinessListQuery = z.infer<typeof businessListQuerySchema>;

const likePattern = (q: string) => `%${q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

/** A name containing `q`, or (when `q` is written like a phone) a number containing its digits. */
function searchCondition(q: string): SQL {
  const byName = sql`${businesses.name} LIKE ${likePattern(q)} ESCAPE '\\'`;
  const digits = q.replace(/\D/g, "");
  if (digits.length < 3 || !/^[\d\s().+-]+$/.test(q)) return byName;
  const byNumber = sql`EXISTS (SELECT 1 FROM ${numbers} WHERE ${numbers.businessId} = ${businesses.id} AND ${numbers.e164} LIKE ${likePattern(digits)} ESCAPE '\\')`;
  return or(byName, byNumber)!;
}

/** After the business `after` in (name, id) order: names repeat, ids do not. */
const afterCondition = (after: string): SQL =>
  sql`(${businesses.name}, ${businesses.id}) > (SELECT b.name, b.id FROM ${businesses} b WHERE b.id = ${after})`;

const listed = { id: businesses.id, name: businesses.name, timezone: businesses.timezone, settings: businesses.settings };

/**
 * One page of the businesses the viewer sees, by name, with each one's count of numbers, how many
 * the viewer sees in all (or that the search found), and where the next page starts (null: none).
 */
export async function businessPage(db: Db, viewer: Viewer, query: BusinessListQuery) {
  const filter = and(visibleTo(db, viewer), query.q ? searchCondition(query.q) : undefined);
  const [rows, [total]] = await db.batch([
    db
      .select(listed)
      .from(businesses)
      .where(and(filter, query.after ? afterCondition(query.after) : undefined))
      .orderBy(asc(businesses.name), asc(businesses.id))
      .limit(BUSINESS_PAGE_SIZE + 1),
    db.select({ n: count() }).from(businesses).where(filter),
  ]);
  const shown = rows.slice(0, BUSINESS_PAGE_SIZE);
  const counts = shown.length
    ? await db
        .select({ businessId: numbers.businessId, n: count() })
        .from(numbers)
        .where(inArray(numbers.businessId, shown.map((b) => b.id)))
        .groupBy(numbers.businessId)
    : [];
  return {
    rows: shown,
    numberCount: new Map(counts.map((r) => [r.businessId, r.n])),
    total: total?.n ?? 0,
    next: rows.length > BUSINESS_PAGE_SIZE ? shown.at(-1)!.id : null,
  };
}

/** The first `limit` businesses the viewer sees, by name: id and name only. */
export function firstByName(db: Db, viewer: Viewer, limit: number) {
  return db.select({ id: businesses.id, name: businesses.name }).from(businesses).where(visibleTo(db, viewer)).orderBy(asc(businesses.name), asc(businesses.id)).limit(limit);
}

/**
 * `GET /api/businesses?limit=&cursor=`: without `limit`, every business the viewer sees, oldest
 * first (as it always answered); with it, a page of them after `cursor` (`nextCursor` of the page
 * before: the last business's id).
 */
export const businessApiQuerySchema = z.object({
  limit: z.optional(z.coerce.number().check(z.int(), z.minimum(1), z.maximum(500))),
  cursor: z.optional(z.string().check(z.regex(/^[\w-]{1,64}$/, "must be the nextCursor of an earlier page"))),
});

/** The API's list: oldest first, all of them or one page, and where the next page starts. */
export async function businessApiPage(db: Db, viewer: Viewer, query: z.infer<typeof businessApiQuerySchema>): Promise<{ rows: BusinessRow[]; nextCursor: string | null }> {
  const after = query.cursor
    ? sql`(${businesses.createdAt}, ${businesses.id}) > (SELECT b.created_at, b.id FROM ${businesses} b WHERE b.id = ${query.cursor})`
    : undefined;
  const ordered = db.select().from(businesses).where(and(visibleTo(db, viewer), after)).orderBy(asc(businesses.createdAt), asc(businesses.id));
  if (query.limit === undefined) return { rows: await ordered, nextCursor: null };
  const rows = await ordered.limit(query.limit + 1);
  const page = rows.slice(0, query.limit);
  return { rows: page, nextCursor: rows.length > query.limit ? page.at(-1)!.id : null };
}

/** How many businesses there are. */
export async function businessCount(db: Db): Promise<number> {
  const [row] = await db.select({ n: count() }).from(businesses);
  return row?.n ?? 0;
}

/** The businesses someone works for, by name: what the people page names when it cannot list every business. */
export function assignedBusinesses(db: Db) {
  return db
    .selectDistinct({ id: businesses.id, name: businesses.name, timezone: businesses.timezone })
    .from(businesses)
    .innerJoin(userBusinesses, eq(userBusinesses.businessId, businesses.id))
    .orderBy(asc(businesses.name), asc(businesses.id));
}

/**
 * The business an owner typed into `field`: its id, or its name when exactly one business has it
 * (any case). A 400 naming `field` otherwise, saying why.
 */
export async function businessNamed(db: Db, typed: string, field: string): Promise<string> {
  const text = typed.trim();
  const found = await db
    .select({ id: businesses.id })
    .from(businesses)
    .where(or(eq(businesses.id, text), sql`lower(${businesses.name}) = lower(${text})`))
    .limit(2);
  if (found.length === 1) return found[0]!.id;
  const why = found.length === 0 ? `no business is named “${text}”` : `more than one business is named “${text}”; give its id (biz_…, in its address)`;
  throw new HTTPException(400, { message: `${field}: ${why}` });
}
