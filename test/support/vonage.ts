/**
 * Vonage as the tests play it: an application's key pair and credentials, webhooks signed as Vonage
 * signs them (HS256 JWT with the signature secret and the body's hash), and the events of one call.
 */
import { exports } from "cloudflare:workers";
import { expect } from "vitest";
import { base64UrlEncode, sha256Hex } from "../../src/carriers/vonage-signature";
import { ORIGIN } from "./app";
import type { Failure, Line, Scenario, SentText } from "./carriers";

const enc = new TextEncoder();
const b64 = (buf: ArrayBuffer) => btoa(String.fromCharCode(...new Uint8Array(buf)));
const json64 = (v: unknown) => base64UrlEncode(enc.encode(JSON.stringify(v)));

let keyPair: Promise<CryptoKeyPair> | undefined;

/** One RSA key pair for every application in a test file: generating one per line costs seconds. */
export function vonageKeyPair(): Promise<CryptoKeyPair> {
  keyPair ??= crypto.subtle.generateKey(
    { name: "RSASSA-PKCS1-v1_5", modulusLength: 2048, publicExponent: new Uint8Array([1, 0, 1]), hash: "SHA-256" },
    true,
    ["sign", "verify"],
  ) as Promise<CryptoKeyPair>;
  return keyPair;
}

export async function vonagePrivateKeyPem(): Promise<string> {
  const der = b64((await crypto.subtle.exportKey("pkcs8", (await vonageKeyPair()).privateKey)) as ArrayBuffer);
  return `-----BEGIN PRIVATE KEY-----\n${der.match(/.{1,64}/g)!.join("\n")}\n-----END PRIVATE KEY-----\n`;
}

export async function vonageCredentials(signatureSecret: string): Promise<Record<string, string>> {
  return {
    apiKey: crypto.randomUUID().replace(/-/g, "").slice(0, 8),
    apiSecret: `secret${crypto.randomUUID().slice(0, 10)}`,
    applicationId: crypto.randomUUID(),
    privateKey: await vonagePrivateKeyPem(),
    signatureSecret,
  };
}

const hmacKeys = new Map<string, Promise<CryptoKey>>();
const hmacKey = (secret: string) => {
  let key = hmacKeys.get(secret);
  if (!key) hmacKeys.set(secret, (key = crypto.subtle.importKey("raw", enc.encode(secret), { name: "HMAC", hash: "SHA-256" }, false, ["sign"])));
  return key;
};

/** The `Authorization` Vonage sends: HS256 over claims with `payload_hash` of `raw`, issued `ageSeconds` ago. */
export async function vonageAuthorization(secret: string, raw: string, opts: { ageSeconds?: number; payloadHash?: string | null } = {}): Promise<string> {
  const claims: Record<string, unknown> = {
    iat: Math.floor(Date.now() / 1000) - (opts.ageSeconds ?? 0),
    jti: crypto.randomUUID(),
    iss: "Vonage",
    api_key: "abcd1234",
    application_id: crypto.randomUUID(),
  };
  if (opts.payloadHash !== null) claims.payload_hash = opts.payloadHash ?? (await sha256Hex(raw));
  const input = `${json64({ alg: "HS256", typ: "JWT" })}.${json64(claims)}`;
  const key = await hmacKey(secret);
  return `Bearer ${input}.${base64UrlEncode(new Uint8Array(await crypto.subtle.sign("HMAC", key, enc.encode(input))))}`;
}

/**
 * What a text through `applicationId` goes out with: a Bearer application token is signed afresh for
 * each send, so this matches the part that stays (the RS256 header and the claims up to the
 * application id, whole base64 groups of them) rather than one string.
 */
export function vonageAuthorizationFor(applicationId: string): string {
  const claims = enc.encode(`{"application_id":"${applicationId}"`);
  const stable = `${json64({ alg: "RS256", typ: "JWT" })}.${base64UrlEncode(claims.slice(0, claims.length - (claims.length % 3)))}`;
  return expect.stringMatching(new RegExp(`^Bearer ${stable}[\\w-]*\\.[\\w-]+$`));
}

/** POST `body` as JSON to a Vonage webhook URL (a path, or a full URL we handed out), signed with `signAs`'s secret. */
export async function vonageWebhook(url: string, body: unknown, signAs: Pick<Line, "secret">, opts: { ageSeconds?: number } = {}): Promise<Response> {
  const raw = JSON.stringify(body);
  return exports.default.fetch(url.startsWith("/") ? `${ORIGIN}${url}` : url, {
    method: "POST",
    headers: { "content-type": "application/json", authorization: await vonageAuthorization(signAs.secret, raw, opts) },
    body: raw,
  });
}

const digits = (e164: string) => e164.replace(/^\+/, "");

/** The forwarded leg's final events for each scenario, as Vonage posts them to the connect's event URL. */
const LEG_EVENTS: Record<Scenario, Array<{ status: string; duration?: string }>> = {
  "no-answer": [{ status: "ringing" }, { status: "timeout" }],
  busy: [{ status: "busy" }],
  "caller-hangup": [{ status: "ringing" }, { status: "cancelled" }],
  answered: [{ status: "answered" }, { status: "completed", duration: "120" }],
  voicemail: [{ status: "answered" }, { status: "machine" }, { status: "completed", duration: "35" }],
  short: [{ status: "answered" }, { status: "completed", duration: "2" }],
};

/**
 * One call in forward mode: the answer URL (whose NCCO names the forwarded leg's event URL), then
 * that leg's events. A refused answer ends it there (Vonage would hang up).
 */
export async function placeVonageCall(line: Line, caller: string, scenario: Scenario, opts: { id?: string; signAs?: Line } = {}): Promise<Response[]> {
  const signAs = opts.signAs ?? line;
  const uuid = opts.id ?? crypto.randomUUID();
  const call = { uuid, conversation_uuid: `CON-${uuid}`, from: digits(caller), to: digits(line.e164) };
  const answer = await vonageWebhook("/webhooks/vonage/answer", call, signAs);
  if (answer.status !== 200) return [answer];
  const ncco = (await answer.json()) as Array<{ eventUrl: string[] }>;
  const eventUrl = ncco[0]!.eventUrl[0]!;
  const leg = { uuid: `leg-${uuid}`, conversation_uuid: call.conversation_uuid, from: digits(line.e164), to: digits(line.forwardTo), direction: "outbound" };
  const out = [answer];
  for (const e of LEG_EVENTS[scenario]) {
    out.push(await vonageWebhook(eventUrl, { ...leg, ...e, timestamp: new Date().toISOString() }, signAs));
  }
  return out;
}

/** A text to the business number as the Messages API posts it to the inbound URL. */
export function vonageInboundSms(line: Line, from: string, text: string, opts: { id?: string; signAs?: Line } = {}): Promise<Response> {
  const body = { channel: "sms", message_type: "text", message_uuid: opts.id ?? crypto.randomUUID(), to: digits(line.e164), from: digits(from), text, timestamp: new Date().toISOString() };
  return vonageWebhook("/webhooks/vonage/inbound", body, opts.signAs ?? line);
}

/** Vonage's Messages API: 202 `{ message_uuid }`, or a problem document (RFC 7807) naming the code in `type`. */
export async function vonageMessage(req: Request, url: URL, texts: SentText[], fail: Failure | undefined): Promise<Response> {
  if (url.pathname !== "/v1/messages") return new Response("blocked", { status: 599 });
  const j = (await req.json()) as { to: string; from: string; text: string };
  texts.push({ carrier: "vonage", to: `+${j.to}`, from: `+${j.from}`, body: j.text, authorization: req.headers.get("authorization"), json: j });
  if (fail) {
    const detail = fail.code === "9" ? "The recipient has opted out of messages from this number" : "error";
    return Response.json({ type: `https://developer.nexmo.com/api-errors/messages-olympus#${fail.code}`, title: "error", detail }, { status: fail.status });
  }
  return Response.json({ message_uuid: crypto.randomUUID() }, { status: 202 });
}

/**
 * Vonage Identity Insights' answer to a Current Carrier request, as documented: HTTP 200 with the
 * insight's own status (`OK`, or `NOT_FOUND`, `NO_COVERAGE`… without the carrier's fields).
 */
export function vonageInsightsAnswer(networkType: string, code = "OK", original: { networkType: string; code: string } = { networkType: "", code: "NO_COVERAGE" }): Record<string, unknown> {
  const insight = (type: string, c: string) => {
    const status = { code: c, message: c === "OK" ? "Success" : "The phone number could not be found for this Insight." };
    return c === "OK" ? { name: "Some Carrier", network_type: type, country_code: "US", network_code: "310090", status } : { status };
  };
  return { request_id: crypto.randomUUID(), insights: { current_carrier: insight(networkType, code), original_carrier: insight(original.networkType, original.code) } };
}
