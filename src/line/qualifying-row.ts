import type { Qualifying } from "./store-types";

/** The `qualifying` table's columns after `phone`, in the order qualifyingValues gives them. */
export const QUALIFYING_COLUMNS = "lead_id, fields, asked, done, unsent, missed, at";

// A type, not an interface: SqlStorage's exec asks for an index signature an interface lacks.
export type QualifyingRow = {
  lead_id: string;
  fields: string;
  asked: string | null;
  done: number;
  unsent: number;
  missed: string;
  at: number;
};

/** Where a caller's questions stand, from its row; `unsent` and `missed` only when they say something. */
export function qualifyingOf(row: QualifyingRow): Qualifying {
  const missed = JSON.parse(row.missed) as string[];
  return {
    leadId: row.lead_id,
    fields: JSON.parse(row.fields) as Record<string, string>,
    asked: row.asked,
    done: row.done === 1,
    ...(row.unsent === 1 ? { unsent: true } : {}),
    ...(missed.length > 0 ? { missed } : {}),
    at: row.at,
  };
}

/** The row's values for QUALIFYING_COLUMNS, written at `now`. */
export function qualifyingValues(q: Qualifying, now: number): [string, string, string | null, number, number, string, number] {
  return [q.leadId, JSON.stringify(q.fields), q.asked, q.done ? 1 : 0, q.unsent ? 1 : 0, JSON.stringify(q.missed ?? []), now];
}
