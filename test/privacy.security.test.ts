/**
 * Secrets and privacy: what the logs and the database hold after real traffic.
 *
 * Logs: every console call made anywhere in the worker (routes, the line's Durable Object, the
 * queue consumer, event webhooks) during a whole conversation is captured and searched for the
 * carrier token, DATA_KEY, ADMIN_TOKEN, webhook secrets and the text of every message.
 * At rest: credentials and business secrets are AES-256-GCM under DATA_KEY, a fresh 12-byte IV per
 * value, decrypted here with WebCrypto directly (not through src/crypto) so the format is checked,
 * not just round-tripped.
 */
import { env } from "cloudflare:workers";
import { afterEach, describe, expect, it, vi } from "vitest";
import { apiJson, callSid, dialStatus, twilioWebhook, uniquePhone, type TwilioLine } from "./support/app";
import { readForm } from "./support/form";

afterEach(() => vi.restoreAllMocks());

const CONSOLE_METHODS = ["log", "info", "warn", "error", "debug", "trace"] as const;

/** Record every console call (arguments as the runtime would print them) without printing. */
function captureConsole() {
  const lines: string[] = [];
  for (const m of CONSOLE_METHODS) {
    vi.spyOn(console, m).mockImplementation((...args: unknown[]) => {
      lines.push(args.map((a) => (typeof a === "string" ? a : a instanceof Error ? `${a.message}\n${a.stack}` : JSON.stringify(a))).join(" "));
    });
  }
  return lines;
}

interface Sent {
  to: string;
  body: string;
}

/** Twilio answers 500 once (the retry path logs too), then 201; the business's event endpoint answers 200. */
function mockNetwork() {
  const texts: Sent[] = [];
  const events: string[] = [];
  let failedOnce = false;
  vi.spyOn(globalThis, "fetch").mockImplementation(async (input, init) => {
    const req = new Request(input as RequestInfo, init);
    const url = new URL(req.url);
    if (url.hostname === "hooks.acme.example") {
      events.push(await req.text());
      return new Response("ok");
    }
    if (url.hostname !== "api.twilio.com") return new Response("blocked", { status: 599 });
    const form = await readForm(req);
    if (!failedOnce) {
      failedOnce = true;
      return Response.json({ code: 20500, message: "Internal Server Error" }, { status: 500 });
    }
    texts.push({ to: form.get("To") ?? "", body: form.get("Body") ?? "" });
    return Response.json({ sid: `SM${crypto.randomUUID().replace(/-/g, "")}`, status: "queued" }, { status: 201 });
  });
  return { texts, events };
}

function b64decode(s: string): Uint8Array<ArrayBuffer> {
  const bin = atob(s);
  const out = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
  return out;
}

/** The stored form `v1.<iv>.<ciphertext+tag>`, opened with the raw DATA_KEY. */
async function openSecret(stored: string): Promise<{ iv: Uint8Array; plaintext: string }> {
  const m = /^v1\.([A-Za-z0-9+/]+={0,2})\.([A-Za-z0-9+/]+={0,2})$/.exec(stored);
  if (!m) throw new Error(`not v1 ciphertext: ${stored.slice(0, 20)}…`);
  const iv = b64decode(m[1]!);
  const key = await crypto.subtle.importKey("raw", b64decode(env.DATA_KEY), "AES-GCM", false, ["decrypt"]);
  const pt = await crypto.subtle.decrypt({ name: "AES-GCM", iv, tagLength: 128 }, key, b64decode(m[2]!));
  return { iv, plaintext: new TextDecoder().decode(pt) };
}

const WEBHOOK_SECRET = `whsec_${crypto.randomUUID()}`;
const VOICE_AI_SECRET = `vai_${crypto.randomUUID()}`;

async function newLine(opts: { notifyPhone: string; credentials?: { accountSid: string; authToken: string } }): Promise<TwilioLine & { numberE164s: string[] }> {
  const biz = await apiJson("POST", "/businesses", {
    name: "Acme Plumbing",
    timezone: "America/Chicago",
    forwardTo: uniquePhone("312"),
    notifyPhone: opts.notifyPhone,
    notifyWebhookUrl: "https://hooks.acme.example/textback",
    webhookSecret: WEBHOOK_SECRET,
    voiceAiSecret: VOICE_AI_SECRET,
  });
  const creds = opts.credentials ?? { accountSid: `AC${crypto.randomUUID().replace(/-/g, "")}`, authToken: `tok_${crypto.randomUUID()}` };
  const e164 = uniquePhone("512");
  const number = await apiJson("POST", `/businesses/${biz.id}/numbers`, { e164, carrier: "twilio", credentials: creds, mode: "forward" });
  return { businessId: biz.id, e164, numberId: number.id, ...creds, numberE164s: [e164] };
}

describe("secrets and privacy", () => {
  it("logs no secret and no message text during a whole conversation", async () => {
    const lines = captureConsole();
    const net = mockNetwork();
    const owner = uniquePhone("773");
    const line = await newLine({ notifyPhone: owner });
    const caller = uniquePhone("415");
    const REPLY = "my secret gate code is 4812";

    // Missed call → text (after one carrier 500) → the caller replies → the owner gets the relay → STOP.
    expect((await twilioWebhook("/webhooks/twilio/dial-status", dialStatus(line, caller, "no-answer"), line.authToken)).status).toBe(200);
    await vi.waitFor(() => expect(net.texts.filter((t) => t.to === caller)).toHaveLength(1), { timeout: 5000 });
    const sms = (Body: string) =>
      twilioWebhook("/webhooks/twilio/sms", { MessageSid: `SM${crypto.randomUUID().replace(/-/g, "")}`, AccountSid: line.accountSid, From: caller, To: line.e164, Body }, line.authToken);
    expect((await sms(REPLY)).status).toBe(200);
    await vi.waitFor(() => expect(net.texts.filter((t) => t.to === owner)).toHaveLength(1), { timeout: 5000 });
    expect((await sms("STOP")).status).toBe(200);
    await vi.waitFor(() => expect(net.texts.filter((t) => t.to === caller)).toHaveLength(2), { timeout: 5000 });
    // A delivery report and the event webhooks (which do carry the reply, to the business) as well.
    await twilioWebhook("/webhooks/twilio/sms-status", { MessageSid: `SM${callSid().slice(2)}`, MessageStatus: "delivered", From: line.e164, To: caller }, line.authToken);
    await vi.waitFor(() => expect(net.events.some((e) => e.includes("reply.received"))).toBe(true), { timeout: 5000 });

    // The relay really carried the reply, so its absence from the logs means something.
    expect(net.texts.find((t) => t.to === owner)!.body).toContain(REPLY);
    const { results } = await env.DB.prepare("SELECT body FROM messages WHERE business_id = ?").bind(line.businessId).all<{ body: string }>();
    const bodies = results.map((r) => r.body).filter((b) => b.length >= 8);
    expect(bodies.length).toBeGreaterThanOrEqual(4); // text-back, inbound reply, relay, opt-out confirmation

    const log = lines.join("\n");
    // The capture worked: the flow's own events are there.
    for (const event of ["webhook.call", "webhook.sms", "outbox.retry", "outbox.sent"]) expect(log).toContain(event);

    const forbidden: Record<string, string> = {
      "auth token": line.authToken,
      "Basic credentials": btoa(`${line.accountSid}:${line.authToken}`),
      DATA_KEY: env.DATA_KEY,
      "DATA_KEY bytes": new TextDecoder().decode(b64decode(env.DATA_KEY)),
      ADMIN_TOKEN: env.ADMIN_TOKEN,
      "webhook secret": WEBHOOK_SECRET,
      "voice-AI secret": VOICE_AI_SECRET,
      "the reply": REPLY,
      "the gate code": "4812",
      "part of the reply": "gate code",
      ...Object.fromEntries(bodies.map((b, i) => [`message body ${i}`, b])),
      ...Object.fromEntries(net.texts.map((t, i) => [`sent text ${i}`, t.body])),
    };
    const leaks = Object.entries(forbidden).filter(([, secret]) => log.includes(secret)).map(([what]) => what);
    expect(leaks).toEqual([]);
  });

  it("stores credentials and business secrets as AES-GCM under DATA_KEY with a fresh 12-byte IV per value", async () => {
    const creds = { accountSid: `AC${crypto.randomUUID().replace(/-/g, "")}`, authToken: `tok_${crypto.randomUUID()}` };
    const a = await newLine({ notifyPhone: uniquePhone("773"), credentials: creds });
    const b = await newLine({ notifyPhone: uniquePhone("773"), credentials: creds });

    const numbersRows = (
      await env.DB.prepare("SELECT credentials FROM numbers WHERE e164 IN (?, ?)").bind(a.e164, b.e164).all<{ credentials: string }>()
    ).results.map((r) => r.credentials);
    const businessRows = (
      await env.DB.prepare("SELECT webhook_secret, voice_ai_secret FROM businesses WHERE id IN (?, ?)")
        .bind(a.businessId, b.businessId)
        .all<{ webhook_secret: string; voice_ai_secret: string }>()
    ).results.flatMap((r) => [r.webhook_secret, r.voice_ai_secret]);
    expect(numbersRows).toHaveLength(2);
    expect(businessRows).toHaveLength(4);

    const stored = [...numbersRows, ...businessRows];
    for (const s of stored) {
      expect(s.startsWith("v1.")).toBe(true);
      for (const plain of [creds.authToken, creds.accountSid, WEBHOOK_SECRET, VOICE_AI_SECRET]) expect(s).not.toContain(plain);
    }
    const opened = await Promise.all(stored.map(openSecret));
    expect(opened.map((o) => o.iv.length)).toEqual([12, 12, 12, 12, 12, 12]);
    expect(opened.slice(0, 2).map((o) => JSON.parse(o.plaintext))).toEqual([creds, creds]);
    expect(opened.slice(2).map((o) => o.plaintext)).toEqual([WEBHOOK_SECRET, VOICE_AI_SECRET, WEBHOOK_SECRET, VOICE_AI_SECRET]);
    // Same plaintext four times over (two credentials, two webhook secrets…): never the same IV or ciphertext.
    const ivs = new Set(opened.map((o) => btoa(String.fromCharCode(...o.iv))));
    expect(ivs.size).toBe(6);
    expect(new Set(stored).size).toBe(6);

    // GCM authenticates: one flipped bit in the ciphertext and it does not open.
    const [v, iv, ct] = numbersRows[0]!.split(".");
    const bytes = b64decode(ct!);
    bytes[0]! ^= 1;
    await expect(openSecret(`${v}.${iv}.${btoa(String.fromCharCode(...bytes))}`)).rejects.toThrow();

    // And the worker still verifies webhooks with them (the ciphertext is the one in use).
    const res = await twilioWebhook("/webhooks/twilio/voicemail", { CallSid: callSid(), From: uniquePhone(), To: a.e164 }, creds.authToken);
    expect(res.status).toBe(200);
  });
});
