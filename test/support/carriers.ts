import { exports } from "cloudflare:workers";
import { vi } from "vitest";
import { twilioSignature } from "../../src/carriers/twilio-signature";
import { apiJson, callSid, ORIGIN, uniquePhone } from "./app";
import { readForm } from "./form";
import { placeVonageCall, vonageCredentials, vonageInboundSms } from "./vonage";

export type CarrierKind = "twilio" | "signalwire" | "telnyx" | "vonage";
export type Scenario = "no-answer" | "busy" | "caller-hangup" | "answered" | "voicemail" | "short";

export interface Line {
  carrier: CarrierKind;
  businessId: string;
  e164: string;
  forwardTo: string;
  /** Signs a webhook body for this line (or for another line's key, to forge). */
  secret: string;
  telnyxKey?: CryptoKeyPair;
}

export interface SentText {
  carrier: CarrierKind;
  to: string;
  from: string;
  body: string;
  /** The request's Authorization and JSON body, for the carriers whose API takes JSON. */
  authorization?: string | null;
  json?: Record<string, unknown>;
}

type Failure = { status: number; code: string };

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
  interceptFetch(async (req, url) => {
    const action = url.hostname === "api.telnyx.com" ? /^\/v2\/calls\/([^/]+)\/actions\/([a-z_]+)$/.exec(url.pathname) : null;
    if (action) {
      callActions.push(`${action[2]} ${decodeURIComponent(action[1]!)}`);
      if (action[2] === "transfer") transfers.push(url.pathname);
      return Response.json({ data: { result: "ok" } });
    }
    if (url.hostname === "api.nexmo.com") return vonageMessage(req, url, texts, script.shift());
    const carrier: CarrierKind | null =
      url.hostname === "api.twilio.com" ? "twilio" : url.hostname.endsWith(".signalwire.com") ? "signalwire" : url.hostname === "api.telnyx.com" ? "telnyx" : null;
    if (!carrier) return new Response("blocked", { status: 599 });
    let text: SentText;
    if (carrier === "telnyx") {
      const j = (await req.json()) as { to: string; from: string; text: string };
      text = { carrier, to: j.to, from: j.from, body: j.text };
    } else {
      const f = await readForm(req);
      text = { carrier, to: f.get("To") ?? "", from: f.get("From") ?? "", body: f.get("Body") ?? "" };
    }
    texts.push(text);
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
  return { texts, transfers, callActions, to: (phone: string) => texts.filter((t) => t.to === phone) };
}

/** Vonage's Messages API: 202 `{ message_uuid }`, or a problem document (RFC 7807) naming the code in `type`. */
async function vonageMessage(req: Request, url: URL, texts: SentText[], fail: Failure | undefined): Promise<Response> {
  if (url.pathname !== "/v1/messages") return new Response("blocked", { status: 599 });
  const j = (await req.json()) as { to: string; from: string; text: string };
  texts.push({ carrier: "vonage", to: `+${j.to}`, from: `+${j.from}`, body: j.text, authorization: req.headers.get("authorization"), json: j });
  if (fail) {
    const detail = fail.code === "9" ? "The recipient has opted out of messages from this number" : "error";
    return Response.json({ type: `https://developer.nexmo.com/api-errors/messages-olympus#${fail.code}`, title: "error", detail }, { status: fail.status });
  }
  return Response.json({ message_uuid: crypto.randomUUID() }, { status: 202 });
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
  if (carrier === "twilio") credentials = { accountSid: `AC${crypto.randomUUID().replace(/-/g, "")}`, authToken: secret };
  else if (carrier === "vonage") credentials = await vonageCredentials(secret);
  else if (carrier === "signalwire") {
    credentials = { spaceUrl: "acme.signalwire.com", projectId: crypto.randomUUID(), apiToken: `PT${crypto.randomUUID()}`, signingKey: secret };
  } else {
    telnyxKey = (await crypto.subtle.generateKey({ name: "Ed25519" }, true, ["sign", "verify"])) as CryptoKeyPair;
    credentials = { apiKey: `KEY${crypto.randomUUID()}`, publicKey: b64(await crypto.subtle.exportKey("raw", telnyxKey.publicKey) as ArrayBuffer) };
  }
  await apiJson("POST", `/businesses/${businessId}/numbers`, { e164, carrier, credentials });
  return { carrier, businessId, e164, forwardTo, secret, telnyxKey };
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
  if (line.carrier === "telnyx") {
    return telnyxEvent(line, "message.received", { id, text: body, from: { phone_number: from }, to: [{ phone_number: line.e164, status: "webhook_delivered" }] }, Date.now());
  }
  return formWebhook(line, "/webhooks/twilio/sms", { MessageSid: opts.id ?? `SM${id.replace(/-/g, "")}`, From: from, To: line.e164, Body: body });
}
