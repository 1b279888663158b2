/** The admin's handle on D1, and the ids of the rows it creates. */
import type { drizzle } from "drizzle-orm/d1";

export type Db = ReturnType<typeof drizzle>;

/** `biz_…`, `num_…`: the prefix says what it is, 20 random hex digits make it unique. */
export function newId(prefix: string): string {
  return `${prefix}_${crypto.randomUUID().replace(/-/g, "").slice(0, 20)}`;
}
