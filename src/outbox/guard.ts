import { log } from "../log";
import { explainRefusal, isKeywordAnswer, outboundRefusal, staffPhones, type OutboundRefusal } from "../rules/outbound-guard";
import { settingsFromJson, type BusinessSettings } from "../settings";
import type { MessageKind } from "../vocabulary";
import type { MessageRow } from "./load-batch";

/**
 * The cost guard's view of one outbox batch: the counts D1 gave (texts each business sent in the
 * past 24 hours; each row carries its recipient's answers in the past hour) plus what this batch let
 * through so far, so texts of one batch count against each other. Concurrent batches see each
 * other only through D1, so a cap can be passed by at most the texts of the batches in flight.
 */
export interface BatchGuard {
  sentLastDay: Map<string, number>;
  /** Texts this batch let through, by business. */
  passed: Map<string, number>;
  /** Keyword answers this batch let through, by business and recipient. */
  answered: Map<string, number>;
  /** Each business's settings, parsed once per batch. */
  settings: Map<string, BusinessSettings>;
  /** Businesses whose daily-cap alert this batch raised or found raised (outbox/cap-alert.ts). */
  capAlerted: Set<string>;
}

export function batchGuard(sentLastDay = new Map<string, number>()): BatchGuard {
  return { sentLastDay, passed: new Map(), answered: new Map(), settings: new Map(), capAlerted: new Set() };
}

/** The row's business's settings, parsed once per batch. */
export function settingsOf(row: MessageRow, guard: BatchGuard): BusinessSettings {
  let settings = guard.settings.get(row.businessId);
  if (!settings) {
    settings = settingsFromJson(row.settings);
    guard.settings.set(row.businessId, settings);
  }
  return settings;
}

const bump = (counts: Map<string, number>, key: string) => counts.set(key, (counts.get(key) ?? 0) + 1);

/**
 * Whether the row may go now (null) or why not. A text let through is counted at once, before
 * any await, so two sends of the batch running side by side cannot both take the last place.
 */
export function admit(row: MessageRow, guard: BatchGuard): OutboundRefusal | null {
  const settings = settingsOf(row, guard);
  const kind = row.kind as MessageKind;
  const recipient = `${row.businessId}|${row.toPhone}`;
  const refusal = outboundRefusal({
    kind,
    to: row.toPhone,
    settings,
    staffPhones: staffPhones(row.notifyPhone, settings),
    toOwnNumber: row.toOwnNumber === 1,
    recipientLastHour: row.recipientLastHour + (guard.answered.get(recipient) ?? 0),
    businessLastDay: (guard.sentLastDay.get(row.businessId) ?? 0) + (guard.passed.get(row.businessId) ?? 0),
  });
  if (refusal) {
    log.warn("outbox.refused_by_guard", { messageId: row.id, businessId: row.businessId, kind, reason: refusal });
    return refusal;
  }
  bump(guard.passed, row.businessId);
  if (isKeywordAnswer(kind)) bump(guard.answered, recipient);
  return null;
}

const REFUSED_SQL = `UPDATE messages SET status = 'suppressed', error_code = ?1, error_message = ?2, updated_at = ?3 WHERE id = ?4`;

/**
 * The refused text's record: suppressed, never sent and never retried, with the guard's code and
 * its words (a limit's name the cap it was refused under).
 */
export function refusedStatement(d1: D1Database, row: MessageRow, reason: OutboundRefusal, now: number, settings: BusinessSettings): D1PreparedStatement {
  return d1.prepare(REFUSED_SQL).bind(reason, explainRefusal(reason, settings), now, row.id);
}
