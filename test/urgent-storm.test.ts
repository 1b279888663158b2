/**
 * Urgent triage after a hail storm (DESIGN.md §6.2, §6.3), through the webhook, the line and the
 * outbox: nearly every caller says "asap", and that is how soon, not an emergency; the crew is paged
 * for water coming in, and the page says what the job is.
 */
import { afterEach, describe, expect, it, vi } from "vitest";
import { PRESETS } from "../src/presets";
import { formatPhone } from "../src/rules/display";
import { apiJson, eventually, inboundSms, settle, twilioWebhook, uniquePhone } from "./support/app";
import { missedCaller, type MissedCaller } from "./support/missed-caller";

afterEach(() => vi.restoreAllMocks());

type Roofer = MissedCaller & { jose: string };

/**
 * A roofer on the home services preset with one crew lead on call. `savedWords`: the urgent words
 * a business created before saved, "asap", "right away" and "urgent" among them.
 */
async function roofer(savedWords?: string[]): Promise<Roofer> {
  const jose = uniquePhone("214");
  const { urgent } = PRESETS.home_services.settings;
  const settings = { urgent: { ...urgent, ...(savedWords ? { words: savedWords } : {}), onCall: [{ phone: jose, name: "Jose" }] } };
  return { ...(await missedCaller({ name: "Summit Roofing", preset: "home_services", settings, bookingUrl: null })), jose };
}

async function text(s: Roofer, body: string) {
  const sent = s.carrier.to(s.caller).length;
  expect((await twilioWebhook("/webhooks/twilio/sms", inboundSms(s.line, s.caller, body), s.line.authToken)).status).toBe(200);
  await eventually(async () => s.carrier.to(s.caller).length > sent);
}

const bodies = (s: Roofer, to: string) => s.carrier.to(to).map((r) => r.form.get("Body") ?? "");
const lead = async (s: Roofer) => (await apiJson("GET", `/businesses/${s.line.businessId}/leads`)).leads[0];

/** The words the home services preset had before "asap" said only how soon: what an older business keeps. */
const OLDER_WORDS = [...PRESETS.home_services.settings.urgent.words.slice(0, 40), "urgent", "asap", "right away"];

describe("a word that says only how soon", () => {
  it.each([
    ["the preset's words", undefined],
    ["an older business's saved words, 'asap' among them", OLDER_WORDS],
  ])("with %s, 'asap' answers how urgent, pages nobody and sends no emergency answer", async (_, words) => {
    const s = await roofer(words);
    await text(s, "hail damage, need roof inspection");
    await text(s, "9402 Lakemont Dr Dallas TX 75220");
    expect(bodies(s, s.caller).at(-1)).toMatch(/When would be a good time/);
    await text(s, "asap");
    // Urgency is answered with the time: nothing more to ask.
    expect(bodies(s, s.caller).at(-1)).toMatch(/that's everything we need/);
    await settle(200);
    expect(bodies(s, s.caller).join("\n")).not.toMatch(/on-call|urgent/i);
    expect(s.carrier.to(s.jose)).toHaveLength(0);
    expect(bodies(s, s.owner).filter((b) => b.startsWith("URGENT"))).toEqual([]);
    expect(await lead(s)).toMatchObject({ urgent: false, status: "qualified", fields: { urgency: "urgent", preferredTime: "asap" } });
  });
});

describe("a page after the caller said what the job is", () => {
  it("quotes the words that made it urgent and says the job, so the crew knows what they go to", async () => {
    const s = await roofer();
    await text(s, "hail damage, need roof inspection");
    await text(s, "9402 Lakemont Dr Dallas TX 75220");
    await text(s, "now it's leaking through the ceiling in the kitchen");
    await eventually(async () => s.carrier.to(s.jose).length === 1);
    expect(bodies(s, s.jose)).toEqual([
      `URGENT ${formatPhone(s.caller)}: "now it's leaking through the ceiling in the kitchen" 9402 Lakemont Dr Dallas TX 75220. Need: hail damage, need roof inspection. Reply OK to take it.`,
    ]);
    expect(bodies(s, s.caller).at(-1)).toMatch(/reaching our on-call technician/);
  });

  it("pages for water pouring in, the caller's first words being the job", async () => {
    const s = await roofer();
    await text(s, "skylight cracked from the hail and water is pouring in");
    await eventually(async () => s.carrier.to(s.jose).length === 1);
    expect(bodies(s, s.jose)).toEqual([`URGENT ${formatPhone(s.caller)}: "skylight cracked from the hail and water is pouring in". Reply OK to take it.`]);
  });
});
