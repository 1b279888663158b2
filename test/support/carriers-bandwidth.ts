/**
 * Bandwidth as the carrier tests see it: a number's credentials, its callbacks with the application's
 * Basic callback credentials (JSON; messaging callbacks are arrays), its OAuth token endpoint and
 * its send API's answers.
 */
import { exports } from "cloudflare:workers";
import { basicCredentials } from "../../src/carriers/bandwidth-callback-auth";
import { ORIGIN } from "./app";
import type { Failure, SentText } from "./carriers";

export interface BandwidthCallbackAuth {
  callbackUsername: string;
  callbackPassword: string;
}

/** `BANDWIDTH_TOKEN_URL` in tests (wrangler.toml's). */
export const BANDWIDTH_TOKEN_URL = "https://api.bandwidth.com/api/v1/oauth2/token";

/**
 * The token the stand-in issues a client: the same for one client ID every time, so a token an
 * isolate cached during an earlier test is still one the stand-in issued.
 */
export const bandwidthToken = (clientId: string) => `bw-test-token.${clientId}`;

/** A Bandwidth number's credentials (an API credential's client ID and secret); `secret` is its callback password. */
export function bandwidthCredentials(secret: string) {
  const credentials = {
    accountId: String(9_900_000 + Math.floor(Math.random() * 99_999)),
    applicationId: crypto.randomUUID(),
    clientId: `cid-${crypto.randomUUID()}`,
    clientSecret: `cs-${crypto.randomUUID()}`,
    callbackUsername: `cb-${crypto.randomUUID().slice(0, 8)}`,
    callbackPassword: secret,
  };
  return { credentials, restAuthorization: `Bearer ${bandwidthToken(credentials.clientId)}` };
}

/**
 * The OAuth 2.0 token endpoint: client credentials in Basic and `grant_type=client_credentials` get
 * the client's token for an hour; anything else a 401. Null when `req` is not for it. `issued`
 * counts the tokens given, by client ID.
 */
export async function answerBandwidthToken(req: Request, url: URL, issued?: Map<string, number>): Promise<Response | null> {
  if (req.method !== "POST" || `${url.origin}${url.pathname}` !== BANDWIDTH_TOKEN_URL) return null;
  const client = basicCredentials(req.headers.get("authorization"));
  const form = new URLSearchParams(new TextDecoder().decode(await req.arrayBuffer()));
  if (!client || !client.password || form.get("grant_type") !== "client_credentials") {
    return Response.json({ error: "invalid_client", error_description: "Client authentication failed" }, { status: 401 });
  }
  issued?.set(client.username, (issued.get(client.username) ?? 0) + 1);
  return Response.json({ access_token: bandwidthToken(client.username), token_type: "Bearer", expires_in: 3600 });
}

/** Whether a request to a Bandwidth API carries a token the stand-in issued (Bandwidth takes nothing else). */
export function bandwidthBearerOk(req: Request): boolean {
  return (req.headers.get("authorization") ?? "").startsWith(`Bearer ${bandwidthToken("")}`);
}

/** What Bandwidth's APIs answer a request without a valid token. */
export const bandwidthUnauthorized = () => Response.json({ type: "unauthorized", description: "Authentication Failed" }, { status: 401 });

/** POST a JSON callback with the Basic credentials given (none with null). */
export function bandwidthCallback(path: string, body: unknown, auth: BandwidthCallbackAuth | null) {
  const headers: Record<string, string> = { "content-type": "application/json; charset=utf-8" };
  if (auth) headers.authorization = `Basic ${btoa(`${auth.callbackUsername}:${auth.callbackPassword}`)}`;
  return exports.default.fetch(`${ORIGIN}${path}`, { method: "POST", headers, body: JSON.stringify(body) });
}

export type BandwidthScenario = "no-answer" | "busy" | "caller-hangup" | "answered" | "voicemail" | "short";

interface Call {
  e164: string;
  forwardTo: string;
  caller: string;
  callId: string;
  auth: BandwidthCallbackAuth;
}

const at = (t: number) => new Date(t).toISOString();

/**
 * The callbacks of one forwarded call: `initiate`, then what the `<Transfer>` reports (the forwarded
 * leg's answer and machine detection are tagged with the business number and the call), then
 * `transferComplete` with its cause.
 */
export async function bandwidthCall({ e164, forwardTo, caller, callId, auth }: Call, scenario: BandwidthScenario): Promise<Response[]> {
  const t0 = Date.now();
  const base = { accountId: "9900000", applicationId: crypto.randomUUID(), direction: "inbound", callUrl: `https://voice.bandwidth.com/api/v2/accounts/9900000/calls/${callId}` };
  const aLeg = { ...base, callId, from: caller, to: e164, startTime: at(t0) };
  const initiate = await bandwidthCallback("/webhooks/bandwidth/voice", { ...aLeg, eventType: "initiate", eventTime: at(t0) }, auth);
  const out = [initiate];
  const bLeg = { ...base, direction: "outbound", callId: `c-b-${callId}`, from: caller, to: forwardTo, tag: `${e164} ${callId}` };
  const talk = scenario === "answered" ? 120_000 : scenario === "short" ? 2_000 : 35_000;
  if (scenario === "answered" || scenario === "short" || scenario === "voicemail") {
    out.push(await bandwidthCallback("/webhooks/bandwidth/voice-status", { ...bLeg, eventType: "transferAnswer", eventTime: at(t0 + 5_000), answerTime: at(t0 + 5_000) }, auth));
    if (scenario === "voicemail") {
      const mdc = { ...bLeg, eventType: "machineDetectionComplete", eventTime: at(t0 + 8_000), machineDetectionResult: { value: "answering-machine", duration: "PT3.2S" } };
      out.push(await bandwidthCallback("/webhooks/bandwidth/voice-status", mdc, auth));
    }
  }
  const cause = { "no-answer": "timeout", busy: "busy", "caller-hangup": "cancel", answered: "hangup", short: "hangup", voicemail: "hangup" }[scenario];
  const end = scenario === "no-answer" || scenario === "busy" || scenario === "caller-hangup" ? t0 + 20_000 : t0 + 5_000 + talk;
  out.push(await bandwidthCallback("/webhooks/bandwidth/voice-status", { ...aLeg, eventType: "transferComplete", eventTime: at(end), cause, transferTo: forwardTo }, auth));
  return out;
}

/** One messaging callback event (`message-received`, or a report on our text `id`). */
export function bandwidthMessageEvent(type: string, ours: string, other: string, id: string, text = "", errorCode?: number) {
  const inbound = type === "message-received";
  const message = { id, owner: ours, applicationId: crypto.randomUUID(), time: at(Date.now()), segmentCount: 1, direction: inbound ? "in" : "out", to: [inbound ? ours : other], from: inbound ? other : ours, text };
  return { type, time: at(Date.now()), description: type, to: inbound ? ours : other, message, ...(errorCode !== undefined ? { errorCode } : {}) };
}

/** What the send API answers: 202 with the new message, or an error in its own format. */
export function bandwidthSendAnswer(json: { from: string; to: string[]; text: string }, fail?: { status: number; code: string }): { id: string; response: Response } {
  const id = `${Date.now()}${crypto.randomUUID().replace(/-/g, "").slice(0, 15)}`;
  if (fail) return { id, response: Response.json({ type: fail.code, description: "simulated failure" }, { status: fail.status }) };
  const message = { id, owner: json.from, applicationId: crypto.randomUUID(), time: at(Date.now()), segmentCount: 1, direction: "out", to: json.to, from: json.from, text: json.text };
  return { id, response: Response.json(message, { status: 202 }) };
}

/**
 * The Messaging API as mockCarriers answers it: a text with a token the stand-in issued is recorded
 * (with its Authorization) and answered, the next of `script` failing it; any other is a 401.
 */
export async function bandwidthMessage(req: Request, texts: SentText[], script: Failure[]): Promise<Response> {
  if (!bandwidthBearerOk(req)) return bandwidthUnauthorized();
  const j = (await req.json()) as { from: string; to: string[]; text: string };
  const answer = bandwidthSendAnswer(j, script.shift());
  texts.push({ carrier: "bandwidth", to: j.to[0] ?? "", from: j.from, body: j.text, id: answer.id, authorization: req.headers.get("authorization") });
  return answer.response;
}
