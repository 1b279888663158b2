/** The new-business form asks what kind of business it is, and the business starts from that preset. */
import { beforeAll, describe, expect, it } from "vitest";
import { PRESETS } from "../src/presets";
import { parseSettings } from "../src/settings";
import { apiJson } from "./support/app";
import { get, newSession, post, type Session } from "./support/admin-session";

let session: Session;
beforeAll(async () => {
  session = await newSession();
});

async function create(fields: Record<string, string>): Promise<Response> {
  return post(session, "/admin/businesses", { name: "Kind Co", timezone: "America/Chicago", forwardTo: "(312) 234-5678", ...fields });
}

const createdId = (res: Response) => /\/admin\/businesses\/([^/]+)\/numbers\?done=created$/.exec(res.headers.get("location") ?? "")?.[1];

describe("the new business's kind", () => {
  it("is offered on the new-business form only, with 'Any business' chosen until someone picks", async () => {
    const page = await (await get(session, "/admin/businesses/new")).text();
    const select = /<select id="f-preset" name="preset"[^>]*>(.*?)<\/select>/s.exec(page)?.[1];
    expect(select).toBeDefined();
    for (const preset of Object.values(PRESETS)) expect(select).toContain(`>${preset.name.replace(/&/g, "&amp;")}</option>`);
    expect(select).toMatch(/<option value="generic" selected="">Any business<\/option>/);
    expect(select).toContain("None: plain texts, no questions");

    const biz = await apiJson("POST", "/businesses", { name: "Edited Co", timezone: "America/Chicago" });
    const settings = await (await get(session, `/admin/businesses/${biz.id}/settings`)).text();
    expect(settings).not.toContain('name="preset"');
  });

  it("starts a dental practice with the dental questions, urgent words and texts", async () => {
    const res = await create({ preset: "dental" });
    expect(res.status).toBe(303);
    const biz = await apiJson("GET", `/businesses/${createdId(res)}`);
    const settings = parseSettings(biz.settings);
    expect(settings.qualify.enabled).toBe(true);
    expect(settings.qualify.questions).toEqual(PRESETS.dental.settings.qualify!.questions);
    expect(settings.urgent.words).toEqual(PRESETS.dental.settings.urgent!.words);
    const { templates } = await apiJson("GET", `/businesses/${createdId(res)}/templates`);
    expect(templates.find((t: { kind: string }) => t.kind === "missed_call").body).toBe(PRESETS.dental.templates.missed_call);
  });

  it("asks nothing when 'None' is chosen", async () => {
    const res = await create({ preset: "" });
    expect(res.status).toBe(303);
    const biz = await apiJson("GET", `/businesses/${createdId(res)}`);
    expect(parseSettings(biz.settings).qualify.enabled).toBe(false);
  });

  it("refuses a kind it does not know, naming the field, and creates nothing", async () => {
    const before = (await apiJson("GET", "/businesses")).businesses.length;
    const res = await create({ preset: "bakery", name: "Bakery Co" });
    expect(res.status).toBe(400);
    expect(await res.text()).toContain("What kind of business: must be one of home_services, locksmith, dental, legal, generic");
    expect((await apiJson("GET", "/businesses")).businesses.length).toBe(before);
  });
});
