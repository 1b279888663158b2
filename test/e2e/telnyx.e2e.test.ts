/**
 * End to end over real HTTP, Telnyx edition: the simulator speaking Telnyx (Call Control events and
 * messaging events signed with its own Ed25519 key, the `/v2/messages` and `actions/transfer` APIs)
 * ↔ the worker under `wrangler dev`. Boots exactly as missed-call.e2e.test.ts does.
 */
import type { ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { freePort, runWrangler, spawnWranglerDev, stopWrangler, waitForHttp } from "../../scripts/dev-env.mjs";
import { randomUsNumber, startSimulator, type Simulator } from "../../scripts/simulator.mjs";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const ADMIN_TOKEN = randomBytes(16).toString("hex");
const TELNYX_ACCOUNT = { apiKey: `KEY${randomBytes(16).toString("hex")}`, name: "e2e-telnyx" };
const BUSINESS = { name: "Lakeside Electric", timezone: "America/Chicago", forwardTo: "+13122345678", bookingUrl: "https://lakeside.example/book" };
const NUMBER = "+15122345679";

let tmp: string | undefined;
let sim: Simulator | undefined;
let worker: ChildProcess | undefined;
let workerUrl = "";
let businessId = "";
/** wrangler's and the simulator's output, shown only when something fails. */
const logs: string[] = [];

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function eventually<T>(check: () => T | undefined | null | false | Promise<T | undefined | null | false>, timeoutMs: number, what: string): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const v = await check();
    if (v) return v;
    if (Date.now() > until) throw new Error(`${what}: not within ${timeoutMs} ms`);
    await sleep(50);
  }
}

async function admin<T = any>(method: string, pathname: string, body?: unknown): Promise<T> {
  const res = await fetch(`${workerUrl}/api${pathname}`, {
    method,
    headers: { authorization: `Bearer ${ADMIN_TOKEN}`, "content-type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (!res.ok) throw new Error(`${method} /api${pathname} → ${res.status} ${await res.text()}`);
  return res.json() as Promise<T>;
}

const textsTo = (phone: string) => sim!.messages.filter((m) => m.to === phone);

async function messageRows() {
  const { messages } = await admin<{ messages: { to: string; status: string; kind: string; body: string }[] }>("GET", `/businesses/${businessId}/messages`);
  return messages;
}

beforeAll(async () => {
  try {
    tmp = await mkdtemp(path.join(os.tmpdir(), "textback-e2e-telnyx-"));
    const bundleDir = path.join(tmp, "dist");
    const state = path.join(tmp, "state");
    const envFile = path.join(tmp, "worker.env");
    const port = await freePort();
    workerUrl = `http://127.0.0.1:${port}`;
    // No Twilio account is used here; the Telnyx number is the simulator's only Telnyx number.
    sim = await startSimulator({ port: 0, workerUrl, telnyxAccounts: [TELNYX_ACCOUNT], telnyxNumbers: [NUMBER], log: (line) => logs.push(line) });

    // A snapshot of the worker, bundled once (see missed-call.e2e.test.ts for why).
    await runWrangler(ROOT, ["deploy", "--dry-run", "--outdir", bundleDir], { quiet: true });
    await runWrangler(ROOT, ["d1", "migrations", "apply", "DB", "--local", "--persist-to", state], { quiet: true });

    // --env-file replaces .dev.vars entirely; both carrier APIs point at the simulator.
    await writeFile(
      envFile,
      [
        `ADMIN_TOKEN=${ADMIN_TOKEN}`,
        `DATA_KEY=${randomBytes(32).toString("base64")}`,
        `TWILIO_API_BASE=${sim.url}`,
        `TELNYX_API_BASE=${sim.url}`,
        "OUTBOX_RETRY_BASE_SECONDS=0",
      ].join("\n") + "\n",
      { mode: 0o600 },
    );
    worker = spawnWranglerDev(
      ROOT,
      [
        path.join(bundleDir, "index.js"),
        "--config", path.join(ROOT, "wrangler.toml"),
        "--no-bundle",
        "--ip", "127.0.0.1",
        "--port", String(port),
        "--inspector-port", String(await freePort()),
        "--persist-to", state,
        "--env-file", envFile,
        "--show-interactive-dev-session=false",
      ],
      {
        onLine: (line) => logs.push(line),
        env: { CLOUDFLARE_LOAD_DEV_VARS_FROM_DOT_ENV: "true", CLOUDFLARE_INCLUDE_PROCESS_ENV: "false" },
      },
    );
    await waitForHttp(`${workerUrl}/healthz`, { child: worker, timeoutMs: 90_000 });

    const business = await admin("POST", "/businesses", BUSINESS);
    businessId = business.id;
    const number = await admin("POST", `/businesses/${businessId}/numbers`, {
      e164: NUMBER,
      carrier: "telnyx",
      credentials: { apiKey: TELNYX_ACCOUNT.apiKey, publicKey: sim.telnyxPublicKey },
      mode: "forward",
    });
    expect(number.webhookUrls).toEqual({ events: `${workerUrl}/webhooks/telnyx` });
  } catch (e) {
    throw new Error(`e2e setup failed: ${String(e)}\n--- output ---\n${logs.slice(-40).join("\n")}`);
  }
});

afterAll(async () => {
  await stopWrangler(worker);
  await sim?.close();
  if (tmp) await rm(tmp, { recursive: true, force: true });
});

beforeEach(({ onTestFailed }) => {
  const from = logs.length;
  onTestFailed(() => console.error(`--- worker and simulator output during the test ---\n${logs.slice(from).join("\n")}`));
});

describe("a call to a Telnyx number, over real HTTP", () => {
  it("forwards the call, then texts the caller exactly once through Telnyx after no answer", async () => {
    const caller = randomUsNumber();
    const call = await sim!.placeCall({ from: caller, to: NUMBER, outcome: "no-answer" });
    expect(call.carrier).toBe("telnyx");
    expect(call.webhooks.map((w) => [w.name, w.status])).toEqual([
      ["call.initiated", 200],
      ["call.initiated", 200],
      ["call.hangup", 200],
      ["call.hangup", 200],
    ]);
    // The worker answered call.initiated by transferring to the business phone, once.
    expect(call.transfer).toMatchObject({ to: BUSINESS.forwardTo, from: caller, account: TELNYX_ACCOUNT.name });
    expect(call.transfer!.command_id).toBeTruthy();
    expect(sim!.transfers.filter((t) => t.callControlId === call.transfer!.callControlId)).toHaveLength(1);

    const [text] = await eventually(() => textsTo(caller).length > 0 && textsTo(caller), 10_000, "text to the caller");
    expect(text).toMatchObject({ carrier: "telnyx", to: caller, from: NUMBER, accountSid: TELNYX_ACCOUNT.name });
    expect(text!.body).toContain(BUSINESS.name);
    expect(text!.body).toContain("Reply STOP to opt out");
    expect(sim!.requests.filter((r) => r.to === caller).map((r) => [r.carrier, r.status])).toEqual([["telnyx", 200]]);

    // The simulator's message.sent / message.finalized reach the worker and settle the message.
    const row = await eventually(async () => (await messageRows()).find((m) => m.to === caller && m.status === "delivered"), 5_000, "delivery report");
    expect(row.status).toBe("delivered");
    expect(textsTo(caller)).toHaveLength(1);
  });

  it("confirms a STOP sent as message.received once, and texts that caller no more", async () => {
    const caller = randomUsNumber();
    const sms = await sim!.sendSms({ from: caller, to: NUMBER, body: "STOP" });
    expect(sms.carrier).toBe("telnyx");
    expect(sms.webhooks.map((w) => w.status)).toEqual([200]);

    const [confirmation] = await eventually(() => textsTo(caller).length > 0 && textsTo(caller), 10_000, "STOP confirmation");
    expect(confirmation).toMatchObject({ carrier: "telnyx", to: caller, from: NUMBER });
    expect(confirmation!.body).toMatch(/unsubscribed|opted out|no more|stop/i);

    // A missed call from the opted-out caller now sends nothing.
    const call = await sim!.placeCall({ from: caller, to: NUMBER, outcome: "busy" });
    expect(call.webhooks.every((w) => w.status === 200)).toBe(true);
    await sleep(1500);
    expect(textsTo(caller)).toHaveLength(1);
  });
});
