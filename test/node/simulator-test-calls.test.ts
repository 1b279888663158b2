/**
 * The simulator's call-create APIs for Plivo, Vonage and Bandwidth against our own test-call
 * placers (src/carriers/setup-*.ts), so the demo's "Place a test call" works offline for every
 * carrier: accepted when authenticated and complete, refused as the carrier refuses otherwise, and
 * a fault scripted for the business's phone said in words.
 */
import { generateKeyPairSync } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEMO_BANDWIDTH_ACCOUNT, DEMO_BANDWIDTH_NUMBER, DEMO_PLIVO_ACCOUNT, DEMO_PLIVO_NUMBER, DEMO_VONAGE_NUMBER, startSimulator, type Simulator } from "../../scripts/simulator.mjs";
import { bandwidthCredentialsSchema } from "../../src/carriers/bandwidth";
import { plivoCredentialsSchema } from "../../src/carriers/plivo";
import { placeBandwidthTestCall } from "../../src/carriers/setup-bandwidth";
import { SetupError } from "../../src/carriers/setup-error";
import { placePlivoTestCall } from "../../src/carriers/setup-plivo";
import { placeVonageTestCall } from "../../src/carriers/setup-vonage";
import { testCallWords } from "../../src/rules/greeting";

const BASE = "https://tb.example";
const OWNER = "+13122345699";
let sim: Simulator;
const lines: string[] = [];

beforeAll(async () => {
  sim = await startSimulator({ port: 0, vonageNumbers: [DEMO_VONAGE_NUMBER], log: (line) => void lines.push(line) });
});

afterAll(async () => {
  await sim?.close();
});

const refusal = (p: Promise<unknown>) => p.then(() => null, (e: unknown) => (e instanceof SetupError ? e : Promise.reject(e)));

describe("the simulator's test calls", () => {
  it("Plivo: Make a Call with the account's auth ID and token, refused with a wrong token", async () => {
    const a = { apiBase: sim.url, ...DEMO_PLIVO_ACCOUNT, e164: DEMO_PLIVO_NUMBER };
    await placePlivoTestCall(a, OWNER, `${BASE}/webhooks/plivo/test-call`);
    expect(lines.at(-1)).toMatch(/POST \/v1\/Account\/MADEMOPLIVO000000001\/Call\/ 201 plivo test call to=13122345699 \(placed nowhere\)/);
    expect(await refusal(placePlivoTestCall({ ...a, authToken: "wrong-token" }, OWNER, `${BASE}/webhooks/plivo/test-call`))).toMatchObject({ carrierStatus: 401 });
  });

  it("Vonage: create call with the application's token, never with the account's key and secret", async () => {
    const { applicationId, privateKeyPem } = sim.vonageApplication;
    await placeVonageTestCall({ apiBase: sim.url, applicationId, privateKey: privateKeyPem, e164: DEMO_VONAGE_NUMBER }, OWNER, testCallWords("Acme Plumbing"));
    expect(lines.at(-1)).toMatch(/POST \/v1\/calls 201 vonage test call to=13122345699/);
    const otherKey = generateKeyPairSync("rsa", { modulusLength: 2048, privateKeyEncoding: { type: "pkcs8", format: "pem" }, publicKeyEncoding: { type: "spki", format: "pem" } }).privateKey;
    const refused = await refusal(placeVonageTestCall({ apiBase: sim.url, applicationId, privateKey: otherKey, e164: DEMO_VONAGE_NUMBER }, OWNER, "hello"));
    expect(refused).toMatchObject({ carrierStatus: 401, message: expect.stringContaining("Turn on the application's Voice capability") });
  });

  it("Bandwidth: Create Call on the location's Voice application, with the API credential's token", async () => {
    const { accountId, applicationId, clientId, clientSecret, callbackUsername, callbackPassword } = DEMO_BANDWIDTH_ACCOUNT;
    const tokenUrl = `${sim.url}/api/v1/oauth2/token`;
    const a = { apiBase: sim.url, voiceApiBase: sim.url, tokenUrl, accountId, applicationId, clientId, clientSecret, callbackUsername, callbackPassword, e164: DEMO_BANDWIDTH_NUMBER };
    await placeBandwidthTestCall(a, OWNER, `${BASE}/webhooks/bandwidth/test-call`);
    expect(lines.at(-1)).toMatch(/POST \/api\/v2\/accounts\/9900000\/calls 201 bandwidth test call to=\+13122345699/);
    expect(await refusal(placeBandwidthTestCall({ ...a, clientSecret: "wrong-secret" }, OWNER, `${BASE}/webhooks/bandwidth/test-call`))).toMatchObject({ carrierStatus: 401 });
  });

  it("a fault scripted for the business's phone is the carrier refusing the call, with its reason", async () => {
    sim.setFaults(OWNER, [{ status: 400, message: "from number is not voice enabled" }]);
    const refused = await refusal(placePlivoTestCall({ apiBase: sim.url, ...DEMO_PLIVO_ACCOUNT, e164: DEMO_PLIVO_NUMBER }, OWNER, `${BASE}/webhooks/plivo/test-call`));
    expect(refused?.message).toMatch(/^Plivo refused the test call \(HTTP 400\): "from number is not voice enabled"\. Check that the number is voice-enabled/);
  });
});

describe("the demo's accounts", () => {
  it("pass the credential checks the worker applies when `npm start` registers the demo numbers", () => {
    expect(plivoCredentialsSchema.safeParse(DEMO_PLIVO_ACCOUNT).success).toBe(true);
    expect(bandwidthCredentialsSchema.safeParse(DEMO_BANDWIDTH_ACCOUNT).success).toBe(true);
  });
});
