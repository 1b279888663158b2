/** A business's time zone is a place: abbreviations refused with the place to choose, old aliases stored as the place. */
import { beforeAll, describe, expect, it } from "vitest";
import { api, apiJson } from "./support/app";
import { get, newSession, post, type Session } from "./support/admin-session";

let session: Session;
beforeAll(async () => {
  session = await newSession();
});

describe("the API", () => {
  it.each([
    ["EST", /^timezone: "EST" is an abbreviation, not a place\. For US Eastern time, choose America\/New_York/],
    ["CST", /^timezone: "CST" is an abbreviation, not a place\. For US Central time, choose America\/Chicago/],
    ["Etc/GMT+6", /^timezone: "Etc\/GMT\+6" is a fixed offset, not a place/],
  ])("refuses %j with 400 naming the place to choose, on create and on change", async (timezone, message) => {
    const created = await api("POST", "/businesses", { name: "Zone Co", timezone });
    expect(created.status).toBe(400);
    expect((await created.json<{ error: string }>()).error).toMatch(message);
    const biz = await apiJson("POST", "/businesses", { name: "Zone Co", timezone: "America/Chicago" });
    const changed = await api("PATCH", `/businesses/${biz.id}`, { timezone });
    expect(changed.status).toBe(400);
    expect((await changed.json<{ error: string }>()).error).toMatch(message);
    expect((await apiJson("GET", `/businesses/${biz.id}`)).timezone).toBe("America/Chicago");
  });

  it("stores an old region alias as the place it stands for", async () => {
    const biz = await apiJson("POST", "/businesses", { name: "Alias Co", timezone: "US/Central" });
    expect(biz.timezone).toBe("America/Chicago");
    expect((await apiJson("PATCH", `/businesses/${biz.id}`, { timezone: "Canada/Pacific" })).timezone).toBe("America/Vancouver");
  });
});

describe("the business form", () => {
  it("offers every place's zone to search, and refuses EST keeping the form, with the time zone marked", async () => {
    const page = await (await get(session, "/admin/businesses/new")).text();
    expect(page).toMatch(/<input id="f-timezone" name="timezone"[^>]*list="zones"/);
    const options = /<datalist id="zones">(.*?)<\/datalist>/s.exec(page)![1]!;
    expect(options).toContain('<option value="America/Chicago">US Central (Chicago, Dallas, Houston)</option>');
    expect(options).toContain('<option value="Asia/Kolkata"></option>');
    expect(options.match(/<option /g)!.length).toBeGreaterThan(300);
    expect(options).not.toContain('value="EST"');

    const res = await post(session, "/admin/businesses", { name: "Eastern Plumbing", timezone: "EST", forwardTo: "(212) 234-5678" });
    expect(res.status).toBe(400);
    const html = await res.text();
    expect(html).toContain("Time zone: &quot;EST&quot; is an abbreviation, not a place. For US Eastern time, choose America/New_York");
    expect(/<input id="f-timezone"[^>]*>/.exec(html)![0]).toMatch(/value="EST".*aria-invalid="true"/);
    expect(html).toContain('value="Eastern Plumbing"');
  });

  it("assumes no zone: a new business's is chosen, or read from its phone's area code when that has one", async () => {
    const page = await (await get(session, "/admin/businesses/new")).text();
    expect(/<input id="f-timezone"[^>]*>/.exec(page)![0]).toMatch(/value="".*placeholder="Choose…"/);

    const created = async (fields: Record<string, string>) => {
      const res = await post(session, "/admin/businesses", { name: "Zone Dental", timezone: "", ...fields });
      expect(res.status).toBe(303);
      const id = /\/admin\/businesses\/(biz_\w+)\//.exec(res.headers.get("location")!)![1]!;
      return (await apiJson("GET", `/businesses/${id}`)).timezone;
    };
    expect(await created({ forwardTo: "(512) 234-5678" })).toBe("America/Chicago");
    // No office phone: the owner's.
    expect(await created({ notifyPhone: "(303) 234-5678" })).toBe("America/Denver");
    // The office's phone first; what was typed before either.
    expect(await created({ forwardTo: "(415) 234-5678", notifyPhone: "(212) 234-5678" })).toBe("America/Los_Angeles");
    expect(await created({ timezone: "America/Phoenix", forwardTo: "(512) 234-5678" })).toBe("America/Phoenix");

    const asked = "Time zone: choose the city whose clocks the business follows (no phone number on the form says one by its area code).";
    for (const fields of [{}, { forwardTo: "(208) 234-5678" }, { forwardTo: "(800) 234-5678" }] as Record<string, string>[]) {
      const res = await post(session, "/admin/businesses", { name: "Zone Dental", timezone: "", ...fields });
      expect(res.status).toBe(400);
      const html = await res.text();
      expect(html).toContain(asked);
      expect(html.match(/Time zone:/g)).toHaveLength(1);
      expect(/<input id="f-timezone"[^>]*>/.exec(html)![0]).toMatch(/aria-invalid="true"/);
    }
  });
});
