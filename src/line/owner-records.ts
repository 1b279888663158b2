import { HELD_REPLY_MS, REACH_WINDOW_MS, type HeldReply, type Reach } from "../rules/owner-choice";

interface Meta {
  meta(key: string): string | null;
  setMeta(key: string, value: string): void;
}

/** The most callers read for the owner's question (it offers three of them). */
const MAX_REACHES = 20;

/**
 * The line's records for the owner's unaddressed texts (rules/owner-choice.ts): which callers
 * reached the owner's phone lately, first and last (`owner_reaches`), the owner's own last act with
 * a caller (`meta` `owner_act`), and the one text held while the owner says which caller it is for
 * (`meta` `owner_held`). Part of LineStore (`store.owner`), synchronous.
 */
export class OwnerRecords {
  constructor(
    private readonly sql: SqlStorage,
    private readonly store: Meta,
  ) {}

  /**
   * `caller`'s text (a relay, a summary, a page) reached the owner now. The first reach of this
   * spell is kept (a reach older than the window, not pruned yet, starts a new one).
   */
  reached(caller: string, now: number): void {
    this.sql.exec(
      `INSERT INTO owner_reaches (caller, at, first_at) VALUES (?1, ?2, ?2)
       ON CONFLICT(caller) DO UPDATE SET
         first_at = CASE WHEN owner_reaches.at > ?3 THEN COALESCE(owner_reaches.first_at, owner_reaches.at) ELSE excluded.at END,
         at = excluded.at`,
      caller,
      now,
      now - REACH_WINDOW_MS,
    );
  }

  /** The callers who reached the owner in the last 10 minutes, oldest first by their first reach, each with their latest. */
  recent(now: number): Reach[] {
    return this.sql
      .exec<{ caller: string; at: number }>("SELECT caller, at FROM owner_reaches WHERE at > ? ORDER BY COALESCE(first_at, at), rowid LIMIT ?", now - REACH_WINDOW_MS, MAX_REACHES)
      .toArray()
      .map((r) => ({ caller: r.caller, at: r.at }));
  }

  /** The owner took `caller`'s page, texted them, or used a shortcut on them, now. */
  acted(caller: string, now: number): void {
    this.store.setMeta("owner_act", JSON.stringify({ caller, at: now } satisfies Reach));
  }

  /** The owner's last act with a caller, unless it was with `caller` (blocked: nothing goes to them). */
  forgetAct(caller: string): void {
    if (this.lastAct()?.caller === caller) this.store.setMeta("owner_act", "null");
  }

  lastAct(): Reach | null {
    const stored = this.store.meta("owner_act");
    return stored ? (JSON.parse(stored) as Reach | null) : null;
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
