import { exports } from "cloudflare:workers";
import { afterEach, describe, expect, it, vi } from "vitest";
import { twilioSignature } from "../src/carriers/twilio-signature";
import { apiJson, createTwilioLine, dialStatus, eventually, ORIGIN, settle, twilioWebhook, uniquePhone } from "./support/app";
import { mockTwilio } from "./support/carriers";

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

  it("answers 404 for a number nobody registered", async () => {
    const line = await createTwilioLine();
    const params = { ...dialStatus(line, uniquePhone(), "no-answer"), To: "+15129998888" };
    const res = await twilioWebhook("/webhooks/twilio/dial-status", params, line.authToken);
    expect(res.status).toBe(404);
  });

  it.each([
    ["a JSON body", "application/json", JSON.stringify({ To: "+15125550100" })],
    ["no To", "application/x-www-form-urlencoded", "CallSid=CA1&From=%2B14155552671"],
    ["a To that is not E.164", "application/x-www-form-urlencoded", "To=5125550100&From=x"],
  ])("answers 400 for %s", async (_name, type, body) => {
    const res = await exports.default.fetch(`${ORIGIN}/webhooks/twilio/dial-status`, {
      method: "POST",
      headers: { "content-type": type },
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
