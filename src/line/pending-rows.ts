import type { PendingRow } from "./store-types";

/** A caller's own held texts, or the pages held for their emergency. */
const KINDS = { texts: "kind IN ('text', 'follow_up')", page: "kind = 'page'" } as const;

/**
 * The line's `pending` table: texts held for their time (a delayed text-back, a follow-up, a page
 * held for escalation) and jobs waiting for the queue. Part of LineStore (`store.pendingRows`), on
 * the same synchronous SQLite, so the line still checks and writes before its first await.
 */
export class PendingRows {
  constructor(private readonly sql: SqlStorage) {}

  /** Hold these rows (again: a row put back is unclaimed). */
  putPending(rows: PendingRow[]): void {
    for (const r of rows) {
      this.sql.exec(
        "INSERT OR REPLACE INTO pending (message_id, kind, phone, due, timezone, job) VALUES (?, ?, ?, ?, ?, ?)",
        r.message_id, r.kind, r.phone, r.due, r.timezone, r.job,
      );
    }
  }

  /** What is due at `now`; a claimed row waits for its claim to end (claim). */
  pendingDue(now: number): PendingRow[] {
    return this.sql.exec<PendingRow>("SELECT * FROM pending WHERE due <= ? AND claim IS NULL ORDER BY due", now).toArray();
  }

  /**
   * Claim this caller's held texts (or the pages held for their emergency) for `claim`: kept, but
   * not sent while it lasts. Anyone else who takes the caller's texts meanwhile (takePendingOf)
   * takes claimed ones too, and the claim then ends with nothing.
   */
  claimPendingOf(phone: string, which: "texts" | "page", claim: string): PendingRow[] {
    return this.sql.exec<PendingRow>(`UPDATE pending SET claim = ? WHERE phone = ? AND ${KINDS[which]} AND claim IS NULL RETURNING *`, claim, phone).toArray();
  }

  /** End a claim: its rows are removed and returned (`keep` false), or held again as before (`keep` true). */
  endClaim(claim: string, keep: boolean): PendingRow[] {
    if (keep) return this.sql.exec<PendingRow>("UPDATE pending SET claim = NULL WHERE claim = ? RETURNING *", claim).toArray();
    return this.sql.exec<PendingRow>("DELETE FROM pending WHERE claim = ? RETURNING *", claim).toArray();
  }

  /**
   * This caller's held texts, removed: their text-back and follow-up, or (`page`) the pages held
   * for their emergency. `queue` entries are not theirs to cancel.
   */
  takePendingOf(phone: string, which: "texts" | "page" = "texts"): PendingRow[] {
    const kinds = KINDS[which];
    const rows = this.sql.exec<PendingRow>(`SELECT * FROM pending WHERE phone = ? AND ${kinds}`, phone).toArray();
    if (rows.length > 0) this.sql.exec(`DELETE FROM pending WHERE phone = ? AND ${kinds}`, phone);
    return rows;
  }

  /** A caller's held texts (text-back, follow-up), or the pages held for their emergency, and when each goes out. */
  heldFor(phone: string, which: "texts" | "page" = "texts"): { message_id: string; due: number }[] {
    return this.sql.exec<{ message_id: string; due: number }>(`SELECT message_id, due FROM pending WHERE phone = ? AND ${KINDS[which]} ORDER BY due`, phone).toArray();
  }

  /** Whether the line still holds a text-back for this caller (delayed: it has not gone out yet). */
  textBackHeld(phone: string): boolean {
    return this.sql.exec("SELECT 1 FROM pending WHERE phone = ? AND kind = 'text' LIMIT 1", phone).toArray().length > 0;
  }

  /** One held text (text-back or follow-up), removed; null when it is held no more. */
  takeHeld(messageId: string): PendingRow | null {
    return this.sql.exec<PendingRow>("DELETE FROM pending WHERE message_id = ? AND kind IN ('text', 'follow_up') RETURNING *", messageId).toArray()[0] ?? null;
  }

  /** When the digest held for this business phone goes, or null when none is held. */
  digestDue(phone: string): number | null {
    return this.sql.exec<{ due: number }>("SELECT due FROM pending WHERE phone = ? AND kind = 'digest' LIMIT 1", phone).toArray()[0]?.due ?? null;
  }

  deletePending(...messageIds: string[]): void {
    for (const id of messageIds) this.sql.exec("DELETE FROM pending WHERE message_id = ?", id);
  }

  postpone(messageId: string, due: number): void {
    this.sql.exec("UPDATE pending SET due = ? WHERE message_id = ?", due, messageId);
  }
}
