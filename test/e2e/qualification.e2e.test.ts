/**
 * Qualification end to end over real HTTP: the simulator plays a caller who missed a plumber and
 * answers the questions texted back; the lead is qualified with the answers, and the owner gets one
 * summary.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { newTwilioAccount, randomUsNumber } from "../../scripts/simulator.mjs";
import { eventually, showOutputOnFailure, startWorker, type RunningWorker } from "../support-node/worker";

const ACCOUNT = newTwilioAccount();
const NUMBER = "+15122345688";
const OWNER = "+13122345611";

let w: RunningWorker | undefined;
let businessId = "";

beforeAll(async () => {
  w = await startWorker({ accounts: [ACCOUNT] }, async ({ admin }) => {
    const business = await admin("POST", "/businesses", { name: "Hillside Plumbing", timezone: "America/Chicago", forwardTo: "+13122345678", notifyPhone: OWNER, preset: "home_services" });
    businessId = business.id;
    await admin("POST", `/businesses/${businessId}/numbers`, { e164: NUMBER, carrier: "twilio", credentials: ACCOUNT, mode: "forward" });
  });
});

afterAll(async () => {
  await w?.stop();
});

showOutputOnFailure(() => w);

describe("a missed call becomes a qualified lead, over real HTTP", () => {
  it("asks each question in turn, then qualifies the lead and sends the owner one summary", async () => {
    const caller = randomUsNumber();
    const textsTo = (phone: string) => w!.sim.messages.filter((m) => m.to === phone).map((m) => m.body);
    await w!.sim.placeCall({ from: caller, to: NUMBER, outcome: "no-answer" });
    await eventually(() => textsTo(caller).length === 1, "the text-back");
    const answers: [string, RegExp][] = [
      ["The kitchen drain is clogged", /address/],
      ["88 Maple Ave, Austin TX 78702", /When would be a good time/],
      ["no rush, Friday afternoon works", /everything we need/],
    ];
    for (const [i, [answer, next]] of answers.entries()) {
      await w!.sim.sendSms({ from: caller, to: NUMBER, body: answer });
      await eventually(() => textsTo(caller).length === i + 2, `the answer to "${answer}"`);
      expect(textsTo(caller)[i + 1]).toMatch(next);
    }
    const [summary] = await eventually(() => textsTo(OWNER).length > 0 && textsTo(OWNER), "the owner's summary");
    expect(summary).toContain("Need: The kitchen drain is clogged; Address: 88 Maple Ave, Austin TX 78702; Urgency: not urgent; When: friday afternoon");
    const { leads } = await w!.admin<{ leads: Record<string, unknown>[] }>("GET", `/businesses/${businessId}/leads`);
    expect(leads).toHaveLength(1);
    expect(leads[0]).toMatchObject({
      phone: caller,
      status: "qualified",
      estimatedCents: 30_000,
      fields: { service: "The kitchen drain is clogged", address: "88 Maple Ave, Austin TX 78702", zip: "78702", urgency: "not urgent", preferredTime: "friday afternoon" },
    });
  });
});
