/**
 * A Vonage number in the modes and admin features that came with other carriers: `forwarded` (the
 * business's own line forwards unanswered calls here) and the carrier-settings check, read through
 * Vonage's Numbers and Application APIs with the account's key.
 */
import { env } from "cloudflare:workers";
import { afterEach, describe, expect, it, vi } from "vitest";
import { api, apiJson, eventually, settle, uniquePhone } from "./support/app";
import { get, newSession, post } from "./support/admin-session";
import { setupStandIn } from "./support/carrier-setup";
import { mockCarriers, type Line } from "./support/carriers";
import { vonageAuthorizationFor, vonageCredentials, vonageWebhook } from "./support/vonage";

afterEach(() => vi.restoreAllMocks());

const digits = (e164: string) => e164.slice(1);

async function vonageLine(mode: "forward" | "forwarded"): Promise<Line & { numberId: string }> {
  const biz = await apiJson("POST", "/businesses", { name: "Acme Plumbing", timezone: "America/Chicago", forwardTo: uniquePhone("312") });
  const secret = `sig_${crypto.randomUUID()}`;
  const e164 = uniquePhone("512");
  const credentials = await vonageCredentials(secret);
  const added = await apiJson("POST", `/businesses/${biz.id}/numbers`, { e164, carrier: "vonage", credentials, mode });
  return { carrier: "vonage", businessId: biz.id, e164, forwardTo: biz.forwardTo, secret, restAuthorization: vonageAuthorizationFor(credentials.applicationId!), credentials, numberId: added.id };
}

describe("a Vonage number in forwarded mode", () => {
  it("greets the caller without connecting them back to the business's line, offers voicemail (on by default), and texts them at once", async () => {
    const mock = mockCarriers();
    const line = await vonageLine("forwarded");
    const caller = uniquePhone();
    const res = await vonageWebhook("/webhooks/vonage/answer", { uuid: crypto.randomUUID(), from: digits(caller), to: digits(line.e164) }, line);
    expect(res.status).toBe(200);
    const ncco = (await res.json()) as Array<{ action: string; text?: string }>;
    expect(ncco.map((a) => a.action)).toEqual(["talk", "record"]);
    expect(ncco[0]!.text).toContain("Acme Plumbing");
    await eventually(async () => mock.to(caller).length === 1);
    const { calls } = await apiJson("GET", `/businesses/${line.businessId}/calls`);
    expect(calls[0]).toMatchObject({ outcome: "no_answer", decision: "texted:no_answer" });
    await settle(200);
    expect(mock.to(line.forwardTo)).toHaveLength(0);
  });
});

describe("a Vonage number's carrier settings", () => {
  it("are read through Vonage's APIs with the API key and secret, and a check changes nothing and sends nothing", async () => {
    const s = setupStandIn();
    const line = await vonageLine("forward");
    const appId = line.credentials.applicationId!;
    s.vonage.numbers.push({ msisdn: digits(line.e164), app_id: appId });
    s.vonage.apps.set(appId, { name: "Acme", capabilities: { voice: { webhooks: { answer_url: { address: "https://ivr.example/answer", http_method: "GET" } } } } });
    const { checks } = await apiJson("GET", `/businesses/${line.businessId}/numbers/${line.numberId}/check`);
    expect(checks.map((c: { name: string; ok: boolean }) => [c.name, c.ok])).toEqual([
      ["linkedApplication", true],
      ["answerUrl", false],
      ["eventUrl", false],
      ["inboundUrl", false],
      ["statusUrl", false],
    ]);
    const basic = `Basic ${btoa(`${line.credentials.apiKey}:${line.credentials.apiSecret}`)}`;
    expect(s.requests.map((r) => [r.method, new URL(r.url).host, r.authorization])).toEqual([
      ["GET", "rest.nexmo.com", basic],
      ["GET", "api.nexmo.com", basic],
    ]);
  });

  it("adding one on the numbers page shows the page with what to paste, not an error", async () => {
    mockCarriers();
    const session = await newSession();
    const biz = await apiJson("POST", "/businesses", { name: "Acme", timezone: "America/Chicago", forwardTo: uniquePhone("312") });
    const credentials = await vonageCredentials(`sig_${crypto.randomUUID()}`);
    const e164 = uniquePhone("512");
    const form = { carrier: "vonage", e164, mode: "forward", ...Object.fromEntries(Object.entries(credentials).map(([k, v]) => [`cred.${k}`, v])) };
    const res = await post(session, `/admin/businesses/${biz.id}/numbers`, form);
    expect(res.status).toBeLessThan(400);
    const html = await (res.status >= 300 ? await get(session, res.headers.get("location")!) : res).text();
    expect(html).toContain("/webhooks/vonage/answer");
    expect(html).not.toContain(credentials.signatureSecret);
    expect(await env.DB.prepare("select carrier from numbers where e164 = ?").bind(e164).first("carrier")).toBe("vonage");
  });
});
