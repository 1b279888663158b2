/**
 * After a page is taken (DESIGN.md §6.3): everyone paged before hears who took it, once, and the
 * caller has a person now: no more automated questions, their texts reach whoever took the page. An
 * HVAC company in Minneapolis in January: Sam on call first, then Lee, 10 minutes apart.
 */
import { env } from "cloudflare:workers";
import { afterEach, describe, expect, it, vi } from "vitest";
import { formatPhone } from "../src/rules/display";
import { apiJson, eventually, inboundSms, settle, twilioWebhook, uniquePhone } from "./support/app";
import { missedCaller, type MissedCaller } from "./support/missed-caller";
import { lineAlarmAt } from "./support/line-clock";

afterEach(() => vi.restoreAllMocks());

const MIN = 60_000;
type Setup = MissedCaller & { sam: string; lee: string; start: number };

/** The caller smells gas: Sam is paged now; nobody takes it in 10 minutes, so Lee is paged. */
async function gasCaller(settings: Record<string, unknown> = {}): Promise<Setup> {
  const [sam, lee] = [uniquePhone("612"), uniquePhone("612")];
  const preset = (await apiJson("GET", "/presets")).presets.find((p: { id: string }) => p.id === "home_services");
  const urgent = { ...preset.settings.urgent, onCall: [{ phone: sam, name: "Sam" }, { phone: lee, name: "Lee" }], escalateAfterMinutes: 10 };
  const s = await missedCaller({ name: "North Star Heating", preset: "home_services", settings: { urgent, ...settings }, bookingUrl: null });
  const start = Date.now();
  await text(s, s.caller, "I smell gas by the furnace");
  await eventually(async () => s.carrier.to(sam).length === 1);
  await lineAlarmAt(s.line.e164, start + 10 * MIN + 1_000);
  await eventually(async () => s.carrier.to(lee).length === 1);
  return { ...s, sam, lee, start };
}

async function text(s: MissedCaller, from: string, body: string) {
  expect((await twilioWebhook("/webhooks/twilio/sms", inboundSms(s.line, from, body), s.line.authToken)).status).toBe(200);
}

const bodies = (s: MissedCaller, to: string) => s.carrier.to(to).map((r) => r.form.get("Body") ?? "");
const lead = async (s: MissedCaller) => (await apiJson("GET", `/businesses/${s.line.businessId}/leads?q=${encodeURIComponent(s.caller)}`)).leads[0];
const told = (s: Setup, by: string) => `Textback: ${by} took the page for ${formatPhone(s.caller)}. Nothing to do.`;

describe("a page taken by text", () => {
  it("Lee's OK: Sam, paged before, is told once; Lee and the owner are not", async () => {
    const s = await gasCaller();
    await text(s, s.lee, "OK");
    await eventually(async () => s.carrier.to(s.sam).length === 2);
    expect(bodies(s, s.sam)[1]).toBe(told(s, "Lee"));
    expect(bodies(s, s.lee)).toHaveLength(2);
    expect(bodies(s, s.lee)[1]).toMatch(/^Textback: thanks Lee, it's yours\./);
    // A second OK takes nothing: nobody is told again.
    await text(s, s.lee, "OK");
    await eventually(async () => s.carrier.to(s.lee).length === 3);
    await settle(200);
    expect(s.carrier.to(s.sam)).toHaveLength(2);
    expect(bodies(s, s.owner).filter((b) => b.includes("took the page"))).toEqual([]);
  });

  it("an OK with thanks takes it too, and never reaches the caller", async () => {
    const s = await gasCaller();
    const callerBefore = s.carrier.to(s.caller).length;
    await text(s, s.lee, "Ok thanks");
    await eventually(async () => s.carrier.to(s.lee).length === 2);
    expect(bodies(s, s.lee)[1]).toMatch(/^Textback: thanks Lee, it's yours\./);
    await eventually(async () => s.carrier.to(s.sam).length === 2);
    expect(bodies(s, s.caller).slice(callerBefore)).not.toContain("Ok thanks");
  });

  it("OK all tells those paged before about each page it took", async () => {
    const s = await gasCaller();
    await text(s, s.lee, "OK all");
    await eventually(async () => s.carrier.to(s.sam).length === 2);
    expect(bodies(s, s.sam)[1]).toBe(told(s, "Lee"));
    await settle(200);
    expect(s.carrier.to(s.lee)).toHaveLength(2);
  });

  it("never a phone that texted STOP", async () => {
    const s = await gasCaller();
    await text(s, s.sam, "STOP");
    await eventually(async () => s.carrier.to(s.sam).length === 2);
    await text(s, s.lee, "OK");
    await eventually(async () => s.carrier.to(s.lee).length === 2);
    await settle(300);
    expect(bodies(s, s.sam).filter((b) => b.includes("took the page"))).toEqual([]);
  });
});

describe("the caller after their emergency", () => {
  it("is not asked how urgent it is, nor anything once Lee took the page; their texts reach Lee and the owner", async () => {
    const s = await gasCaller();
    expect((await lead(s)).fields).toMatchObject({ urgency: "urgent" });
    await text(s, s.lee, "OK");
    await eventually(async () => s.carrier.to(s.lee).length === 2);
    const before = s.carrier.to(s.caller).length;
    const words = "Gas company came and shut it off. Can Lee come fix it today?";
    await text(s, s.caller, words);
    await eventually(async () => bodies(s, s.lee).some((b) => b.includes(words)));
    await eventually(async () => bodies(s, s.owner).some((b) => b.includes(words)));
    await settle(300);
    // No automated question: the caller hears from a person now.
    expect(bodies(s, s.caller).slice(before)).toEqual([]);
    expect(bodies(s, s.lee).filter((b) => b.includes(words))).toHaveLength(1);
    // Lee's answer goes to the caller.
    await text(s, s.lee, "Yes, I'll be there by 3");
    await eventually(async () => bodies(s, s.caller).includes("Yes, I'll be there by 3"));
  });

  it("an address they send once Lee has it is kept on their lead, as well as passed to Lee", async () => {
    const s = await gasCaller();
    await text(s, s.lee, "OK");
    await eventually(async () => s.carrier.to(s.lee).length === 2);
    await text(s, s.caller, "4521 Bryant Ave N, Minneapolis 55409");
    await eventually(async () => bodies(s, s.lee).some((b) => b.includes("4521 Bryant Ave N")));
    await eventually(async () => (await lead(s)).fields.address !== undefined);
    expect((await lead(s)).fields).toMatchObject({ address: expect.stringContaining("4521 Bryant Ave N"), zip: "55409" });
  });

  it("private: the relay to Lee names the caller and the link, never their words", async () => {
    const s = await gasCaller({ privateTexts: true });
    await text(s, s.lee, "OK");
    await eventually(async () => s.carrier.to(s.lee).length === 2);
    await text(s, s.caller, "Gas company came. Can Lee come fix it today?");
    await eventually(async () => s.carrier.to(s.lee).length === 3);
    expect(bodies(s, s.lee)[2]).toMatch(new RegExp(`^Textback: new reply from ${formatPhone(s.caller).replace(/[()]/g, "\\$&")}.*Open: https?://\\S+/conversations/`));
    expect(bodies(s, s.lee)[2]).not.toContain("Gas company");
  });

  it("taken on the admin page: no more questions either", async () => {
    const s = await gasCaller();
    const l = await lead(s);
    await env.DB.prepare("UPDATE leads SET acknowledged_at = ?2, acknowledged_by = 'Carla' WHERE id = ?1").bind(l.id, Date.now()).run();
    const before = s.carrier.to(s.caller).length;
    await text(s, s.caller, "Gas company came. What do I do now?");
    await eventually(async () => bodies(s, s.owner).some((b) => b.includes("Gas company came")));
    await settle(300);
    expect(bodies(s, s.caller).slice(before)).toEqual([]);
  });
});
