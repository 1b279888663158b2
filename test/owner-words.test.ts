/**
 * The owner's shortcuts are worded for the business's trade (DESIGN.md §6.6): HELP, the day's first
 * relay and the settings page say "when treatment is accepted" to a dental practice, "when the case
 * is signed" to a law firm, "when the job is won" to a contractor and "when won" to a business of no
 * kind. The shortcuts themselves are the same.
 */
import { afterEach, describe, expect, it, vi } from "vitest";
import { apiJson, eventually, inboundSms, twilioWebhook } from "./support/app";
import { get, newSession } from "./support/admin-session";
import { missedCaller, type MissedCaller } from "./support/missed-caller";

afterEach(() => vi.restoreAllMocks());

const KINDS = [
  ["dental", "W 450 when treatment is accepted"],
  ["legal", "W 450 when the case is signed"],
  ["home_services", "W 450 when the job is won"],
  [undefined, "W 450 when won"],
] as const;

/** A business of `preset` (none: a plain one) that relays every reply, and a caller it missed. */
const missed = (preset: string | undefined) =>
  missedCaller({ name: "Words Co", bookingUrl: null, ...(preset ? { preset } : {}), settings: { relay: "every_reply", urgent: { enabled: false } } });

async function text(s: MissedCaller, from: string, body: string) {
  expect((await twilioWebhook("/webhooks/twilio/sms", inboundSms(s.line, from, body), s.line.authToken)).status).toBe(200);
}

async function ownerText(s: MissedCaller, n: number): Promise<string> {
  await eventually(async () => s.carrier.to(s.owner).length >= n);
  return s.carrier.to(s.owner)[n - 1]!.form.get("Body") ?? "";
}

describe("the owner's shortcuts, in the business's words", () => {
  it.each(KINDS)("%s: the day's first relay reminds them, HELP lists them, the settings page shows them", async (preset, won) => {
    const s = await missed(preset);
    expect((await apiJson("GET", `/businesses/${s.line.businessId}`)).settings.kind).toBe(preset);

    await text(s, s.caller, "Can someone call me back?");
    expect(await ownerText(s, 1)).toContain(`Reply to answer them. ${won}, L if lost, B if booked.`);

    await text(s, s.owner, "HELP");
    const help = await ownerText(s, 2);
    expect(help).toContain(`${won}, L lost, B booked, BLOCK, UNDO takes back the last within 10 min`);

    const page = await (await get(await newSession(), `/admin/businesses/${s.line.businessId}/settings`)).text();
    expect(page).toContain(`Shortcuts: ${won}, L if lost, B if booked. UNDO takes back the last one within 10 minutes.`);
  });

  it("a business set from a preset later takes that kind's words", async () => {
    const s = await missed(undefined);
    await apiJson("PATCH", `/businesses/${s.line.businessId}`, { settings: { kind: "legal" } });
    await text(s, s.owner, "HELP");
    expect(await ownerText(s, 1)).toContain("W 450 when the case is signed, L lost");
  });
});
