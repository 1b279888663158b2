import { HELD_REPLY_MS, MAX_CHOICES, REACH_WINDOW_MS, type HeldReply } from "../rules/owner-choice";

interface Meta {
  meta(key: string): string | null;
  setMeta(key: string, value: string): void;
}

/**
 * The line's records for the owner's unaddressed texts (rules/owner-choice.ts): which callers
 * reached the owner's phone lately (`owner_reaches`), and the one text held while the owner says
 * which caller it is for (`meta` `owner_held`). Part of LineStore (`store.owner`), synchronous.
 */
export class OwnerRecords {
  constructor(
    private readonly sql: SqlStorage,
    private readonly store: Meta,
  ) {}

  /** `caller`'s text (a relay, a summary, a page) reached the owner now. */
  reached(caller: string, now: number): void {
    // Replaced, not updated: the row's new rowid orders two reaches of the same millisecond.
    this.sql.exec("INSERT OR REPLACE INTO owner_reaches (caller, at) VALUES (?, ?)", caller, now);
  }

  /** The callers who reached the owner in the last 10 minutes, newest first, at most 5. */
  recent(now: number): string[] {
    return this.sql
      .exec<{ caller: string }>("SELECT caller FROM owner_reaches WHERE at > ? ORDER BY at DESC, rowid DESC LIMIT ?", now - REACH_WINDOW_MS, MAX_CHOICES)
      .toArray()
      .map((r) => r.caller);
  }

  /** The text held for the owner's choice, unless it waited too long (then it is forgotten). */
  held(now: number): HeldReply | null {
    const stored = this.store.meta("owner_held");
    if (!stored) return null;
    const held = JSON.parse(stored) as HeldReply | null;
    return held && now - held.at <= HELD_REPLY_MS ? held : null;
  }

  /** Hold a text (or, null, drop the one held). */
  setHeld(held: HeldReply | null): void {
    this.store.setMeta("owner_held", JSON.stringify(held));
  }

  /** Forget reaches older than the window, and a held text nobody chose a caller for in time (it holds the owner's words). */
  prune(now: number): void {
    this.sql.exec("DELETE FROM owner_reaches WHERE at <= ?", now - REACH_WINDOW_MS);
    if (this.store.meta("owner_held") !== null && this.held(now) === null) this.store.setMeta("owner_held", "null");
  }
}
