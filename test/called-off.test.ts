/**
 * A caller who calls off their own request (DESIGN.md §6.2, §6.3), in workerd: "nvm found my spare
 * key" names nobody and answers nothing, the questions stop, the page already sent is stood down
 * with a short text and the escalation held for it is canceled; the lead keeps its status (a person
 * closes it) and its timeline says why.
 */
import { runDurableObjectAlarm, runInDurableObject } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { afterEach, describe, expect, it, vi } from "vitest";
import type { BusinessLine } from "../src/line/business-line";
import { formatPhone } from "../src/rules/display";
import { apiJson, eventually, inboundSms, settle, twilioWebhook, uniquePhone } from "./support/app";
import { missedCaller, type MissedCaller } from "./support/missed-caller";

afterEach(() => vi.restoreAllMocks());

async function text(s: MissedCaller, from: string, body: string) {
  expect((await twilioWebhook("/webhooks/twilio/sms", inboundSms(s.line, from, body), s.line.authToken)).status).toBe(200);
}

const texts = (s: MissedCaller, to: string) => s.carrier.to(to).map((r) => r.form.get("Body") ?? "");
const leadOf = async (s: MissedCaller) => (await apiJson("GET", `/businesses/${s.line.businessId}/leads`)).leads[0];
const isPage = (r: { form: URLSearchParams }) => r.form.get("Body")?.startsWith("URGENT") === true;

describe("a locked-out caller who gets in on their own", () => {
  it("ends their page: a later OK from the person paged takes nothing and reaches nobody", async () => {
    const sam = uniquePhone("737");
    const preset = (await apiJson("GET", "/presets")).presets.find((p: { id: string }) => p.id === "locksmith");
    const s = await missedCaller({ name: "Pop Lock", preset: "locksmith", settings: { urgent: { ...preset.settings.urgent, onCall: [{ phone: sam, name: "Sam" }] } }, bookingUrl: null });
    await text(s, s.caller, "locked out of my house");
    await eventually(async () => s.carrier.to(sam).length === 1);
    await text(s, s.caller, "nvm found my spare key");
    await eventually(async () => s.carrier.to(sam).length === 2);
    const callerBefore = s.carrier.to(s.caller).length;
    await text(s, sam, "OK");
    await eventually(async () => s.carrier.to(sam).length === 3);
    expect(texts(s, sam)[2]).not.toMatch(/it's yours|Still open/);
    await settle(200);
    expect(s.carrier.to(s.caller)).toHaveLength(callerBefore);
  });

  it("stands down the locksmith paged, cancels the escalation, asks nothing more, and keeps the lead open with the reason on its timeline", async () => {
    const [sam, alex] = [uniquePhone("737"), uniquePhone("737")];
    const preset = (await apiJson("GET", "/presets")).presets.find((p: { id: string }) => p.id === "locksmith");
    const settings = { urgent: { ...preset.settings.urgent, onCall: [{ phone: sam, name: "Sam" }, { phone: alex, name: "Alex" }], escalateAfterMinutes: 10 } };
    const start = Date.now();
    const s = await missedCaller({ name: "Pop Lock", preset: "locksmith", settings, bookingUrl: null });
    await text(s, s.caller, "locked out of my house");
    await eventually(async () => s.carrier.to(sam).length === 1 && s.carrier.to(s.caller).length === 2);

    await text(s, s.caller, "nvm found my spare key");
    await eventually(async () => s.carrier.to(sam).length === 2 && s.carrier.to(s.owner).length >= 1);
    expect(texts(s, sam)[1]).toBe(`Textback: ${formatPhone(s.caller)} says they no longer need help. No need to go; reply to text them.`);
    expect(texts(s, s.owner).at(-1)).toContain("(They say they no longer need help: we asked them nothing more and stood down any page.)");

    // The escalation held for Alex and the owner is canceled: an hour later nobody else is paged.
    const stub = env.LINE.get(env.LINE.idFromName(s.line.e164));
    await runInDurableObject(stub, (instance) => {
      (instance as unknown as BusinessLine).clock = () => start + 60 * 60_000;
    });
    await runDurableObjectAlarm(stub);
    await settle(200);
    expect(s.carrier.to(alex)).toHaveLength(0);
    expect(s.carrier.to(s.owner).filter(isPage)).toHaveLength(0);

    // Not their name, no answer, no question back; the lead stays open with the reason on its timeline.
    const lead = await leadOf(s);
    expect(lead.name).toBeNull();
    expect(lead.status).toBe("engaged");
    expect(Object.values(lead.fields)).not.toContain("nvm found my spare key");
    const { timeline } = await apiJson("GET", `/leads/${lead.id}`);
    expect(timeline.find((e: { event?: string }) => e.event === "note")?.detail.text).toBe(
      "The caller says they no longer need help: no more questions, no more pages; the person paged was told",
    );
    await text(s, s.caller, "thanks anyway");
    await settle(300);
    expect(s.carrier.to(s.caller)).toHaveLength(2);
  });
});

describe("a caller asked their name who calls it off", () => {
  it("is not named after their words and is asked nothing more", async () => {
    const s = await missedCaller({ name: "Acme", preset: "generic", bookingUrl: null });
    await text(s, s.caller, "car lockout");
    await eventually(async () => s.carrier.to(s.caller).length === 2);
    expect(texts(s, s.caller)[1]).toMatch(/name/);
    await text(s, s.caller, "nvm found my spare key");
    await eventually(async () => s.carrier.to(s.owner).length >= 1);
    await settle(300);
    expect(s.carrier.to(s.caller)).toHaveLength(2);
    const lead = await leadOf(s);
    expect(lead.name).toBeNull();
    expect(lead.fields.name).toBeUndefined();
    await text(s, s.caller, "Dana");
    await settle(300);
    expect(s.carrier.to(s.caller)).toHaveLength(2);
  });
});

describe("a call-off that names a danger", () => {
  it("is no call-off: the caller is told to call 911 first, and the lead is urgent", async () => {
    const s = await missedCaller({ name: "Pop Lock", preset: "locksmith", bookingUrl: null });
    await text(s, s.caller, "nvm, got in but my dog is still in the car");
    await eventually(async () => s.carrier.to(s.caller).length >= 2);
    expect(texts(s, s.caller)[1]).toMatch(/call 911 now/);
    await eventually(async () => (await leadOf(s)).urgent === true);
  });
});
