import { exports } from "cloudflare:workers";
import { vi } from "vitest";
import { twilioSignature } from "../../src/carriers/twilio-signature";
import { apiJson, callSid, ORIGIN, uniquePhone } from "./app";
import { readForm } from "./form";
import { answerBandwidthToken, bandwidthCall, bandwidthCallback, bandwidthCredentials, bandwidthMessage, bandwidthMessageEvent } from "./carriers-bandwidth";
import { plivoCredentials, plivoDialStatus, plivoInboundSms, plivoSendAnswer, plivoSmsStatus, type PlivoScenario } from "./carriers-plivo";
import { answerVoicemailApi, voicemailApis } from "./voicemail-apis";
import { placeVonageCall, vonageAuthorizationFor, vonageCredentials, vonageInboundSms, vonageMessage } from "./vonage";

export type CarrierKind = "twilio" | "signalwire" | "telnyx" | "vonage" | "plivo" | "bandwidth";
export type Scenario = "no-answer" | "busy" | "caller-hangup" | "answered" | "voicemail" | "short";

export interface Line {
  carrier: CarrierKind;
  businessId: string;
  e164: string;
  forwardTo: string;
  /** Signs a webhook body for this line (or for another line's key, to forge). */
  secret: string;
  telnyxKey?: CryptoKeyPair;
  /** Bandwidth: the callback username (the callback password is `secret`). */
  callbackUsername?: string;
  /** The Authorization header its texts must go out with (for Vonage, a matcher: vonageAuthorizationFor). */
  restAuthorization: string;
  /** The credentials the number was saved with. */
  credentials: Record<string, string>;
}

export interface SentText {
  carrier: CarrierKind;
  to: string;
  from: string;
  body: string;
  /** The carrier's id for it, as the mock answered. */
  id?: string;
  /** The request's Authorization and JSON body, for the carriers whose API takes JSON. */
  authorization?: string | null;
  json?: Record<string, unknown>;
}

export type Failure = { status: number; code: string };

/** A request to Twilio's API as `mockTwilio` recorded it. */
export interface CarrierRequest {
  url: string;
  authorization: string | null;
  form: URLSearchParams;
}

/**
 * Intercepts outbound fetches inside the test isolate (worker, DO and queue consumer all run
 * there) and answers them with `handle`.
 */
function interceptFetch(handle: (req: Request, url: URL) => Promise<Response>) {
  return vi.spyOn(globalThis, "fetch").mockImplementation(async (input, init) => {
    const req = new Request(input as RequestInfo, init);
    return handle(req, new URL(req.url));
  });
}

/**
 * Twilio's API alone, with its requests as sent: answers with the scripted responses in order,
 * then 201s.
 */
export function mockTwilio(script: Array<{ status: number; body?: unknown }> = []) {
  const requests: CarrierRequest[] = [];
  const queue = [...script];
  const spy = interceptFetch(async (req, url) => {
    if (url.hostname !== "api.twilio.com") return new Response("blocked: " + req.url, { status: 599 });
    const form = await readForm(req);
    requests.push({ url: req.url, authorization: req.headers.get("authorization"), form });
    const next = queue.shift();
    if (next) return Response.json(next.body ?? { code: 20500, message: "Internal" }, { status: next.status });
    return Response.json(
      { sid: `SM${crypto.randomUUID().replace(/-/g, "")}`, status: "queued", to: form.get("To"), from: form.get("From"), body: form.get("Body") },
      { status: 201 },
    );
  });
  return { requests, spy, to: (phone: string) => requests.filter((r) => r.form.get("To") === phone) };
}

/**
 * One fetch mock for every carrier API: records texts in a common shape, answers each carrier's
 * success format, and plays scripted failures in that carrier's error format.
 */
export function mockCarriers(failures: Failure[] = []) {
  const texts: SentText[] = [];
  const transfers: string[] = [];
  /** Telnyx Call Control commands, as "<action> <call_control_id>". */
  const callActions: string[] = [];
  const script = [...failures];
  const voicemail = voicemailApis();
  interceptFetch(async (req, url) => {
    const token = await answerBandwidthToken(req, url);
    if (token) return token;
    const read = answerVoicemailApi(req, url, voicemail);
    if (read) return read;
    const action = url.hostname === "api.telnyx.com" ? /^\/v2\/calls\/([^/]+)\/actions\/([a-z_]+)$/.exec(url.pathname) : null;
    if (action) {
      callActions.push(`${action[2]} ${decodeURIComponent(action[1]!)}`);
      if (action[2] === "transfer") transfers.push(url.pathname);
      return Response.json({ data: { result: "ok" } });
    }
    if (url.hostname === "api.nexmo.com") return vonageMessage(req, url, texts, script.shift());
    const carrier: CarrierKind | null =
      url.hostname === "api.twilio.com" ? "twilio" : url.hostname.endsWith(".signalwire.com") ? "signalwire" : url.hostname === "api.telnyx.com" ? "telnyx" : null;
    if (url.hostname === "api.plivo.com") {
      const j = (await req.json()) as { src: string; dst: string; text: string };
      const answer = plivoSendAnswer(script.shift());
      texts.push({ carrier: "plivo", to: j.dst, from: j.src, body: j.text, id: answer.id, authorization: req.headers.get("authorization") });
      return answer.response;
    }
    if (url.hostname === "messaging.bandwidth.com") return bandwidthMessage(req, texts, script);
    if (!carrier) return new Response("blocked", { status: 599 });
    let text: SentText;
    if (carrier === "telnyx") {
      const j = (await req.json()) as { to: string; from: string; text: string };
      text = { carrier, to: j.to, from: j.from, body: j.text };
    } else {
      const f = await readForm(req);
      text = { carrier, to: f.get("To") ?? "", from: f.get("From") ?? "", body: f.get("Body") ?? "" };
    }
    texts.push({ ...text, authorization: req.headers.get("authorization") });
    const fail = script.shift();
    if (fail) {
      return carrier === "telnyx"
        ? Response.json({ errors: [{ code: fail.code, title: "error" }] }, { status: fail.status })
        : Response.json({ code: Number(fail.code), message: "error" }, { status: fail.status });
    }
    const id = crypto.randomUUID();
    return carrier === "telnyx"
      ? Response.json({ data: { id, to: [{ phone_number: text.to, status: "queued" }] } })
      : Response.json({ sid: `SM${id.replace(/-/g, "")}`, status: "queued" }, { status: 201 });
  });
  return { texts, transfers, callActions, voicemail, to: (phone: string) => texts.filter((t) => t.to === phone) };
}

const b64 = (buf: ArrayBuffer) => btoa(String.fromCharCode(...new Uint8Array(buf)));

export async function createLine(carrier: CarrierKind, settings: Record<string, unknown> = {}): Promise<Line> {
  const forwardTo = uniquePhone("312");
  const biz = await apiJson("POST", "/businesses", {
    name: "Acme Plumbing",
    timezone: "America/Chicago",
    forwardTo,
    settings,
  });
  return addLine(carrier, biz.id, forwardTo);
}

export async function addLine(carrier: CarrierKind, businessId: string, forwardTo: string): Promise<Line> {
  const e164 = uniquePhone("512");
  const secret = `key_${crypto.randomUUID()}`;
  let credentials: Record<string, string>;
  let telnyxKey: CryptoKeyPair | undefined;
  let restAuthorization: string | undefined;
  let callbackUsername: string | undefined;
  if (carrier === "plivo") ({ credentials, restAuthorization } = plivoCredentials(secret));
  else if (carrier === "bandwidth") {
    ({ credentials, restAuthorization } = bandwidthCredentials(secret));
    callbackUsername = credentials.callbackUsername;
  } else if (carrier === "vonage") {
    credentials = await vonageCredentials(secret);
    restAuthorization = vonageAuthorizationFor(credentials.applicationId!);
  } else if (carrier === "twilio") credentials = { accountSid: `AC${crypto.randomUUID().replace(/-/g, "")}`, authToken: secret };
  else if (carrier === "signalwire") {
    credentials = { spaceUrl: "acme.signalwire.com", projectId: crypto.randomUUID(), apiToken: `PT${crypto.randomUUID()}`, signingKey: secret };
  } else {
    telnyxKey = (await crypto.subtle.generateKey({ name: "Ed25519" }, true, ["sign", "verify"])) as CryptoKeyPair;
    credentials = { apiKey: `KEY${crypto.randomUUID()}`, publicKey: b64(await crypto.subtle.exportKey("raw", telnyxKey.publicKey) as ArrayBuffer) };
  }
  restAuthorization ??=
    carrier === "telnyx" ? `Bearer ${credentials.apiKey}` : `Basic ${btoa(carrier === "signalwire" ? `${credentials.projectId}:${credentials.apiToken}` : `${credentials.accountSid}:${credentials.authToken}`)}`;
  await apiJson("POST", `/businesses/${businessId}/numbers`, { e164, carrier, credentials });
  return { carrier, businessId, e164, forwardTo, secret, telnyxKey, restAuthorization, callbackUsername, credentials };
}

/** POST a form webhook in Twilio's format, signed as the line's carrier signs it. */
export async function formWebhook(line: Line, path: string, params: Record<string, string>, signAs: Line = line) {
  const url = `${ORIGIN}${path}`;
  const header = signAs.carrier === "signalwire" ? "x-signalwire-signature" : "x-twilio-signature";
  return exports.default.fetch(url, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded", [header]: await twilioSignature(signAs.secret, url, params) },
    body: new URLSearchParams(params).toString(),
  });
}

/** POST a Telnyx event envelope, signed with Ed25519 (by another line's key, to forge). */
export async function telnyxEvent(line: Line, eventType: string, payload: Record<string, unknown>, at: number, signAs: Line = line) {
  const body = JSON.stringify({
    data: { record_type: "event", event_type: eventType, id: crypto.randomUUID(), occurred_at: new Date(at).toISOString(), payload },
    meta: { attempt: 1 },
  });
  const ts = String(Math.floor(Date.now() / 1000));
  const sig = await crypto.subtle.sign({ name: "Ed25519" }, signAs.telnyxKey!.privateKey, new TextEncoder().encode(`${ts}|${body}`));
  return exports.default.fetch(`${ORIGIN}/webhooks/telnyx`, {
    method: "POST",
    headers: { "content-type": "application/json", "telnyx-timestamp": ts, "telnyx-signature-ed25519": b64(sig) },
    body,
  });
}

/**
 * The webhooks the carrier sends for one call that ends in `scenario`. Returns the responses of the
 * decisive ones. `signAs` forges the signature with another line's key.
 */
export async function placeCall(line: Line, caller: string, scenario: Scenario, opts: { id?: string; signAs?: Line } = {}): Promise<Response[]> {
  const signAs = opts.signAs ?? line;
  if (line.carrier === "vonage") return placeVonageCall(line, caller, scenario, opts);
  if (line.carrier === "bandwidth") {
    const auth = { callbackUsername: signAs.callbackUsername ?? "", callbackPassword: signAs.secret };
    return bandwidthCall({ e164: line.e164, forwardTo: line.forwardTo, caller, callId: opts.id ?? `c-${crypto.randomUUID()}`, auth }, scenario);
  }
  if (line.carrier === "plivo") {
    if (scenario === "voicemail") throw new Error("Plivo's <Dial> reports no answering machine");
    return [await plivoDialStatus(line.e164, caller, scenario as PlivoScenario, opts.id ?? crypto.randomUUID(), signAs.secret)];
  }
  if (line.carrier !== "telnyx") {
    const dial: Record<Scenario, Record<string, string>> = {
      "no-answer": { DialCallStatus: "no-answer" },
      busy: { DialCallStatus: "busy" },
      "caller-hangup": { DialCallStatus: "canceled" },
      answered: { DialCallStatus: "completed", DialCallDuration: "120" },
      voicemail: { DialCallStatus: "completed", DialCallDuration: "35", AnsweredBy: "machine_end_beep" },
      short: { DialCallStatus: "completed", DialCallDuration: "2" },
    };
    return [
      await formWebhook(
        line,
        "/webhooks/twilio/dial-status",
        { CallSid: opts.id ?? callSid(), From: caller, To: line.e164, CallStatus: "in-progress", Direction: "inbound", ...dial[scenario] },
        signAs,
      ),
    ];
  }
  const session = opts.id ?? crypto.randomUUID();
  const t0 = Date.now();
  const inbound = { call_control_id: `v3:in-${session}`, call_session_id: session, from: caller, to: line.e164, direction: "incoming" };
  const state = btoa(JSON.stringify({ n: line.e164 }));
  const forwarded = { call_control_id: `v3:fw-${session}`, call_session_id: session, from: caller, to: line.forwardTo, direction: "outgoing", client_state: state };
  const out: Response[] = [await telnyxEvent(line, "call.initiated", { ...inbound, state: "parked" }, t0, signAs)];
  const hangup = (leg: typeof inbound, cause: string, at: number, source = "callee") =>
    telnyxEvent(line, "call.hangup", { ...leg, hangup_cause: cause, hangup_source: source }, at, signAs);
  switch (scenario) {
    case "no-answer":
      out.push(await hangup(forwarded, "timeout", t0 + 20_000), await hangup(inbound, "normal_clearing", t0 + 20_500));
      break;
    case "busy":
      out.push(await hangup(forwarded, "user_busy", t0 + 3_000), await hangup(inbound, "normal_clearing", t0 + 3_500));
      break;
    case "caller-hangup":
      out.push(await hangup(inbound, "originator_cancel", t0 + 8_000, "caller"), await hangup(forwarded, "originator_cancel", t0 + 8_100, "caller"));
      break;
    case "answered":
    case "voicemail":
    case "short": {
      const talk = scenario === "answered" ? 120_000 : scenario === "short" ? 2_000 : 35_000;
      out.push(await telnyxEvent(line, "call.bridged", forwarded, t0 + 5_000, signAs));
      if (scenario === "voicemail") out.push(await telnyxEvent(line, "call.machine.detection.ended", { ...forwarded, result: "machine" }, t0 + 7_000, signAs));
      out.push(await hangup(inbound, "normal_clearing", t0 + 5_000 + talk, "caller"), await hangup(forwarded, "normal_clearing", t0 + 5_100 + talk));
      break;
    }
  }
  return out;
}

/** A text from `from` to the business number, in the line's carrier's format. */
export async function sendSms(line: Line, from: string, body: string, opts: { id?: string } = {}): Promise<Response> {
  const id = opts.id ?? crypto.randomUUID();
  if (line.carrier === "vonage") return vonageInboundSms(line, from, body, { id });
  if (line.carrier === "plivo") return plivoInboundSms(line.e164, from, body, id, line.secret);
  if (line.carrier === "bandwidth") return bandwidthCallback("/webhooks/bandwidth/messaging", [bandwidthMessageEvent("message-received", line.e164, from, id, body)], bandwidthAuth(line));
  if (line.carrier === "telnyx") {
    return telnyxEvent(line, "message.received", { id, text: body, from: { phone_number: from }, to: [{ phone_number: line.e164, status: "webhook_delivered" }] }, Date.now());
  }
  return formWebhook(line, "/webhooks/twilio/sms", { MessageSid: opts.id ?? `SM${id.replace(/-/g, "")}`, From: from, To: line.e164, Body: body });
}

/**
 * A delivery report saying our text `id` to `to` failed with `code`, for carriers that report an
 * opt-out only after accepting the text.
 */
export function failedDeliveryReport(line: Line, to: string, id: string, code: string): Promise<Response> {
  if (line.carrier === "plivo") return plivoSmsStatus(line.e164, to, id, "failed", code, line.secret);
  if (line.carrier === "bandwidth") {
    return bandwidthCallback("/webhooks/bandwidth/messaging", [bandwidthMessageEvent("message-failed", line.e164, to, id, "", Number(code))], bandwidthAuth(line));
  }
  throw new Error(`${line.carrier} reports opt-outs when the text is sent`);
}

/** A Bandwidth line's callback credentials. */
export function bandwidthAuth(line: Line) {
  return { callbackUsername: line.callbackUsername ?? "", callbackPassword: line.secret };
}
