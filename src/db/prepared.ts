import { drizzle, type DrizzleD1Database } from "drizzle-orm/d1";

/**
 * A drizzle query prepared once per D1 binding: its SQL is built the first time and every later
 * use only binds values. For the reads every admin request makes (its session, the business, its
 * numbers), where drizzle's builder was a fifth of a dashboard's CPU. The binding is the same
 * object for the requests an isolate serves; a new one simply prepares again.
 */
export function preparedPer<T>(build: (db: DrizzleD1Database) => T): (db: { $client: D1Database }) => T {
  const byClient = new WeakMap<D1Database, T>();
  return (db) => {
    let prepared = byClient.get(db.$client);
    if (!prepared) {
      prepared = build(drizzle(db.$client));
      byClient.set(db.$client, prepared);
    }
    return prepared;
  };
}
