/** What the admin API takes: partial settings merged at every depth, and no field it does not know. */
import { describe, expect, it } from "vitest";
import { api, apiJson, uniquePhone } from "./support/app";

async function createBusiness(extra: Record<string, unknown> = {}) {
  return apiJson("POST", "/businesses", { name: "Acme Plumbing", timezone: "America/Chicago", ...extra });
}

async function auditCount(businessId: string): Promise<number> {
  const { entries } = await apiJson("GET", `/audit?entity=business&entityId=${businessId}`);
  return entries.length;
}

describe("settings patches", () => {
  it("merge at every depth: turning follow-ups on keeps their afterHours", async () => {
    const biz = await createBusiness({ settings: { followUp: { enabled: false, afterHours: 48 } } });
    const updated = await apiJson("PATCH", `/businesses/${biz.id}`, { settings: { followUp: { enabled: true } } });
    expect(updated.settings.followUp).toEqual({ enabled: true, afterHours: 48 });
    expect(updated.settings).toEqual({ ...biz.settings, followUp: { enabled: true, afterHours: 48 } });
  });

  it("merge inside qualification and urgent settings, and replace lists whole", async () => {
    const biz = await createBusiness({ preset: "home_services" });
    const onCall = [{ phone: "+13125550100", name: "Sam" }];
    const updated = await apiJson("PATCH", `/businesses/${biz.id}`, {
      settings: { qualify: { doneMessage: "Thanks, {business} will call." }, urgent: { onCall } },
    });
    expect(updated.settings.qualify).toEqual({ ...biz.settings.qualify, doneMessage: "Thanks, {business} will call." });
    expect(updated.settings.urgent).toEqual({ ...biz.settings.urgent, onCall });
    const fewer = await apiJson("PATCH", `/businesses/${biz.id}`, { settings: { urgent: { words: ["flood"] } } });
    expect(fewer.settings.urgent.words).toEqual(["flood"]);
  });

  it("keep a preset's questions when the create request changes one qualification setting", async () => {
    const preset = await createBusiness({ preset: "home_services" });
    const biz = await createBusiness({ preset: "home_services", settings: { qualify: { enabled: false } } });
    expect(biz.settings.qualify).toEqual({ ...preset.settings.qualify, enabled: false });
  });

  it("remove an optional setting with null", async () => {
    const biz = await createBusiness({ settings: { qualify: { serviceArea: { zips: ["60601"] } } } });
    expect(biz.settings.qualify.serviceArea).toEqual({ zips: ["60601"] });
    const updated = await apiJson("PATCH", `/businesses/${biz.id}`, { settings: { qualify: { serviceArea: null } } });
    expect(updated.settings.qualify).not.toHaveProperty("serviceArea");
  });

  it("check the merged result: qualification switched on with no questions is a 400 naming the field", async () => {
    const biz = await createBusiness({ settings: { qualify: { questions: [] } } });
    const res = await api("PATCH", `/businesses/${biz.id}`, { settings: { qualify: { enabled: true } } });
    expect(res.status).toBe(400);
    expect((await res.json<{ error: string }>()).error).toContain("settings.qualify.questions");
    expect((await apiJson("GET", `/businesses/${biz.id}`)).settings).toEqual(biz.settings);
  });
});

describe("unknown fields", () => {
  it.each([
    ["a business's id", { id: "biz_other" }, "id"],
    ["createdAt", { createdAt: 1 }, "createdAt"],
    ["a top-level setting", { settings: { cooldown: 3 } }, "settings.cooldown"],
    ["a nested setting", { settings: { followUp: { enabled: true, afterHour: 3 } } }, "settings.followUp.afterHour"],
    ["an urgent setting", { settings: { urgent: { escalateAfter: 3 } } }, "settings.urgent.escalateAfter"],
  ])("PATCH /businesses/:id refuses %s with 400 naming it; nothing changes, nothing is audited", async (_name, patch, field) => {
    const biz = await createBusiness();
    const audited = await auditCount(biz.id);
    const res = await api("PATCH", `/businesses/${biz.id}`, { name: "Renamed", ...patch });
    expect(res.status).toBe(400);
    expect((await res.json<{ error: string }>()).error).toBe(`${field}: is not a known field`);
    expect(await apiJson("GET", `/businesses/${biz.id}`)).toEqual({ ...biz, numbers: [] });
    expect(await auditCount(biz.id)).toBe(audited);
  });

  it("every admin JSON route refuses a field it does not know, with 400 naming it", async () => {
    const biz = await createBusiness();
    const credentials = { accountSid: `AC${crypto.randomUUID().replace(/-/g, "")}`, authToken: "tok_0123456789" };
    const routes: [string, string, Record<string, unknown>][] = [
      ["POST", "/businesses", { name: "X", timezone: "America/Chicago" }],
      ["POST", `/businesses/${biz.id}/numbers`, { carrier: "twilio", e164: uniquePhone(), credentials }],
      ["PUT", `/businesses/${biz.id}/templates/missed_call`, { body: "Sorry we missed you" }],
      ["POST", `/businesses/${biz.id}/messages`, { to: uniquePhone(), body: "Hello" }],
      ["POST", `/businesses/${biz.id}/consent`, { phone: uniquePhone(), kind: "opt_out" }],
      ["PATCH", "/leads/lead_none", { status: "won" }],
    ];
    for (const [method, path, body] of routes) {
      const res = await api(method, path, { ...body, colour: "blue" });
      expect([method, path, res.status]).toEqual([method, path, 400]);
      expect((await res.json<{ error: string }>()).error).toBe("colour: is not a known field");
    }
    expect((await apiJson("GET", `/businesses/${biz.id}/messages`)).messages).toEqual([]);
    expect((await apiJson("GET", `/businesses/${biz.id}`)).numbers).toEqual([]);
  });
});
