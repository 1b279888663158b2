/** Dates the admin types (the holidays) are days of the calendar: 2026-02-30 is refused, not read as 2 March. */
import { beforeAll, describe, expect, it } from "vitest";
import { api, apiJson } from "./support/app";
import { newSession, post, type Session } from "./support/admin-session";

let session: Session;
beforeAll(async () => {
  session = await newSession();
});

describe("holidays", () => {
  it("refuses 2026-02-30 through the API with 400 naming the entry, and takes 29 February of a leap year", async () => {
    const biz = await apiJson("POST", "/businesses", { name: "Date Co", timezone: "America/Chicago" });
    const res = await api("PATCH", `/businesses/${biz.id}`, { hours: { weekly: {}, holidays: ["2026-12-25", "2026-02-30"] } });
    expect(res.status).toBe(400);
    expect((await res.json<{ error: string }>()).error).toBe("hours.holidays.1: 2026-02-30 is not a day of the calendar: February 2026 has 28 days");
    expect((await apiJson("GET", `/businesses/${biz.id}`)).hours).toBeNull();
    const leap = await apiJson("PATCH", `/businesses/${biz.id}`, { hours: { weekly: {}, holidays: ["2028-02-29"] } });
    expect(leap.hours.holidays).toEqual(["2028-02-29"]);
  });

  it("refuses it on the business form, naming the line, keeping the dates and marking the field", async () => {
    const biz = await apiJson("POST", "/businesses", { name: "Holiday Co", timezone: "America/Chicago" });
    const res = await post(session, `/admin/businesses/${biz.id}/settings`, { name: "Holiday Co", timezone: "America/Chicago", holidays: "2026-12-25\n2026-02-30" });
    expect(res.status).toBe(400);
    const html = await res.text();
    expect(html).toContain("Closed on these dates, line 2: 2026-02-30 is not a day of the calendar: February 2026 has 28 days");
    expect(html).toMatch(/<textarea id="f-holidays" name="holidays"[^>]*aria-invalid="true"[^>]*>2026-12-25\n2026-02-30<\/textarea>/);
    expect((await apiJson("GET", `/businesses/${biz.id}`)).hours).toBeNull();
  });
});
