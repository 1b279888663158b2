/**
 * End to end over real HTTP, Bandwidth edition: the simulator speaking Bandwidth (Voice callbacks
 * with the application's Basic credentials, following the worker's BXML `<Transfer>`; the OAuth 2.0
 * token endpoint, the Messaging API taking only its bearer tokens, and its array callbacks) ↔ the
 * worker under `wrangler dev`. Boots like missed-call.e2e.test.ts.
 */
import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { randomUsNumber } from "../../scripts/simulator.mjs";
import { eventually, showOutputOnFailure, sleep, startWorker, type RunningWorker } from "../support-node/worker";

const ACCOUNT = {
  accountId: "9901234",
  clientId: `client-${randomBytes(4).toString("hex")}`,
  clientSecret: randomBytes(16).toString("hex"),
  applicationId: "0d6f8a52-3c1e-4b7a-9a51-2f4e8c1d7b90",
  callbackUsername: `cb-${randomBytes(4).toString("hex")}`,
  callbackPassword: randomBytes(16).toString("hex"),
};
const BUSINESS = { name: "Lakeside Electric", timezone: "America/Chicago", forwardTo: "+13122345678" };
const NUMBER = "+15122345683";

let w: RunningWorker | undefined;
let businessId = "";
const textsTo = (phone: string) => w!.sim.messages.filter((m) => m.to === phone);
/** The simulator's log lines for the token endpoint (it logs the client, never the token). */
const tokenRequests = () => w!.logs.filter((l) => l.includes("POST /api/v1/oauth2/token"));

beforeAll(async () => {
  w = await startWorker({ bandwidthAccounts: [ACCOUNT], bandwidthNumbers: [NUMBER] }, async ({ admin, url }) => {
    businessId = (await admin("POST", "/businesses", BUSINESS)).id;
    const number = await admin("POST", `/businesses/${businessId}/numbers`, { e164: NUMBER, carrier: "bandwidth", credentials: ACCOUNT, mode: "forward" });
    expect(number.webhookUrls).toEqual({ voice: `${url}/webhooks/bandwidth/voice`, sms: `${url}/webhooks/bandwidth/messaging` });
  });
});

afterAll(async () => {
  await w?.stop();
});

showOutputOnFailure(() => w);

describe("a call to a Bandwidth number, over real HTTP", () => {
  it("transfers with BXML, texts the caller once through Bandwidth's API after no answer, and takes the delivery callbacks", async () => {
    const caller = randomUsNumber();
    const call = await w!.sim.placeCall({ from: caller, to: NUMBER, outcome: "no-answer" });
    expect(call.carrier).toBe("bandwidth");
    expect(call.webhooks.map((h) => [h.name, h.status])).toEqual([
      ["initiate", 200],
      ["transferComplete", 200],
    ]);
    expect(call.webhooks[0]!.body).toContain(`>${BUSINESS.forwardTo}</PhoneNumber>`);
    await eventually(() => textsTo(caller).length === 1, "the text back");
    expect(textsTo(caller)[0]).toMatchObject({ carrier: "bandwidth", from: NUMBER, accountSid: ACCOUNT.accountId });
    // The simulator took the text only with a bearer token its token endpoint gave the number's API credential.
    expect(tokenRequests()).toEqual([expect.stringContaining(`200 token for ${ACCOUNT.clientId}`)]);
    expect(w!.logs.join("\n")).not.toContain(ACCOUNT.clientSecret);
    await eventually(async () => {
      const { messages } = await w!.admin<{ messages: { to: string; status: string }[] }>("GET", `/businesses/${businessId}/messages`);
      return messages.find((m) => m.to === caller)?.status === "delivered";
    }, "the delivered report");
    await sleep(300);
    expect(textsTo(caller)).toHaveLength(1);
  });

  it("does not text an answered call (its transferAnswer noted), and answers a STOP once", async () => {
    const caller = randomUsNumber();
    const call = await w!.sim.placeCall({ from: caller, to: NUMBER, outcome: "answered" });
    expect(call.webhooks.map((h) => [h.name, h.status])).toEqual([
      ["initiate", 200],
      ["transferAnswer", 200],
      ["transferComplete", 200],
    ]);
    await sleep(500);
    expect(textsTo(caller)).toHaveLength(0);
    const sms = await w!.sim.sendSms({ from: caller, to: NUMBER, body: "STOP" });
    expect(sms.webhooks[0]!.status).toBe(200);
    await eventually(() => textsTo(caller).length === 1, "the STOP confirmation");
    expect(textsTo(caller)[0]!.body).toMatch(/unsubscribed/i);
    // The first text's token is still good: no second trip to the token endpoint.
    expect(tokenRequests()).toHaveLength(1);
  });
});
