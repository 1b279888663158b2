/**
 * End to end over real HTTP, Telnyx edition: the simulator speaking Telnyx (Call Control events and
 * messaging events signed with its own Ed25519 key, the `/v2/messages` and `actions/transfer` APIs)
 * ↔ the worker under `wrangler dev`. Boots like missed-call.e2e.test.ts
 * (test/support-node/worker.ts).
 */
import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { randomUsNumber } from "../../scripts/simulator.mjs";
import { eventually, showOutputOnFailure, sleep, startWorker, type RunningWorker } from "../support-node/worker";

const TELNYX_ACCOUNT = { apiKey: `KEY${randomBytes(16).toString("hex")}`, name: "e2e-telnyx" };
const BUSINESS = { name: "Lakeside Electric", timezone: "America/Chicago", forwardTo: "+13122345678", bookingUrl: "https://lakeside.example/book" };
const NUMBER = "+15122345679";

let w: RunningWorker | undefined;
let businessId = "";

const textsTo = (phone: string) => w!.sim.messages.filter((m) => m.to === phone);

async function messageRows() {
  const { messages } = await w!.admin<{ messages: { to: string; status: string; kind: string; body: string }[] }>("GET", `/businesses/${businessId}/messages`);
  return messages;
}

beforeAll(async () => {
  // No Twilio account is used here; the Telnyx number is the simulator's only Telnyx number.
  w = await startWorker({ telnyxAccounts: [TELNYX_ACCOUNT], telnyxNumbers: [NUMBER] }, async ({ admin, sim, url }) => {
    const business = await admin("POST", "/businesses", BUSINESS);
    businessId = business.id;
    const number = await admin("POST", `/businesses/${businessId}/numbers`, {
      e164: NUMBER,
      carrier: "telnyx",
      credentials: { apiKey: TELNYX_ACCOUNT.apiKey, publicKey: sim.telnyxPublicKey },
      mode: "forward",
    });
    expect(number.webhookUrls).toEqual({ events: `${url}/webhooks/telnyx` });
  });
});

afterAll(async () => {
  await w?.stop();
});

showOutputOnFailure(() => w);

describe("a call to a Telnyx number, over real HTTP", () => {
  it("forwards the call, then texts the caller exactly once through Telnyx after no answer", async () => {
    const caller = randomUsNumber();
    const call = await w!.sim.placeCall({ from: caller, to: NUMBER, outcome: "no-answer" });
    expect(call.carrier).toBe("telnyx");
    expect(call.webhooks.map((w) => [w.name, w.status])).toEqual([
      ["call.initiated", 200],
      ["call.initiated", 200],
      ["call.hangup", 200],
      ["call.hangup", 200],
    ]);
    // The worker answered call.initiated by transferring to the business phone, once.
    expect(call.transfer).toMatchObject({ to: BUSINESS.forwardTo, from: caller, account: TELNYX_ACCOUNT.name });
    expect(call.transfer!.command_id).toBeTruthy();
    expect(w!.sim.transfers.filter((t) => t.callControlId === call.transfer!.callControlId)).toHaveLength(1);

    const [text] = await eventually(() => textsTo(caller).length > 0 && textsTo(caller), "text to the caller");
    expect(text).toMatchObject({ carrier: "telnyx", to: caller, from: NUMBER, accountSid: TELNYX_ACCOUNT.name });
    expect(text!.body).toContain(BUSINESS.name);
    expect(text!.body).toContain("Reply STOP to opt out");
    expect(w!.sim.requests.filter((r) => r.to === caller).map((r) => [r.carrier, r.status])).toEqual([["telnyx", 200]]);

    // The simulator's message.sent / message.finalized reach the worker and settle the message.
    const row = await eventually(async () => (await messageRows()).find((m) => m.to === caller && m.status === "delivered"), "delivery report", 5_000);
    expect(row.status).toBe("delivered");
    expect(textsTo(caller)).toHaveLength(1);
  });

  it("confirms a STOP sent as message.received once, and texts that caller no more", async () => {
    const caller = randomUsNumber();
    const sms = await w!.sim.sendSms({ from: caller, to: NUMBER, body: "STOP" });
    expect(sms.carrier).toBe("telnyx");
    expect(sms.webhooks.map((w) => w.status)).toEqual([200]);

    const [confirmation] = await eventually(() => textsTo(caller).length > 0 && textsTo(caller), "STOP confirmation");
    expect(confirmation).toMatchObject({ carrier: "telnyx", to: caller, from: NUMBER });
    expect(confirmation!.body).toMatch(/unsubscribed|opted out|no more|stop/i);

    // A missed call from the opted-out caller now sends nothing.
    const call = await w!.sim.placeCall({ from: caller, to: NUMBER, outcome: "busy" });
    expect(call.webhooks.every((w) => w.status === 200)).toBe(true);
    await sleep(1500);
    expect(textsTo(caller)).toHaveLength(1);
  });
});
