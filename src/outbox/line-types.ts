/**
 * Landlines (setting `lookupLineType`, DESIGN.md §6.4): before a caller's first text the outbox asks
 * the number's carrier what kind of line the caller has, keeps the answer in D1 for 90 days, and
 * sends no text to a landline. A lookup that fails or takes over 1.5 s texts anyway. The line never
 * waits for any of it: the lookup happens here, off the webhook's path.
 */
import { lookupLineType } from "../carriers/line-lookup";
import { isCarrierName } from "../carriers";
import { decryptCredentials } from "../crypto/credentials";
import { lineTypesStatement, saveLineTypeStatement } from "../db/line-types";
import type { Env } from "../env";
import { log } from "../log";
import { asksLineType, landlineAction, lineTypeFresh, type LineTypeAnswer } from "../rules/line-type";
import { decisionColumns } from "../rules/reasons";
import { messages } from "../db/schema";
import { insertRow } from "../db/statements";
import { landlineAlertText } from "./contact-texts";
import type { WriteBehindRecord } from "./jobs";
import type { MessageRow } from "./load-batch";

const NUMBERS_SQL = "SELECT id, carrier, credentials FROM numbers WHERE id IN (SELECT value FROM json_each(?1))";

/**
 * Ask the carrier of `number` about `phone`, and record the answer, or why there is none (the
 * caller is then texted), on the log line `outbox.line_lookup`.
 */
export async function askLineType(env: Env, number: { carrier: string; credentials: string }, businessId: string, phone: string): Promise<LineTypeAnswer> {
  let answer: LineTypeAnswer;
  if (!isCarrierName(number.carrier)) answer = { why: `no lookup for carrier ${number.carrier}` };
  else {
    try {
      answer = await lookupLineType(env, number.carrier, await decryptCredentials(env.DATA_KEY, number.credentials), phone);
    } catch {
      answer = { why: "the number's credentials cannot be read" };
    }
  }
  if ("lineType" in answer) log.info("outbox.line_lookup", { businessId, carrier: number.carrier, lineType: answer.lineType });
  else log.warn("outbox.line_lookup", { businessId, carrier: number.carrier, lineType: "unknown", why: answer.why });
  return answer;
}

/**
 * For a batch's written-behind calls whose business asks (the line put `lookupLineType` on the
 * record): the answers it has not got, asked of the carriers side by side, as statements to run
 * ahead of the records' own writes. A text to a landline is then refused by D1 like one to an
 * opted-out caller (db/consent.ts), and settled as `skipped:landline` (write-behind.ts), so the
 * call's record and its `call.missed` event say so from the start. One extra D1 round trip, only
 * for a batch that has such a call.
 */
export async function lineTypeWrites(env: Env, records: readonly WriteBehindRecord[], now: number): Promise<{ writes: D1PreparedStatement[]; screened: Set<string> }> {
  const asking = records.filter((r) => r.lookupLineType && r.verify && asksLineType(r.message.kind, { lookupLineType: true }));
  const screened = new Set(asking.map((r) => r.message.id));
  if (asking.length === 0) return { writes: [], screened };
  const byBusiness = new Map<string, Set<string>>();
  for (const r of asking) byBusiness.set(r.call.businessId, (byBusiness.get(r.call.businessId) ?? new Set()).add(r.call.fromPhone));
  const businesses = [...byBusiness.keys()];
  const numberIds = [...new Set(asking.map((r) => r.call.numberId))];
  const results = await env.DB.batch<Record<string, unknown>>([
    ...businesses.map((b) => lineTypesStatement(env.DB, b, [...byBusiness.get(b)!])),
    env.DB.prepare(NUMBERS_SQL).bind(JSON.stringify(numberIds)),
  ]);
  const known = new Set<string>();
  businesses.forEach((b, i) => {
    for (const row of results[i]!.results as { phone: string; checkedAt: number }[]) if (lineTypeFresh(row.checkedAt, now)) known.add(`${b} ${row.phone}`);
  });
  const numbers = new Map((results[businesses.length]!.results as { id: string; carrier: string; credentials: string }[]).map((n) => [n.id, n]));
  const asked = new Map<string, Promise<LineTypeAnswer>>();
  for (const r of asking) {
    const key = `${r.call.businessId} ${r.call.fromPhone}`;
    const number = numbers.get(r.call.numberId);
    if (known.has(key) || asked.has(key) || !number) continue;
    asked.set(key, askLineType(env, number, r.call.businessId, r.call.fromPhone));
  }
  const writes: D1PreparedStatement[] = [];
  for (const [key, pending] of asked) {
    const answer = await pending;
    const [businessId, phone] = key.split(" ") as [string, string];
    if ("lineType" in answer) writes.push(saveLineTypeStatement(env.DB, businessId, phone, answer.lineType, now));
  }
  return { writes, screened };
}

const SKIP_TEXT_SQL = "UPDATE messages SET status = 'suppressed', error_code = 'landline', updated_at = ?1 WHERE id = ?2";
const SKIP_CALL_SQL = "UPDATE calls SET decision = ?1, reason = ?2 WHERE id = ?3 AND decision LIKE 'texted:%'";

/**
 * At send time, for a text whose call was not screened before it was written (a delayed text, one
 * the line recorded itself): look the number up if no answer is fresh, and for a landline settle
 * the text `suppressed` (error `landline`) and its call `skipped:landline`, and tell the owner's
 * phone to call them back (not in shadow mode). A follow-up to a known landline is suppressed the
 * same way, with no second alert. `screened`: the texts this batch asked about already (an
 * answer-less lookup is not asked twice). True when the text must not be sent.
 */
export async function landlineAtSend(
  env: Env,
  row: MessageRow,
  settings: { lookupLineType: boolean; shadow: boolean },
  screened: ReadonlySet<string>,
  now: number,
  callbackOrigin = "",
): Promise<boolean> {
  const known = row.lineType !== null && row.lineTypeAt !== null ? { lineType: row.lineType, checkedAt: row.lineTypeAt } : null;
  let action = landlineAction(row.kind, settings, known, now);
  if (action === "lookup" && screened.has(row.id)) action = "send";
  if (action === "lookup") {
    const answer = await askLineType(env, row, row.businessId, row.toPhone);
    if ("lineType" in answer) await saveLineTypeStatement(env.DB, row.businessId, row.toPhone, answer.lineType, now).run();
    action = "lineType" in answer && answer.lineType === "landline" ? "skip" : "send";
  }
  if (action === "send") return false;
  const { decision, reason } = decisionColumns({ action: "skip", outcome: "no_answer", reason: "landline" });
  const writes = [env.DB.prepare(SKIP_TEXT_SQL).bind(now, row.id)];
  if (row.callId && row.kind !== "follow_up") writes.push(env.DB.prepare(SKIP_CALL_SQL).bind(decision, reason, row.callId));
  const alert = row.callId && row.kind !== "follow_up" ? callBackAlertAtSend(row, settings.shadow ? null : row.notifyPhone, now, callbackOrigin) : null;
  if (alert) writes.push(insertRow(env.DB, messages, alert.row, "ON CONFLICT DO NOTHING"));
  await env.DB.batch(writes);
  if (alert) await env.SMS_OUT.send(alert.job);
  row.status = "suppressed";
  log.info("outbox.landline", { messageId: row.id, businessId: row.businessId });
  return true;
}

/** The landline's alert for a text-back settled at send time, from what its row says of the call (written when the line decided it). */
function callBackAlertAtSend(row: MessageRow, notifyPhone: string | null, now: number, publicBaseUrl: string) {
  const call = { id: row.callId!, businessId: row.businessId, numberId: row.numberId, fromPhone: row.toPhone, toPhone: row.fromPhone, at: row.createdAt };
  return landlineAlertText(call, { notifyPhone, publicBaseUrl, timezone: row.timezone }, now);
}
