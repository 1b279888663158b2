import type { Env } from "../env";
import { log } from "../log";
import type { StopReason } from "../vocabulary";
import { lineStub } from "./stub";

/**
 * Tell every line (number) of a business that automation stopped for a caller, after the act that
 * stopped it is committed to D1 (a person's text from the admin, a lead won, lost or booked there):
 * each cancels what it holds of theirs (BusinessLine.stopAutomation). A line that cannot be told
 * refuses those texts when they come due, from the caller's standing in D1 (PendingTexts), so a
 * failure here is logged, never the person's.
 */
export async function automationStopped(env: Pick<Env, "DB" | "LINE">, businessId: string, phone: string, reason: StopReason): Promise<void> {
  let results: { e164: string }[];
  try {
    ({ results } = await env.DB.prepare("SELECT e164 FROM numbers WHERE business_id = ?1").bind(businessId).all<{ e164: string }>());
  } catch (e) {
    log.warn("line.stop_automation_failed", { businessId, reason, error: String(e) });
    return;
  }
  await Promise.all(
    results.map(async ({ e164 }) => {
      try {
        await lineStub(env, e164).stopAutomation(phone, reason);
      } catch (e) {
        log.warn("line.stop_automation_failed", { businessId, number: e164, reason, error: String(e) });
      }
    }),
  );
}
