/**
 * Dollar amounts as people type them in a text (`450`, `$1,200`, `1200.50`) and as we write them
 * back (`$1,200`, `$1,200.50`). Pure: no I/O.
 */

/** The most a typed amount may be: $9,999,999.99 (a slip of the thumb, not a job, beyond it). */
const MAX_DIGITS = 7;

/** Whole dollars, with or without US thousands commas, and at most two decimals. */
const AMOUNT = /^\$?\s*(\d+|\d{1,3}(?:,\d{3})+)(?:\.(\d{1,2}))?$/;

/**
 * The cents a typed amount means, or null when it cannot be read one way only: `12,34` (a
 * decimal comma, or a slip for 1,234?), `1.200` (European thousands, or 1.2?), `1 200`, `2k`, or
 * more than seven digits of dollars. Asking again beats recording a wrong amount.
 *
 * @example parseDollars("$1,200") // 120_000
 * @example parseDollars("1200.50") // 120_050
 * @example parseDollars("12,34") // null
 */
export function parseDollars(typed: string): number | null {
  const m = AMOUNT.exec(typed.trim());
  if (!m) return null;
  const whole = m[1]!.replace(/,/g, "").replace(/^0+(?=\d)/, "");
  if (whole.length > MAX_DIGITS) return null;
  return Number(whole) * 100 + Number((m[2] ?? "").padEnd(2, "0"));
}

/**
 * "$1,850", "$1,850.50": cents only when there are some.
 *
 * @example formatDollars(185_050) // "$1,850.50"
 */
export function formatDollars(cents: number): string {
  const whole = cents % 100 === 0;
  return `$${(cents / 100).toLocaleString("en-US", { minimumFractionDigits: whole ? 0 : 2, maximumFractionDigits: 2 })}`;
}
