/**
 * A danger named once the lead is urgent (DESIGN.md §6.3): the caller gets the call-911 message,
 * and whoever holds the page (nobody yet: everyone paged so far; no one to tell: the owner) gets
 * one short alert naming the caller and their words, once per emergency, never to a phone that
 * texted STOP, and nothing in test mode.
 */
import { env } from "cloudflare:workers";
import { afterEach, describe, expect, it, vi } from "vitest";
import { PRESETS } from "../src/presets";
import { formatPhone } from "../src/rules/display";
import { apiJson, createTwilioLine, eventually, inboundSms, ORIGIN, settle, twilioWebhook, uniquePhone } from "./support/app";
import { mockTwilio } from "./support/carriers";
import type { MissedCaller } from "./support/missed-caller";
import { lineAlarmAt } from "./support/line-clock";

// Several texts, an alarm and the queue each: slower than the default on a loaded machine.
vi.setConfig({ testTimeout: 30_000 });

afterEach(() => vi.restoreAllMocks());

const MIN = 60_000;
const SAFETY = PRESETS.home_services.settings.urgent.safetyMessage;

type Setup = MissedCaller & { sam: string; alex: string };

/** Sam and Alex on call (10 minutes apart, then the owner), or the owner alone; the caller's basement is flooding and the first page is out. */
async function flooding(opts: { onCall: boolean; settings?: Record<string, unknown> }): Promise<Setup> {
  const carrier = mockTwilio();
  const [owner, sam, alex] = [uniquePhone("312"), uniquePhone("737"), uniquePhone("737")];
  const preset = (await apiJson("GET", "/presets")).presets.find((p: { id: string }) => p.id === "home_services");
  const onCall = opts.onCall ? [{ phone: sam, name: "Sam" }, { phone: alex, name: "Alex" }] : [];
  const settings = { urgent: { ...preset.settings.urgent, onCall, escalateAfterMinutes: 10 }, ...opts.settings };
  const line = await createTwilioLine({ name: "Gas Line Plumbing", notifyPhone: owner, settings });
  const s = { line, owner, sam, alex, caller: uniquePhone(), carrier };
  await text(s, s.caller, "Basement is flooding");
  await eventually(async () => bodies(s, opts.onCall ? sam : owner).some((b) => b.startsWith("URGENT")));
  return s;
}

async function text(s: Setup, from: string, body: string) {
  expect((await twilioWebhook("/webhooks/twilio/sms", inboundSms(s.line, from, body), s.line.authToken)).status).toBe(200);
}

const bodies = (s: Setup, to: string) => s.carrier.to(to).map((r) => r.form.get("Body") ?? "");
const alerts = (s: Setup, to: string) => bodies(s, to).filter((b) => b.startsWith("DANGER"));
const alertFor = (s: Setup, words: string) => `DANGER ${formatPhone(s.caller)}: "${words}". They got the safety message.`;

async function alarmAt(s: Setup, at: number) {
  await lineAlarmAt(s.line.e164, at);
  await settle(200);
}

/** The caller names a danger; they get the safety message. */
async function smellsGas(s: Setup, words = "Now I smell gas too") {
  const before = bodies(s, s.caller).length;
  await text(s, s.caller, words);
  await eventually(async () => bodies(s, s.caller).length === before + 1);
  expect(bodies(s, s.caller)[before]).toBe(SAFETY);
}

describe("a new danger on an urgent lead", () => {
  it("reaches whoever took the page, once per emergency, and nobody else", async () => {
    const s = await flooding({ onCall: true });
    await text(s, s.sam, "OK");
    await eventually(async () => bodies(s, s.sam).length === 2);
    await smellsGas(s);
    await eventually(async () => alerts(s, s.sam).length === 1);
    expect(alerts(s, s.sam)).toEqual([alertFor(s, "Now I smell gas too")]);
    await text(s, s.caller, "The smoke is getting worse, where are you??");
    await settle(300);
    expect(alerts(s, s.sam)).toHaveLength(1);
    expect([...alerts(s, s.alex), ...alerts(s, s.owner)]).toEqual([]);
  });

  it("nobody took it yet: reaches everyone paged so far", async () => {
    const s = await flooding({ onCall: true });
    await alarmAt(s, Date.now() + 10 * MIN + 1_000);
    await eventually(async () => bodies(s, s.alex).length === 1);
    await smellsGas(s);
    await eventually(async () => alerts(s, s.sam).length === 1 && alerts(s, s.alex).length === 1);
    expect(alerts(s, s.owner)).toEqual([]);
  });

  it("nobody took it yet: the page held for the next person keeps the first words and carries the danger", async () => {
    const start = Date.now();
    const s = await flooding({ onCall: true });
    await smellsGas(s);
    await eventually(async () => alerts(s, s.sam).length === 1);
    const withDanger = (before: string) => `URGENT ${formatPhone(s.caller)}: "Basement is flooding". DANGER: "Now I smell gas too". They got the safety message. Escalated: ${before} didn't take it. Reply OK to take it.`;
    await alarmAt(s, start + 10 * MIN + 1_000);
    await eventually(async () => bodies(s, s.alex).length === 1);
    expect(bodies(s, s.alex)).toEqual([withDanger("Sam")]);
    await alarmAt(s, start + 20 * MIN + 1_000);
    await eventually(async () => bodies(s, s.owner).some((b) => b.startsWith("URGENT")));
    expect(bodies(s, s.owner).filter((b) => b.startsWith("URGENT"))).toEqual([withDanger("Alex")]);
    // Sam's page went before the danger, unchanged: the danger reached Sam as its own alert.
    expect(bodies(s, s.sam)[0]).toBe(`URGENT ${formatPhone(s.caller)}: "Basement is flooding". Reply OK to take it.`);
  });

  it("private: the held page names the danger as such, never the caller's words", async () => {
    const start = Date.now();
    const s = await flooding({ onCall: true, settings: { privateTexts: true } });
    await smellsGas(s);
    await eventually(async () => alerts(s, s.sam).length === 1);
    await alarmAt(s, start + 10 * MIN + 1_000);
    await eventually(async () => bodies(s, s.alex).length === 1);
    const link = `${ORIGIN}/admin/businesses/${s.line.businessId}/conversations/${s.caller}`;
    expect(bodies(s, s.alex)).toEqual([`URGENT: ${formatPhone(s.caller)} needs help now. Open: ${link}. DANGER: they named a danger and got the safety message. Escalated: Sam didn't take it. Reply OK to take it.`]);
  });

  it("an owner paged alone gets the alert instead of a relay of the same words", async () => {
    const s = await flooding({ onCall: false, settings: { relay: "every_reply" } });
    const before = bodies(s, s.owner).length;
    await smellsGas(s, "I smell gas now");
    await eventually(async () => bodies(s, s.owner).length === before + 1);
    await settle(300);
    expect(bodies(s, s.owner).slice(before)).toEqual([alertFor(s, "I smell gas now")]);
  });

  it("not to a holder who texted STOP: the owner gets it instead", async () => {
    const s = await flooding({ onCall: true });
    await text(s, s.sam, "OK");
    await eventually(async () => bodies(s, s.sam).length === 2);
    await text(s, s.sam, "STOP");
    await eventually(async () => bodies(s, s.sam).length === 3);
    await smellsGas(s);
    await eventually(async () => alerts(s, s.owner).length === 1);
    await settle(200);
    expect(alerts(s, s.sam)).toEqual([]);
  });

  it("taken on the admin page: the owner gets it", async () => {
    const s = await flooding({ onCall: true });
    const lead = (await apiJson("GET", `/businesses/${s.line.businessId}/leads`)).leads[0];
    const stub = env.LINE.get(env.LINE.idFromName(s.line.e164));
    await env.DB.prepare("UPDATE leads SET acknowledged_at = ?2, acknowledged_by = 'Carla' WHERE id = ?1").bind(lead.id, Date.now()).run();
    await stub.pageTaken(s.caller);
    await smellsGas(s);
    await eventually(async () => alerts(s, s.owner).length === 1);
    expect(alerts(s, s.sam)).toEqual([]);
  });

  it("in test mode, tells nobody", async () => {
    const s = await flooding({ onCall: true });
    await apiJson("PATCH", `/businesses/${s.line.businessId}`, { settings: { shadow: true } });
    await text(s, s.caller, "Now I smell gas too");
    await settle(400);
    expect([...alerts(s, s.sam), ...alerts(s, s.alex), ...alerts(s, s.owner)]).toEqual([]);
  });
});
