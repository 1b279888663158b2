import { createExecutionContext, waitOnExecutionContext } from "cloudflare:test";
import { env, exports } from "cloudflare:workers";
import { afterEach, describe, expect, it, vi } from "vitest";
import { twilioSignature } from "../src/carriers/twilio-signature";
import worker from "../src/index";
import { api, apiJson, createTwilioLine, dialStatus, eventually, ORIGIN, settle, twilioWebhook, uniquePhone } from "./support/app";
import { createLine, mockTwilio } from "./support/carriers";
import { recording, type Issued } from "./support/d1";
import { PROBES, type Probe, type Unverifiable } from "./support/webhook-probes";

afterEach(() => vi.restoreAllMocks());

async function nothingStored(businessId: string) {
  const { calls } = await apiJson("GET", `/businesses/${businessId}/calls`);
  const { messages } = await apiJson("GET", `/businesses/${businessId}/messages`);
  expect(calls).toEqual([]);
  expect(messages).toEqual([]);
}

describe("Twilio webhook authentication and input", () => {
  it("rejects a missing signature with 403 and stores nothing", async () => {
    const carrier = mockTwilio();
    const line = await createTwilioLine();
    const res = await twilioWebhook("/webhooks/twilio/dial-status", dialStatus(line, uniquePhone(), "no-answer"), null);
    expect(res.status).toBe(403);
    await settle(200);
    expect(carrier.requests).toHaveLength(0);
    await nothingStored(line.businessId);
  });

  it("rejects a signature made with another number's token with 403", async () => {
    const carrier = mockTwilio();
    const line = await createTwilioLine();
    const other = await createTwilioLine();
    const res = await twilioWebhook("/webhooks/twilio/dial-status", dialStatus(line, uniquePhone(), "no-answer"), other.authToken);
    expect(res.status).toBe(403);
    await settle(200);
    expect(carrier.requests).toHaveLength(0);
    await nothingStored(line.businessId);
  });

  it.each([
    ["a changed parameter", (p: Record<string, string>) => ({ ...p, DialCallStatus: "busy" })],
    ["an added parameter", (p: Record<string, string>) => ({ ...p, Extra: "1" })],
    ["a removed parameter", (p: Record<string, string>) => { const { Direction: _, ...rest } = p; return rest; }],
  ])("rejects a valid signature once the body has %s", async (_name, mutate) => {
    const line = await createTwilioLine();
    const params = dialStatus(line, uniquePhone(), "no-answer");
    const url = `${ORIGIN}/webhooks/twilio/dial-status`;
    const sig = await twilioSignature(line.authToken, url, params);
    const res = await exports.default.fetch(url, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded", "x-twilio-signature": sig },
      body: new URLSearchParams(mutate(params)).toString(),
    });
    expect(res.status).toBe(403);
    await nothingStored(line.businessId);
  });

  it("rejects a signature computed for another URL", async () => {
    const line = await createTwilioLine();
    const params = dialStatus(line, uniquePhone(), "no-answer");
    const sig = await twilioSignature(line.authToken, `${ORIGIN}/webhooks/twilio/call-status`, params);
    const res = await exports.default.fetch(`${ORIGIN}/webhooks/twilio/dial-status`, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded", "x-twilio-signature": sig },
      body: new URLSearchParams(params).toString(),
    });
    expect(res.status).toBe(403);
  });

  it("accepts a signature computed over the URL with the default port", async () => {
    const carrier = mockTwilio();
    const line = await createTwilioLine();
    const params = dialStatus(line, uniquePhone(), "no-answer");
    const sig = await twilioSignature(line.authToken, "https://textback.test:443/webhooks/twilio/dial-status", params);
    const res = await exports.default.fetch(`${ORIGIN}/webhooks/twilio/dial-status`, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded", "x-twilio-signature": sig },
      body: new URLSearchParams(params).toString(),
    });
    expect(res.status).toBe(200);
    await eventually(async () => carrier.to(params.From).length === 1);
  });

  it.each([
    ["a JSON body", "application/json", JSON.stringify({ To: "+15125550100" })],
    ["no To", "application/x-www-form-urlencoded", "CallSid=CA1&From=%2B14155552671"],
    ["a To that is not E.164", "application/x-www-form-urlencoded", "To=5125550100&From=x"],
  ])("answers 400 for %s (behind a header shaped like a signature)", async (_name, type, body) => {
    const res = await exports.default.fetch(`${ORIGIN}/webhooks/twilio/dial-status`, {
      method: "POST",
      headers: { "content-type": type, "x-twilio-signature": `${"A".repeat(27)}=` },
      body,
    });
    expect(res.status).toBe(400);
    expect(await res.json()).toHaveProperty("error");
  });

  it("answers 400 for a signed body with an unknown DialCallStatus, and stores nothing", async () => {
    const carrier = mockTwilio();
    const line = await createTwilioLine();
    const caller = uniquePhone();
    const res = await twilioWebhook(
      "/webhooks/twilio/dial-status",
      dialStatus(line, caller, "exploded"),
      line.authToken,
    );
    expect(res.status).toBe(400);
    expect(((await res.json()) as { error: string }).error).toMatch(/DialCallStatus/);
    await settle(200);
    expect(carrier.to(caller)).toHaveLength(0);
    await nothingStored(line.businessId);
  });

  it("answers 413 for a body over 64 KB before reading it", async () => {
    const res = await exports.default.fetch(`${ORIGIN}/webhooks/twilio/dial-status`, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: "Body=" + "x".repeat(70_000),
    });
    expect(res.status).toBe(413);
  });
});

/** One registered number per kind of line the probes address (the voice-AI one with its secret set). */
async function registeredNumbers(): Promise<Record<Probe["carrier"], string>> {
  const ai = await createTwilioLine({ mode: "status" });
  expect((await api("PATCH", `/businesses/${ai.businessId}`, { voiceAiSecret: "vai-secret-0123456789abcdef" })).status).toBe(200);
  return {
    twilio: (await createLine("twilio")).e164,
    signalwire: (await createLine("signalwire")).e164,
    telnyx: (await createLine("telnyx")).e164,
    vonage: (await createLine("vonage")).e164,
    plivo: (await createLine("plivo")).e164,
    bandwidth: (await createLine("bandwidth")).e164,
    "voice-ai": ai.e164,
  };
}

describe("an unverifiable webhook says nothing about which numbers are registered", () => {
  it("gets the same status and body on every route, registered number or not, unsigned or wrongly signed", async () => {
    const registered = await registeredNumbers();
    const answers: Record<string, string> = {};
    for (const probe of PROBES) {
      for (const [whose, number] of [["unregistered", uniquePhone("512")], ["registered", registered[probe.carrier]]] as const) {
        for (const signature of ["no signature", "a wrong key"] as const) {
          const res = await exports.default.fetch(await probe.request(number, signature));
          answers[`${probe.name}, ${whose}, ${signature}`] = `${res.status} ${res.headers.get("content-type")} ${await res.text()}`;
        }
      }
    }
    const refused = '403 application/json {"error":"invalid signature"}';
    expect(answers).toEqual(Object.fromEntries(Object.keys(answers).map((k) => [k, refused])));
    expect(Object.keys(answers)).toHaveLength(PROBES.length * 4);
    // Four requests for each of the carriers' routes, one after another: seconds on a busy machine.
  }, 30_000);

  it("refuses a request with no, a malformed or a stale signature before any D1 read or decryption", async () => {
    const registered = await registeredNumbers();
    const decrypt = vi.spyOn(crypto.subtle, "decrypt");
    const work: Record<string, string> = {};
    for (const probe of PROBES) {
      const kinds: Unverifiable[] = ["no signature", "a malformed signature", ...(probe.timestamped ? (["a stale signature"] as const) : [])];
      for (const signature of kinds) {
        const issued: Issued[] = [];
        const ctx = createExecutionContext();
        const res = await worker.fetch(await probe.request(registered[probe.carrier], signature), { ...env, DB: recording(env.DB, issued) }, ctx);
        await waitOnExecutionContext(ctx);
        work[`${probe.name}, ${signature}`] = `${res.status}, ${issued.length} D1 statements, ${decrypt.mock.calls.length} decryptions`;
        decrypt.mockClear();
      }
    }
    expect(work).toEqual(Object.fromEntries(Object.keys(work).map((k) => [k, "403, 0 D1 statements, 0 decryptions"])));
  });
});
