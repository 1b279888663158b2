/**
 * The owner told, once a day, that the business's daily text cap stopped a text (DESIGN.md §3
 * `dailyTextCap`): without it, a storm that reaches the cap silences the business's text-backs with
 * nobody knowing. Sent from the number whose text was stopped to the owner's notify phone (a text to
 * the business's own people, which the cap does not stop), as kind `alert`, and posted to the
 * business's event subscribers as `alert.raised` (`daily_text_cap`). The dashboard shows the same
 * from the stopped texts themselves (admin/daily-cap.ts), with or without a notify phone. The
 * alert is an ordinary text through the outbox: the owner's STOP (consent) still holds it back.
 */
import { messages } from "../db/schema";
import { insertRow } from "../db/statements";
import type { Env } from "../env";
import { log } from "../log";
import { emitEvent } from "../notify/events";
import { capAlertId, capAlertText } from "../rules/daily-cap";
import { localeOf } from "../rules/display";
import { localTime } from "../rules/schedule";
import type { BusinessSettings } from "../settings";
import type { BatchGuard } from "./guard";
import type { MessageRow } from "./load-batch";
import { newText } from "./new-text";

/**
 * After `row` was refused at the business's daily cap: the owner's alert, unless today's was
 * raised already (alerts_sent keeps `daily_text_cap:<local date>`; a batch asks D1 once per business).
 */
export async function alertDailyCap(env: Env, row: MessageRow, settings: BusinessSettings, guard: BatchGuard, callbackOrigin: string | undefined): Promise<void> {
  if (guard.capAlerted.has(row.businessId)) return;
  guard.capAlerted.add(row.businessId);
  const now = Date.now();
  const date = localTime(now, row.timezone).date;
  const base = (callbackOrigin ?? env.PUBLIC_BASE_URL ?? "").replace(/\/$/, "");
  const message = capAlertText({
    business: row.businessName,
    cap: settings.dailyTextCap,
    at: now,
    timeZone: row.timezone,
    locale: localeOf(row.numberE164),
    settingsUrl: base ? `${base}/admin/businesses/${encodeURIComponent(row.businessId)}/settings` : null,
  });
  const claimed = await env.DB.prepare("INSERT INTO alerts_sent (business_id, key, detail, at) VALUES (?1, ?2, ?3, ?4) ON CONFLICT DO NOTHING")
    .bind(row.businessId, `daily_text_cap:${date}`, message, now)
    .run();
  if ((claimed.meta.changes ?? 0) === 0) return;
  log.warn("alert.raised", { businessId: row.businessId, kind: "daily_text_cap" });
  if (row.notifyPhone) {
    const text = newText({ id: capAlertId(row.businessId, date), businessId: row.businessId, numberId: row.numberId, kind: "alert", from: row.numberE164, to: row.notifyPhone, body: message, now, publicBaseUrl: base });
    await insertRow(env.DB, messages, text.row, "ON CONFLICT DO NOTHING").run();
    await env.SMS_OUT.send(text.job);
  }
  await emitEvent(env, row.businessId, "alert.raised", { kind: "daily_text_cap", message });
}
