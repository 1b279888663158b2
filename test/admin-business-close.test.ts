/** The settings page's "Close this business": the owner's alone, says what goes and stays, and asks for the exact name. */
import { env } from "cloudflare:workers";
import { beforeAll, describe, expect, it } from "vitest";
import { api, createTwilioLine, type TwilioLine } from "./support/app";
import { get, newSession, post, type Session } from "./support/admin-session";
import { person, sessionOf } from "./support/team";

let owner: Session;

beforeAll(async () => {
  owner = await newSession();
});

const settingsOf = (line: TwilioLine) => `/admin/businesses/${line.businessId}/settings`;
const closeOf = (line: TwilioLine) => `/admin/businesses/${line.businessId}/close`;
const stillThere = async (id: string) => (await env.DB.prepare("SELECT 1 AS one FROM businesses WHERE id = ?").bind(id).first()) !== null;

describe("closing a business from its settings page", () => {
  it("shows the owner what is deleted and what is kept, and the number to remove first", async () => {
    const line = await createTwilioLine({ name: "Page Close Plumbing" });
    const html = await (await get(owner, settingsOf(line))).text();
    expect(html).toContain("Close this business");
    expect(html).toContain(`action="${closeOf(line)}"`);
    expect(html).toMatch(/consent records, opt-outs included/);
    expect(html).toMatch(/audit log/);
    expect(html).toMatch(/Remove its number/);
  });

  it("leaves the section out for a manager, refuses their post (403), and an agent cannot open settings", async () => {
    const line = await createTwilioLine({ name: "Managed Plumbing" });
    const manager = await sessionOf(await person("manager", [line.businessId]));
    const page = await get(manager, settingsOf(line));
    expect(page.status).toBe(200);
    expect(await page.text()).not.toContain("Close this business");
    expect((await post(manager, closeOf(line), { confirm: "Managed Plumbing" })).status).toBe(403);
    const agent = await sessionOf(await person("agent", [line.businessId]));
    expect((await get(agent, settingsOf(line))).status).toBe(403);
    expect((await post(agent, closeOf(line), { confirm: "Managed Plumbing" })).status).toBe(403);
    expect(await stillThere(line.businessId)).toBe(true);
  });

  it("refuses a wrong name (400) and attached numbers (409) on the page, nothing changed", async () => {
    const line = await createTwilioLine({ name: "Typed Plumbing" });
    const wrong = await post(owner, closeOf(line), { confirm: "typed plumbing" });
    expect(wrong.status).toBe(400);
    expect(await wrong.text()).toMatch(/confirm: does not match/);
    const wired = await post(owner, closeOf(line), { confirm: "Typed Plumbing" });
    expect(wired.status).toBe(409);
    expect(await wired.text()).toContain(line.e164);
    expect(await stillThere(line.businessId)).toBe(true);
  });

  it("closes with the exact name and lands on the businesses list with a notice", async () => {
    const line = await createTwilioLine({ name: "Closing Time Plumbing" });
    expect((await api("DELETE", `/businesses/${line.businessId}/numbers/${line.numberId}`)).status).toBe(204);
    const res = await post(owner, closeOf(line), { confirm: "Closing Time Plumbing" });
    expect(res.status).toBe(303);
    expect(res.headers.get("location")).toBe("/admin/businesses?done=business_closed");
    expect(await stillThere(line.businessId)).toBe(false);
    const list = await (await get(owner, res.headers.get("location")!)).text();
    expect(list).toContain("Business closed");
    expect(list).not.toContain("Closing Time Plumbing");
  });
});
