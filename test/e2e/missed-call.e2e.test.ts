/**
 * End to end over real HTTP: the Twilio simulator ↔ the worker under `wrangler dev` (workerd, local
 * D1, the local queue broker). What the workerd tests cannot show: signed webhooks accepted by the
 * real runtime, the queue hop to the outbox consumer, and retries on real timers.
 */
import type { ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { freePort, runWrangler, spawnWranglerDev, stopWrangler, waitForHttp } from "../../scripts/dev-env.mjs";
import { randomUsNumber, startSimulator, twilioSid, type Simulator } from "../../scripts/simulator.mjs";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const ADMIN_TOKEN = randomBytes(16).toString("hex");
const ACCOUNT = { accountSid: twilioSid("AC"), authToken: randomBytes(16).toString("hex") };
const BUSINESS = { name: "Riverside Plumbing", timezone: "America/Chicago", forwardTo: "+13122345678", bookingUrl: "https://riverside.example/book" };
const NUMBER = "+15122345678";

let tmp: string | undefined;
let sim: Simulator | undefined;
let worker: ChildProcess | undefined;
let workerUrl = "";
let businessId = "";
/** wrangler's and the simulator's output, shown only when something fails. */
const logs: string[] = [];

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function eventually<T>(check: () => T | undefined | null | false, timeoutMs: number, what: string): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const v = check();
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

beforeAll(async () => {
  try {
    tmp = await mkdtemp(path.join(os.tmpdir(), "textback-e2e-"));
    const bundleDir = path.join(tmp, "dist");
    const state = path.join(tmp, "state");
    const envFile = path.join(tmp, "worker.env");
    const port = await freePort();
    workerUrl = `http://127.0.0.1:${port}`;
    sim = await startSimulator({ port: 0, workerUrl, accounts: [ACCOUNT], log: (line) => logs.push(line) });

    // Serve a snapshot of the worker, bundled once: `wrangler dev` hot-reloads on every save under
    // src/, and a reload drops whatever sits in the local queue, mid-test.
    await runWrangler(ROOT, ["deploy", "--dry-run", "--outdir", bundleDir], { quiet: true });
    await runWrangler(ROOT, ["d1", "migrations", "apply", "DB", "--local", "--persist-to", state], { quiet: true });

    // --env-file replaces .dev.vars entirely (--var would only override the keys it names, and a
    // developer's PUBLIC_BASE_URL or TWILIO_API_BASE would leak in). Secrets stay out of argv.
    // A zero retry base makes the outbox retry at once (local queues honour delaySeconds: 0).
    await writeFile(
      envFile,
      [
        `ADMIN_TOKEN=${ADMIN_TOKEN}`,
        `DATA_KEY=${randomBytes(32).toString("base64")}`,
        `TWILIO_API_BASE=${sim.url}`,
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
        // Pin the two switches that would make wrangler ignore the env file or add the shell's env.
        env: { CLOUDFLARE_LOAD_DEV_VARS_FROM_DOT_ENV: "true", CLOUDFLARE_INCLUDE_PROCESS_ENV: "false" },
      },
    );
    await waitForHttp(`${workerUrl}/healthz`, { child: worker, timeoutMs: 90_000 });

    const business = await admin("POST", "/businesses", BUSINESS);
    businessId = business.id;
    await admin("POST", `/businesses/${businessId}/numbers`, { e164: NUMBER, carrier: "twilio", credentials: ACCOUNT, mode: "forward" });
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

describe("a call to a Twilio number, over real HTTP", () => {
  it("texts the caller exactly once after a missed call, from the business number, naming the business", async () => {
    const caller = randomUsNumber();
    const call = await sim!.placeCall({ from: caller, to: NUMBER, outcome: "no-answer" });
    expect(call.webhooks.map((w) => [w.name, w.status])).toEqual([["voice", 200], ["dial-status", 200]]);
    expect(call.webhooks[0]!.body).toContain("<Dial");

    const [text] = await eventually(() => textsTo(caller).length > 0 && textsTo(caller), 10_000, "text to the caller");
    expect(text).toMatchObject({ to: caller, from: NUMBER, accountSid: ACCOUNT.accountSid });
    expect(text!.body).toContain(BUSINESS.name);
    expect(text!.body).toContain("Reply STOP to opt out");

    await sleep(1000);
    expect(textsTo(caller)).toHaveLength(1);
  });

  it("sends nothing when the forwarded call was answered", async () => {
    const caller = randomUsNumber();
    const call = await sim!.placeCall({ from: caller, to: NUMBER, outcome: "answered" });
    expect(call.webhooks.map((w) => [w.name, w.status])).toEqual([["voice", 200], ["dial-status", 200]]);
    expect(call.webhooks[1]!.body).toContain("<Hangup");

    // The call was recorded and decided, so the silence below is a decision, not a lost webhook.
    const { calls } = await admin<{ calls: { carrierCallId: string; decision: string }[] }>("GET", `/businesses/${businessId}/calls`);
    expect(calls.find((c) => c.carrierCallId === call.callSid)?.decision).toMatch(/^skipped:/);
    await sleep(1500);
    expect(textsTo(caller)).toHaveLength(0);
  });

  it("still texts exactly once when Twilio answers 500 twice first", async () => {
    const caller = randomUsNumber();
    sim!.setFaults(caller, [{ status: 500 }, { status: 500 }]);
    await sim!.placeCall({ from: caller, to: NUMBER, outcome: "busy" });

    // Retries are immediate here (zero base); the margin covers a slow machine, or retry_delay
    // (2 s per attempt) should the local queue ever stop honouring delaySeconds: 0.
    await eventually(() => textsTo(caller).length > 0, 15_000, "text after two 500s");
    const attempts = sim!.requests.filter((r) => r.to === caller);
    expect(attempts.map((r) => r.status)).toEqual([500, 500, 201]);

    await sleep(1000);
    expect(textsTo(caller)).toHaveLength(1);
    const { messages } = await admin<{ messages: { to: string; status: string; attempts: number }[] }>(
      "GET",
      `/businesses/${businessId}/messages`,
    );
    const row = messages.find((m) => m.to === caller);
    expect(row?.attempts).toBe(3);
    // "delivered" once the simulator's status callback has landed.
    expect(["sent", "delivered"]).toContain(row?.status);
  });
});
