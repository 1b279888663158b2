/**
 * The address a caller gives once their emergency is paged (DESIGN.md §6.3): the pages held for
 * escalation carry it, so whoever is paged next knows where to go; never under privateTexts, whose
 * pages carry no caller's words or address.
 */
import { afterEach, describe, expect, it, vi } from "vitest";
import { formatPhone } from "../src/rules/display";
import { apiJson, createTwilioLine, eventually, inboundSms, settle, twilioWebhook, uniquePhone } from "./support/app";
import { mockTwilio } from "./support/carriers";
import { lineAlarmAt } from "./support/line-clock";

vi.setConfig({ testTimeout: 30_000 });
afterEach(() => vi.restoreAllMocks());

const MIN = 60_000;

async function flooding(settings: Record<string, unknown> = {}) {
  const carrier = mockTwilio();
  const [owner, sam, alex] = [uniquePhone("312"), uniquePhone("737"), uniquePhone("737")];
  const preset = (await apiJson("GET", "/presets")).presets.find((p: { id: string }) => p.id === "home_services");
  const urgent = { ...preset.settings.urgent, onCall: [{ phone: sam, name: "Sam" }, { phone: alex, name: "Alex" }], escalateAfterMinutes: 10 };
  const line = await createTwilioLine({ name: "Roof Pros", notifyPhone: owner, settings: { ...preset.settings, urgent, ...settings } });
  const s = { line, owner, sam, alex, caller: uniquePhone(), carrier };
  const bodies = (to: string) => carrier.to(to).map((r) => r.form.get("Body") ?? "");
  const text = async (body: string) => expect((await twilioWebhook("/webhooks/twilio/sms", inboundSms(line, s.caller, body), line.authToken)).status).toBe(200);
  await text("Emergency, water pouring through the ceiling");
  await eventually(async () => bodies(sam).some((b) => b.startsWith("URGENT")));
  return { ...s, bodies, text };
}

describe("an address given after the page", () => {
  it("is in the page that escalates to the next person", async () => {
    const s = await flooding();
    expect(s.bodies(s.sam)[0]).not.toContain("Bryant");
    await s.text("4521 Bryant Ave N");
    await settle(300);
    await lineAlarmAt(s.line.e164, Date.now() + 10 * MIN + 1_000);
    await eventually(async () => s.bodies(s.alex).length === 1);
    expect(s.bodies(s.alex)[0]).toBe(`URGENT ${formatPhone(s.caller)}: "Emergency, water pouring through the ceiling" 4521 Bryant Ave N. Escalated: Sam didn't take it. Reply OK to take it.`);
  });

  it("privateTexts: the escalation still names no address", async () => {
    const s = await flooding({ privateTexts: true });
    await s.text("4521 Bryant Ave N");
    await settle(300);
    await lineAlarmAt(s.line.e164, Date.now() + 10 * MIN + 1_000);
    await eventually(async () => s.bodies(s.alex).length === 1);
    expect(s.bodies(s.alex)[0]).not.toContain("Bryant");
  });
});
