/**
 * End to end over real HTTP, Vonage edition: the simulator speaking Vonage (the answer URL and leg
 * events of the Voice API, the Messages API's inbound and status callbacks, each signed with the
 * signature secret; `POST /v1/messages` checking the application's RS256 token) ↔ the worker under
 * `wrangler dev`. Boots like telnyx.e2e.test.ts (test/support-node/worker.ts).
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { randomUsNumber } from "../../scripts/simulator.mjs";
import { eventually, showOutputOnFailure, sleep, startWorker, type RunningWorker } from "../support-node/worker";

const BUSINESS = { name: "Harbor Dental", timezone: "America/Chicago", forwardTo: "+13122345678" };
const NUMBER = "+15122345680";

let w: RunningWorker | undefined;
let businessId = "";

const textsTo = (phone: string) => w!.sim.messages.filter((m) => m.to === phone);

async function messageRows() {
  const { messages } = await w!.admin<{ messages: { to: string; status: string }[] }>("GET", `/businesses/${businessId}/messages`);
  return messages;
}

beforeAll(async () => {
  w = await startWorker({ vonageNumbers: [NUMBER] }, async ({ admin, sim, url }) => {
    businessId = (await admin("POST", "/businesses", BUSINESS)).id;
    const { privateKeyPem, ...app } = sim.vonageApplication;
    const number = await admin("POST", `/businesses/${businessId}/numbers`, { e164: NUMBER, carrier: "vonage", credentials: { ...app, privateKey: privateKeyPem }, mode: "forward" });
    expect(number.webhookUrls).toEqual({
      answer: `${url}/webhooks/vonage/answer`,
      event: `${url}/webhooks/vonage/event`,
      inbound: `${url}/webhooks/vonage/inbound`,
      status: `${url}/webhooks/vonage/status`,
    });
  });
});

afterAll(async () => {
  await w?.stop();
});

showOutputOnFailure(() => w);

describe("a call to a Vonage number, over real HTTP", () => {
  it("connects the call to the business phone, then texts the caller once through the Messages API after no answer", async () => {
    const caller = randomUsNumber();
    const call = await w!.sim.placeCall({ from: caller, to: NUMBER, outcome: "no-answer" });
    expect(call.carrier).toBe("vonage");
    expect(call.webhooks.map((x) => [x.name, x.status])).toEqual([
      ["answer", 200],
      ["started", 200],
      ["ringing", 200],
      ["timeout", 200],
    ]);
    expect(JSON.parse(call.webhooks[0]!.body)[0]).toMatchObject({ action: "connect", endpoint: [{ type: "phone", number: BUSINESS.forwardTo.slice(1) }] });

    const [text] = await eventually(() => textsTo(caller).length > 0 && textsTo(caller), "text to the caller");
    expect(text).toMatchObject({ carrier: "vonage", to: caller, from: NUMBER, accountSid: w!.sim.vonageApplication.applicationId });
    expect(text!.body).toContain(BUSINESS.name);
    expect(w!.sim.requests.filter((r) => r.to === caller).map((r) => [r.carrier, r.status])).toEqual([["vonage", 202]]);

    // The simulator's submitted / delivered callbacks reach the worker and settle the message.
    await eventually(async () => (await messageRows()).find((m) => m.to === caller && m.status === "delivered"), "delivery report", 5_000);
    expect(textsTo(caller)).toHaveLength(1);
  });

  it("texts nobody after an answered call", async () => {
    const caller = randomUsNumber();
    const call = await w!.sim.placeCall({ from: caller, to: NUMBER, outcome: "answered" });
    expect(call.webhooks.every((x) => x.status === 200)).toBe(true);
    await sleep(1500);
    expect(textsTo(caller)).toHaveLength(0);
  });

  it("confirms a STOP once, and texts that caller no more", async () => {
    const caller = randomUsNumber();
    const sms = await w!.sim.sendSms({ from: caller, to: NUMBER, body: "STOP" });
    expect(sms.carrier).toBe("vonage");
    expect(sms.webhooks.map((x) => x.status)).toEqual([200]);
    const [confirmation] = await eventually(() => textsTo(caller).length > 0 && textsTo(caller), "STOP confirmation");
    expect(confirmation).toMatchObject({ carrier: "vonage", to: caller, from: NUMBER });

    const call = await w!.sim.placeCall({ from: caller, to: NUMBER, outcome: "busy" });
    expect(call.webhooks.every((x) => x.status === 200)).toBe(true);
    await sleep(1500);
    expect(textsTo(caller)).toHaveLength(1);
  });
});
