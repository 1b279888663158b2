import { exports } from "cloudflare:workers";
import { twilioSignature } from "../../src/carriers/twilio-signature";

export const ADMIN = { authorization: "Bearer test-admin-token-at-least-32-chars", "content-type": "application/json" };
export const ORIGIN = "https://textback.test";

let seq = Math.floor(Math.random() * 500);
/** A unique, valid (non-N11, non-555) US number per call, so tests never share callers or lines. */
export function uniquePhone(prefix = "415"): string {
  seq += 1;
  let nxx = 200 + (seq % 599);
  if (nxx % 100 === 11 || nxx === 555) nxx += 1;
  const line = String(Math.floor(Math.random() * 10000)).padStart(4, "0");
  return `+1${prefix}${nxx}${line}`;
}

export async function api(method: string, path: string, body?: unknown): Promise<Response> {
  return exports.default.fetch(`${ORIGIN}/api${path}`, {
    method,
    headers: ADMIN,
    body: body === undefined ? undefined : JSON.stringify(body),
  });
}

export async function apiJson<T = any>(method: string, path: string, body?: unknown): Promise<T> {
  const res = await api(method, path, body);
  if (!res.ok) throw new Error(`${method} ${path} → ${res.status} ${await res.text()}`);
  return res.json() as Promise<T>;
}

export interface TwilioLine {
  businessId: string;
  e164: string;
  numberId: string;
  accountSid: string;
  authToken: string;
}

/** A business with default templates (or a preset's) and one Twilio number in forward mode. */
export async function createTwilioLine(
  opts: {
    settings?: Record<string, unknown>;
    forwardTo?: string | null;
    name?: string;
    mode?: "forward" | "status";
    notifyPhone?: string;
    preset?: string;
    bookingUrl?: string | null;
  } = {},
): Promise<TwilioLine> {
  const biz = await apiJson("POST", "/businesses", {
    name: opts.name ?? "Acme Plumbing",
    timezone: "America/Chicago",
    forwardTo: opts.forwardTo === undefined ? uniquePhone("312") : opts.forwardTo,
    bookingUrl: opts.bookingUrl === undefined ? "https://acme.example/book" : opts.bookingUrl,
    settings: opts.settings ?? {},
    ...(opts.notifyPhone ? { notifyPhone: opts.notifyPhone } : {}),
    ...(opts.preset ? { preset: opts.preset } : {}),
  });
  const e164 = uniquePhone("512");
  const accountSid = `AC${crypto.randomUUID().replace(/-/g, "")}`;
  const authToken = `tok_${crypto.randomUUID()}`;
  const number = await apiJson("POST", `/businesses/${biz.id}/numbers`, {
    e164,
    carrier: "twilio",
    credentials: { accountSid, authToken },
    mode: opts.mode ?? "forward",
  });
  return { businessId: biz.id, e164, numberId: number.id, accountSid, authToken };
}

export function callSid(): string {
  return `CA${crypto.randomUUID().replace(/-/g, "")}`;
}

/** POST a form webhook signed the way Twilio signs it (or with the token given). */
export async function twilioWebhook(
  path: string,
  params: Record<string, string>,
  signWith: string | null,
): Promise<Response> {
  const url = `${ORIGIN}${path}`;
  const headers: Record<string, string> = { "content-type": "application/x-www-form-urlencoded" };
  if (signWith !== null) headers["x-twilio-signature"] = await twilioSignature(signWith, url, params);
  return exports.default.fetch(url, { method: "POST", headers, body: new URLSearchParams(params).toString() });
}

export function dialStatus(line: TwilioLine, from: string, status: string, extra: Record<string, string> = {}) {
  return {
    AccountSid: line.accountSid,
    ApiVersion: "2010-04-01",
    CallSid: callSid(),
    CallStatus: "in-progress",
    Direction: "inbound",
    From: from,
    To: line.e164,
    DialCallSid: callSid(),
    DialCallStatus: status,
    ...extra,
  };
}

/** A text from `from` to the line, as Twilio posts it to `/webhooks/twilio/sms` (a new MessageSid each time). */
export function inboundSms(line: TwilioLine, from: string, body: string) {
  return { MessageSid: `SM${crypto.randomUUID().replace(/-/g, "")}`, AccountSid: line.accountSid, From: from, To: line.e164, Body: body };
}

/** Poll until `check` returns a value (the queue consumer runs asynchronously). */
export async function eventually<T>(check: () => Promise<T | undefined | null | false>, timeoutMs = 5000): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const v = await check();
    if (v) return v;
    if (Date.now() > until) throw new Error("condition not met in time");
    await new Promise((r) => setTimeout(r, 20));
  }
}

export const settle = (ms = 300) => new Promise((r) => setTimeout(r, ms));
