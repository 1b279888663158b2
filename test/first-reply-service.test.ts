/**
 * A caller's first reply to the text-back, through the real webhook (DESIGN.md §6.2): their greeting,
 * their name and whether they are a patient are not the service they need.
 */
import { afterEach, describe, expect, it, vi } from "vitest";
import { PRESETS } from "../src/presets";
import { apiJson, eventually, inboundSms, twilioWebhook } from "./support/app";
import { missedCaller, type MissedCaller } from "./support/missed-caller";

afterEach(() => vi.restoreAllMocks());

const missedDentist = () => missedCaller({ name: "Bright Smiles", preset: "dental", bookingUrl: null });
const asks = (key: string) => PRESETS.dental.settings.qualify.questions.find((q) => q.key === key)!.ask;

async function reply(s: MissedCaller, body: string) {
  expect((await twilioWebhook("/webhooks/twilio/sms", inboundSms(s.line, s.caller, body), s.line.authToken)).status).toBe(200);
}

/** The caller's `n`th text, once it came, and how many they have. */
async function nthText(s: MissedCaller, n: number): Promise<string> {
  await eventually(async () => s.carrier.to(s.caller).length >= n);
  return s.carrier.to(s.caller)[n - 1]!.form.get("Body") ?? "";
}

const leadOf = async (s: MissedCaller) => (await apiJson("GET", `/businesses/${s.line.businessId}/leads`)).leads[0];

describe("the first reply to the text-back", () => {
  it("stores what is left of it as the service: \"my crown fell out\", with the name beside it, and asks the next question", async () => {
    const s = await missedDentist();
    await reply(s, "Hey this is Dana, my crown fell out");
    expect(await nthText(s, 2)).toBe(asks("patientStatus"));
    expect((await leadOf(s)).fields).toEqual({ service: "my crown fell out", name: "Dana" });
  });

  it("that only says who is writing and that they are a patient leaves the service open: it is asked next, and the next reply answers it", async () => {
    const s = await missedDentist();
    await reply(s, "Hi it's Tom, I'm already a patient");
    expect(await nthText(s, 2)).toBe(asks("service"));
    expect((await leadOf(s)).fields).toEqual({ name: "Tom", patientStatus: "Existing patient" });
    expect(s.carrier.to(s.caller)).toHaveLength(2);

    await reply(s, "A cleaning");
    expect(await nthText(s, 3)).toBe(asks("preferredTime"));
    expect((await leadOf(s)).fields).toEqual({ name: "Tom", patientStatus: "Existing patient", service: "A cleaning" });
    expect(s.carrier.to(s.caller)).toHaveLength(3);
  });
});
