import { FLOOD_WINDOW_MS, type FoldedText } from "../rules/owner-digest";

interface Meta {
  meta(key: string): string | null;
  setMeta(key: string, value: string): void;
}

interface FloodRow extends Record<string, SqlStorageValue> {
  caller: string;
  who: string;
  words: string | null;
  at: number;
}

/**
 * The line's records for the owner's flood guard (rules/owner-digest.ts), per phone of the
 * business's: when each informational text went to it directly, the texts folded into its digest
 * (`owner_flood`, `folded` 1) and when its last digest went (`meta` `digest_at:<phone>`). Part of
 * LineStore (`store.flood`), synchronous.
 */
export class FloodRecords {
  constructor(
    private readonly sql: SqlStorage,
    private readonly store: Meta,
  ) {}

  /** When the informational texts `phone` got directly went, in the window and since its last digest (a digest starts a new count). */
  sentTimes(phone: string, now: number): number[] {
    const since = Math.max(now - FLOOD_WINDOW_MS, Number(this.store.meta(`digest_at:${phone}`) ?? 0));
    return this.sql
      .exec<{ at: number }>("SELECT at FROM owner_flood WHERE phone = ? AND folded = 0 AND at > ?", phone, since)
      .toArray()
      .map((r) => r.at);
  }

  noteSent(phone: string, messageId: string, at: number): void {
    this.sql.exec("INSERT OR IGNORE INTO owner_flood (message_id, phone, at, folded) VALUES (?, ?, ?, 0)", messageId, phone, at);
  }

  /** A text held for `phone`'s digest: whose it was and their words (null under privateTexts: never kept). */
  fold(phone: string, messageId: string, at: number, text: FoldedText): void {
    this.sql.exec(
      "INSERT OR IGNORE INTO owner_flood (message_id, phone, at, folded, caller, who, words) VALUES (?, ?, ?, 1, ?, ?, ?)",
      messageId, phone, at, text.caller, text.who, text.words,
    );
  }

  /**
   * The texts folded for `phone`, oldest first, removed; its digest goes now, so the count starts
   * again from `now`. A digest that could not go puts them back (restore).
   */
  takeFolded(phone: string, now: number): { texts: (FoldedText & { messageId: string; at: number })[]; firstAt: number | null; lastDigestAt: string | null } {
    const rows = this.sql
      .exec<FloodRow & { message_id: string }>("DELETE FROM owner_flood WHERE phone = ? AND folded = 1 RETURNING message_id, caller, who, words, at", phone)
      .toArray()
      .sort((a, b) => a.at - b.at || a.message_id.localeCompare(b.message_id));
    const lastDigestAt = this.store.meta(`digest_at:${phone}`);
    this.store.setMeta(`digest_at:${phone}`, String(now));
    const texts = rows.map((r) => ({ messageId: r.message_id, caller: r.caller, who: r.who, words: r.words, at: r.at }));
    return { texts, firstAt: rows[0]?.at ?? null, lastDigestAt };
  }

  /** Put back what takeFolded took, when the digest could not go. */
  restore(phone: string, taken: ReturnType<FloodRecords["takeFolded"]>): void {
    for (const t of taken.texts) this.fold(phone, t.messageId, t.at, t);
    this.store.setMeta(`digest_at:${phone}`, taken.lastDigestAt ?? "0");
  }

  /** Forget direct texts older than the window: they count no more. */
  prune(now: number): void {
    this.sql.exec("DELETE FROM owner_flood WHERE folded = 0 AND at <= ?", now - FLOOD_WINDOW_MS);
  }
}
