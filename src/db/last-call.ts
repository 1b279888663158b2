/** A number's newest call: whether calls reach it (its page, the dashboard, the nightly check). */
import { desc, eq, sql } from "drizzle-orm";
import type { drizzle } from "drizzle-orm/d1";
import { preparedPer } from "./prepared";
import { calls } from "./schema";

export interface LastCall {
  at: number;
  from: string;
  forwardedFrom: string | null;
}

const newestCall = preparedPer((db) =>
  db
    .select({ at: calls.at, from: calls.fromPhone, facts: calls.facts })
    .from(calls)
    .where(eq(calls.numberId, sql.placeholder("numberId")))
    .orderBy(desc(calls.at))
    .limit(1)
    .prepare(),
);

/** The newest call to a number (one index seek on calls(number_id, at)). */
export async function lastCall(db: ReturnType<typeof drizzle>, numberId: string): Promise<LastCall | null> {
  const row = await newestCall(db).get({ numberId });
  if (!row) return null;
  const facts = (row.facts ?? {}) as { forwardedFrom?: unknown };
  return { at: row.at, from: row.from, forwardedFrom: typeof facts.forwardedFrom === "string" ? facts.forwardedFrom : null };
}

