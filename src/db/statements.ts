import { getTableColumns, getTableName } from "drizzle-orm";
import type { SQLiteColumn, SQLiteTable } from "drizzle-orm/sqlite-core";

/**
 * The hot path (every webhook, every send) binds values to SQL built once, instead of letting
 * drizzle's query builder rebuild the same SQL on every call: that builder was a third of the CPU
 * of a missed call in `npm run bench -- --profile`. Column names and value encoding still come from
 * the drizzle tables, so the schema stays the one source of truth.
 */

const columnsOf = new WeakMap<SQLiteTable, Record<string, SQLiteColumn>>();
const insertSql = new Map<string, string>();

function columns(table: SQLiteTable): Record<string, SQLiteColumn> {
  let cols = columnsOf.get(table);
  if (!cols) {
    cols = getTableColumns(table) as Record<string, SQLiteColumn>;
    columnsOf.set(table, cols);
  }
  return cols;
}

/** A condition for the statement after an insert in a D1 batch: that insert wrote its row. */
export const JUST_WRITTEN = { sql: "changes() > 0", params: [] };

/**
 * `INSERT INTO <table> (<the row's columns>) VALUES (…) <tail>` as a D1 statement; `tail` is a
 * constant conflict clause such as `ON CONFLICT DO NOTHING`. Values are encoded as drizzle would
 * (JSON columns stringified, null left null).
 */
export function insertRow<T extends SQLiteTable>(
  d1: D1Database,
  table: T,
  row: T["$inferInsert"],
  tail = "",
  /** Insert only when this condition holds (`INSERT … SELECT … WHERE`); constant SQL, bound params. */
  where?: { sql: string; params: unknown[] },
): D1PreparedStatement {
  const cols = columns(table);
  const values = row as Record<string, unknown>;
  const keys = Object.keys(values).filter((k) => values[k] !== undefined && cols[k] !== undefined);
  const cacheKey = `${getTableName(table)}\u0000${keys.join(",")}\u0000${tail}\u0000${where?.sql ?? ""}`;
  let sql = insertSql.get(cacheKey);
  if (sql === undefined) {
    const names = keys.map((k) => `"${cols[k]!.name}"`).join(", ");
    const placeholders = keys.map(() => "?").join(", ");
    const source = where ? `SELECT ${placeholders} WHERE ${where.sql}` : `VALUES (${placeholders})`;
    sql = `INSERT INTO "${getTableName(table)}" (${names}) ${source}${tail ? ` ${tail}` : ""}`;
    insertSql.set(cacheKey, sql);
  }
  return d1.prepare(sql).bind(
    ...keys.map((k) => {
      const v = values[k];
      return v === null ? null : (cols[k]!.mapToDriverValue(v) as unknown);
    }),
    ...(where?.params ?? []),
  );
}

/** A drizzle query as a D1 statement, so it can share one `batch()` with statements built by hand. */
export function asStatement(d1: D1Database, query: { toSQL(): { sql: string; params: unknown[] } }): D1PreparedStatement {
  const { sql, params } = query.toSQL();
  return d1.prepare(sql).bind(...params);
}
