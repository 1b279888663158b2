/**
 * The simulator's settings APIs for Plivo, Vonage and Bandwidth against our own readers and writers
 * (src/carriers/setup-*.ts), so the demo's "Check setup" and "Configure for me" work offline.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEMO_BANDWIDTH_ACCOUNT, DEMO_BANDWIDTH_NUMBER, DEMO_PLIVO_ACCOUNT, DEMO_PLIVO_NUMBER, DEMO_VONAGE_NUMBER, startSimulator, type Simulator } from "../../scripts/simulator.mjs";
import { readBandwidthSetup, writeBandwidthSetup } from "../../src/carriers/setup-bandwidth";
import { SetupError } from "../../src/carriers/setup-error";
import { readPlivoSetup, writePlivoSetup } from "../../src/carriers/setup-plivo";
import { readVonageSetup, writeVonageSetup } from "../../src/carriers/setup-vonage";

const BASE = "https://tb.example";
let sim: Simulator;

beforeAll(async () => {
  sim = await startSimulator({ port: 0, vonageNumbers: [DEMO_VONAGE_NUMBER], log: false });
});

afterAll(async () => {
  await sim?.close();
});

describe("the simulator's number settings", () => {
  it("Plivo: a fresh application with no URLs, set by a write", async () => {
    const a = { apiBase: sim.url, ...DEMO_PLIVO_ACCOUNT, e164: DEMO_PLIVO_NUMBER };
    expect(await readPlivoSetup(a)).toEqual({ answerUrl: null, hangupUrl: null, messageUrl: null });
    await writePlivoSetup(a, { answerUrl: `${BASE}/webhooks/plivo/voice`, messageUrl: `${BASE}/webhooks/plivo/sms` });
    expect(await readPlivoSetup(a)).toEqual({ answerUrl: `${BASE}/webhooks/plivo/voice`, hangupUrl: null, messageUrl: `${BASE}/webhooks/plivo/sms` });
    await expect(readPlivoSetup({ ...a, authToken: "wrong-token" })).rejects.toMatchObject({ carrierStatus: 401 });
  });

  it("Vonage: the number linked to the demo application, whose URLs a write sets", async () => {
    const { apiKey, apiSecret, applicationId } = sim.vonageApplication;
    const a = { apiBase: sim.url, apiKey, apiSecret, applicationId, e164: DEMO_VONAGE_NUMBER };
    expect(await readVonageSetup(a)).toMatchObject({ linkedApplication: applicationId.toLowerCase(), answerUrl: null });
    await writeVonageSetup(a, { answerUrl: `${BASE}/webhooks/vonage/answer`, inboundUrl: `${BASE}/webhooks/vonage/inbound` });
    expect(await readVonageSetup(a)).toMatchObject({ answerUrl: `${BASE}/webhooks/vonage/answer`, inboundUrl: `${BASE}/webhooks/vonage/inbound`, eventUrl: null });
  });

  it("Bandwidth: the location's Voice application and the Messaging application, patched", async () => {
    const { accountId, applicationId, clientId, clientSecret } = DEMO_BANDWIDTH_ACCOUNT;
    const a = { apiBase: sim.url, tokenUrl: `${sim.url}/api/v1/oauth2/token`, accountId, applicationId, clientId, clientSecret, e164: DEMO_BANDWIDTH_NUMBER };
    expect(await readBandwidthSetup(a)).toEqual({ callInitiatedUrl: null, callStatusUrl: null, messagingCallbackUrl: null });
    await writeBandwidthSetup(a, { callInitiatedUrl: `${BASE}/webhooks/bandwidth/voice`, messagingCallbackUrl: `${BASE}/webhooks/bandwidth/messaging` });
    expect(await readBandwidthSetup(a)).toEqual({ callInitiatedUrl: `${BASE}/webhooks/bandwidth/voice`, callStatusUrl: null, messagingCallbackUrl: `${BASE}/webhooks/bandwidth/messaging` });
    const refused = await readBandwidthSetup({ ...a, clientSecret: "wrong-secret" }).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(SetupError);
    expect(refused).toMatchObject({ carrierStatus: 401 });
  });

  it("Bandwidth: every API takes only a token from the token endpoint, never an API user's Basic credentials", async () => {
    const { accountId, clientId, clientSecret } = DEMO_BANDWIDTH_ACCOUNT;
    const basic = `Basic ${Buffer.from(`${clientId}:${clientSecret}`).toString("base64")}`;
    const token = await fetch(`${sim.url}/api/v1/oauth2/token`, { method: "POST", headers: { authorization: basic, "content-type": "application/x-www-form-urlencoded" }, body: "grant_type=client_credentials" });
    const { access_token, expires_in } = (await token.json()) as { access_token: string; expires_in: number };
    expect([token.status, expires_in]).toEqual([200, 3600]);
    const routes: Array<[string, string, string?]> = [
      ["GET", `/api/tns/${DEMO_BANDWIDTH_NUMBER.slice(2)}/tndetails`],
      ["POST", `/api/v2/users/${accountId}/messages`, JSON.stringify({ applicationId: DEMO_BANDWIDTH_ACCOUNT.applicationId, to: ["+13122345698"], from: DEMO_BANDWIDTH_NUMBER, text: "hi" })],
      ["POST", `/v2/accounts/${accountId}/phoneNumberLookup`, JSON.stringify({ phoneNumbers: ["+13122345698"] })],
    ];
    for (const [method, path, body] of routes) {
      const as = (authorization: string) => fetch(`${sim.url}${path}`, { method, headers: { authorization, "content-type": "application/json" }, body });
      expect([path, (await as(basic)).status]).toEqual([path, 401]);
      expect([path, (await as(`Bearer ${access_token}`)).status]).toEqual([path, method === "POST" && path.endsWith("/messages") ? 202 : 200]);
    }
    const wrong = await fetch(`${sim.url}/api/v1/oauth2/token`, { method: "POST", headers: { authorization: `Basic ${Buffer.from(`${clientId}:nope`).toString("base64")}` }, body: "grant_type=client_credentials" });
    expect(wrong.status).toBe(401);
  });
});
