/**
 * The README's quick start as a newcomer runs it: `npm start` on a fresh copy of the checkout (no
 * .dev.vars, no local database), then `npm run call` through each of the demo's five carriers. What
 * the other e2e tests cannot show: the demo seeds its business and numbers past the worker's own
 * checks, the banner appears, and the commands it prints work.
 */
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { cpSync, mkdirSync, mkdtempSync, rmSync, symlinkSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { freePort } from "../../scripts/dev-env.mjs";
import { adminApi } from "../../scripts/lib/admin-client.mjs";

const ROOT = path.resolve(import.meta.dirname, "../..");
const READY = "Textback is running locally";

/** The checkout's files as a clone would have them (tracked, and new ones not ignored), node_modules shared. */
function freshCopy(): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), "textback-quick-start-"));
  const listed = spawnSync("git", ["ls-files", "-z", "--cached", "--others", "--exclude-standard"], { cwd: ROOT, encoding: "utf8" });
  if (listed.status !== 0) throw new Error(`git ls-files: ${listed.stderr}`);
  for (const file of listed.stdout.split("\0").filter(Boolean)) {
    mkdirSync(path.join(dir, path.dirname(file)), { recursive: true });
    // A tracked file deleted in the working tree is not in a fresh clone of this change either.
    try {
      cpSync(path.join(ROOT, file), path.join(dir, file));
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== "ENOENT") throw e;
    }
  }
  symlinkSync(path.join(ROOT, "node_modules"), path.join(dir, "node_modules"), "dir");
  return dir;
}

let dir = "";
let start: ChildProcess | undefined;
let output = "";
let env: NodeJS.ProcessEnv = {};

beforeAll(async () => {
  dir = freshCopy();
  env = { ...process.env, PORT: String(await freePort()), SIM_PORT: String(await freePort()) };
  // Its own process group, so whatever it leaves behind is stopped with it.
  start = spawn(process.execPath, ["scripts/start.mjs"], { cwd: dir, env, detached: true, stdio: ["ignore", "pipe", "pipe"] });
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no banner within 150 s:\n${output.slice(-3000)}`)), 150_000);
    const take = (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes(READY)) {
        clearTimeout(timer);
        resolve();
      }
    };
    start!.stdout!.on("data", take);
    start!.stderr!.on("data", take);
    start!.once("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`npm start stopped (${code}) before it was ready:\n${output.slice(-3000)}`));
    });
  });
}, 180_000);

afterAll(async () => {
  if (start?.pid && start.exitCode === null) {
    const exited = new Promise((r) => start!.once("exit", r));
    start.kill("SIGTERM");
    await Promise.race([exited, new Promise((r) => setTimeout(r, 15_000))]);
    try {
      process.kill(-start.pid, "SIGKILL");
    } catch {
      // the group is gone already
    }
  }
  if (dir) rmSync(dir, { recursive: true, force: true });
}, 30_000);

/** `npm run call -- <args>` in the copy, against this run's ports. */
function call(...args: string[]): { status: number | null; out: string } {
  const r = spawnSync(process.execPath, ["scripts/call.mjs", ...args], { cwd: dir, env, encoding: "utf8", timeout: 30_000 });
  return { status: r.status, out: `${r.stdout}${r.stderr}` };
}

describe("the quick start: npm start on a fresh checkout", () => {
  it("prints the banner with the admin token and the demo's five numbers", () => {
    expect(output).toMatch(/Token {7}\S{32,}/);
    expect(output).toContain("Acme Plumbing");
    for (const carrier of ["Twilio", "Telnyx", "Vonage", "Plivo", "Bandwidth"]) expect(output).toContain(`(${carrier})`);
    // Started on other ports, the commands it suggests carry them.
    expect(output).toContain(`PORT=${env.PORT} SIM_PORT=${env.SIM_PORT} npm run call -- --carrier vonage`);
  });

  it("leaves every demo number set up as it works: the numbers page's check finds nothing to change", async () => {
    const token = /Token {7}(\S+)/.exec(output)![1]!;
    const admin = adminApi(`http://127.0.0.1:${env.PORT}`, token);
    const { businesses } = await admin("GET", "/businesses");
    const demo = businesses.find((b: { name: string }) => b.name === "Acme Plumbing");
    const { numbers } = await admin("GET", `/businesses/${demo.id}`);
    expect(numbers).toHaveLength(5);
    for (const n of numbers as { id: string; e164: string; carrier: string }[]) {
      const { checks } = await admin("GET", `/businesses/${demo.id}/numbers/${n.id}/check`);
      expect(checks.length, n.carrier).toBeGreaterThan(0);
      expect(checks.filter((c: { ok: boolean }) => !c.ok), `${n.carrier} ${n.e164}`).toEqual([]);
    }
  });

  it.each(["twilio", "telnyx", "vonage", "plivo", "bandwidth"])("texts back a missed call to the demo's %s number", (carrier) => {
    const { status, out } = call("--carrier", carrier);
    expect(status, out).toBe(0);
    expect(out).toMatch(/Texts to \+1\d{10}: 1\n/);
    expect(out).toContain("Acme Plumbing");
    expect(out).toMatch(/What Textback did: .+\(texted:no_answer\)/);
  });

  it("asks the demo plumber's questions one text at a time when the caller answers, as the README's walk-through says", () => {
    const { status, out } = call("--conversation");
    expect(status, out).toBe(0);
    const asked = out.split("\n").filter((line) => line.trim().startsWith("business →"));
    expect(asked.length, out).toBeGreaterThanOrEqual(2);
    expect(asked.slice(0, -1).every((line) => line.trim().endsWith("?")), out).toBe(true);
    // Not the urgent path (an urgent word in the answers would page the owner instead of asking).
    expect(out).not.toMatch(/URGENT|help is (coming|on the way)/);
  });
});
