/**
 * The line's SQLite schema, one step per version: a line runs the steps past the version its
 * storage records (LineStore), so a new table or index is a new step at the end, never an edit of
 * an old one. Step 1 is written with IF NOT EXISTS because lines created before versioning already
 * hold its tables.
 */
export const LINE_MIGRATIONS: readonly string[] = [
  `CREATE TABLE IF NOT EXISTS events (
     id TEXT PRIMARY KEY, call_id TEXT NOT NULL, outcome TEXT NOT NULL, decision TEXT NOT NULL,
     explanation TEXT NOT NULL, message_id TEXT, at INTEGER NOT NULL);
   CREATE INDEX IF NOT EXISTS events_at ON events(at);
   CREATE TABLE IF NOT EXISTS callers (phone TEXT PRIMARY KEY, last_texted_at INTEGER NOT NULL);
   CREATE TABLE IF NOT EXISTS daily (day TEXT PRIMARY KEY, texts INTEGER NOT NULL);
   CREATE TABLE IF NOT EXISTS consent (phone TEXT PRIMARY KEY, opted_out INTEGER NOT NULL, at INTEGER NOT NULL);
   CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
   CREATE TABLE IF NOT EXISTS pending (
     message_id TEXT PRIMARY KEY, kind TEXT NOT NULL, phone TEXT NOT NULL, due INTEGER NOT NULL,
     timezone TEXT NOT NULL, job TEXT NOT NULL);
   CREATE INDEX IF NOT EXISTS pending_due ON pending(due);
   CREATE INDEX IF NOT EXISTS pending_phone ON pending(phone);
   CREATE TABLE IF NOT EXISTS progress (
     call_id TEXT PRIMARY KEY, connected_at INTEGER, answered_by TEXT, at INTEGER NOT NULL);`,
  // Qualification by text: per caller, the lead being qualified, its answers so far, the question
  // last asked, and whether it is over. The line serialises replies, so two quick replies never
  // both answer (or ask) the same question.
  `CREATE TABLE IF NOT EXISTS qualifying (
     phone TEXT PRIMARY KEY, lead_id TEXT NOT NULL, fields TEXT NOT NULL, asked TEXT, done INTEGER NOT NULL,
     at INTEGER NOT NULL);`,
  // Calls and texts the line decided whose records or texts D1 or the queue refused: kept, with
  // the plan that says what to write, until the alarm gets them accepted (unrecorded.ts).
  `CREATE TABLE IF NOT EXISTS unrecorded (
     id TEXT PRIMARY KEY, job TEXT NOT NULL, attempts INTEGER NOT NULL, due INTEGER NOT NULL);`,
  // Callers who had the safety message ("call 911") in their latest emergency: a danger named
  // again on the same urgent lead is not warned of twice.
  `CREATE TABLE IF NOT EXISTS warned (phone TEXT PRIMARY KEY, at INTEGER NOT NULL);`,
  // Every page each of the business's phones got in the last day, and who took it (page-records.ts),
  // from the one page per phone `meta` kept before ("paged:<phone>" = "<caller>|<at>").
  `CREATE TABLE IF NOT EXISTS pages (
     phone TEXT NOT NULL, caller TEXT NOT NULL, at INTEGER NOT NULL, taken_at INTEGER, taken_by TEXT,
     PRIMARY KEY (phone, caller));
   CREATE INDEX IF NOT EXISTS pages_caller ON pages(caller);
   INSERT OR IGNORE INTO pages (phone, caller, at)
     SELECT substr(key, 7), substr(value, 1, instr(value, '|') - 1), CAST(substr(value, instr(value, '|') + 1) AS INTEGER)
     FROM meta WHERE key LIKE 'paged:%' AND instr(value, '|') > 1;
   DELETE FROM meta WHERE key LIKE 'paged:%';`,
  // A held text a shortcut stops while D1 has not said yet whether it changed a lead: kept, claimed
  // by the shortcut's event, neither sent nor canceled until it has (PendingTexts.claimStop).
  `ALTER TABLE pending ADD COLUMN claim TEXT;`,
  // Qualification: whether the question last planned was never sent (an urgent answer took its
  // place, so the next reply is no answer to it), and the questions replies did not answer.
  `ALTER TABLE qualifying ADD COLUMN unsent INTEGER NOT NULL DEFAULT 0;
   ALTER TABLE qualifying ADD COLUMN missed TEXT NOT NULL DEFAULT '[]';`,
  // Each caller whose text (a relay, a summary, a page) reached the owner's phone lately, and when:
  // two or more within minutes make the owner's unaddressed text ambiguous (owner-records.ts).
  `CREATE TABLE IF NOT EXISTS owner_reaches (caller TEXT PRIMARY KEY, at INTEGER NOT NULL);`,
  // When each caller's text first reached the owner in the current spell (`at` is the latest): the
  // owner's question "Which caller?" numbers callers in that order, so a number stays theirs.
  `ALTER TABLE owner_reaches ADD COLUMN first_at INTEGER;`,
  // When the owner was last alerted that a caller texted within the cooldown called again: at most
  // one such alert per caller every few minutes (rules/repeat-call.ts).
  `ALTER TABLE callers ADD COLUMN repeat_alert_at INTEGER;`,
  // The owner's flood guard (flood-records.ts): the informational texts each business phone got
  // lately, and those folded into its digest (whose, and their words unless kept off its phones).
  `CREATE TABLE IF NOT EXISTS owner_flood (
     message_id TEXT PRIMARY KEY, phone TEXT NOT NULL, at INTEGER NOT NULL, folded INTEGER NOT NULL,
     caller TEXT, who TEXT, words TEXT);
   CREATE INDEX IF NOT EXISTS owner_flood_phone ON owner_flood(phone, folded, at);`,
];
