/** A report's period as people write it: days in the business's time zone, or instants. */
import { describe, expect, it } from "vitest";
import { api, apiJson } from "./support/app";

async function business() {
  return apiJson<{ id: string }>("POST", "/businesses", { name: "Period Plumbing", timezone: "America/Chicago" });
}

describe("GET /api/businesses/:id/report?from&to", () => {
  it.each([
    ["a day: from its start in the business's zone to now", "from=2026-01-05", "2026-01-05T06:00:00.000Z", null],
    ["the same day as from and to: that one day", "from=2026-01-05&to=2026-01-05", "2026-01-05T06:00:00.000Z", "2026-01-06T06:00:00.000Z"],
    ["days across the spring change (UTC-6, then UTC-5)", "from=2026-03-08&to=2026-03-08", "2026-03-08T06:00:00.000Z", "2026-03-09T05:00:00.000Z"],
    ["instants with Z or an offset", "from=2026-07-05T14:00:00-05:00&to=2026-07-06T00:00Z", "2026-07-05T19:00:00.000Z", "2026-07-06T00:00:00.000Z"],
    ["milliseconds", "from=2026-07-05T14:00:00.250Z&to=2026-07-06", "2026-07-05T14:00:00.250Z", "2026-07-07T05:00:00.000Z"],
  ])("takes %s", async (_name, qs, from, to) => {
    const biz = await business();
    const report = await apiJson("GET", `/businesses/${biz.id}/report?${qs}`);
    expect(report.from).toBe(from);
    if (to) expect(report.to).toBe(to);
    else expect(Date.parse(report.to)).toBeGreaterThan(Date.now() - 60_000);
  });

  it.each([
    ["a day that is not in the calendar", "from=2026-02-30", "from: 2026-02-30 is not a day of the calendar: February 2026 has 28 days"],
    ["a month that is not", "to=2026-13-01", "to: 2026-13-01 is not a day of the calendar: there is no month 13"],
    ["a date-time on a day that is not", "from=2026-04-31T10:00:00Z", "from: 2026-04-31 is not a day of the calendar: April 2026 has 30 days"],
    ["a date-time without a zone", "from=2026-04-01T10:00:00", "from: must be a date like 2026-12-05 or a date-time like 2026-12-05T14:00:00Z"],
    ["words", "to=yesterday", "to: must be a date like 2026-12-05 or a date-time like 2026-12-05T14:00:00Z"],
    ["from after to", "from=2026-02-01&to=2026-01-01", "from must be before to"],
    ["from equal to to", "from=2026-01-01T00:00:00Z&to=2026-01-01T00:00:00Z", "from must be before to"],
    ["a from in the future without to", "from=2999-01-01", "from must be before to"],
  ])("refuses %s with 400 naming the field", async (_name, qs, message) => {
    const biz = await business();
    for (const path of ["report", "report.csv"]) {
      const res = await api("GET", `/businesses/${biz.id}/${path}?${qs}`);
      expect(res.status).toBe(400);
      expect((await res.json<{ error: string }>()).error).toBe(message);
    }
  });
});

describe("report periods at the calendar's edges", () => {
  it.each(["to=9999-12-31", "from=0001-01-01&to=0001-01-02", "from=1969-12-31T23:59:59Z&to=1970-01-01", "to=9999-12-31T23:59:59.999%2B23:59"])("answers %s without a 5xx", async (qs) => {
    const biz = await business();
    for (const path of ["report", "report.csv"]) expect((await api("GET", `/businesses/${biz.id}/${path}?${qs}`)).status, path).toBeLessThan(500);
  });
});
