/**
 * The simulator's Telnyx side, without a worker: its API against our own sender (sendTelnyxText,
 * transferTelnyxCall), and its signed events against our verifier and the telnyx SDK's.
 */
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { TelnyxWebhook } from "telnyx/lib/webhooks";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { DEMO_TELNYX_KEY_SEED, startSimulator, telnyxKeyPair, telnyxSignature, type Simulator } from "../../scripts/simulator.mjs";
import signatures from "../fixtures/signatures.json";
import { sendTelnyxText, transferTelnyxCall, verifyTelnyx } from "../../src/carriers/telnyx";


const TELNYX_NUMBER = "+15122345679";
const TWILIO_NUMBER = "+15122345678";
const ACCOUNT = { apiKey: "KEYsimulator_test_key_0001", name: "sim-test" };

interface Received {
  path: string;
  headers: Record<string, string>;
  body: string;
  json: any;
}

/** A stand-in worker: records every request; for `transferOn` call.initiated, transfers like ours does. */
let fakeWorker: Server;
let workerUrl = "";
const received: Received[] = [];
let transferOn = true;
let sim: Simulator;

beforeAll(async () => {
  fakeWorker = createServer((req, res) => {
    let body = "";
    req.setEncoding("utf8");
    req.on("data", (c) => (body += c));
    req.on("end", async () => {
      const headers = Object.fromEntries(Object.entries(req.headers).map(([k, v]) => [k, String(v)]));
      const json = headers["content-type"]?.includes("json") ? JSON.parse(body) : undefined;
      received.push({ path: req.url ?? "", headers, body, json });
      const p = json?.data?.payload;
      if (transferOn && json?.data?.event_type === "call.initiated" && p?.direction === "incoming") {
        await transferTelnyxCall(sim.url, { apiKey: ACCOUNT.apiKey, publicKey: sim.telnyxPublicKey }, {
          callControlId: p.call_control_id,
          to: "+13122345678",
          from: p.from,
          timeoutSecs: 20,
          businessNumber: p.to,
        });
      }
      res.writeHead(200, { "content-type": "application/json" });
      res.end('{"ok":true}');
    });
  });
  await new Promise<void>((r) => fakeWorker.listen(0, "127.0.0.1", r));
  workerUrl = `http://127.0.0.1:${(fakeWorker.address() as AddressInfo).port}`;
  sim = await startSimulator({ port: 0, workerUrl, telnyxAccounts: [ACCOUNT], telnyxNumbers: [TELNYX_NUMBER], log: false });
});

afterAll(async () => {
  await sim?.close();
  await new Promise((r) => fakeWorker?.close(r));
});

beforeEach(() => {
  sim.reset();
  received.length = 0;
  transferOn = true;
});

const creds = () => ({ apiKey: ACCOUNT.apiKey, publicKey: sim.telnyxPublicKey });
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Both verifiers, at the current time, with the simulator's public key. */
async function verifiedByBoth(r: Received): Promise<[boolean, boolean]> {
  const ours = await verifyTelnyx(sim.telnyxPublicKey, r.headers["telnyx-signature-ed25519"], r.headers["telnyx-timestamp"], r.body, Math.floor(Date.now() / 1000));
  let sdk = true;
  try {
    await new TelnyxWebhook(sim.telnyxPublicKey).verify(r.body, r.headers);
  } catch {
    sdk = false;
  }
  return [ours, sdk];
}

describe("the simulator's Telnyx key", () => {
  it("derives the fixture's public key and signature from the RFC 8032 seed (Ed25519 is deterministic)", () => {
    const [v] = signatures.telnyx;
    const keys = telnyxKeyPair("9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60");
    expect(keys.publicKeyB64).toBe(v!.publicKeyB64);
    expect(telnyxSignature(keys.privateKey, v!["telnyx-timestamp"], v!.rawBody)).toBe(v!["telnyx-signature-ed25519"]);
  });

  it("is fresh per simulator unless seeded, and 44 base64 characters (32 raw bytes)", () => {
    expect(sim.telnyxPublicKey).toMatch(/^[A-Za-z0-9+/]{43}=$/);
    expect(telnyxKeyPair().publicKeyB64).not.toBe(telnyxKeyPair().publicKeyB64);
    expect(telnyxKeyPair(DEMO_TELNYX_KEY_SEED).publicKeyB64).toBe(telnyxKeyPair(DEMO_TELNYX_KEY_SEED).publicKeyB64);
  });

  it("is published at /_sim/telnyx", async () => {
    const res = await fetch(`${sim.url}/_sim/telnyx`);
    expect(await res.json()).toEqual({ publicKey: sim.telnyxPublicKey, numbers: [TELNYX_NUMBER] });
  });
});

describe("POST /v2/messages against our sender", () => {
  const text = { from: TELNYX_NUMBER, to: "+14155550123", body: "Sorry we missed your call — reply STOP to opt out" };

  it("accepts a text and answers Telnyx's shape", async () => {
    const result = await sendTelnyxText(sim.url, creds(), text);
    expect(result).toMatchObject({ ok: true, status: "queued" });
    expect(sim.messages).toEqual([expect.objectContaining({ carrier: "telnyx", to: text.to, from: text.from, body: text.body, accountSid: ACCOUNT.name })]);
    expect(result.ok && result.carrierMessageId).toBe(sim.messages[0]!.sid);

    const res = await fetch(`${sim.url}/v2/messages`, {
      method: "POST",
      headers: { authorization: `Bearer ${ACCOUNT.apiKey}`, "content-type": "application/json" },
      body: JSON.stringify({ from: text.from, to: text.to, text: "héllo" }),
    });
    expect(res.status).toBe(200);
    const { data } = await res.json();
    expect(data).toMatchObject({
      record_type: "message",
      direction: "outbound",
      from: { phone_number: text.from },
      to: [{ phone_number: text.to, status: "queued" }],
      text: "héllo",
      parts: 1,
      encoding: "GSM-7",
    });
    expect(data.id).toMatch(/^[0-9a-f-]{36}$/);
  });

  it("refuses a wrong API key with Telnyx's error format", async () => {
    const result = await sendTelnyxText(sim.url, { ...creds(), apiKey: "KEYsomeone_else_entirely" }, text);
    expect(result).toMatchObject({ ok: false, code: "10009", kind: "permanent" });
    expect(sim.messages).toHaveLength(0);
    expect(sim.requests).toEqual([expect.objectContaining({ carrier: "telnyx", status: 401, code: "10009" })]);
  });

  it("validates like Telnyx: an invalid 'to' is 40310", async () => {
    expect(await sendTelnyxText(sim.url, creds(), { ...text, to: "not a number" })).toMatchObject({ ok: false, code: "40310", kind: "permanent" });
  });

  it.each([
    [{ status: 503 }, { kind: "retry", code: "10007" }],
    [{ status: 429, retryAfter: 7 }, { kind: "retry", code: "10011", retryAfterSeconds: 7 }],
    [{ status: 400, code: "40300", message: "Blocked due to STOP message" }, { kind: "opted_out", code: "40300", message: "Blocked due to STOP message" }],
  ] as const)("injects the fault %o per destination", async (fault, expected) => {
    sim.setFaults(text.to, [fault]);
    expect(await sendTelnyxText(sim.url, creds(), text)).toMatchObject({ ok: false, ...expected });
    // Consumed: the next attempt goes through.
    expect(await sendTelnyxText(sim.url, creds(), text)).toMatchObject({ ok: true });
    expect(sim.requests.map((r) => r.status)).toEqual([fault.status, 200]);
  });

  it("reports message.sent then message.finalized (delivered) to webhook_url, signed", async () => {
    const result = await sendTelnyxText(sim.url, creds(), { ...text, callbackOrigin: workerUrl });
    await eventually(() => received.length >= 2);
    expect(received.map((r) => [r.path, r.json.data.event_type, r.json.data.payload.to[0].status])).toEqual([
      ["/webhooks/telnyx", "message.sent", "sent"],
      ["/webhooks/telnyx", "message.finalized", "delivered"],
    ]);
    for (const r of received) {
      expect(r.json.data.payload.id).toBe(result.ok && result.carrierMessageId);
      expect(await verifiedByBoth(r)).toEqual([true, true]);
    }
  });
});

describe("calls and texts to a Telnyx number", () => {
  it("posts call.initiated, then the transferred leg's events and call.hangup, all signed", async () => {
    const call = await sim.placeCall({ from: "+14155550123", to: TELNYX_NUMBER, outcome: "no-answer" });
    expect(call.carrier).toBe("telnyx");
    expect(received.map((r) => [r.path, r.json.data.event_type, r.json.data.payload.direction])).toEqual([
      ["/webhooks/telnyx", "call.initiated", "incoming"],
      ["/webhooks/telnyx", "call.initiated", "outgoing"],
      ["/webhooks/telnyx", "call.hangup", "outgoing"],
      ["/webhooks/telnyx", "call.hangup", "incoming"],
    ]);
    const [, forwardInit, forwardHangup, callerHangup] = received.map((r) => r.json.data.payload);
    expect(forwardHangup).toMatchObject({ hangup_cause: "timeout", to: "+13122345678", client_state: forwardInit.client_state });
    expect(JSON.parse(Buffer.from(forwardHangup.client_state, "base64").toString())).toEqual({ n: TELNYX_NUMBER });
    expect(callerHangup).toMatchObject({ hangup_cause: "normal_clearing", from: "+14155550123", to: TELNYX_NUMBER });
    expect(new Set(received.map((r) => r.json.data.payload.call_session_id))).toEqual(new Set([call.callSid]));
    expect(call.transfer).toMatchObject({ to: "+13122345678", timeout_secs: 20, account: ACCOUNT.name, duplicate: false });
    for (const r of received) expect(await verifiedByBoth(r)).toEqual([true, true]);
  });

  it.each([
    ["busy", ["call.initiated", "call.initiated", "call.hangup:user_busy", "call.hangup:normal_clearing"]],
    ["canceled", ["call.initiated", "call.initiated", "call.hangup:originator_cancel", "call.hangup:originator_cancel"]],
    ["answered", ["call.initiated", "call.initiated", "call.answered", "call.bridged", "call.hangup:normal_clearing", "call.hangup:normal_clearing"]],
    ["voicemail", ["call.initiated", "call.initiated", "call.answered", "call.bridged", "call.machine.detection.ended:machine", "call.hangup:normal_clearing", "call.hangup:normal_clearing"]],
  ] as const)("scripts %s", async (outcome, events) => {
    await sim.placeCall({ from: "+14155550123", to: TELNYX_NUMBER, outcome });
    const got = received.map((r) => {
      const p = r.json.data.payload;
      const detail = p.hangup_cause ?? p.result;
      return detail ? `${r.json.data.event_type}:${detail}` : r.json.data.event_type;
    });
    expect(got).toEqual(events);
  });

  it("without a transfer (a status-mode number) sends only the caller's leg", async () => {
    transferOn = false;
    const call = await sim.placeCall({ from: "+14155550123", to: TELNYX_NUMBER, outcome: "no-answer" });
    expect(call.transfer).toBeNull();
    expect(received.map((r) => r.json.data.event_type)).toEqual(["call.initiated", "call.hangup"]);
  });

  it("posts message.received for a text to the Telnyx number, signed", async () => {
    const sms = await sim.sendSms({ from: "+14155550123", to: TELNYX_NUMBER, body: "STOP" });
    expect(sms.carrier).toBe("telnyx");
    expect(received).toHaveLength(1);
    expect(received[0]!.json.data).toMatchObject({
      event_type: "message.received",
      payload: { id: sms.messageSid, direction: "inbound", text: "STOP", from: { phone_number: "+14155550123" }, to: [{ phone_number: TELNYX_NUMBER }] },
    });
    expect(await verifiedByBoth(received[0]!)).toEqual([true, true]);
  });

  it("keeps speaking Twilio to every other number", async () => {
    const call = await sim.placeCall({ from: "+14155550123", to: TWILIO_NUMBER, outcome: "no-answer" });
    expect(call.carrier).toBe("twilio");
    expect(received[0]!.path).toBe("/webhooks/twilio/voice");
    expect(received[0]!.headers["x-twilio-signature"]).toBeTruthy();
  });

  it("speaks Telnyx to any number when told to", async () => {
    await sim.sendSms({ from: "+14155550123", to: TWILIO_NUMBER, body: "hi", carrier: "telnyx" });
    expect(received[0]!.path).toBe("/webhooks/telnyx");
  });

  it("records a repeated transfer command as a duplicate", async () => {
    const body = JSON.stringify({ to: "+13122345678", command_id: "transfer-x" });
    const post = () =>
      fetch(`${sim.url}/v2/calls/v3:abc/actions/transfer`, { method: "POST", headers: { authorization: `Bearer ${ACCOUNT.apiKey}`, "content-type": "application/json" }, body });
    expect((await post()).status).toBe(200);
    expect((await post()).status).toBe(200);
    expect(sim.transfers.map((t) => t.duplicate)).toEqual([false, true]);
    const res = await fetch(`${sim.url}/v2/calls/v3:abc/actions/transfer`, { method: "POST", headers: { authorization: "Bearer nope" }, body });
    expect(res.status).toBe(401);
    expect((await res.json()).errors[0].code).toBe("10009");
  });
});

async function eventually(check: () => boolean, timeoutMs = 5000) {
  const until = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > until) throw new Error(`not within ${timeoutMs} ms`);
    await sleep(25);
  }
}
