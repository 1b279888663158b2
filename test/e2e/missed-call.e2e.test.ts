/**
 * End to end over real HTTP: the Twilio simulator ↔ the worker under `wrangler dev` (workerd, local
 * D1, the local queue broker). What the workerd tests cannot show: signed webhooks accepted by the
 * real runtime, the queue hop to the outbox consumer, and retries on real timers.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { newTwilioAccount, randomUsNumber } from "../../scripts/simulator.mjs";
import { eventually, showOutputOnFailure, sleep, startWorker, type RunningWorker } from "../support-node/worker";

const ACCOUNT = newTwilioAccount();
const BUSINESS = { name: "Riverside Plumbing", timezone: "America/Chicago", forwardTo: "+13122345678", bookingUrl: "https://riverside.example/book" };
const NUMBER = "+15122345678";

let w: RunningWorker | undefined;
let businessId = "";

const textsTo = (phone: string) => w!.sim.messages.filter((m) => m.to === phone);

beforeAll(async () => {
  w = await startWorker({ accounts: [ACCOUNT] }, async ({ admin }) => {
    const business = await admin("POST", "/businesses", BUSINESS);
    businessId = business.id;
    await admin("POST", `/businesses/${businessId}/numbers`, { e164: NUMBER, carrier: "twilio", credentials: ACCOUNT, mode: "forward" });
  });
});

afterAll(async () => {
  await w?.stop();
});

showOutputOnFailure(() => w);

describe("a call to a Twilio number, over real HTTP", () => {
  it("texts the caller exactly once after a missed call, from the business number, naming the business", async () => {
    const caller = randomUsNumber();
    const call = await w!.sim.placeCall({ from: caller, to: NUMBER, outcome: "no-answer" });
    expect(call.webhooks.map((w) => [w.name, w.status])).toEqual([["voice", 200], ["dial-status", 200]]);
    expect(call.webhooks[0]!.body).toContain("<Dial");

    const [text] = await eventually(() => textsTo(caller).length > 0 && textsTo(caller), "text to the caller");
    expect(text).toMatchObject({ to: caller, from: NUMBER, accountSid: ACCOUNT.accountSid });
    expect(text!.body).toContain(BUSINESS.name);
    expect(text!.body).toContain("Reply STOP to opt out");

    await sleep(1000);
    expect(textsTo(caller)).toHaveLength(1);
  });

  it("sends nothing when the forwarded call was answered", async () => {
    const caller = randomUsNumber();
    const call = await w!.sim.placeCall({ from: caller, to: NUMBER, outcome: "answered" });
    expect(call.webhooks.map((w) => [w.name, w.status])).toEqual([["voice", 200], ["dial-status", 200]]);
    expect(call.webhooks[1]!.body).toContain("<Hangup");

    // The call was recorded and decided, so the silence below is a decision, not a lost webhook.
    const { calls } = await w!.admin<{ calls: { carrierCallId: string; decision: string }[] }>("GET", `/businesses/${businessId}/calls`);
    expect(calls.find((c) => c.carrierCallId === call.callSid)?.decision).toMatch(/^skipped:/);
    await sleep(1500);
    expect(textsTo(caller)).toHaveLength(0);
  });

  it("still texts exactly once when Twilio answers 500 twice first", async () => {
    const caller = randomUsNumber();
    w!.sim.setFaults(caller, [{ status: 500 }, { status: 500 }]);
    await w!.sim.placeCall({ from: caller, to: NUMBER, outcome: "busy" });

    // Retries are immediate here (zero base); the margin covers a slow machine, or retry_delay
    // (2 s per attempt) should the local queue ever stop honouring delaySeconds: 0.
    await eventually(() => textsTo(caller).length > 0, "text after two 500s", 15_000);
    const attempts = w!.sim.requests.filter((r) => r.to === caller);
    expect(attempts.map((r) => r.status)).toEqual([500, 500, 201]);

    await sleep(1000);
    expect(textsTo(caller)).toHaveLength(1);
    const { messages } = await w!.admin<{ messages: { to: string; status: string; attempts: number }[] }>(
      "GET",
      `/businesses/${businessId}/messages`,
    );
    const row = messages.find((m) => m.to === caller);
    expect(row?.attempts).toBe(3);
    // "delivered" once the simulator's status callback has landed.
    expect(["sent", "delivered"]).toContain(row?.status);
  });
});
