/**
 * A number's credentials rotate and a number can be removed (issue 20, item 7): through the API, and
 * as another isolate's change arrives here (this isolate's cached line not cleared, the lines told).
 * A webhook signed with the old credentials is refused from then on, the outbox sends with the new
 * ones, and a removed number is refused like one never registered while its history stays.
 */
import { env } from "cloudflare:workers";
import { eq } from "drizzle-orm";
import { drizzle } from "drizzle-orm/d1";
import { afterEach, describe, expect, it, vi } from "vitest";
import { findBusiness } from "../src/admin/businesses";
import { removeNumber, updateNumber } from "../src/admin/number-changes";
import { findNumber } from "../src/admin/numbers";
import { numbers } from "../src/db/schema";
import { api, apiJson, createTwilioLine, dialStatus, eventually, inboundSms, settle, twilioWebhook, uniquePhone, type TwilioLine } from "./support/app";
import { createLine, mockCarriers, mockTwilio, placeCall, type CarrierKind, type Line } from "./support/carriers";

afterEach(() => vi.restoreAllMocks());

const db = () => drizzle(env.DB);

async function numberIdOf(businessId: string, e164: string): Promise<string> {
  const { numbers: list } = await apiJson("GET", `/businesses/${businessId}`);
  return list.find((n: { e164: string }) => n.e164 === e164).id;
}

const storedCredentials = async (e164: string) => (await db().select({ c: numbers.credentials }).from(numbers).where(eq(numbers.e164, e164)))[0]?.c;

const twilioCreds = () => ({ accountSid: `AC${crypto.randomUUID().replace(/-/g, "")}`, authToken: `tok_${crypto.randomUUID()}` });

const missedCall = (line: TwilioLine, caller: string, token = line.authToken) => twilioWebhook("/webhooks/twilio/dial-status", dialStatus(line, caller, "no-answer"), token);

/** What another isolate's admin request does: commit and tell the lines; this isolate's cache stays as it was. */
async function elsewhere(line: { businessId: string; e164: string }, change: "remove" | Parameters<typeof updateNumber>[3]) {
  const business = await findBusiness(db(), line.businessId);
  const number = await findNumber(db(), line.businessId, await numberIdOf(line.businessId, line.e164));
  if (change === "remove") await removeNumber(env, business, number);
  else await updateNumber(env, business, number, change);
}

describe("PATCH /businesses/:id/numbers/:numberId", () => {
  it("rotates credentials: the old token is refused at once, the new one verifies, texts go out with the new account", async () => {
    const carrier = mockTwilio();
    const line = await createTwilioLine();
    await missedCall(line, uniquePhone()); // this isolate now caches the line with the old token
    const id = await numberIdOf(line.businessId, line.e164);
    const before = await storedCredentials(line.e164);
    const fresh = twilioCreds();
    const res = await api("PATCH", `/businesses/${line.businessId}/numbers/${id}`, { credentials: fresh });
    expect(res.status).toBe(200);
    const body = await res.text();
    expect(JSON.parse(body)).toMatchObject({ id, e164: line.e164, carrier: "twilio", mode: "forward" });
    for (const secret of [fresh.authToken, fresh.accountSid, line.authToken]) expect(body).not.toContain(secret);
    const after = await storedCredentials(line.e164);
    expect(after).not.toBe(before);
    expect(after).toMatch(/^v1\./);
    expect(after).not.toContain(fresh.authToken);

    expect((await missedCall(line, uniquePhone())).status).toBe(403);
    const caller = uniquePhone();
    expect((await missedCall(line, caller, fresh.authToken)).status).toBe(200);
    const [sent] = await eventually(async () => carrier.to(caller).length === 1 && carrier.to(caller));
    expect(sent!.url).toContain(`/Accounts/${fresh.accountSid}/Messages.json`);
    expect(sent!.authorization).toBe(`Basic ${btoa(`${fresh.accountSid}:${fresh.authToken}`)}`);
  });

  it("changes the mode: the answer lists the status callback to paste, and the audit row says so", async () => {
    const line = await createTwilioLine();
    const id = await numberIdOf(line.businessId, line.e164);
    const updated = await apiJson("PATCH", `/businesses/${line.businessId}/numbers/${id}`, { mode: "status" });
    expect(updated.mode).toBe("status");
    expect(Object.keys(updated.webhookUrls).sort()).toEqual(["callStatus", "sms"]);
    expect((await apiJson("GET", `/businesses/${line.businessId}`)).numbers[0]).toMatchObject({ id, mode: "status" });
    const [entry] = (await apiJson("GET", `/audit?entity=number&entityId=${id}`)).entries;
    expect(entry).toMatchObject({ action: "number.update", detail: { e164: line.e164, changes: { mode: { before: "forward", after: "status" } } } });
  });

  it("audits a rotation as [changed], with no secret value anywhere in the log", async () => {
    const line = await createTwilioLine();
    const id = await numberIdOf(line.businessId, line.e164);
    const fresh = twilioCreds();
    await apiJson("PATCH", `/businesses/${line.businessId}/numbers/${id}`, { credentials: fresh, mode: "forward" });
    const [entry] = (await apiJson("GET", `/audit?entity=number&entityId=${id}`)).entries;
    expect(entry).toMatchObject({ action: "number.update", detail: { changes: { credentials: { before: "[set]", after: "[changed]" } } } });
    const all = JSON.stringify(await apiJson("GET", "/audit?limit=500"));
    for (const secret of [fresh.authToken, fresh.accountSid, line.authToken, line.accountSid]) expect(all).not.toContain(secret);
  });

  const signalwire = { spaceUrl: "acme.signalwire.com", projectId: crypto.randomUUID(), apiToken: "PT_0123456789", signingKey: "PSK_0123456789" };
  it.each<[string, CarrierKind, unknown, string]>([
    ["nothing to change", "twilio", {}, "body: give credentials, mode or both"],
    ["an unknown mode", "twilio", { mode: "ring" }, "mode: "],
    ["a malformed account SID", "twilio", { credentials: { accountSid: "AC123", authToken: "tok_0123456789" } }, "credentials.accountSid: "],
    ["half the credentials", "twilio", { credentials: { authToken: "tok_0123456789" } }, "credentials.accountSid: "],
    ["another carrier's credentials", "telnyx", { credentials: twilioCreds() }, "credentials.apiKey: "],
    ["a Space on loopback", "signalwire", { credentials: { ...signalwire, spaceUrl: "http://127.0.0.1:8788" } }, "credentials.spaceUrl: "],
    ["a projectId that walks the path", "signalwire", { credentials: { ...signalwire, projectId: "../../x?" } }, "credentials.projectId: "],
    ["an unknown field", "twilio", { mode: "status", carrier: "telnyx" }, "carrier"],
  ])("refuses %s with 400 naming the field, and changes nothing", async (_name, kind, body, field) => {
    const line = await createLine(kind);
    const id = await numberIdOf(line.businessId, line.e164);
    const before = await storedCredentials(line.e164);
    const res = await api("PATCH", `/businesses/${line.businessId}/numbers/${id}`, body);
    expect(res.status).toBe(400);
    expect((await res.json<{ error: string }>()).error).toContain(field);
    expect(await storedCredentials(line.e164)).toBe(before);
    expect((await apiJson("GET", `/businesses/${line.businessId}`)).numbers[0]).toMatchObject({ carrier: kind, mode: "forward" });
    expect((await apiJson("GET", `/audit?entity=number&entityId=${id}`)).entries.map((e: { action: string }) => e.action)).toEqual(["number.add"]);
  });

  it("answers 404 for a number of another business or none, and changes nothing", async () => {
    const mine = await createTwilioLine();
    const theirs = await createTwilioLine();
    const theirId = await numberIdOf(theirs.businessId, theirs.e164);
    const before = await storedCredentials(theirs.e164);
    for (const [method, body] of [["PATCH", { credentials: twilioCreds() }], ["DELETE", undefined]] as const) {
      expect((await api(method, `/businesses/${mine.businessId}/numbers/${theirId}`, body)).status).toBe(404);
      expect((await api(method, `/businesses/${mine.businessId}/numbers/num_doesnotexist`, body)).status).toBe(404);
    }
    expect(await storedCredentials(theirs.e164)).toBe(before);
  });
});

/** New credentials for a line's carrier, and the line as a carrier signing with them. */
async function rotated(line: Line): Promise<{ credentials: Record<string, string>; signer: Line }> {
  const secret = `key_${crypto.randomUUID()}`;
  if (line.carrier === "twilio") return { credentials: { ...twilioCreds(), authToken: secret }, signer: { ...line, secret } };
  if (line.carrier === "signalwire") {
    return { credentials: { spaceUrl: "acme.signalwire.com", projectId: crypto.randomUUID(), apiToken: `PT${crypto.randomUUID()}`, signingKey: secret }, signer: { ...line, secret } };
  }
  const key = (await crypto.subtle.generateKey({ name: "Ed25519" }, true, ["sign", "verify"])) as CryptoKeyPair;
  const publicKey = btoa(String.fromCharCode(...new Uint8Array((await crypto.subtle.exportKey("raw", key.publicKey)) as ArrayBuffer)));
  return { credentials: { apiKey: `KEY${crypto.randomUUID()}`, publicKey }, signer: { ...line, telnyxKey: key } };
}

describe("a rotation made through another isolate, with this isolate's cached line not cleared", () => {
  it.each<CarrierKind>(["twilio", "signalwire", "telnyx"])("%s: a call signed with the old credentials is refused and nothing is texted; the new ones work", async (kind) => {
    const carrier = mockCarriers();
    const line = await createLine(kind);
    const warm = uniquePhone();
    await placeCall(line, warm, "no-answer"); // cached here with the old credentials
    await eventually(async () => carrier.to(warm).length === 1);
    const { credentials, signer } = await rotated(line);
    await elsewhere(line, { credentials } as Parameters<typeof updateNumber>[3]);

    const forged = uniquePhone();
    expect((await placeCall(line, forged, "no-answer")).map((r) => r.status)).toContain(403);
    const caller = uniquePhone();
    expect((await placeCall(line, caller, "no-answer", { signAs: signer })).map((r) => r.status).every((s) => s === 200)).toBe(true);
    await eventually(async () => carrier.to(caller).length === 1);
    await settle(200);
    expect(carrier.to(forged)).toEqual([]);
  });
});

/** A webhook to a number that was never registered, for comparison: status and body. */
async function unregisteredAnswer(path: string, params: (l: TwilioLine) => Record<string, string>) {
  const ghost: TwilioLine = { businessId: "biz_none", e164: uniquePhone("512"), numberId: "num_none", ...twilioCreds() };
  const res = await twilioWebhook(path, params(ghost), ghost.authToken);
  return { status: res.status, body: await res.text() };
}

describe("DELETE /businesses/:id/numbers/:numberId", () => {
  it("removes the number: 204, gone from the business, its calls and texts kept, audited", async () => {
    const carrier = mockTwilio();
    const line = await createTwilioLine();
    const caller = uniquePhone();
    await missedCall(line, caller);
    await eventually(async () => carrier.to(caller).length === 1);
    const id = await numberIdOf(line.businessId, line.e164);

    const res = await api("DELETE", `/businesses/${line.businessId}/numbers/${id}`);
    expect(res.status).toBe(204);
    expect((await apiJson("GET", `/businesses/${line.businessId}`)).numbers).toEqual([]);
    expect(await storedCredentials(line.e164)).toBeUndefined();
    const { calls } = await apiJson("GET", `/businesses/${line.businessId}/calls`);
    expect(calls).toEqual([expect.objectContaining({ from: caller, decision: "texted:no_answer" })]);
    const { messages } = await apiJson("GET", `/businesses/${line.businessId}/messages`);
    expect(messages).toEqual([expect.objectContaining({ to: caller, status: "sent" })]);
    const [entry] = (await apiJson("GET", `/audit?entity=number&entityId=${id}`)).entries;
    expect(entry).toMatchObject({ action: "number.remove", detail: { e164: line.e164, carrier: "twilio", mode: "forward" } });
    expect(JSON.stringify(entry)).not.toContain(line.authToken);
    expect((await api("DELETE", `/businesses/${line.businessId}/numbers/${id}`)).status).toBe(404);
  });

  it.each([
    ["through the API", "api"],
    ["through another isolate (this one's cache not cleared)", "elsewhere"],
  ] as const)("refuses webhooks for a removed number exactly like an unregistered one's (%s), and texts nobody", async (_name, how) => {
    const carrier = mockTwilio();
    const line = await createTwilioLine();
    await missedCall(line, uniquePhone()); // cached here
    await eventually(async () => carrier.requests.length === 1);
    if (how === "api") expect((await api("DELETE", `/businesses/${line.businessId}/numbers/${await numberIdOf(line.businessId, line.e164)}`)).status).toBe(204);
    else await elsewhere(line, "remove");

    const caller = uniquePhone();
    const cases: [string, (l: TwilioLine) => Record<string, string>][] = [
      ["/webhooks/twilio/dial-status", (l) => dialStatus(l, caller, "no-answer")],
      ["/webhooks/twilio/sms", (l) => inboundSms(l, caller, "hello?")],
    ];
    for (const [path, params] of cases) {
      const res = await twilioWebhook(path, params(line), line.authToken);
      expect({ status: res.status, body: await res.text() }, path).toEqual(await unregisteredAnswer(path, params));
    }
    await settle(200);
    expect(carrier.to(caller)).toEqual([]);
  });

  it("the business's other lines stop counting it among its own numbers, and it can be added again", async () => {
    const carrier = mockCarriers();
    const line = await createLine("twilio");
    const other = await createLine("twilio");
    const second = await apiJson("POST", `/businesses/${line.businessId}/numbers`, { e164: uniquePhone("512"), carrier: "twilio", credentials: twilioCreds() });
    // A call from the business's own second number is not texted...
    await placeCall(line, second.e164, "no-answer");
    await eventually(async () => (await apiJson("GET", `/businesses/${line.businessId}/calls`)).calls.length === 1);
    expect((await apiJson("GET", `/businesses/${line.businessId}/calls`)).calls[0].decision).toBe("skipped:own_number");
    // ...and once it is removed, it is a caller like any other.
    expect((await api("DELETE", `/businesses/${line.businessId}/numbers/${second.id}`)).status).toBe(204);
    await placeCall(line, second.e164, "no-answer");
    await eventually(async () => carrier.to(second.e164).length === 1);
    // The number is free: another business may register it.
    expect((await api("POST", `/businesses/${other.businessId}/numbers`, { e164: second.e164, carrier: "twilio", credentials: twilioCreds() })).status).toBe(201);
  });
});
