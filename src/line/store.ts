import { FloodRecords } from "./flood-records";
import { LINE_MIGRATIONS } from "./migrations";
import { OwnerRecords } from "./owner-records";
import { PageRecords } from "./page-records";
import { PendingRows } from "./pending-rows";
import { QUALIFYING_COLUMNS, qualifyingOf, qualifyingValues, type QualifyingRow } from "./qualifying-row";
import { StaffRecords, type SenderCallers } from "./staff-records";
import type { CallerState, EventRow, LocalConsent, Qualifying, Reservation, UnrecordedRow } from "./store-types";

export type * from "./store-types";

const EVENT_RETENTION_MS = 7 * 24 * 3_600_000;
const CALLER_RETENTION_MS = 31 * 24 * 3_600_000;

/**
 * Every read and write of one line's SQLite: dedupe of carrier events, reservations, consent,
 * pending texts, call progress, qualification, pages. All synchronous, so the line can check and
 * write before its first await.
 */
export class LineStore {
  private readonly sql: SqlStorage;
  /** Texts waiting for their time, or for the queue (pending-rows.ts). */
  readonly pendingRows: PendingRows;
  /** Who of the business's own people texted STOP, and whom each on-call person dealt with last (staff-records.ts). */
  readonly staff: StaffRecords;
  /** Every page each of the business's phones got in the last day, and who took it (page-records.ts). */
  readonly pages: PageRecords;
  /** Which callers reached the owner lately, and the owner's text held while they say which caller it is for (owner-records.ts). */
  readonly owner: OwnerRecords;
  /** The informational texts each business phone got lately, and those held for its digest (flood-records.ts). */
  readonly flood: FloodRecords;
  private prunedAt = 0;
  /** When an admin last changed this number's business; older cached configurations are stale. */
  configChangedAt = 0;

  constructor(private readonly storage: DurableObjectStorage) {
    this.sql = storage.sql;
    this.pendingRows = new PendingRows(this.sql);
    this.staff = new StaffRecords(this.sql, this);
    this.pages = new PageRecords(this.sql);
    this.owner = new OwnerRecords(this.sql, this);
    this.flood = new FloodRecords(this.sql, this);
    // One statement on the hot path: a line that calls come to every few minutes is started again
    // after each idle spell, and every statement it runs is compiled anew each time.
    let version = 0;
    for (const { key, value } of this.startupMeta()) {
      if (key === "schema_version") version = Number(value);
      else if (key === "pruned_at") this.prunedAt = Number(value);
      else this.configChangedAt = Number(value);
    }
    if (version < LINE_MIGRATIONS.length) this.migrate(version);
  }

  private startupMeta(): { key: string; value: string }[] {
    try {
      return this.sql
        .exec<{ key: string; value: string }>("SELECT key, value FROM meta WHERE key IN ('schema_version', 'pruned_at', 'config_changed_at')")
        .toArray();
    } catch {
      return []; // a new line: no tables yet
    }
  }

  /** Durable Objects' SQLite has no PRAGMA user_version, so the version is kept in `meta`. */
  private migrate(from: number): void {
    this.storage.transactionSync(() => {
      for (const step of LINE_MIGRATIONS.slice(from)) this.sql.exec(step);
      this.setMeta("schema_version", String(LINE_MIGRATIONS.length));
    });
  }

  /** The schema version this line's storage is at (for tests). */
  schemaVersion(): number {
    return Number(this.meta("schema_version") ?? 0);
  }

  transaction<T>(fn: () => T): T {
    return this.storage.transactionSync(fn);
  }

  // --- events: one per carrier event the line acted on ---

  seenEvent(eventId: string): EventRow | undefined {
    return this.sql.exec<EventRow>("SELECT * FROM events WHERE id = ?", eventId).toArray()[0];
  }

  forgetEvent(eventId: string): void {
    this.sql.exec("DELETE FROM events WHERE id = ?", eventId);
  }

  insertEvent(e: { id: string; callId: string; outcome: string; decision: string; explanation: string; messageId: string | null; at: number }): void {
    this.sql.exec(
      "INSERT INTO events (id, call_id, outcome, decision, explanation, message_id, at) VALUES (?, ?, ?, ?, ?, ?, ?)",
      e.id, e.callId, e.outcome, e.decision, e.explanation, e.messageId, e.at,
    );
  }

  /** The event says why from now on; true only the first time (so a reservation is given back once). */
  correctEvent(eventId: string, decision: string, explanation: string): boolean {
    return (
      this.sql.exec("UPDATE events SET decision = ?, explanation = ?, message_id = NULL WHERE id = ? AND decision <> ?", decision, explanation, eventId, decision)
        .rowsWritten > 0
    );
  }

  // --- callers: cooldown and daily cap ---

  /** Reserve a text to `caller` now (inside a transaction). */
  reserve(caller: string, day: string, now: number): void {
    this.sql.exec(
      "INSERT INTO callers (phone, last_texted_at) VALUES (?, ?) ON CONFLICT(phone) DO UPDATE SET last_texted_at = excluded.last_texted_at",
      caller, now,
    );
    this.sql.exec("INSERT INTO daily (day, texts) VALUES (?, 1) ON CONFLICT(day) DO UPDATE SET texts = texts + 1", day);
  }

  /** Undo a text's cooldown and daily-cap reservation (inside a transaction). */
  giveBack({ caller, day, previousTextAt }: Reservation): void {
    if (previousTextAt === null) this.sql.exec("DELETE FROM callers WHERE phone = ?", caller);
    else this.sql.exec("UPDATE callers SET last_texted_at = ? WHERE phone = ?", previousTextAt, caller);
    this.sql.exec("UPDATE daily SET texts = MAX(texts - 1, 0) WHERE day = ?", day);
  }

  /** What the line knows of a caller today, in one statement (a cold line compiles each one it runs). */
  callerState(phone: string, day: string): CallerState {
    const row = this.sql
      .exec<{ last_texted_at: number | null; repeat_alert_at: number | null; texts: number | null; opted_out: number | null; consent_at: number | null }>(
        `SELECT c.last_texted_at, c.repeat_alert_at, d.texts, k.opted_out, k.at AS consent_at FROM (SELECT 1)
           LEFT JOIN callers c ON c.phone = ?1 LEFT JOIN daily d ON d.day = ?2 LEFT JOIN consent k ON k.phone = ?1`,
        phone,
        day,
      )
      .one();
    return {
      lastTextedAt: row.last_texted_at,
      textedToday: row.texts ?? 0,
      consent: row.opted_out === null ? null : { optedOut: row.opted_out === 1, at: row.consent_at ?? 0 },
      repeatAlertAt: row.repeat_alert_at,
    };
  }

  /** The owner is alerted now that `caller` called again within the cooldown (inside a transaction; they have a row: they were texted). */
  noteRepeatAlert(caller: string, now: number): void {
    this.sql.exec("UPDATE callers SET repeat_alert_at = ? WHERE phone = ?", now, caller);
  }

  lastTextedAt(phone: string): number | null {
    return this.sql.exec<{ last_texted_at: number }>("SELECT last_texted_at FROM callers WHERE phone = ?", phone).toArray()[0]?.last_texted_at ?? null;
  }

  // --- consent: the line's own view, newer than D1's until D1 has it ---

  consentOf(phone: string): LocalConsent | null {
    const row = this.sql.exec<{ opted_out: number; at: number }>("SELECT opted_out, at FROM consent WHERE phone = ?", phone).toArray()[0];
    return row ? { optedOut: row.opted_out === 1, at: row.at } : null;
  }

  /** Set (or, with null, forget) the line's consent record of a caller. */
  setConsent(phone: string, consent: LocalConsent | null): void {
    if (!consent) {
      this.sql.exec("DELETE FROM consent WHERE phone = ?", phone);
      return;
    }
    this.sql.exec(
      "INSERT INTO consent (phone, opted_out, at) VALUES (?, ?, ?) ON CONFLICT(phone) DO UPDATE SET opted_out = excluded.opted_out, at = excluded.at",
      phone, consent.optedOut ? 1 : 0, consent.at,
    );
  }

  // --- meta ---

  meta(key: string): string | null {
    return this.sql.exec<{ value: string }>("SELECT value FROM meta WHERE key = ?", key).toArray()[0]?.value ?? null;
  }

  setMeta(key: string, value: string): void {
    this.sql.exec("INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value", key, value);
  }

  /**
   * The owner got this caller's words (a relay or summary, or a page) or wrote to them (`answered`):
   * whom a bare shortcut acts on next, and whether the newest text the owner got is a page (only
   * then does a bare OK take it).
   */
  noteOwnerCaller(caller: string, how: "relay" | "page" | "answered", now = Date.now()): void {
    this.setMeta(how === "answered" ? "last_answered_caller" : "last_relayed_caller", caller);
    this.setMeta("owner_last_caller", caller);
    if (how === "answered") return;
    this.setMeta("owner_newest", how);
    this.owner.reached(caller, now);
  }

  /** The callers the owner dealt with last (noteOwnerCaller). */
  ownerCallers(): SenderCallers {
    return { lastRelayedCaller: this.meta("last_relayed_caller"), lastAnsweredCaller: this.meta("last_answered_caller"), ownerLastCaller: this.meta("owner_last_caller") };
  }

  /** `by` (the owner, or an on-call person) answered `caller`: each one's next text follows their own conversation. */
  noteAnswered(by: string, caller: string, owner: string | null): void {
    if (by === owner) this.noteOwnerCaller(caller, "answered");
    else this.staff.noteAnswered(by, caller);
  }

  setConfigChangedAt(at: number): void {
    this.configChangedAt = at;
    this.setMeta("config_changed_at", String(at));
  }

  // --- progress: what a carrier reported of a call before it ended ---

  noteProgress(carrierCallId: string, note: { connectedAt?: number; answeredBy?: string }, now: number): void {
    this.sql.exec(
      `INSERT INTO progress (call_id, connected_at, answered_by, at) VALUES (?, ?, ?, ?)
       ON CONFLICT(call_id) DO UPDATE SET
         connected_at = COALESCE(progress.connected_at, excluded.connected_at),
         answered_by = COALESCE(excluded.answered_by, progress.answered_by)`,
      carrierCallId, note.connectedAt ?? null, note.answeredBy ?? null, now,
    );
  }

  progressOf(carrierCallId: string): { connectedAt: number | null; answeredBy: string | null } | null {
    const row = this.sql
      .exec<{ connected_at: number | null; answered_by: string | null }>("SELECT connected_at, answered_by FROM progress WHERE call_id = ?", carrierCallId)
      .toArray()[0];
    return row ? { connectedAt: row.connected_at, answeredBy: row.answered_by } : null;
  }

  // --- qualifying: where each caller's questions stand ---

  qualifying(phone: string): Qualifying | null {
    const row = this.sql.exec<QualifyingRow>(`SELECT ${QUALIFYING_COLUMNS} FROM qualifying WHERE phone = ?`, phone).toArray()[0];
    return row ? qualifyingOf(row) : null;
  }

  /** Set (or, with null, forget) where a caller's questions stand. */
  setQualifying(phone: string, q: Qualifying | null, now: number): void {
    if (!q) this.sql.exec("DELETE FROM qualifying WHERE phone = ?", phone);
    else this.sql.exec(`INSERT OR REPLACE INTO qualifying (phone, ${QUALIFYING_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`, phone, ...qualifyingValues(q, now));
  }

  // --- warned: callers who had the safety message in their latest emergency ---

  warned(phone: string): boolean {
    return this.sql.exec("SELECT 1 FROM warned WHERE phone = ?", phone).toArray().length > 0;
  }

  /** The caller had the safety message (true), or a new emergency began without it (false). */
  setWarned(phone: string, warned: boolean, now: number): void {
    if (warned) this.sql.exec("INSERT OR REPLACE INTO warned (phone, at) VALUES (?, ?)", phone, now);
    else this.sql.exec("DELETE FROM warned WHERE phone = ?", phone);
  }

  /** `phone` got a page about `caller`: an OK from it may take it, and an on-call person's answers go to that caller from now on. */
  notePage(phone: string, caller: string, now: number): void {
    this.pages.sent(phone, caller, now);
    this.staff.notePage(phone, caller);
  }

  /** When the alarm is next needed: a held text's time, or a refused record's next attempt. */
  nextDue(): number | null {
    return this.sql.exec<{ due: number | null }>("SELECT MIN(due) AS due FROM (SELECT due FROM pending WHERE claim IS NULL UNION ALL SELECT due FROM unrecorded)").toArray()[0]?.due ?? null;
  }

  // --- unrecorded: decided calls and texts that D1 or the queue has not taken yet ---

  putUnrecorded(row: UnrecordedRow): void {
    this.sql.exec("INSERT OR REPLACE INTO unrecorded (id, job, attempts, due) VALUES (?, ?, ?, ?)", row.id, row.job, row.attempts, row.due);
  }

  unrecordedDue(now: number): UnrecordedRow[] {
    return this.sql.exec<UnrecordedRow>("SELECT * FROM unrecorded WHERE due <= ? ORDER BY due", now).toArray();
  }

  dropUnrecorded(id: string): void {
    this.sql.exec("DELETE FROM unrecorded WHERE id = ?", id);
  }

  /**
   * Carrier retries come within hours; keep a week of event ids and a month of callers. Run at most
   * hourly (the time is kept in meta, so a restarted line does not prune again).
   */
  prune(now: number): void {
    if (now - this.prunedAt < 3_600_000) return;
    this.prunedAt = now;
    this.setMeta("pruned_at", String(now));
    this.sql.exec("DELETE FROM events WHERE at < ?", now - EVENT_RETENTION_MS);
    this.sql.exec("DELETE FROM progress WHERE at < ?", now - EVENT_RETENTION_MS);
    this.sql.exec("DELETE FROM callers WHERE last_texted_at < ?", now - CALLER_RETENTION_MS);
    this.sql.exec("DELETE FROM qualifying WHERE at < ?", now - CALLER_RETENTION_MS);
    this.sql.exec("DELETE FROM warned WHERE at < ?", now - CALLER_RETENTION_MS);
    this.pages.prune(now);
    this.owner.prune(now);
    this.flood.prune(now);
    this.sql.exec("DELETE FROM daily WHERE day < date(?, 'unixepoch', '-7 days')", Math.floor(now / 1000));
  }
}
