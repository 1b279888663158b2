/**
 * `npm run rotate-key` against a real local D1 (wrangler's, in a temp persist dir): values written
 * under the old key come out under the new one, the plaintext unchanged and every IV fresh; a second
 * run changes nothing; a value neither key opens stops the run before anything is written.
 */
import { spawn } from "node:child_process";
import { randomBytes, webcrypto } from "node:crypto";
import { cp, mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runWrangler } from "../../scripts/dev-env.mjs";
import { frozenBuild } from "../support-node/frozen-build";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const SCRIPT = path.join(ROOT, "scripts", "rotate-key.mjs");
const { subtle } = webcrypto;

const OLD = randomBytes(32).toString("base64");
const NEW = randomBytes(32).toString("base64");

/** The stored form of src/crypto/secrets.ts, written independently of it. */
async function seal(keyB64: string, plaintext: string): Promise<string> {
  const key = await subtle.importKey("raw", Buffer.from(keyB64, "base64"), "AES-GCM", false, ["encrypt"]);
  const iv = randomBytes(12);
  const ct = Buffer.from(await subtle.encrypt({ name: "AES-GCM", iv }, key, new TextEncoder().encode(plaintext)));
  return `v1.${iv.toString("base64")}.${ct.toString("base64")}`;
}

async function unseal(keyB64: string, stored: string): Promise<string | null> {
  const [v, iv, ct] = stored.split(".");
  if (v !== "v1" || !iv || !ct) return null;
  const key = await subtle.importKey("raw", Buffer.from(keyB64, "base64"), "AES-GCM", false, ["decrypt"]);
  try {
    return new TextDecoder().decode(await subtle.decrypt({ name: "AES-GCM", iv: Buffer.from(iv, "base64") }, key, Buffer.from(ct, "base64")));
  } catch {
    return null;
  }
}

let state = "";
const d1 = async (sql: string): Promise<any[][]> => {
  const out = await runWrangler(ROOT, ["d1", "execute", "DB", "--local", "--persist-to", state, "--json", "--command", sql], { quiet: true });
  // runWrangler returns stdout and stderr together; the JSON is the array on stdout.
  const json = out.slice(out.indexOf("["), out.lastIndexOf("]") + 1);
  return (JSON.parse(json) as Array<{ results: any[] }>).map((r) => r.results);
};

function rotate(env: Record<string, string>, args: string[] = []): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [SCRIPT, "--persist-to", state, ...args], {
      cwd: ROOT,
      // No .dev.vars fallback and no inherited keys: only what the test passes.
      env: { ...process.env, OLD_DATA_KEY: "", NEW_DATA_KEY: "", ...env },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (c) => (stdout += c));
    child.stderr.on("data", (c) => (stderr += c));
    child.once("error", reject);
    child.once("exit", (code) => resolve({ code, stdout, stderr }));
  });
}

const CREDS_A = JSON.stringify({ accountSid: `AC${"a".repeat(32)}`, authToken: "token-a-0123456789" });
const CREDS_B = JSON.stringify({ apiKey: "KEY0123456789", publicKey: `${"B".repeat(43)}=` });
const WEBHOOK_SECRET = "whsec-it's-a-secret-0123";
const VOICE_AI_SECRET = "vai-secret-0123456789";
const CALENDLY_SECRET = "calendly-signing-key-0123";

async function snapshot() {
  const [nums, biz] = await d1("SELECT id, credentials FROM numbers ORDER BY id; SELECT id, webhook_secret, voice_ai_secret, booking_secret_calendly FROM businesses ORDER BY id");
  type Biz = { id: string; webhook_secret: string | null; voice_ai_secret: string | null; booking_secret_calendly: string | null };
  return { nums: nums as Array<{ id: string; credentials: string }>, biz: biz as Biz[] };
}

beforeAll(async () => {
  state = await mkdtemp(path.join(os.tmpdir(), "textback-rotate-"));
  // A copy of the run's migrated local D1 (`wrangler d1 migrations apply`, test/support-node/frozen-build.ts).
  await cp((await frozenBuild()).state, state, { recursive: true });
  const now = Date.now();
  const rows = [
    `INSERT INTO businesses (id, name, timezone, settings, webhook_secret, voice_ai_secret, booking_secret_calendly, created_at, updated_at) VALUES
       ('biz_1', 'Acme', 'UTC', '{}', '${await seal(OLD, WEBHOOK_SECRET)}', '${await seal(OLD, VOICE_AI_SECRET)}', '${await seal(OLD, CALENDLY_SECRET)}', ${now}, ${now}),
       ('biz_2', 'Bright', 'UTC', '{}', NULL, NULL, NULL, ${now}, ${now})`,
    `INSERT INTO numbers (id, business_id, e164, carrier, mode, credentials) VALUES
       ('num_a', 'biz_1', '+15122345678', 'twilio', 'forward', '${await seal(OLD, CREDS_A)}'),
       ('num_b', 'biz_1', '+15122345679', 'telnyx', 'forward', '${await seal(OLD, CREDS_B)}'),
       ('num_c', 'biz_2', '+15122345670', 'twilio', 'forward', '${await seal(NEW, CREDS_A)}')`,
  ];
  await d1(rows.join("; "));
}, 120_000);

afterAll(async () => {
  if (state) await rm(state, { recursive: true, force: true });
});

describe("npm run rotate-key", () => {
  it("re-encrypts every credential and business secret under the new key, with fresh IVs, and leaves rows already rotated alone", async () => {
    const before = await snapshot();
    const r = await rotate({ OLD_DATA_KEY: OLD, NEW_DATA_KEY: NEW });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain("5 to re-encrypt, 1 already under the new key");
    expect(r.stdout).not.toContain(NEW); // given, not generated: never echoed

    const after = await snapshot();
    const plain = async (key: string, v: string | null) => (v === null ? null : unseal(key, v));
    expect(await Promise.all(after.nums.map((n) => plain(NEW, n.credentials)))).toEqual([CREDS_A, CREDS_B, CREDS_A]);
    expect(await Promise.all(after.nums.map((n) => plain(OLD, n.credentials)))).toEqual([null, null, null]);
    expect(await plain(NEW, after.biz[0]!.webhook_secret)).toBe(WEBHOOK_SECRET);
    expect(await plain(NEW, after.biz[0]!.voice_ai_secret)).toBe(VOICE_AI_SECRET);
    expect(await plain(NEW, after.biz[0]!.booking_secret_calendly)).toBe(CALENDLY_SECRET);
    expect(after.biz[1]).toMatchObject({ webhook_secret: null, voice_ai_secret: null, booking_secret_calendly: null });

    // Every rotated value has a new IV; the one already under the new key is byte for byte the same.
    const iv = (v: string | null) => v?.split(".")[1];
    for (const i of [0, 1]) expect(iv(after.nums[i]!.credentials)).not.toBe(iv(before.nums[i]!.credentials));
    expect(after.nums[2]!.credentials).toBe(before.nums[2]!.credentials);
    expect(iv(after.biz[0]!.webhook_secret)).not.toBe(iv(before.biz[0]!.webhook_secret));
    expect(new Set([...after.nums.map((n) => iv(n.credentials)), iv(after.biz[0]!.webhook_secret), iv(after.biz[0]!.voice_ai_secret), iv(after.biz[0]!.booking_secret_calendly)]).size).toBe(6);
  }, 60_000);

  it("is safe to run again: nothing left to do, nothing changes", async () => {
    const before = await snapshot();
    const r = await rotate({ OLD_DATA_KEY: OLD, NEW_DATA_KEY: NEW });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain("0 to re-encrypt, 6 already under the new key");
    expect(await snapshot()).toEqual(before);
  }, 60_000);

  it("stops before writing anything when a value opens with neither key", async () => {
    await d1(`UPDATE numbers SET credentials = '${await seal(randomBytes(32).toString("base64"), CREDS_A)}' WHERE id = 'num_c'`);
    const before = await snapshot();
    const NEWER = randomBytes(32).toString("base64");
    const r = await rotate({ OLD_DATA_KEY: NEW, NEW_DATA_KEY: NEWER });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/open with neither key/);
    expect(r.stderr).toContain("numbers.credentials id=num_c");
    expect(await snapshot()).toEqual(before);
    await d1(`UPDATE numbers SET credentials = '${await seal(NEW, CREDS_A)}' WHERE id = 'num_c'`);
  }, 60_000);

  it("generates and prints a new key when none is given, and the data then opens with it", async () => {
    const r = await rotate({ OLD_DATA_KEY: NEW });
    expect(r.code, r.stderr).toBe(0);
    const generated = /NEW_DATA_KEY=([A-Za-z0-9+/]{43}=)/.exec(r.stdout)?.[1];
    expect(generated).toBeDefined();
    expect(Buffer.from(generated!, "base64")).toHaveLength(32);
    const after = await snapshot();
    expect(await Promise.all(after.nums.map((n) => unseal(generated!, n.credentials)))).toEqual([CREDS_A, CREDS_B, CREDS_A]);
    expect(await unseal(generated!, after.biz[0]!.voice_ai_secret!)).toBe(VOICE_AI_SECRET);
  }, 60_000);

  it("refuses bad keys without touching the database", async () => {
    const before = await snapshot();
    const cases: Array<Record<string, string>> = [{}, { OLD_DATA_KEY: "short" }, { OLD_DATA_KEY: OLD, NEW_DATA_KEY: OLD }];
    for (const env of cases) {
      const r = await rotate(env);
      expect(r.code, JSON.stringify(env)).toBe(64);
    }
    expect(await snapshot()).toEqual(before);
  }, 60_000);
});
