import type { Env } from "../env";
import { log } from "../log";
import { lineStub } from "./stub";

/**
 * Tell every line (number) of a business that a person took a caller's urgent page on the admin
 * page, after D1 recorded it: each cancels the pages it holds for the caller's emergency
 * (BusinessLine.pageTaken). A line that cannot be told refuses them when they come due, from the
 * lead's acknowledgement in D1 (PendingTexts), so a failure here is logged, never the person's.
 */
export async function pageTaken(env: Pick<Env, "DB" | "LINE">, businessId: string, caller: string): Promise<void> {
  const { results } = await env.DB.prepare("SELECT e164 FROM numbers WHERE business_id = ?1").bind(businessId).all<{ e164: string }>();
  await Promise.all(
    results.map(async ({ e164 }) => {
      try {
        await lineStub(env, e164).pageTaken(caller);
      } catch (e) {
        log.warn("line.page_taken_failed", { businessId, number: e164, error: String(e) });
      }
    }),
  );
}
