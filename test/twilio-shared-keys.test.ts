/**
 * Twilio webhooks signed with a SharedKey (Webhooks configuration API): a number holds the
 * SharedKeys' ids and secrets (encrypted, two while rotating); a request whose
 * `X-Twilio-Webhooks-Signature-Settings` names one is checked with that key's secret and the named
 * hash; without the header, with the auth token and HMAC-SHA1 as before; naming a key the number
 * does not have is 403, logged with the key id and nothing secret. twilio-node's own validator
 * signs the same way (test/e2e/twilio-shared-key.e2e.test.ts signs with it against the real worker).
 */
import { env, exports } from "cloudflare:workers";
import { eq } from "drizzle-orm";
import { drizzle } from "drizzle-orm/d1";
import { afterEach, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { twilioSignature, type SignatureAlgorithm } from "../src/carriers/twilio-signature";
import { numbers } from "../src/db/schema";
import { api, apiJson, createTwilioLine, inboundSms, ORIGIN, uniquePhone, type TwilioLine } from "./support/app";
import { get, newSession, post, type Session } from "./support/admin-session";
import { mockTwilio } from "./support/carriers";

// What the accepted texts lead to (an answer, a relay) goes to a stand-in Twilio.
beforeEach(() => void mockTwilio());
afterEach(() => vi.restoreAllMocks());

const OLD = { id: "webhooks_sharedkey_01JOLDKEY0000000000000000", secret: `old-secret-${crypto.randomUUID()}` };
const NEW = { id: "webhooks_sharedkey_01JNEWKEY0000000000000000", secret: `new-secret-${crypto.randomUUID()}` };

/** A Twilio line whose webhooks may also be signed with these SharedKeys. */
async function lineWithKeys(keys: { id: string; secret: string }[]): Promise<TwilioLine> {
  const line = await createTwilioLine();
  await apiJson("PATCH", `/businesses/${line.businessId}/numbers/${line.numberId}`, { credentials: { accountSid: line.accountSid, authToken: line.authToken, sharedKeys: keys } });
  return line;
}

/** An inbound text to the line, signed with `secret` (and announcing `settings`, if any). */
async function signedText(line: TwilioLine, secret: string, settings?: string, algorithm: SignatureAlgorithm = "HMAC-SHA1") {
  const url = `${ORIGIN}/webhooks/twilio/sms`;
  const params = inboundSms(line, uniquePhone(), "Do you do water heaters?");
  const headers: Record<string, string> = { "content-type": "application/x-www-form-urlencoded", "x-twilio-signature": await twilioSignature(secret, url, params, algorithm) };
  if (settings !== undefined) headers["x-twilio-webhooks-signature-settings"] = settings;
  return exports.default.fetch(url, { method: "POST", headers, body: new URLSearchParams(params).toString() });
}

const logLines = (spy: { mock: { calls: unknown[][] } }): string[] => spy.mock.calls.map((args) => String(args[0]));

describe("a Twilio number with SharedKeys", () => {
  it.each([
    ["HMAC_SHA256", "HMAC-SHA256"],
    ["HMAC_SHA1", "HMAC-SHA1"],
  ] as const)("accepts a webhook signed with the SharedKey its settings header names, with %s", async (name, algorithm) => {
    const line = await lineWithKeys([OLD]);
    expect((await signedText(line, OLD.secret, `key=${OLD.id},algorithm=${name}`, algorithm)).status).toBe(200);
  });

  it("accepts either key while two are held (a rotation), each under its own id", async () => {
    const line = await lineWithKeys([OLD, NEW]);
    expect((await signedText(line, OLD.secret, `key=${OLD.id},algorithm=HMAC_SHA256`, "HMAC-SHA256")).status).toBe(200);
    expect((await signedText(line, NEW.secret, `key=${NEW.id},algorithm=HMAC_SHA256`, "HMAC-SHA256")).status).toBe(200);
    // The secret of the other key does not pass under this one's id.
    expect((await signedText(line, OLD.secret, `key=${NEW.id},algorithm=HMAC_SHA256`, "HMAC-SHA256")).status).toBe(403);
  });

  it("still accepts the auth token with HMAC-SHA1 when there is no settings header, and nothing else that way", async () => {
    const line = await lineWithKeys([OLD]);
    expect((await signedText(line, line.authToken)).status).toBe(200);
    expect((await signedText(line, OLD.secret)).status).toBe(403);
    expect((await signedText(line, OLD.secret, undefined, "HMAC-SHA256")).status).toBe(403);
  });

  it("refuses the auth token's signature under a SharedKey's header", async () => {
    const line = await lineWithKeys([OLD]);
    expect((await signedText(line, line.authToken, `key=${OLD.id},algorithm=HMAC_SHA1`)).status).toBe(403);
    expect((await signedText(line, line.authToken, `key=${OLD.id},algorithm=HMAC_SHA256`, "HMAC-SHA256")).status).toBe(403);
  });

  it.each([
    ["a key the number does not have", () => lineWithKeys([OLD]), `key=${NEW.id},algorithm=HMAC_SHA256`, NEW.id],
    ["any key, to a number with none", () => createTwilioLine(), `key=${OLD.id},algorithm=HMAC_SHA256`, OLD.id],
    ["no key at all", () => lineWithKeys([OLD]), "algorithm=HMAC_SHA256", null],
  ])("refuses %s with 403, logging which key id was unknown and no secret", async (_name, make, settings, keyId) => {
    const line = await make();
    const warn = vi.spyOn(console, "warn");
    const res = await signedText(line, NEW.secret, settings, "HMAC-SHA256");
    expect(res.status).toBe(403);
    const lines = logLines(warn);
    const unknown = lines.map((l) => JSON.parse(l) as Record<string, unknown>).filter((l) => l.event === "webhook.twilio_unknown_shared_key");
    expect(unknown).toEqual([{ level: "warn", event: "webhook.twilio_unknown_shared_key", route: "/webhooks/twilio/sms", number: line.e164, keyId }]);
    for (const secret of [OLD.secret, NEW.secret, line.authToken]) expect(lines.join("\n")).not.toContain(secret);
  });
});

describe("SharedKeys through the API", () => {
  it("are stored encrypted and never answered, on add and on read", async () => {
    const biz = await apiJson("POST", "/businesses", { name: "Acme Plumbing", timezone: "America/Chicago" });
    const credentials = { accountSid: `AC${crypto.randomUUID().replace(/-/g, "")}`, authToken: `tok_${crypto.randomUUID()}`, sharedKeys: [OLD] };
    const added = await apiJson("POST", `/businesses/${biz.id}/numbers`, { e164: uniquePhone("512"), carrier: "twilio", credentials });
    const [stored] = await drizzle(env.DB).select({ c: numbers.credentials }).from(numbers).where(eq(numbers.id, added.id));
    expect(stored!.c).toMatch(/^v1\./);
    const answers = JSON.stringify([added, await apiJson("GET", `/businesses/${biz.id}`), await apiJson("GET", `/businesses/${biz.id}/numbers`), stored]);
    expect(answers).not.toContain(OLD.secret);
    expect(answers).not.toContain(OLD.id);
  });

  it.each([
    ["a key id with a comma", [{ ...OLD, id: "key,algorithm=x" }], "credentials.sharedKeys.0.id"],
    ["an empty secret", [{ ...OLD, secret: "" }], "credentials.sharedKeys.0.secret"],
    ["the same id twice", [OLD, { ...NEW, id: OLD.id }], "credentials.sharedKeys: each SharedKey id may be given once"],
    ["a key without a secret", [{ id: OLD.id }], "credentials.sharedKeys.0.secret"],
    ["more than five keys", Array.from({ length: 6 }, (_, i) => ({ id: `webhooks_sharedkey_${i}`, secret: OLD.secret })), "credentials.sharedKeys"],
  ])("refuses %s with 400 naming the field, and changes nothing", async (_name, sharedKeys, field) => {
    const line = await lineWithKeys([OLD]);
    const res = await api("PATCH", `/businesses/${line.businessId}/numbers/${line.numberId}`, { credentials: { accountSid: line.accountSid, authToken: line.authToken, sharedKeys } });
    expect(res.status).toBe(400);
    expect((await res.json<{ error: string }>()).error).toContain(field);
    expect((await signedText(line, OLD.secret, `key=${OLD.id},algorithm=HMAC_SHA256`, "HMAC-SHA256")).status).toBe(200);
  });
});

describe("SharedKeys on the numbers page", () => {
  let session: Session;
  beforeAll(async () => {
    session = await newSession();
  });

  it("are set with the credentials, one a line (id, a space, the secret), and never shown", async () => {
    const line = await createTwilioLine();
    const path = `/admin/businesses/${line.businessId}/numbers/${line.numberId}/credentials`;
    const form = { "cred.accountSid": line.accountSid, "cred.authToken": line.authToken, "cred.sharedKeys": `${OLD.id} ${OLD.secret}\n${NEW.id} ${NEW.secret}\n` };
    expect((await post(session, path, form)).status).toBe(303);
    expect((await signedText(line, NEW.secret, `key=${NEW.id},algorithm=HMAC_SHA256`, "HMAC-SHA256")).status).toBe(200);
    expect((await signedText(line, OLD.secret, `key=${OLD.id},algorithm=HMAC_SHA256`, "HMAC-SHA256")).status).toBe(200);
    const html = await (await get(session, `/admin/businesses/${line.businessId}/numbers`)).text();
    expect(html).toContain('name="cred.sharedKeys"');
    expect(html).not.toContain(OLD.secret);
  });

  it("refuses a line without a secret, naming the line, and echoes no secret", async () => {
    const line = await lineWithKeys([OLD]);
    const path = `/admin/businesses/${line.businessId}/numbers/${line.numberId}/credentials`;
    const res = await post(session, path, { "cred.accountSid": line.accountSid, "cred.authToken": line.authToken, "cred.sharedKeys": `${NEW.id} ${NEW.secret}\n${OLD.id}` });
    expect(res.status).toBe(400);
    const html = await res.text();
    expect(html).toContain("Webhook SharedKeys, line 2");
    expect(html).not.toContain(NEW.secret);
    expect((await signedText(line, OLD.secret, `key=${OLD.id},algorithm=HMAC_SHA256`, "HMAC-SHA256")).status).toBe(200);
  });
});
