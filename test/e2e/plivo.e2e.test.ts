/**
 * End to end over real HTTP, Plivo edition: the simulator speaking Plivo (V3-signed Answer URL,
 * `<Dial action>`, Message URL and delivery reports; the `/v1/Account/:authId/Message/` send API) ↔
 * the worker under `wrangler dev`. Boots like missed-call.e2e.test.ts (test/support-node/worker.ts).
 */
import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { randomUsNumber } from "../../scripts/simulator.mjs";
import { eventually, showOutputOnFailure, sleep, startWorker, type RunningWorker } from "../support-node/worker";

const PLIVO_ACCOUNT = { authId: `MA${randomBytes(9).toString("hex").toUpperCase()}`, authToken: randomBytes(16).toString("hex") };
const BUSINESS = { name: "Lakeside Electric", timezone: "America/Chicago", forwardTo: "+13122345678" };
const NUMBER = "+15122345682";

let w: RunningWorker | undefined;
let businessId = "";
const textsTo = (phone: string) => w!.sim.messages.filter((m) => m.to === phone);

beforeAll(async () => {
  w = await startWorker({ plivoAccounts: [PLIVO_ACCOUNT], plivoNumbers: [NUMBER] }, async ({ admin, url }) => {
    businessId = (await admin("POST", "/businesses", BUSINESS)).id;
    const number = await admin("POST", `/businesses/${businessId}/numbers`, { e164: NUMBER, carrier: "plivo", credentials: PLIVO_ACCOUNT, mode: "forward" });
    expect(number.webhookUrls).toEqual({ voice: `${url}/webhooks/plivo/voice`, sms: `${url}/webhooks/plivo/sms` });
  });
});

afterAll(async () => {
  await w?.stop();
});

showOutputOnFailure(() => w);

describe("a call to a Plivo number, over real HTTP", () => {
  it("forwards with <Dial action>, texts the caller once through Plivo's API after no answer, and takes the delivery reports", async () => {
    const caller = randomUsNumber();
    const call = await w!.sim.placeCall({ from: caller, to: NUMBER, outcome: "no-answer" });
    expect(call.carrier).toBe("plivo");
    expect(call.webhooks.map((h) => [h.name, h.status])).toEqual([
      ["voice", 200],
      ["dial-status", 200],
    ]);
    expect(call.webhooks[0]!.body).toContain(`<Number>${BUSINESS.forwardTo}</Number>`);
    await eventually(() => textsTo(caller).length === 1, "the text back");
    expect(textsTo(caller)[0]).toMatchObject({ carrier: "plivo", from: NUMBER, accountSid: PLIVO_ACCOUNT.authId });
    await eventually(async () => {
      const { messages } = await w!.admin<{ messages: { to: string; status: string }[] }>("GET", `/businesses/${businessId}/messages`);
      return messages.find((m) => m.to === caller)?.status === "delivered";
    }, "the delivered report");
    await sleep(300);
    expect(textsTo(caller)).toHaveLength(1);
  });

  it("does not text an answered call, and answers a STOP once", async () => {
    const caller = randomUsNumber();
    await w!.sim.placeCall({ from: caller, to: NUMBER, outcome: "answered" });
    await sleep(500);
    expect(textsTo(caller)).toHaveLength(0);
    const sms = await w!.sim.sendSms({ from: caller, to: NUMBER, body: "STOP" });
    expect(sms.webhooks[0]!.status).toBe(200);
    await eventually(() => textsTo(caller).length === 1, "the STOP confirmation");
    expect(textsTo(caller)[0]!.body).toMatch(/unsubscribed/i);
  });
});
