/**
 * Cursors of the API's newest-first lists (calls, messages): `nextCursor` names the last row of a
 * page by its time and id (`<ms>~<id>`), and the next page starts after that row. Rows sharing a
 * millisecond are neither skipped nor repeated, and the time bound lets the list's
 * (business, time) index start the page where the last one ended.
 */
import { and, lt, lte, or, type SQL } from "drizzle-orm";
import type { SQLiteColumn } from "drizzle-orm/sqlite-core";
import * as z from "../zod";

export interface ListCursor {
  at: number;
  id: string;
}

/** `?cursor=`, as a page's `nextCursor` wrote it. */
export const listCursorSchema = z.pipe(
  z.string().check(z.regex(/^\d{1,15}~\S{1,200}$/, "must be the nextCursor of an earlier page")),
  z.transform((s): ListCursor => ({ at: Number(s.slice(0, s.indexOf("~"))), id: s.slice(s.indexOf("~") + 1) })),
);

/** The `nextCursor` of a page whose last row is `row`. */
export const cursorOf = (row: ListCursor): string => `${row.at}~${row.id}`;

/** Rows after `cursor` in (time, id) descending order. */
export function olderThan(atColumn: SQLiteColumn, idColumn: SQLiteColumn, cursor: ListCursor): SQL {
  return and(lte(atColumn, cursor.at), or(lt(atColumn, cursor.at), lt(idColumn, cursor.id)))!;
}

/**
 * One page of `limit` rows from a query asked for `limit + 1` (the extra one says whether there is
 * a next page), and the cursor of the next page, or null.
 */
export function pageOf<T>(rows: T[], limit: number, position: (row: T) => ListCursor): { page: T[]; nextCursor: string | null } {
  const page = rows.slice(0, limit);
  const last = page.at(-1);
  return { page, nextCursor: rows.length > limit && last ? cursorOf(position(last)) : null };
}
