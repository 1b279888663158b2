/**
 * A customer whose emergency was handled and won texts again: thanks for the job pages nobody, and
 * a new emergency is a new page that the on-call person takes as such, not "already took". A
 * plumber in Austin: Sam on call.
 */
import { afterEach, describe, expect, it, vi } from "vitest";
import { apiJson, eventually, inboundSms, settle, twilioWebhook, uniquePhone } from "./support/app";
import { missedCaller, type MissedCaller } from "./support/missed-caller";

afterEach(() => vi.restoreAllMocks());

type Setup = MissedCaller & { sam: string };

async function text(s: MissedCaller, from: string, body: string) {
  expect((await twilioWebhook("/webhooks/twilio/sms", inboundSms(s.line, from, body), s.line.authToken)).status).toBe(200);
}

const bodies = (s: MissedCaller, to: string) => s.carrier.to(to).map((r) => r.form.get("Body") ?? "");
const leads = async (s: MissedCaller) => (await apiJson("GET", `/businesses/${s.line.businessId}/leads?q=${encodeURIComponent(s.caller)}`)).leads;

/** A burst pipe paged to Sam, taken by Sam, and the job marked won by the owner. */
async function wonEmergency(): Promise<Setup> {
  const sam = uniquePhone("512");
  const preset = (await apiJson("GET", "/presets")).presets.find((p: { id: string }) => p.id === "home_services");
  const urgent = { ...preset.settings.urgent, onCall: [{ phone: sam, name: "Sam" }] };
  const s = await missedCaller({ name: "Hill Country Plumbing", preset: "home_services", settings: { urgent }, bookingUrl: null });
  await text(s, s.caller, "We have a burst pipe under the kitchen sink");
  await eventually(async () => s.carrier.to(sam).length === 1);
  await text(s, sam, "OK");
  await eventually(async () => s.carrier.to(sam).length === 2);
  await text(s, s.owner, `${s.caller} W 450`);
  await eventually(async () => bodies(s, s.owner).some((b) => b.startsWith("Textback: Marked won $450")));
  return { ...s, sam };
}

describe("a won emergency's caller texts again", () => {
  it("thanks for the job pages nobody", async () => {
    const s = await wonEmergency();
    const [samBefore, ownerBefore, callerBefore] = [s.carrier.to(s.sam).length, s.carrier.to(s.owner).length, s.carrier.to(s.caller).length];
    const words = "Thanks so much for fixing the burst pipe so fast!";
    await text(s, s.caller, words);
    // Passed on to the owner as a reply: nobody paged, no "help is coming" to the caller.
    await eventually(async () => s.carrier.to(s.owner).length === ownerBefore + 1);
    await settle(300);
    expect(bodies(s, s.owner).slice(ownerBefore)).toEqual([expect.stringContaining(words)]);
    expect(s.carrier.to(s.sam)).toHaveLength(samBefore);
    expect(s.carrier.to(s.caller)).toHaveLength(callerBefore);
    expect((await leads(s)).map((l: { status: string }) => l.status)).toEqual(["won"]);
  });

  it("a new emergency pages again, and the OK takes it", async () => {
    const s = await wonEmergency();
    await text(s, s.caller, "The pipe burst again, water in the garage now");
    await eventually(async () => s.carrier.to(s.sam).length === 3);
    expect(bodies(s, s.sam)[2]).toMatch(/^URGENT .*The pipe burst again/);
    await text(s, s.sam, "OK");
    await eventually(async () => s.carrier.to(s.sam).length === 4);
    expect(bodies(s, s.sam)[3]).toMatch(/^Textback: thanks Sam, it's yours\./);
    // A new job: a lead of its own, urgent and taken by Sam; the won one stays won.
    const [open, won] = await leads(s);
    expect(open).toMatchObject({ status: "engaged", urgent: true, acknowledgedBy: expect.stringContaining("Sam") });
    expect(won).toMatchObject({ status: "won", wonCents: 45000 });
  });
});
