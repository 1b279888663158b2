import type { CallerPages } from "./store-types";

/** An OK is about a page at most this old; older ones are forgotten. */
const PAGE_MEMORY_MS = 24 * 3_600_000;

/**
 * The line's `pages` table: each page one of the business's phones got about a caller in the last
 * day, and who took the caller's emergency (the phone whose OK took it, or the on-call phone of
 * whoever took it on the admin page; null: a person there with no phone on the list). One row per
 * phone and caller, so a person paged about two callers can take either ("+14155552671 OK"); a
 * taken page is kept, so a late OK is told who took it instead of reaching the caller, and the
 * caller's texts and a new danger they name reach whoever holds it. Part of LineStore
 * (`store.pages`), synchronous like the rest.
 */
export class PageRecords {
  constructor(private readonly sql: SqlStorage) {}

  /** `phone` got a page about `caller`'s emergency now. */
  sent(phone: string, caller: string, now: number): void {
    this.sql.exec(
      `INSERT INTO pages (phone, caller, at) VALUES (?, ?, ?)
       ON CONFLICT(phone, caller) DO UPDATE SET at = excluded.at, taken_at = NULL, taken_by = NULL`,
      phone, caller, now,
    );
  }

  /** A new emergency of this caller's: the pages of the one before are over. */
  forget(caller: string): void {
    this.sql.exec("DELETE FROM pages WHERE caller = ?", caller);
  }

  /** Someone took this caller's emergency (`by`: their phone; null: a person on the admin page with none on the list); the first to take it stays its holder. */
  taken(caller: string, by: string | null, now: number): void {
    this.sql.exec("UPDATE pages SET taken_at = ?, taken_by = ? WHERE caller = ? AND taken_at IS NULL", now, by, caller);
  }

  /** The caller of the newest page `phone` got, taken or not (a bare OK is about it). */
  newest(phone: string, now: number): string | null {
    const row = this.sql
      .exec<{ caller: string }>("SELECT caller FROM pages WHERE phone = ? AND at > ? ORDER BY at DESC, rowid DESC LIMIT 1", phone, now - PAGE_MEMORY_MS)
      .toArray()[0];
    return row?.caller ?? null;
  }

  /** The callers of the pages `phone` got that nobody has taken, newest first. */
  openOf(phone: string, now: number): string[] {
    return this.sql
      .exec<{ caller: string }>("SELECT caller FROM pages WHERE phone = ? AND at > ? AND taken_at IS NULL ORDER BY at DESC, rowid DESC", phone, now - PAGE_MEMORY_MS)
      .toArray()
      .map((r) => r.caller);
  }

  /** The callers of the pages `phone` got that it did not take itself, newest first (`OK all` takes the open ones and names who took the rest). */
  notTakenBy(phone: string, now: number): string[] {
    return this.sql
      .exec<{ caller: string }>(
        "SELECT caller FROM pages WHERE phone = ?1 AND at > ?2 AND (taken_at IS NULL OR taken_by IS NULL OR taken_by <> ?1) ORDER BY at DESC, rowid DESC",
        phone,
        now - PAGE_MEMORY_MS,
      )
      .toArray()
      .map((r) => r.caller);
  }

  /** Every caller any of `phones` got a page about, taken or not ("+14155552671 OK" is about one of them). */
  callers(phones: readonly string[], now: number): string[] {
    const rows = this.sql.exec<{ phone: string; caller: string }>("SELECT phone, caller FROM pages WHERE at > ?", now - PAGE_MEMORY_MS).toArray();
    return [...new Set(rows.filter((r) => phones.includes(r.phone)).map((r) => r.caller))];
  }

  /** Who got a page about this caller's emergency, and who took it. */
  about(caller: string, now: number): CallerPages {
    const rows = this.sql
      .exec<{ phone: string; taken_at: number | null; taken_by: string | null }>("SELECT phone, taken_at, taken_by FROM pages WHERE caller = ? AND at > ? ORDER BY at", caller, now - PAGE_MEMORY_MS)
      .toArray();
    const taken = rows.find((r) => r.taken_at !== null);
    return { paged: rows.map((r) => r.phone), taken: taken ? { by: taken.taken_by } : null };
  }

  prune(now: number): void {
    this.sql.exec("DELETE FROM pages WHERE at <= ?", now - PAGE_MEMORY_MS);
  }
}
