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
    const { accountId, applicationId, username, password } = DEMO_BANDWIDTH_ACCOUNT;
    const a = { apiBase: sim.url, accountId, applicationId, username, password, e164: DEMO_BANDWIDTH_NUMBER };
    expect(await readBandwidthSetup(a)).toEqual({ callInitiatedUrl: null, callStatusUrl: null, messagingCallbackUrl: null });
    await writeBandwidthSetup(a, { callInitiatedUrl: `${BASE}/webhooks/bandwidth/voice`, messagingCallbackUrl: `${BASE}/webhooks/bandwidth/messaging` });
    expect(await readBandwidthSetup(a)).toEqual({ callInitiatedUrl: `${BASE}/webhooks/bandwidth/voice`, callStatusUrl: null, messagingCallbackUrl: `${BASE}/webhooks/bandwidth/messaging` });
    const refused = await readBandwidthSetup({ ...a, password: "wrong-password" }).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(SetupError);
    expect(refused).toMatchObject({ carrierStatus: 401 });
  });
});
