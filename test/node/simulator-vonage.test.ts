/**
 * The simulator's Vonage side, without a worker: its Messages API against our own sender
 * (sendVonageText: token, body, error classification), its Identity Insights against our landline
 * lookup, and its signed callbacks against our verifier and @vonage/jwt's.
 */
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { verifySignature } from "@vonage/jwt";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { startSimulator, type Simulator } from "../../scripts/simulator.mjs";
import { lookupLineType } from "../../src/carriers/line-lookup";
import { sendVonageText, verifyVonage, type VonageCredentials } from "../../src/carriers/vonage";

const NUMBER = "+15122345680";

interface Received {
  path: string;
  headers: Record<string, string>;
  body: string;
}

let fakeWorker: Server;
let workerUrl = "";
const received: Received[] = [];
let sim: Simulator;

beforeAll(async () => {
  fakeWorker = createServer((req, res) => {
    let body = "";
    req.setEncoding("utf8");
    req.on("data", (c) => (body += c));
    req.on("end", () => {
      received.push({ path: req.url ?? "", headers: Object.fromEntries(Object.entries(req.headers).map(([k, v]) => [k, String(v)])), body });
      res.writeHead(200, { "content-type": "application/json" });
      // The answer URL gets a connect NCCO, as ours answers it.
      res.end(req.url?.startsWith("/webhooks/vonage/answer") ? JSON.stringify([{ action: "connect", from: NUMBER.slice(1), eventUrl: [`${workerUrl}/webhooks/vonage/event?leg=forward`], endpoint: [{ type: "phone", number: "13122345678" }] }]) : '{"ok":true}');
    });
  });
  await new Promise<void>((r) => fakeWorker.listen(0, "127.0.0.1", r));
  workerUrl = `http://127.0.0.1:${(fakeWorker.address() as AddressInfo).port}`;
  sim = await startSimulator({ port: 0, workerUrl, vonageNumbers: [NUMBER], log: false });
});

afterAll(async () => {
  await sim?.close();
  await new Promise((r) => fakeWorker?.close(r));
});

beforeEach(() => {
  sim.reset();
  received.length = 0;
});

const creds = (): VonageCredentials => {
  const { privateKeyPem, ...app } = sim.vonageApplication;
  return { ...app, privateKey: privateKeyPem };
};
const text = (to: string) => ({ from: NUMBER, to, body: "Hi from Acme", callbackOrigin: workerUrl });
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function verifiedByBoth(r: Received): Promise<[boolean, boolean]> {
  const secret = sim.vonageApplication.signatureSecret;
  const ours = (await verifyVonage(secret, r.headers.authorization, r.body, Math.floor(Date.now() / 1000))) !== null;
  return [ours, verifySignature(r.headers.authorization!.replace(/^Bearer /, ""), secret)];
}

describe("the simulator's Messages API", () => {
  it("accepts our application token and SMS body, then posts signed status callbacks to the webhook_url", async () => {
    const r = await sendVonageText(sim.url, creds(), text("+14152345678"));
    expect(r).toMatchObject({ ok: true, status: "queued" });
    expect(sim.messages).toEqual([expect.objectContaining({ carrier: "vonage", to: "+14152345678", from: NUMBER, body: "Hi from Acme" })]);
    for (let i = 0; i < 40 && received.length < 2; i++) await sleep(50);
    expect(received.map((x) => [x.path, JSON.parse(x.body).status])).toEqual([
      ["/webhooks/vonage/status", "submitted"],
      ["/webhooks/vonage/status", "delivered"],
    ]);
    for (const x of received) expect(await verifiedByBoth(x)).toEqual([true, true]);
  });

  it("refuses a token signed with another key, which our sender treats as final", async () => {
    const other = await startSimulator({ port: 0, log: false });
    try {
      const { privateKeyPem } = other.vonageApplication;
      const r = await sendVonageText(sim.url, { ...creds(), privateKey: privateKeyPem }, text("+14152345679"));
      expect(r).toMatchObject({ ok: false, kind: "permanent", code: "unauthorized" });
      expect(sim.messages).toEqual([]);
    } finally {
      await other.close();
    }
  });

  it("plays scripted faults in Vonage's problem format: throttling is retried after Retry-After, an opt-out recorded", async () => {
    sim.setFaults("+14152345670", [{ status: 429, retryAfter: 7 }, { status: 422, code: "1020", message: "The recipient has opted out of this sender" }]);
    expect(await sendVonageText(sim.url, creds(), text("+14152345670"))).toMatchObject({ ok: false, kind: "retry", code: "1000", retryAfterSeconds: 7 });
    expect(await sendVonageText(sim.url, creds(), text("+14152345670"))).toMatchObject({ ok: false, kind: "opted_out", code: "9" });
    expect(await sendVonageText(sim.url, creds(), text("+14152345670"))).toMatchObject({ ok: true });
  });
});

describe("the simulator's Identity Insights", () => {
  const lookupEnv = () => ({ TELNYX_API_BASE: sim.url, VONAGE_LOOKUP_BASE: sim.url });

  it("answers our Current Carrier lookup as Vonage does: a number ending 0000 is a landline, any other a mobile", async () => {
    expect(await lookupLineType(lookupEnv(), "vonage", creds(), "+14152340000")).toEqual({ lineType: "landline" });
    expect(await lookupLineType(lookupEnv(), "vonage", creds(), "+14152345678")).toEqual({ lineType: "mobile" });
  });

  it("refuses a token signed with another key (401), which our lookup reports as no answer", async () => {
    const other = await startSimulator({ port: 0, log: false });
    try {
      const { privateKeyPem } = other.vonageApplication;
      expect(await lookupLineType(lookupEnv(), "vonage", { ...creds(), privateKey: privateKeyPem }, "+14152340000")).toEqual({ why: "HTTP 401" });
    } finally {
      await other.close();
    }
  });
});

describe("the simulator's calls and texts to a Vonage number", () => {
  it("posts the answer URL, then the connect's leg events, each signed", async () => {
    const call = await sim.placeCall({ from: "+14152345678", to: NUMBER, outcome: "busy" });
    expect(call.carrier).toBe("vonage");
    expect(received.map((x) => x.path.split("?")[0])).toEqual(["/webhooks/vonage/answer", "/webhooks/vonage/event", "/webhooks/vonage/event"]);
    expect(JSON.parse(received[0]!.body)).toMatchObject({ from: "14152345678", to: NUMBER.slice(1) });
    expect(received.slice(1).map((x) => JSON.parse(x.body).status)).toEqual(["started", "busy"]);
    expect(JSON.parse(received[2]!.body)).toMatchObject({ from: NUMBER.slice(1), to: "13122345678", direction: "outbound" });
    for (const x of received) expect(await verifiedByBoth(x)).toEqual([true, true]);
  });

  it("posts an inbound text to the inbound URL as the Messages API does, signed", async () => {
    const sms = await sim.sendSms({ from: "+14152345678", to: NUMBER, body: "stop please" });
    expect(sms.carrier).toBe("vonage");
    expect(JSON.parse(received[0]!.body)).toMatchObject({ channel: "sms", message_type: "text", from: "14152345678", to: NUMBER.slice(1), text: "stop please" });
    expect(await verifiedByBoth(received[0]!)).toEqual([true, true]);
  });
});
