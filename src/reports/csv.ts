/** A whole cell that is a phone number in E.164 or a plain number: data no spreadsheet runs as a formula. */
const INERT = /^[+-]?\d+(\.\d+)?$/;

/**
 * RFC 4180 CSV; cells starting with = + - @ are prefixed with ' so spreadsheets don't run them,
 * except a cell that is only a number (an E.164 phone "+14155552671", "-3"), which stays as it is.
 */
export function toCsv(header: readonly string[], rows: readonly (readonly unknown[])[]): string {
  const cell = (v: unknown) => {
    let s = v === null || v === undefined ? "" : String(v);
    if (/^[=+\-@\t\r]/.test(s) && !INERT.test(s)) s = `'${s}`;
    return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
  };
  return [header, ...rows].map((r) => r.map(cell).join(",")).join("\r\n") + "\r\n";
}
