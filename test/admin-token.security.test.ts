/**
 * A short ADMIN_TOKEN can be guessed, so the admin (API and pages) stays off under one, saying why,
 * while the carriers' webhooks carry on. Each request goes to the worker with this file's token.
 */
import { createExecutionContext, waitOnExecutionContext } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { afterEach, describe, expect, it, vi } from "vitest";
import worker from "../src/index";
import { twilioSignature } from "../src/carriers/twilio-signature";
import { createTwilioLine, dialStatus, ORIGIN, uniquePhone } from "./support/app";
import { mockTwilio } from "./support/carriers";

afterEach(() => vi.restoreAllMocks());

async function withToken(token: string | undefined, path: string, init: RequestInit = {}): Promise<Response> {
  const ctx = createExecutionContext();
  const res = await worker.fetch(new Request(`${ORIGIN}${path}`, { redirect: "manual", ...init }), { ...env, ADMIN_TOKEN: token as string }, ctx);
  await waitOnExecutionContext(ctx);
  return res;
}

const SHORT = "0123456789abcdef0123456789abcde"; // 31 characters

describe("the admin under a short ADMIN_TOKEN", () => {
  it.each([
    ["31 characters", SHORT, /ADMIN_TOKEN is shorter than 32 characters/],
    ["none", undefined, /no ADMIN_TOKEN secret/],
  ])("answers 503 with the reason on the API, to the right token too (%s)", async (_name, token, reason) => {
    const res = await withToken(token, "/api/businesses", { headers: { authorization: `Bearer ${token}` } });
    expect(res.status).toBe(503);
    const { error } = (await res.json()) as { error: string };
    expect(error).toMatch(reason);
    expect(error).toContain("openssl rand -hex 32");
  });

  it("shows the login page as 503 with the reason, and a post of the right token logs nobody in", async () => {
    const page = await withToken(SHORT, "/admin/login");
    expect(page.status).toBe(503);
    expect(await page.text()).toContain("ADMIN_TOKEN is shorter than 32 characters");
    const posted = await withToken(SHORT, "/admin/login", {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded", origin: ORIGIN },
      body: new URLSearchParams({ token: SHORT }).toString(),
    });
    expect(posted.status).toBe(503);
    expect(posted.headers.get("set-cookie")).toBeNull();
  });

  it("runs the admin with a token of exactly 32 characters", async () => {
    const token = `${SHORT}f`;
    expect((await withToken(token, "/api/businesses", { headers: { authorization: `Bearer ${token}` } })).status).toBe(200);
  });

  it("still answers the carriers' webhooks", async () => {
    mockTwilio();
    const line = await createTwilioLine();
    const url = `${ORIGIN}/webhooks/twilio/dial-status`;
    const params = dialStatus(line, uniquePhone(), "no-answer");
    const res = await withToken(SHORT, "/webhooks/twilio/dial-status", {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded", "x-twilio-signature": await twilioSignature(line.authToken, url, params) },
      body: new URLSearchParams(params).toString(),
    });
    expect(res.status).toBe(200);
  });
});
