/**
 * URLs a business sets (its booking link, its CRM webhook, its SignalWire Space) are never a way
 * into a private network or a way to leak credentials: the API refuses them with 400 naming the field
 * and changes nothing, and what was stored before the check (or by hand) is never called.
 */
import { env } from "cloudflare:workers";
import { eq } from "drizzle-orm";
import { drizzle } from "drizzle-orm/d1";
import { afterEach, describe, expect, it, vi } from "vitest";
import { encryptSecret } from "../src/crypto/secrets";
import { eventHooks } from "../src/db/hooks-schema";
import { businesses, numbers, webhookDeliveries } from "../src/db/schema";
import { api, apiJson, eventually, uniquePhone } from "./support/app";
import { createLine, placeCall } from "./support/carriers";

afterEach(() => vi.restoreAllMocks());

const db = () => drizzle(env.DB);

/** Every outbound request the worker makes, answered 201 (or 200 for anything but a carrier). */
function recordFetches() {
  const urls: string[] = [];
  vi.spyOn(globalThis, "fetch").mockImplementation(async (input, init) => {
    const req = new Request(input as RequestInfo, init);
    urls.push(req.url);
    return Response.json({ sid: `SM${crypto.randomUUID().replace(/-/g, "")}`, status: "queued" }, { status: 201 });
  });
  return urls;
}

const UNSAFE_URLS = [
  ["plain http", "http://crm.example/hooks"],
  ["loopback", "https://127.0.0.1:8788/hooks"],
  ["cloud metadata", "https://169.254.169.254/latest/meta-data/"],
  ["a private address", "https://10.1.2.3/"],
  ["v6 loopback", "https://[::1]/"],
  ["localhost", "https://localhost/hooks"],
  ["an internal name", "https://metadata.google.internal/"],
  ["credentials in the URL", "https://user:pass@crm.example/hooks"],
] as const;

const cases = (["bookingUrl", "notifyWebhookUrl"] as const).flatMap((field) => UNSAFE_URLS.map(([name, url]) => [field, name, url] as const));

describe("URLs a business sets", () => {
  it.each(cases)("POST /businesses refuses %s as %s with 400 naming it, and creates nothing", async (field, _name, url) => {
    const before = (await apiJson("GET", "/businesses")).businesses.length;
    const res = await api("POST", "/businesses", { name: "Acme Plumbing", timezone: "America/Chicago", [field]: url, webhookSecret: "whsec_0123456789abcdef" });
    expect(res.status).toBe(400);
    expect((await res.json<{ error: string }>()).error).toMatch(new RegExp(`^${field}: `));
    expect((await apiJson("GET", "/businesses")).businesses.length).toBe(before);
  });

  it.each(cases)("PATCH refuses %s as %s with 400 naming it, and changes nothing", async (field, _name, url) => {
    const biz = await apiJson("POST", "/businesses", { name: "Acme Plumbing", timezone: "America/Chicago", bookingUrl: "https://acme.example/book" });
    const res = await api("PATCH", `/businesses/${biz.id}`, { [field]: url, webhookSecret: "whsec_0123456789abcdef" });
    expect(res.status).toBe(400);
    expect((await res.json<{ error: string }>()).error).toMatch(new RegExp(`^${field}: `));
    expect(await apiJson("GET", `/businesses/${biz.id}`)).toMatchObject({ bookingUrl: "https://acme.example/book", notifyWebhookUrl: null, webhookSecretSet: false, updatedAt: biz.updatedAt });
  });

  it("accepts public https URLs", async () => {
    const biz = await apiJson("POST", "/businesses", { name: "Acme Plumbing", timezone: "America/Chicago", bookingUrl: "https://acme.example/book?src=sms" });
    const updated = await apiJson("PATCH", `/businesses/${biz.id}`, { notifyWebhookUrl: "https://hooks.acme.example:8443/textback", webhookSecret: "whsec_0123456789abcdef" });
    expect(updated).toMatchObject({ bookingUrl: "https://acme.example/book?src=sms", notifyWebhookUrl: "https://hooks.acme.example:8443/textback" });
  });

  it("never posts an event to a URL stored before the check: the delivery fails, saying why", async () => {
    const urls = recordFetches();
    const line = await createLine("twilio");
    await apiJson("PATCH", `/businesses/${line.businessId}`, { notifyWebhookUrl: "https://crm.example/hooks", webhookSecret: "whsec_0123456789abcdef" });
    // Stored where the delivery reads it (the setting's subscriber), as if written before the check.
    await db().update(eventHooks).set({ url: "https://169.254.169.254/latest" }).where(eq(eventHooks.businessId, line.businessId));
    expect((await api("POST", `/businesses/${line.businessId}/consent`, { phone: uniquePhone(), kind: "opt_out" })).status).toBe(201);
    const [failed] = await eventually(async () => {
      const rows = await db().select().from(webhookDeliveries).where(eq(webhookDeliveries.businessId, line.businessId));
      return rows.length === 1 && rows[0]!.status === "failed" && rows;
    });
    expect(failed!.lastError).toBe("url must name a host, not an IP address");
    expect(urls.filter((u) => u.includes("169.254"))).toEqual([]);
  });
});

const SPACE = { spaceUrl: "acme.signalwire.com", projectId: "0f1e2d3c-4b5a-4697-8877-665544332211", apiToken: "PT0123456789", signingKey: "PSK_0123456789" };

describe("SignalWire credentials", () => {
  it.each([
    ["a loopback Space over http", { spaceUrl: "http://127.0.0.1:8788" }, "credentials.spaceUrl"],
    ["cloud metadata", { spaceUrl: "169.254.169.254" }, "credentials.spaceUrl"],
    ["localhost", { spaceUrl: "localhost" }, "credentials.spaceUrl"],
    ["a host outside signalwire.com", { spaceUrl: "api.attacker.example" }, "credentials.spaceUrl"],
    ["a Space with a path", { spaceUrl: "acme.signalwire.com/x?" }, "credentials.spaceUrl"],
    ["a projectId that walks the path", { projectId: "../../x?" }, "credentials.projectId"],
    ["a projectId that is not a UUID", { projectId: "project-12345678" }, "credentials.projectId"],
  ])("adding a number refuses %s with 400 naming the field, and adds nothing", async (_name, change, field) => {
    const biz = await apiJson("POST", "/businesses", { name: "Acme Plumbing", timezone: "America/Chicago" });
    const e164 = uniquePhone("512");
    const res = await api("POST", `/businesses/${biz.id}/numbers`, { e164, carrier: "signalwire", credentials: { ...SPACE, ...change } });
    expect(res.status).toBe(400);
    expect((await res.json<{ error: string }>()).error).toMatch(new RegExp(`^${field.replace(".", "\\.")}: `));
    expect(await db().select().from(numbers).where(eq(numbers.e164, e164))).toEqual([]);
  });

  it("accepts a Space by its host or its https origin", async () => {
    const biz = await apiJson("POST", "/businesses", { name: "Acme Plumbing", timezone: "America/Chicago" });
    for (const spaceUrl of ["acme.signalwire.com", "https://acme.signalwire.com/"]) {
      const res = await api("POST", `/businesses/${biz.id}/numbers`, { e164: uniquePhone("512"), carrier: "signalwire", credentials: { ...SPACE, spaceUrl } });
      expect(res.status).toBe(201);
    }
  });

  it("never sends through a Space stored before the check: the text fails once, saying why, and no request leaves", async () => {
    const urls = recordFetches();
    const line = await createLine("signalwire");
    const credentials = await encryptSecret(env.DATA_KEY, JSON.stringify({ ...SPACE, spaceUrl: "http://127.0.0.1:9" }));
    await db().update(numbers).set({ credentials }).where(eq(numbers.e164, line.e164));
    const sent = await apiJson("POST", `/businesses/${line.businessId}/messages`, { to: uniquePhone(), body: "Hello from Acme" });
    const failed = await eventually(async () => {
      const { messages } = await apiJson("GET", `/businesses/${line.businessId}/messages`);
      return messages.find((m: { id: string; status: string }) => m.id === sent.id && m.status === "failed");
    });
    expect(failed).toMatchObject({ attempts: 1, errorCode: "invalid_credentials", errorMessage: "the number's stored credentials are invalid: spaceUrl: must be an https URL" });
    expect(urls).toEqual([]);
    // Its webhooks are still verified with its signing key (answered, not a 500), so calls are recorded until it is fixed.
    const caller = uniquePhone();
    expect((await placeCall({ ...line, secret: SPACE.signingKey }, caller, "no-answer")).map((r) => r.status)).toEqual([200]);
    await eventually(async () => (await apiJson("GET", `/businesses/${line.businessId}/calls`)).calls.some((c: { from: string }) => c.from === caller));
    expect(urls).toEqual([]);
  });
});
