import { describe, expect, it } from "vitest";
import { auditDiff } from "../src/rules/audit-diff";
import { api, apiJson, createTwilioLine } from "./support/app";

describe("audit log", () => {
  it("records before and after of a business change, secrets masked, newest first via GET /api/audit", async () => {
    const line = await createTwilioLine();
    const secret = "whsec_audit_0123456789abcdef";
    await api("PATCH", `/businesses/${line.businessId}`, { name: "Acme Plumbing & Heating", settings: { dailyCap: 9 } });
    await api("PATCH", `/businesses/${line.businessId}`, { notifyWebhookUrl: "https://crm.example/hooks", webhookSecret: secret });
    const { entries } = await apiJson("GET", `/audit?entity=business&entityId=${line.businessId}`);
    expect(entries.map((e: { action: string }) => e.action)).toEqual(["business.update", "business.update", "business.create"]);
    expect(entries[1].detail.changes.name).toEqual({ before: "Acme Plumbing", after: "Acme Plumbing & Heating" });
    expect(entries[1].detail.changes.settings.after.dailyCap).toBe(9);
    expect(entries[0].detail.changes.webhookSecret).toEqual({ before: null, after: "[set]" });
    const all = await apiJson("GET", "/audit?limit=500");
    expect(JSON.stringify(all)).not.toContain(secret);
    expect(JSON.stringify(all)).not.toContain(line.authToken);
  });

  it("refuses a bad limit", async () => {
    expect((await api("GET", "/audit?limit=0")).status).toBe(400);
  });

  it("masks secret fields in diffs", () => {
    expect(auditDiff({ voiceAiSecret: "v1.a.b" }, { voiceAiSecret: "v1.c.d" }, ["voiceAiSecret"])).toEqual({
      voiceAiSecret: { before: "[set]", after: "[changed]" },
    });
  });
});
