/**
 * `settings.privateTexts` as it is set: the API refuses anything but a boolean naming the field,
 * the dental and legal presets turn it on for a new business (settings given with the preset win,
 * a business that exists keeps what it has), the Settings page shows it on a saved business and
 * saves it; and a VIP's alert names them short while it is on.
 */
import { env } from "cloudflare:workers";
import { afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { formatPhone } from "../src/rules/display";
import { api, apiJson, createTwilioLine, dialStatus, eventually, twilioWebhook, uniquePhone } from "./support/app";
import { get, newSession, post, type Session } from "./support/admin-session";
import { mockTwilio } from "./support/carriers";

afterEach(() => vi.restoreAllMocks());

let session: Session;
beforeAll(async () => {
  session = await newSession();
});

const create = (extra: Record<string, unknown> = {}) => apiJson("POST", "/businesses", { name: "Private Co", timezone: "America/Chicago", ...extra });
const stored = async (id: string) => (await apiJson("GET", `/businesses/${id}`)).settings.privateTexts;

describe("the API", () => {
  it.each([
    ["a word", "yes"],
    ["a number", 1],
    ["null", null],
  ])("refuses %s for settings.privateTexts with a 400 naming it, and changes nothing", async (_what, value) => {
    const biz = await create({ settings: { privateTexts: true } });
    const res = await api("PATCH", `/businesses/${biz.id}`, { settings: { privateTexts: value } });
    expect(res.status).toBe(400);
    expect((await res.json<{ error: string }>()).error).toMatch(/^settings\.privateTexts: /);
    expect(await stored(biz.id)).toBe(true);
    const created = await api("POST", "/businesses", { name: "Bad Co", timezone: "America/Chicago", settings: { privateTexts: value } });
    expect(created.status).toBe(400);
    expect((await created.json<{ error: string }>()).error).toMatch(/^settings\.privateTexts: /);
  });

  it("takes true and false, and reads false for a business that never set it", async () => {
    const biz = await create();
    expect(await stored(biz.id)).toBe(false);
    await apiJson("PATCH", `/businesses/${biz.id}`, { settings: { privateTexts: true } });
    expect(await stored(biz.id)).toBe(true);
    await apiJson("PATCH", `/businesses/${biz.id}`, { settings: { privateTexts: false } });
    expect(await stored(biz.id)).toBe(false);
  });
});

describe("the presets", () => {
  it.each([
    ["dental", true],
    ["legal", true],
    ["home_services", false],
    ["generic", false],
  ])("a new %s business starts with privateTexts %s", async (preset, on) => {
    expect(await stored((await create({ preset })).id)).toBe(on);
    expect((await apiJson("GET", "/presets")).presets.find((p: { id: string }) => p.id === preset).settings.privateTexts ?? false).toBe(on);
  });

  it("settings given with the preset win over it", async () => {
    expect(await stored((await create({ preset: "legal", settings: { privateTexts: false } })).id)).toBe(false);
  });

  it("a business that exists keeps its setting: stored before the setting, and when a preset's questions are applied to it", async () => {
    const biz = await create({ preset: "home_services" });
    // As a dental practice saved before the setting existed: its stored settings do not name it.
    await env.DB.prepare("UPDATE businesses SET settings = json_remove(settings, '$.privateTexts') WHERE id = ?1").bind(biz.id).run();
    expect(await stored(biz.id)).toBe(false);
    expect((await post(session, `/admin/businesses/${biz.id}/settings/leads/preset`, { preset: "dental" })).status).toBe(303);
    expect((await apiJson("GET", `/businesses/${biz.id}`)).settings.qualify.questions[1].key).toBe("name");
    expect(await stored(biz.id)).toBe(false);
  });
});

describe("the Settings page", () => {
  const FORM = { name: "Private Co", timezone: "America/Chicago" };

  it("shows the option on a saved business with why, and saves it ticked and unticked", async () => {
    const biz = await create();
    const page = await (await get(session, `/admin/businesses/${biz.id}/settings`)).text();
    expect(page).toContain('name="privateTexts"');
    expect(page).toContain("health or privileged information");
    expect((await post(session, `/admin/businesses/${biz.id}/settings`, { ...FORM, privateTexts: "on" })).status).toBe(303);
    expect(await stored(biz.id)).toBe(true);
    expect(await (await get(session, `/admin/businesses/${biz.id}/settings`)).text()).toMatch(/<input type="checkbox" name="privateTexts" checked=""/);
    expect((await post(session, `/admin/businesses/${biz.id}/settings`, FORM)).status).toBe(303);
    expect(await stored(biz.id)).toBe(false);
  });

  it("a new business takes it from its kind: the new-business form has no box that would overrule the preset", async () => {
    const page = await (await get(session, "/admin/businesses/new")).text();
    expect(page).not.toContain('name="privateTexts"');
    const res = await post(session, "/admin/businesses", { ...FORM, preset: "dental" });
    const id = /\/admin\/businesses\/([^/]+)\/numbers/.exec(res.headers.get("location") ?? "")?.[1];
    expect(await stored(id!)).toBe(true);
  });
});

describe("a VIP's alert", () => {
  it.each([
    [true, "VIP Maria L."],
    [false, "VIP Maria Lopez"],
  ])("privateTexts %s: names them %s", async (privateTexts, named) => {
    const carrier = mockTwilio();
    const owner = uniquePhone("312");
    const line = await createTwilioLine({ notifyPhone: owner, settings: { privateTexts } });
    const caller = uniquePhone();
    await apiJson("PUT", `/businesses/${line.businessId}/contacts/${encodeURIComponent(caller)}`, { name: "Maria Lopez", tags: ["vip"] });
    await twilioWebhook("/webhooks/twilio/dial-status", dialStatus(line, caller, "no-answer"), line.authToken);
    await eventually(async () => carrier.to(owner).length === 1);
    expect(carrier.to(owner)[0]!.form.get("Body")).toBe(`Textback: ${named} (${formatPhone(caller)}) called and got no answer: call back`);
  });
});
