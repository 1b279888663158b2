/** `npm start`'s .dev.vars: fresh secrets once, the same ones after, and carrier bases added since. */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it, vi } from "vitest";
import { ensureDevVars, parseDevVars } from "../../scripts/lib/dev-vars.mjs";

const SIM = "http://127.0.0.1:9788";
let dir = "";
afterEach(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
  vi.restoreAllMocks();
});
const file = () => path.join((dir = mkdtempSync(path.join(os.tmpdir(), "dev-vars-"))), ".dev.vars");

describe("ensureDevVars", () => {
  it("writes fresh secrets and every carrier base at the simulator, then reads the same back", () => {
    vi.spyOn(console, "log").mockImplementation(() => {});
    const f = file();
    const first = ensureDevVars(f, SIM);
    expect(first.ADMIN_TOKEN!.length).toBeGreaterThanOrEqual(32);
    for (const key of ["TWILIO_API_BASE", "TELNYX_API_BASE", "VONAGE_API_BASE", "PLIVO_API_BASE", "BANDWIDTH_API_BASE", "VONAGE_LOOKUP_BASE"]) expect(first[key]).toBe(SIM);
    expect(first.BANDWIDTH_TOKEN_URL).toBe(`${SIM}/api/v1/oauth2/token`);
    expect(ensureDevVars(f, SIM)).toEqual(first);
    expect(parseDevVars(readFileSync(f, "utf8"))).toEqual(first);
  });

  it("adds a base a file from before its carrier lacks, keeping the secrets and a real Twilio base as they are", () => {
    const log = vi.spyOn(console, "log").mockImplementation(() => {});
    const warn = vi.spyOn(console, "warn").mockImplementation(() => {});
    const f = file();
    const token = "t".repeat(40);
    writeFileSync(f, `ADMIN_TOKEN="${token}"\nDATA_KEY=abc # kept\nTWILIO_API_BASE=https://api.twilio.com\nTELNYX_API_BASE=${SIM}\n`);
    const vars = ensureDevVars(f, SIM);
    expect(vars).toMatchObject({ ADMIN_TOKEN: token, DATA_KEY: "abc", TWILIO_API_BASE: "https://api.twilio.com", PLIVO_API_BASE: SIM, VONAGE_LOOKUP_BASE: SIM, BANDWIDTH_TOKEN_URL: `${SIM}/api/v1/oauth2/token` });
    expect(parseDevVars(readFileSync(f, "utf8"))).toEqual(vars);
    expect(log.mock.calls.map((c) => String(c[0]))).toContain("Added PLIVO_API_BASE to .dev.vars (the simulator).");
    expect(warn.mock.calls.map((c) => String(c[0])).join("\n")).toContain("TWILIO_API_BASE=https://api.twilio.com, so Twilio texts will not reach the simulator");
  });

  it("refuses a file without secrets, or with an admin token the worker would refuse", () => {
    const f = file();
    writeFileSync(f, "DATA_KEY=abc\n");
    expect(() => ensureDevVars(f, SIM)).toThrow(".dev.vars has no ADMIN_TOKEN");
    writeFileSync(f, "ADMIN_TOKEN=short\nDATA_KEY=abc\n");
    expect(() => ensureDevVars(f, SIM)).toThrow("ADMIN_TOKEN of 5 characters");
  });
});
