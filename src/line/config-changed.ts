import { D1_NOW_MS } from "../db/line-row";
import type { Env } from "../env";
import { log } from "../log";
import { lineStub } from "./stub";

/**
 * Tell every line (number) of a business that its configuration changed just now, after the change
 * is committed to D1, so a configuration any isolate cached before it is refused as stale
 * (BusinessLine.configChanged). `removed` are numbers the change took away from the business: their
 * lines are told too, so a cached copy of a removed number is not decided on either. A line that
 * cannot be told keeps accepting cached configurations for at most CHECKED_LINE_CACHE_MS; the change
 * itself stands.
 */
export async function linesChanged(env: Pick<Env, "DB" | "LINE">, businessId: string, removed: readonly string[] = []): Promise<void> {
  // Read after the change committed, on D1's clock (the one configurations are read by).
  const { results } = await env.DB.prepare(
    `SELECT e164, ${D1_NOW_MS} AS at FROM numbers WHERE business_id = ?1 UNION ALL SELECT value, ${D1_NOW_MS} FROM json_each(?2)`,
  )
    .bind(businessId, JSON.stringify(removed))
    .all<{ e164: string; at: number }>();
  await Promise.all(
    results.map(async ({ e164, at }) => {
      try {
        await lineStub(env, e164).configChanged(at);
      } catch (e) {
        log.warn("line.config_changed_failed", { businessId, number: e164, error: String(e) });
      }
    }),
  );
}
