import { toCsv } from "./csv";
import { FIGURES } from "./figures";
import type { Report } from "./report";

/**
 * The report as CSV, one figure a line with its label and definition: the same numbers as the API,
 * raw (a rate as a fraction, times in seconds), so a spreadsheet can work with them.
 */
export function reportCsv(report: Report): string {
  return toCsv(
    ["figure", "label", "value", "definition"],
    [
      ["from", "From", report.from, "Start of the period (included)."],
      ["to", "To", report.to, "End of the period (not included)."],
      ...FIGURES.map((f) => [f.key, f.label, f.value(report), f.definition]),
    ],
  );
}

/** The CSV as a download (the API's `report.csv` and the dashboard's link). */
export function reportCsvFile(report: Report, businessId: string): { csv: string; headers: Record<string, string> } {
  const days = `${report.from.slice(0, 10)}-${report.to.slice(0, 10)}`;
  return {
    csv: reportCsv(report),
    headers: { "content-type": "text/csv; charset=utf-8", "content-disposition": `attachment; filename="report-${businessId}-${days}.csv"` },
  };
}
