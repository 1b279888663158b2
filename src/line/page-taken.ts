import type { Env } from "../env";
import { log } from "../log";
import { settingsFromJson } from "../settings";
import { lineStub } from "./stub";

/**
 * Tell every line (number) of a business that a person took a caller's urgent page on the admin
 * page, after D1 recorded it: each cancels the pages it holds for the caller's emergency
 * (BusinessLine.pageTaken), tells those it paged who took it (`took.by`, page-took.ts) and, when
 * the taker is on call (`took.phone`), relays the caller's texts to them from now on. A line
 * that cannot be told refuses them when they come due, from the lead's acknowledgement in D1
 * (PendingTexts), so a failure here is logged, never the person's.
 */
export async function pageTaken(env: Pick<Env, "DB" | "LINE">, businessId: string, caller: string, took?: { by: string; phone: string | null; publicBaseUrl: string }): Promise<void> {
  const { results } = await env.DB.prepare(
    "SELECT n.id, n.e164, b.timezone, b.settings FROM numbers n INNER JOIN businesses b ON b.id = n.business_id WHERE n.business_id = ?1",
  )
    .bind(businessId)
    .all<{ id: string; e164: string; timezone: string; settings: string }>();
  await Promise.all(
    results.map(async ({ id, e164, timezone, settings }) => {
      try {
        const shadow = settingsFromJson(settings).shadow;
        await lineStub(env, e164).pageTaken(caller, took ? { ...took, businessId, numberId: id, e164, timezone, shadow } : undefined);
      } catch (e) {
        log.warn("line.page_taken_failed", { businessId, number: e164, error: String(e) });
      }
    }),
  );
}
