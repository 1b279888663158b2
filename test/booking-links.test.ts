/**
 * Tracked booking links (DESIGN.md §6.5), end to end in workerd: the text-back carries
 * `<public base>/l/<code>`, and `/l/<code>` counts the click on the right lead and sends the caller
 * to the stored booking URL with `tb=<code>`, never anywhere else.
 */
import { env, exports } from "cloudflare:workers";
import { afterEach, describe, expect, it, vi } from "vitest";
import { apiJson, createTwilioLine, dialStatus, eventually, inboundSms, ORIGIN, twilioWebhook, uniquePhone, type TwilioLine } from "./support/app";
import { mockTwilio } from "./support/carriers";

afterEach(() => vi.restoreAllMocks());

const PHONE_BROWSER = "Mozilla/5.0 (iPhone; CPU iPhone OS 18_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.0 Mobile/15E148 Safari/604.1";
const LINK = new RegExp(`${ORIGIN.replace(/\./g, "\\.")}/l/([0-9A-Za-z]{12})(?=\\s|$)`);

type Lead = Record<string, any>;

function click(path: string, init: { method?: string; ua?: string | null } = {}): Promise<Response> {
  const headers: Record<string, string> = init.ua === null ? {} : { "user-agent": init.ua ?? PHONE_BROWSER };
  return exports.default.fetch(`${ORIGIN}${path}`, { method: init.method ?? "GET", headers, redirect: "manual" });
}

async function missedCall(line: TwilioLine, caller: string) {
  expect((await twilioWebhook("/webhooks/twilio/dial-status", dialStatus(line, caller, "no-answer"), line.authToken)).status).toBe(200);
}

/** The code in the newest text the caller got, once its row (and the lead) are recorded. */
async function textedCode(carrier: ReturnType<typeof mockTwilio>, line: TwilioLine, caller: string, nth = 1): Promise<string> {
  await eventually(async () => carrier.to(caller).length >= nth);
  const body = carrier.to(caller)[nth - 1]!.form.get("Body")!;
  const code = LINK.exec(body)?.[1];
  expect(code, body).toBeDefined();
  await eventually(async () => (await leadOf(line, caller))?.firstTextAt);
  return code!;
}

async function leadOf(line: TwilioLine, phone: string): Promise<Lead | undefined> {
  const { leads } = await apiJson("GET", `/businesses/${line.businessId}/leads`);
  return (leads as Lead[]).find((l) => l.phone === phone);
}

async function leadById(id: string): Promise<Lead> {
  return apiJson("GET", `/leads/${id}`);
}

describe("the text-back's booking link", () => {
  it("is a link of ours with its own code per text, stored with the text", async () => {
    const carrier = mockTwilio();
    const line = await createTwilioLine();
    const [a, b] = [uniquePhone(), uniquePhone()];
    await missedCall(line, a);
    await missedCall(line, b);
    const [codeA, codeB] = [await textedCode(carrier, line, a), await textedCode(carrier, line, b)];
    expect(codeA).not.toBe(codeB);
    const row = await env.DB.prepare("SELECT to_phone AS phone, business_id AS businessId FROM messages WHERE link_code = ?").bind(codeA).first();
    expect(row).toEqual({ phone: a, businessId: line.businessId });
    expect(carrier.to(a)[0]!.form.get("Body")).not.toContain("acme.example");
  });

  it("is the plain booking URL with trackLinks off", async () => {
    const carrier = mockTwilio();
    const line = await createTwilioLine({ settings: { trackLinks: false } });
    const caller = uniquePhone();
    await missedCall(line, caller);
    await eventually(async () => carrier.to(caller).length === 1);
    expect(carrier.to(caller)[0]!.form.get("Body")).toContain("\nBook online: https://acme.example/book\n");
    await eventually(async () => (await leadOf(line, caller))?.firstTextAt);
    const { n } = (await env.DB.prepare("SELECT COUNT(*) AS n FROM messages WHERE to_phone = ? AND link_code IS NOT NULL").bind(caller).first<{ n: number }>())!;
    expect(n).toBe(0);
  });

  it("counts at its real length: the template check and the text sent agree on the segments", async () => {
    const carrier = mockTwilio();
    const line = await createTwilioLine({ bookingUrl: "https://ab.example/x" });
    const tail = "\n{bookingUrl}\nReply STOP to opt out.";
    const linkLength = `${ORIGIN}/l/`.length + 12;
    // 160 characters with the real link would fit; one more makes two segments. The stored URL alone would fit either way.
    const filler = "x".repeat(161 - "This is Acme Plumbing. ".length - linkLength - "\n\nReply STOP to opt out.".length);
    const put = await apiJson("PUT", `/businesses/${line.businessId}/templates/missed_call`, { body: `This is {business}. ${filler}${tail}` });
    expect(put.segments).toBe(2);
    const caller = uniquePhone();
    await missedCall(line, caller);
    await textedCode(carrier, line, caller);
    const sent = carrier.to(caller)[0]!.form.get("Body")!;
    expect(sent.length).toBe(161);
    const row = await env.DB.prepare("SELECT segments FROM messages WHERE to_phone = ?").bind(caller).first<{ segments: number }>();
    expect(row?.segments).toBe(2);
  });
});

describe("GET /l/:code", () => {
  it("redirects to the stored booking URL with tb and counts the click on the caller's lead, once per request", async () => {
    const carrier = mockTwilio();
    const line = await createTwilioLine();
    const caller = uniquePhone();
    await missedCall(line, caller);
    const code = await textedCode(carrier, line, caller);
    const before = (await leadOf(line, caller))!;
    expect(before).toMatchObject({ clicks: 0, firstClickAt: null, lastClickAt: null });

    const first = await click(`/l/${code}`);
    expect(first.status).toBe(302);
    expect(first.headers.get("location")).toBe(`https://acme.example/book?tb=${code}`);
    expect(first.headers.get("cache-control")).toBe("no-store");
    const once = await leadById(before.id);
    expect(once).toMatchObject({ clicks: 1, status: before.status });
    expect(once.firstClickAt).toBe(once.lastClickAt);

    await new Promise((r) => setTimeout(r, 5));
    await click(`/l/${code}`);
    const twice = await leadById(before.id);
    expect(twice.clicks).toBe(2);
    expect(twice.firstClickAt).toBe(once.firstClickAt);
    expect(twice.lastClickAt).toBeGreaterThan(once.lastClickAt);
    expect(twice.timeline.filter((e: Lead) => e.type === "lead_event" && e.event === "click")).toHaveLength(2);
  });

  it("redirects a HEAD, a link preview and a script without counting them", async () => {
    const carrier = mockTwilio();
    const line = await createTwilioLine();
    const caller = uniquePhone();
    await missedCall(line, caller);
    const code = await textedCode(carrier, line, caller);
    for (const init of [{ method: "HEAD" }, { ua: "facebookexternalhit/1.1 Facebot Twitterbot/1.0" }, { ua: "WhatsApp/2.23.20.0 A" }, { ua: null }]) {
      const res = await click(`/l/${code}`, init);
      expect(res.status).toBe(302);
      expect(res.headers.get("location")).toBe(`https://acme.example/book?tb=${code}`);
    }
    expect((await leadOf(line, caller))!.clicks).toBe(0);
  });

  it.each([
    ["a query string", "https://acme.example/book?service=drain", "https://acme.example/book?service=drain&tb=CODE"],
    ["a fragment", "https://acme.example/book#slots", "https://acme.example/book?tb=CODE#slots"],
    ["both", "https://acme.example/book?a=1#slots", "https://acme.example/book?a=1&tb=CODE#slots"],
  ])("adds tb to a booking URL with %s, the one stored now", async (_name, bookingUrl, expected) => {
    const carrier = mockTwilio();
    const line = await createTwilioLine();
    const caller = uniquePhone();
    await missedCall(line, caller);
    const code = await textedCode(carrier, line, caller);
    await apiJson("PATCH", `/businesses/${line.businessId}`, { bookingUrl });
    expect((await click(`/l/${code}`)).headers.get("location")).toBe(expected.replace("CODE", code));
  });

  it("counts a click on an old text on the lead that text belonged to", async () => {
    const carrier = mockTwilio();
    const line = await createTwilioLine({ settings: { cooldownHours: 0 } });
    const caller = uniquePhone();
    await missedCall(line, caller);
    const oldCode = await textedCode(carrier, line, caller);
    const oldLead = (await leadOf(line, caller))!;
    await apiJson("PATCH", `/leads/${oldLead.id}`, { status: "won" });
    await missedCall(line, caller);
    await textedCode(carrier, line, caller, 2);
    const newLead = await eventually(async () => {
      const l = await leadOf(line, caller);
      return l && l.id !== oldLead.id ? l : undefined;
    });
    await click(`/l/${oldCode}`);
    expect((await leadById(oldLead.id)).clicks).toBe(1);
    expect((await leadById(newLead.id)).clicks).toBe(0);
  });

  it("tells the business's system with lead.updated carrying the clicks", async () => {
    const carrier = mockTwilio();
    const line = await createTwilioLine();
    await apiJson("PATCH", `/businesses/${line.businessId}`, { notifyWebhookUrl: "https://crm.example/hooks", webhookSecret: "s".repeat(32) });
    const caller = uniquePhone();
    await missedCall(line, caller);
    const code = await textedCode(carrier, line, caller);
    await click(`/l/${code}`);
    const { results } = await env.DB.prepare("SELECT payload FROM webhook_deliveries WHERE business_id = ? AND event = 'lead.updated'").bind(line.businessId).all<{ payload: string }>();
    expect(results).toHaveLength(1);
    const data = JSON.parse(results[0]!.payload).data;
    expect(data).toMatchObject({ phone: caller, clicks: 1 });
    expect(data.firstClickAt).toBe(data.lastClickAt);
  });

  it("is no consent: a caller who opted out stays opted out, and the lead's status stays", async () => {
    const carrier = mockTwilio();
    const line = await createTwilioLine();
    const caller = uniquePhone();
    await missedCall(line, caller);
    const code = await textedCode(carrier, line, caller);
    await twilioWebhook("/webhooks/twilio/sms", inboundSms(line, caller, "STOP"), line.authToken);
    await eventually(async () => (await env.DB.prepare("SELECT 1 FROM consent_events WHERE phone = ? AND kind = 'opt_out'").bind(caller).first()) !== null);
    const consentBefore = await env.DB.prepare("SELECT COUNT(*) AS n FROM consent_events WHERE phone = ?").bind(caller).first<{ n: number }>();
    const leadBefore = (await leadOf(line, caller))!;
    expect((await click(`/l/${code}`)).status).toBe(302);
    const consentAfter = await env.DB.prepare("SELECT COUNT(*) AS n FROM consent_events WHERE phone = ?").bind(caller).first<{ n: number }>();
    expect(consentAfter).toEqual(consentBefore);
    const ledger = await apiJson("GET", `/businesses/${line.businessId}/consent/${encodeURIComponent(caller)}`);
    expect(ledger.status).toBe("opted_out");
    expect((await leadById(leadBefore.id))).toMatchObject({ status: leadBefore.status, clicks: 1 });
  });

  it("answers a small 404 page for a code nobody was sent", async () => {
    const res = await click("/l/ZZZZZZZZZZZZ");
    expect(res.status).toBe(404);
    expect(res.headers.get("content-type")).toContain("text/html");
    expect(res.headers.get("location")).toBeNull();
    expect(await res.text()).toContain("This link does not lead anywhere");
  });

  it("answers 404 once the business has no booking URL any more", async () => {
    const carrier = mockTwilio();
    const line = await createTwilioLine();
    const caller = uniquePhone();
    await missedCall(line, caller);
    const code = await textedCode(carrier, line, caller);
    await apiJson("PATCH", `/businesses/${line.businessId}`, { bookingUrl: null });
    expect((await click(`/l/${code}`)).status).toBe(404);
  });
});

describe("no open redirect through /l/", () => {
  it.each([
    "/l/%2F%2Fevil.example",
    "/l//evil.example",
    "/l/%5C%5Cevil.example",
    "/l/%5Cevil.example",
    "/l/evil.example%40acme.example",
    "/l/@evil.example",
    "/l/https:%2F%2Fevil.example",
    "/l/javascript:alert(1)",
    "/l/data:text%2Fhtml,hi",
    "/l/%252F%252Fevil.example",
    "/l/..%2F..%2Fapi%2Fbusinesses",
    "/l/ZZZZZZZZZZZZ%2F%2Fevil.example",
  ])("%s is a 404 with no Location", async (path) => {
    const res = await click(path);
    expect(res.status).toBe(404);
    expect(res.headers.get("location")).toBeNull();
  });

  it("goes only to the stored URL whatever follows a real code", async () => {
    const carrier = mockTwilio();
    const line = await createTwilioLine();
    const caller = uniquePhone();
    await missedCall(line, caller);
    const code = await textedCode(carrier, line, caller);
    for (const path of [`/l/${code}?next=//evil.example`, `/l/${code}?url=https://evil.example&tb=x`, `/l/${code}#//evil.example`]) {
      const res = await click(path);
      expect(res.headers.get("location"), path).toBe(`https://acme.example/book?tb=${code}`);
    }
    for (const path of [`/l/${code}/https://evil.example`, `/l/${code}%2F%2Fevil.example`, `/l/${code}@evil.example`, `/l/${code}%5C%5Cevil.example`]) {
      const res = await click(path);
      expect(res.status, path).toBe(404);
      expect(res.headers.get("location")).toBeNull();
    }
    const evilHost = await exports.default.fetch(`${ORIGIN}/l/${code}`, { headers: { "user-agent": PHONE_BROWSER, host: "evil.example", "x-forwarded-host": "evil.example" }, redirect: "manual" });
    expect(evilHost.headers.get("location")).toBe(`https://acme.example/book?tb=${code}`);
  });
});
