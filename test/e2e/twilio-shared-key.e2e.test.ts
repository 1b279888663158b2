/**
 * Twilio webhooks signed with a SharedKey, over real HTTP to the worker under `wrangler dev`, each
 * signature computed by twilio-node's own validator (the library Twilio's customers check with):
 * the key named in X-Twilio-Webhooks-Signature-Settings signs, with the hash named there; without
 * the header the auth token signs with HMAC-SHA1; a key the number does not hold is refused.
 */
import webhooks from "twilio/lib/webhooks/webhooks.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { newTwilioAccount, randomUsNumber } from "../../scripts/simulator.mjs";
import { eventually, showOutputOnFailure, startWorker, type RunningWorker } from "../support-node/worker";

const ACCOUNT = newTwilioAccount();
const NUMBER = randomUsNumber("512");
const KEYS = [
  { id: "webhooks_sharedkey_01JAAAAAAAAAAAAAAAAAAAAAAA", secret: "first-shared-key-secret-0123456789" },
  { id: "webhooks_sharedkey_01JBBBBBBBBBBBBBBBBBBBBBBB", secret: "second-shared-key-secret-9876543210" },
];

let w: RunningWorker | undefined;

beforeAll(async () => {
  w = await startWorker({ accounts: [ACCOUNT] }, async ({ admin }) => {
    const business = await admin<{ id: string }>("POST", "/businesses", { name: "Riverside Plumbing", timezone: "America/Chicago", forwardTo: "+13122345678" });
    await admin("POST", `/businesses/${business.id}/numbers`, { e164: NUMBER, carrier: "twilio", credentials: { ...ACCOUNT, sharedKeys: KEYS }, mode: "forward" });
  });
});

afterAll(async () => {
  await w?.stop();
});

showOutputOnFailure(() => w);

/** An inbound text to the number, signed by twilio-node with `secret` and `algorithm`, announcing `settings` if given. */
async function text(secret: string, algorithm: string, settings?: string): Promise<number> {
  const url = `${w!.url}/webhooks/twilio/sms`;
  const params = { MessageSid: `SM${crypto.randomUUID().replace(/-/g, "")}`, AccountSid: ACCOUNT.accountSid, From: randomUsNumber(), To: NUMBER, Body: "Can you come Tuesday?" };
  const signature = webhooks.getExpectedTwilioSignature(secret, url, params, algorithm);
  // The oracle accepts what it signed: the vector is one Twilio's validator would pass.
  expect(webhooks.validateRequest(secret, signature, url, params, algorithm)).toBe(true);
  const headers: Record<string, string> = { "content-type": "application/x-www-form-urlencoded", "x-twilio-signature": signature };
  if (settings !== undefined) headers[webhooks.SIGNATURE_SETTINGS_HEADER.toLowerCase()] = settings;
  const res = await fetch(url, { method: "POST", headers, body: new URLSearchParams(params).toString() });
  await res.body?.cancel();
  return res.status;
}

describe("a Twilio number with SharedKeys, signed by twilio-node", () => {
  it.each([
    [webhooks.HMAC_SHA256, 0],
    [webhooks.HMAC_SHA1, 0],
    [webhooks.HMAC_SHA256, 1],
  ])("accepts a webhook signed with %s by the SharedKey its header names (key %i)", async (algorithm, i) => {
    expect(await text(KEYS[i]!.secret, algorithm, `key=${KEYS[i]!.id},algorithm=${algorithm}`)).toBe(200);
  });

  it("accepts the auth token with HMAC-SHA1 when no settings header comes", async () => {
    expect(await text(ACCOUNT.authToken, webhooks.HMAC_SHA1)).toBe(200);
  });

  it("refuses a header naming a key the number does not hold, the auth token under a key's header, and one key's secret under the other's id", async () => {
    expect(await text(KEYS[0]!.secret, webhooks.HMAC_SHA256, `key=webhooks_sharedkey_unknown,algorithm=${webhooks.HMAC_SHA256}`)).toBe(403);
    // The worker's log line reaches us through its output pipe, after the answer.
    await eventually(() => w!.logs.join("\n").includes('"keyId":"webhooks_sharedkey_unknown"'), "the unknown key's log line");
    expect(await text(ACCOUNT.authToken, webhooks.HMAC_SHA1, `key=${KEYS[0]!.id},algorithm=${webhooks.HMAC_SHA1}`)).toBe(403);
    expect(await text(KEYS[0]!.secret, webhooks.HMAC_SHA256, `key=${KEYS[1]!.id},algorithm=${webhooks.HMAC_SHA256}`)).toBe(403);
  });
});
