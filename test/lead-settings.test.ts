/** Qualification, relay, urgent and job-value settings (DESIGN.md §6.2, §6.3) and the industry presets. */
import { describe, expect, it } from "vitest";
import { api, apiJson, createTwilioLine } from "./support/app";

describe("presets", () => {
  it("lists home_services, locksmith, dental, legal and generic, each with questions, urgent words and job values", async () => {
    const { presets } = await apiJson("GET", "/presets");
    expect(presets.map((p: { id: string }) => p.id)).toEqual(["home_services", "locksmith", "dental", "legal", "generic"]);
    for (const p of presets) {
      expect(p.settings.qualify.questions.length).toBeGreaterThan(0);
      expect(p.settings.urgent.words.length).toBeGreaterThan(0);
      expect(p.templates.missed_call).toContain("{business}");
    }
  });

  it("a business created from a preset starts with its settings and texts; its own settings win", async () => {
    const biz = await apiJson("POST", "/businesses", { name: "Drip Plumbing", timezone: "America/Denver", preset: "home_services", settings: { cooldownHours: 2 } });
    expect(biz.settings).toMatchObject({ cooldownHours: 2, qualify: { enabled: true }, relay: null, urgent: { escalateAfterMinutes: 10 } });
    expect(biz.settings.qualify.questions.map((q: { key: string }) => q.key)).toEqual(["service", "address", "preferredTime", "urgency"]);
    expect(biz.settings.urgent.words).toContain("burst pipe");
    expect(biz.settings.jobValues["water heater"]).toBe(180_000);
    const { templates } = await apiJson("GET", `/businesses/${biz.id}/templates`);
    expect(templates.find((t: { kind: string }) => t.kind === "missed_call").body).toContain("What do you need done?");
  });

  it("refuses a preset it does not know", async () => {
    const res = await api("POST", "/businesses", { name: "X", timezone: "America/Denver", preset: "bakery" });
    expect(res.status).toBe(400);
    expect(await res.text()).toMatch(/preset/);
  });
});

describe("qualify and urgent settings", () => {
  it.each([
    [{ qualify: { enabled: true, questions: [] } }, /questions: give at least one question/],
    [{ qualify: { enabled: true, questions: [{ key: "service", ask: "What?" }, { key: "service", ask: "Again?" }] } }, /each key may be used once/],
    [{ qualify: { questions: [{ key: "bad key", ask: "What?" }] } }, /key/],
    [{ urgent: { onCall: [{ phone: "555-1234", name: "Sam" }] } }, /phone/],
    [{ urgent: { escalateAfterMinutes: 0.1 } }, /escalateAfterMinutes/],
    [{ urgent: { escalateAfterMinutes: 500 } }, /escalateAfterMinutes/],
    [{ relay: "sometimes" }, /relay/],
  ])("refuses %j with a 400 naming the field, and changes nothing", async (settings, message) => {
    const line = await createTwilioLine();
    const before = await apiJson("GET", `/businesses/${line.businessId}`);
    const res = await api("PATCH", `/businesses/${line.businessId}`, { settings });
    expect(res.status).toBe(400);
    expect(await res.text()).toMatch(message);
    expect((await apiJson("GET", `/businesses/${line.businessId}`)).settings).toEqual(before.settings);
  });

  it("takes an on-call list and qualification questions", async () => {
    const line = await createTwilioLine();
    const settings = {
      qualify: { enabled: true, questions: [{ key: "service", ask: "What do you need?" }, { key: "zip", ask: "Your ZIP?", required: false }], serviceArea: { zips: ["78701"] } },
      urgent: { onCall: [{ phone: "+15125550111", name: "Sam" }], escalateAfterMinutes: 5 },
      relay: "every_reply",
    };
    const biz = await apiJson("PATCH", `/businesses/${line.businessId}`, { settings });
    expect(biz.settings.qualify).toMatchObject({ enabled: true, serviceArea: { zips: ["78701"] }, questions: [{ key: "service", required: true }, { key: "zip", required: false }] });
    expect(biz.settings.urgent).toMatchObject({ onCall: [{ phone: "+15125550111", name: "Sam" }], escalateAfterMinutes: 5 });
    expect(biz.settings.relay).toBe("every_reply");
  });
});
