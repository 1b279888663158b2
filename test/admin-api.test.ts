import { env, exports } from "cloudflare:workers";
import { afterEach, describe, expect, it, vi } from "vitest";
import {
  ADMIN,
  api,
  apiJson,
  createTwilioLine,
  dialStatus,
  eventually,
  ORIGIN,
  settle,
  twilioWebhook,
  uniquePhone,
  type TwilioLine,
} from "./support/app";
import { mockTwilio } from "./support/carriers";

afterEach(() => vi.restoreAllMocks());

/** A request with any headers and a raw body, for what `api()` cannot send (bad auth, non-JSON). */
function rawApi(method: string, path: string, headers: Record<string, string>, body?: string): Promise<Response> {
  return exports.default.fetch(`${ORIGIN}/api${path}`, { method, headers, body });
}

async function businessCount(): Promise<number> {
  const { businesses } = await apiJson("GET", "/businesses");
  return businesses.length;
}

async function createBusiness(extra: Record<string, unknown> = {}) {
  return apiJson("POST", "/businesses", { name: "Acme Plumbing", timezone: "America/Chicago", ...extra });
}

function twilioCreds() {
  return { accountSid: `AC${crypto.randomUUID().replace(/-/g, "")}`, authToken: `tok_${crypto.randomUUID()}` };
}

/** A missed (or answered) forwarded call; returns the CallSid the carrier used. */
async function call(line: TwilioLine, caller: string, status = "no-answer", extra: Record<string, string> = {}) {
  const params = dialStatus(line, caller, status, extra);
  const res = await twilioWebhook("/webhooks/twilio/dial-status", params, line.authToken);
  expect(res.status).toBe(200);
  return params.CallSid;
}

async function sentMessages(businessId: string, n: number) {
  return eventually(async () => {
    const { messages } = await apiJson("GET", `/businesses/${businessId}/messages`);
    const sent = messages.filter((m: { status: string }) => m.status === "sent");
    return sent.length === n && messages;
  });
}

describe("admin auth", () => {
  it.each([
    ["no Authorization header", {}],
    ["a wrong token", { authorization: "Bearer wrong-token" }],
    ["a prefix of the right token", { authorization: "Bearer test-admin-toke" }],
    ["the right token with a suffix", { authorization: "Bearer test-admin-token-at-least-32-chars2" }],
    ["an empty bearer token", { authorization: "Bearer " }],
    ["the right token under the Basic scheme", { authorization: "Basic test-admin-token-at-least-32-chars" }],
    ["the right token with no scheme", { authorization: "test-admin-token-at-least-32-chars" }],
  ])("refuses %s with 401 JSON", async (_name, headers: Record<string, string>) => {
    const res = await rawApi("GET", "/businesses", headers);
    expect(res.status).toBe(401);
    expect(res.headers.get("content-type")).toMatch(/application\/json/);
    expect(res.headers.get("www-authenticate")).toMatch(/^Bearer/);
    expect(await res.json()).toEqual({ error: expect.any(String) });
  });

  it("refuses a write with a wrong token and creates nothing", async () => {
    const before = await businessCount();
    const res = await rawApi(
      "POST",
      "/businesses",
      { authorization: "Bearer nope", "content-type": "application/json" },
      JSON.stringify({ name: "Sneaky", timezone: "America/Chicago" }),
    );
    expect(res.status).toBe(401);
    expect(await businessCount()).toBe(before);
  });

  // The comparison itself is hono's timingSafeEqual (hash, then compare), so timing is not tested here.
  it("accepts the right bearer token", async () => {
    const res = await rawApi("GET", "/businesses", { authorization: ADMIN.authorization });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ businesses: expect.any(Array) });
  });
});

describe("businesses", () => {
  it("creates a business with 201, an id and every default setting applied", async () => {
    const res = await api("POST", "/businesses", { name: "Acme Plumbing", timezone: "America/Chicago" });
    expect(res.status).toBe(201);
    const biz = await res.json<any>();
    expect(biz.id).toMatch(/^biz_/);
    expect(biz).toMatchObject({ name: "Acme Plumbing", timezone: "America/Chicago", forwardTo: null, bookingUrl: null });
    expect(biz.settings).toEqual({
      cooldownHours: 12,
      dailyCap: 200,
      dailyTextCap: 1000,
      allowedCountries: ["US", "CA"],
      textDelaySeconds: 0,
      followUp: { enabled: false, afterHours: 24 },
      minAnsweredSeconds: 5,
      ringTimeoutSeconds: 20,
      voicemail: true,
      shadow: false,
      paused: false,
      trackLinks: true,
      lookupLineType: false,
      retentionDays: 365,
      weeklySummary: true,
      privateTexts: false,
      qualify: expect.objectContaining({ enabled: false, questions: expect.any(Array) }),
      relay: null,
      urgent: expect.objectContaining({ words: ["emergency"], onCall: [], escalateAfterMinutes: 10 }),
      jobValues: {},
      defaultJobValueCents: null,
    });
    expect(await apiJson("GET", `/businesses/${biz.id}`)).toMatchObject({ id: biz.id, name: "Acme Plumbing", numbers: [] });
  });

  it("keeps given settings and fills in the rest", async () => {
    const biz = await createBusiness({ settings: { cooldownHours: 6, allowedCountries: ["US"] } });
    expect(biz.settings).toMatchObject({ cooldownHours: 6, allowedCountries: ["US"], dailyCap: 200, retentionDays: 365 });
  });

  it.each([
    ["(312) 234-5678", "+13122345678"],
    ["312.234.5678", "+13122345678"],
    ["312-234-5678", "+13122345678"],
    ["+1 312 234 5678", "+13122345678"],
    ["1 (312) 234-5678", "+13122345678"],
  ])("stores the phone %j as E.164", async (input, e164) => {
    const biz = await createBusiness({ forwardTo: input, notifyPhone: input });
    expect(biz).toMatchObject({ forwardTo: e164, notifyPhone: e164 });
    expect(await apiJson("GET", `/businesses/${biz.id}`)).toMatchObject({ forwardTo: e164, notifyPhone: e164 });
  });

  it.each([
    ["an unknown time zone", { timezone: "Mars/Olympus_Mons" }, "timezone"],
    ["a missing time zone", { timezone: undefined }, "timezone"],
    ["a fictional 555-01xx phone", { forwardTo: "555-0100" }, "forwardTo"],
    ["words as a phone", { forwardTo: "call me" }, "forwardTo"],
    ["a bad notify phone", { notifyPhone: "12345" }, "notifyPhone"],
    ["an empty name", { name: "" }, "name"],
    ["a blank name", { name: "   " }, "name"],
    ["a javascript: booking link", { bookingUrl: "javascript:alert(1)" }, "bookingUrl"],
    ["a booking link that is not a URL", { bookingUrl: "acme dot com" }, "bookingUrl"],
    ["a negative cooldown", { settings: { cooldownHours: -1 } }, "settings.cooldownHours"],
    ["a lowercase country", { settings: { allowedCountries: ["us"] } }, "settings.allowedCountries"],
  ])("refuses %s with 400 naming the field, and creates nothing", async (_name, patch, field) => {
    const before = await businessCount();
    const res = await api("POST", "/businesses", { name: "Acme Plumbing", timezone: "America/Chicago", ...patch });
    expect(res.status).toBe(400);
    const { error } = await res.json<{ error: string }>();
    expect(error).toContain(field);
    expect(await businessCount()).toBe(before);
  });

  it.each([
    ["not JSON", "name=Acme"],
    ["truncated JSON", '{"name": "Acme"'],
    ["empty", ""],
  ])("refuses a body that is %s with 400, and creates nothing", async (_name, body) => {
    const before = await businessCount();
    const res = await rawApi("POST", "/businesses", ADMIN, body);
    expect(res.status).toBe(400);
    expect((await res.json<{ error: string }>()).error).toMatch(/JSON/);
    expect(await businessCount()).toBe(before);
  });

  it("answers 404 JSON for an unknown business id, on read and on write", async () => {
    for (const [method, body] of [
      ["GET", undefined],
      ["PATCH", { name: "x" }],
    ] as const) {
      const res = await api(method, "/businesses/biz_doesnotexist", body);
      expect(res.status).toBe(404);
      expect(await res.json()).toEqual({ error: expect.any(String) });
    }
  });

  it("PATCH changes only the fields given", async () => {
    const biz = await createBusiness({ forwardTo: "(312) 234-5678", bookingUrl: "https://acme.example/book" });
    const updated = await apiJson("PATCH", `/businesses/${biz.id}`, { name: "Acme Plumbing & Heating" });
    expect(updated).toMatchObject({
      ...biz,
      name: "Acme Plumbing & Heating",
      updatedAt: expect.any(String),
    });
    expect(await apiJson("GET", `/businesses/${biz.id}`)).toMatchObject({ name: "Acme Plumbing & Heating", forwardTo: "+13122345678" });
  });

  it("PATCH normalises a phone and can clear a field with null", async () => {
    const biz = await createBusiness({ forwardTo: "(312) 234-5678", bookingUrl: "https://acme.example/book" });
    const updated = await apiJson("PATCH", `/businesses/${biz.id}`, { forwardTo: "312.234.5699", bookingUrl: null });
    expect(updated).toMatchObject({ forwardTo: "+13122345699", bookingUrl: null, name: "Acme Plumbing" });
  });

  it("PATCH merges settings: changing dailyCap keeps a customised cooldownHours", async () => {
    const biz = await createBusiness({ settings: { cooldownHours: 6, allowedCountries: ["US"], shadow: true } });
    const updated = await apiJson("PATCH", `/businesses/${biz.id}`, { settings: { dailyCap: 5 } });
    expect(updated.settings).toEqual({ ...biz.settings, dailyCap: 5 });
    expect(updated.settings).toMatchObject({ cooldownHours: 6, allowedCountries: ["US"], shadow: true, dailyCap: 5 });
    expect((await apiJson("GET", `/businesses/${biz.id}`)).settings).toEqual(updated.settings);
  });

  it.each([
    ["a negative cooldown", { settings: { cooldownHours: -1 } }, "settings.cooldownHours"],
    ["a fractional daily cap", { settings: { dailyCap: 2.5 } }, "settings.dailyCap"],
    ["the blocklist, which moved to contacts", { settings: { blocklist: ["+13122345678"] } }, "settings.blocklist: moved to contacts"],
    ["an unknown time zone", { timezone: "Nowhere/Land" }, "timezone"],
    ["an empty name", { name: "" }, "name"],
  ])("PATCH refuses %s with 400 and changes nothing", async (_name, patch, field) => {
    const biz = await createBusiness({ settings: { cooldownHours: 6 } });
    const res = await api("PATCH", `/businesses/${biz.id}`, { name: "Renamed", ...patch });
    expect(res.status).toBe(400);
    expect((await res.json<{ error: string }>()).error).toContain(field);
    const after = await apiJson("GET", `/businesses/${biz.id}`);
    expect(after).toMatchObject({ name: "Acme Plumbing", timezone: biz.timezone, settings: biz.settings, updatedAt: biz.updatedAt });
  });

  it("starts a business with a default template of every kind", async () => {
    const biz = await createBusiness();
    const { templates } = await apiJson("GET", `/businesses/${biz.id}/templates`);
    expect(templates.map((t: { kind: string }) => t.kind).sort()).toEqual(
      ["after_hours", "ai_abandoned", "existing_customer", "follow_up", "help", "missed_call", "opt_in", "opt_out", "voicemail"],
    );
    const missed = templates.find((t: { kind: string }) => t.kind === "missed_call");
    // No booking link yet: its line is left out, and the check says so.
    expect(missed).toMatchObject({ encoding: "GSM-7", segments: 1, errors: [], warnings: [{ code: "empty_placeholder", message: expect.stringMatching(/^\{bookingUrl\} is empty: .*Settings → Booking link/) }] });
    expect(missed.body).toContain("{business}");
    const linked = await createBusiness({ bookingUrl: "https://acme.example/book" });
    const withLink = (await apiJson("GET", `/businesses/${linked.id}/templates`)).templates.find((t: { kind: string }) => t.kind === "missed_call");
    expect(withLink).toMatchObject({ encoding: "GSM-7", segments: 1, errors: [], warnings: [] });
  });

  it("starts with no templates when defaultTemplates is false", async () => {
    const biz = await createBusiness({ defaultTemplates: false });
    expect(await apiJson("GET", `/businesses/${biz.id}/templates`)).toEqual({ templates: [] });
  });
});

describe("numbers", () => {
  it("adds a Twilio number and answers 201 with absolute webhook URLs on the request origin", async () => {
    const biz = await createBusiness();
    const e164 = uniquePhone("512");
    const res = await api("POST", `/businesses/${biz.id}/numbers`, { e164, carrier: "twilio", credentials: twilioCreds() });
    expect(res.status).toBe(201);
    expect(await res.json()).toEqual({
      id: expect.stringMatching(/^num_/),
      e164,
      carrier: "twilio",
      mode: "forward",
      webhookUrls: { voice: `${ORIGIN}/webhooks/twilio/voice`, sms: `${ORIGIN}/webhooks/twilio/sms` },
    });
  });

  it("gives a status-mode number only the call status callback to paste", async () => {
    const biz = await createBusiness();
    const res = await api("POST", `/businesses/${biz.id}/numbers`, { e164: uniquePhone("512"), carrier: "twilio", credentials: twilioCreds(), mode: "status" });
    expect(((await res.json()) as { webhookUrls: unknown }).webhookUrls).toEqual({ callStatus: `${ORIGIN}/webhooks/twilio/call-status`, sms: `${ORIGIN}/webhooks/twilio/sms` });
  });

  it("answers 409, not 500, when the same number is added five times at once", async () => {
    const biz = await createBusiness();
    const e164 = uniquePhone("512");
    const statuses = await Promise.all(
      Array.from({ length: 5 }, () => api("POST", `/businesses/${biz.id}/numbers`, { e164, carrier: "twilio", credentials: twilioCreds() }).then((r) => r.status)),
    );
    expect(statuses.sort()).toEqual([201, 409, 409, 409, 409]);
  });

  it("stores a number typed in a human format as E.164", async () => {
    const biz = await createBusiness();
    const e164 = uniquePhone("512");
    const human = `(${e164.slice(2, 5)}) ${e164.slice(5, 8)}-${e164.slice(8)}`;
    const num = await apiJson("POST", `/businesses/${biz.id}/numbers`, { e164: human, carrier: "twilio", credentials: twilioCreds(), mode: "status" });
    expect(num).toMatchObject({ e164, mode: "status" });
  });

  it("never returns the auth token, in the add answer or in the business", async () => {
    const biz = await createBusiness();
    const creds = twilioCreds();
    const e164 = uniquePhone("512");
    const added = await api("POST", `/businesses/${biz.id}/numbers`, { e164, carrier: "twilio", credentials: creds });
    const addedText = await added.text();
    expect(addedText).not.toContain(creds.authToken);
    expect(addedText).not.toContain("credentials");
    const got = await apiJson("GET", `/businesses/${biz.id}`);
    expect(got.numbers).toEqual([expect.objectContaining({ e164, carrier: "twilio", mode: "forward" })]);
    const gotText = JSON.stringify(got);
    expect(gotText).not.toContain(creds.authToken);
    expect(gotText).not.toContain(creds.accountSid);
    expect(gotText).not.toContain("v1.");
    expect(JSON.stringify(await apiJson("GET", "/businesses"))).not.toContain(creds.authToken);
  });

  it("stores credentials as v1 ciphertext that holds neither the token nor the account SID", async () => {
    const biz = await createBusiness();
    const creds = twilioCreds();
    const e164 = uniquePhone("512");
    await apiJson("POST", `/businesses/${biz.id}/numbers`, { e164, carrier: "twilio", credentials: creds });
    const row = await env.DB.prepare("select credentials from numbers where e164=?").bind(e164).first<{ credentials: string }>();
    expect(row!.credentials).toMatch(/^v1\.[A-Za-z0-9+/=]+\.[A-Za-z0-9+/=]+$/);
    expect(row!.credentials).not.toContain(creds.authToken);
    expect(row!.credentials).not.toContain(creds.accountSid);
    expect(row!.credentials).not.toContain(btoa(creds.authToken).slice(0, 16));
  });

  it("encrypts the same credentials differently for two numbers (fresh IV)", async () => {
    const biz = await createBusiness();
    const creds = twilioCreds();
    const [a, b] = [uniquePhone("512"), uniquePhone("512")];
    for (const e164 of [a, b]) await apiJson("POST", `/businesses/${biz.id}/numbers`, { e164, carrier: "twilio", credentials: creds });
    const { results } = await env.DB.prepare("select e164, credentials from numbers where e164 in (?, ?)").bind(a, b).all<{ credentials: string }>();
    expect(results).toHaveLength(2);
    const [x, y] = results.map((r) => r.credentials);
    expect(x).not.toBe(y);
    expect(x!.split(".")[1]).not.toBe(y!.split(".")[1]);
  });

  it("refuses a number already registered, even to another business, with 409", async () => {
    const [one, two] = [await createBusiness(), await createBusiness()];
    const e164 = uniquePhone("512");
    await apiJson("POST", `/businesses/${one.id}/numbers`, { e164, carrier: "twilio", credentials: twilioCreds() });
    for (const biz of [one, two]) {
      const res = await api("POST", `/businesses/${biz.id}/numbers`, { e164, carrier: "twilio", credentials: twilioCreds() });
      expect(res.status).toBe(409);
      expect((await res.json<{ error: string }>()).error).toContain(e164);
    }
    expect((await apiJson("GET", `/businesses/${two.id}`)).numbers).toEqual([]);
  });

  it.each([
    ["a malformed account SID", { credentials: { accountSid: "AC123", authToken: "tok_long_enough" } }, "accountSid"],
    ["a short auth token", { credentials: { accountSid: `AC${"a".repeat(32)}`, authToken: "x" } }, "authToken"],
    ["no credentials", { credentials: undefined }, "credentials"],
    ["an unknown carrier", { carrier: "pigeon" }, "carrier"],
    ["no carrier", { carrier: undefined }, "carrier"],
    ["an invalid number", { e164: "555-0100" }, "e164"],
    ["an unknown mode", { mode: "magic" }, "mode"],
  ])("refuses %s with 400 and adds nothing", async (_name, patch, field) => {
    const biz = await createBusiness();
    const res = await api("POST", `/businesses/${biz.id}/numbers`, {
      e164: uniquePhone("512"),
      carrier: "twilio",
      credentials: twilioCreds(),
      ...patch,
    });
    expect(res.status).toBe(400);
    expect((await res.json<{ error: string }>()).error).toContain(field);
    expect((await apiJson("GET", `/businesses/${biz.id}`)).numbers).toEqual([]);
  });

  it("answers 404 when adding a number to an unknown business", async () => {
    const res = await api("POST", "/businesses/biz_nope/numbers", { e164: uniquePhone("512"), carrier: "twilio", credentials: twilioCreds() });
    expect(res.status).toBe(404);
  });
});

describe("templates", () => {
  const OK = "This is {business}. Sorry we missed your call! Reply here. Reply STOP to opt out.";

  it("saves a one-segment GSM-7 template with no warnings", async () => {
    const biz = await createBusiness();
    const res = await api("PUT", `/businesses/${biz.id}/templates/missed_call`, { body: OK });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ kind: "missed_call", body: OK, encoding: "GSM-7", segments: 1, warnings: [] });
    const { templates } = await apiJson("GET", `/businesses/${biz.id}/templates`);
    expect(templates.find((t: { kind: string }) => t.kind === "missed_call").body).toBe(OK);
  });

  it.each([
    ["an emoji", "missed_call", "This is {business} 😊 Reply STOP to opt out.", "non_gsm_characters", "UCS-2"],
    ["no STOP in the HELP answer", "help", "This is {business}. Call us back!", "missing_opt_out", "GSM-7"],
    ["a bit.ly link", "missed_call", "This is {business}. Book at https://bit.ly/acme Reply STOP to opt out.", "link_shortener", "GSM-7"],
    ["no business name", "after_hours", "We are closed. Reply STOP to opt out.", "missing_business_name", "GSM-7"],
    ["an unknown placeholder", "missed_call", "This is {Business}. Reply STOP to opt out.", "unknown_placeholder", "GSM-7"],
  ])("saves a template with %s, with a warning", async (_name, kind, body, code, encoding) => {
    const biz = await createBusiness();
    const res = await api("PUT", `/businesses/${biz.id}/templates/${kind}`, { body });
    expect(res.status).toBe(200);
    const saved = await res.json<any>();
    expect(saved).toMatchObject({ kind, body, encoding });
    expect(saved.warnings.map((w: { code: string }) => w.code)).toContain(code);
    for (const w of saved.warnings) expect(w.message).toEqual(expect.any(String));
  });

  it("does not ask for STOP in the opt-out confirmation", async () => {
    const biz = await createBusiness();
    const saved = await apiJson("PUT", `/businesses/${biz.id}/templates/opt_out`, { body: "{business}: you are unsubscribed." });
    expect(saved.warnings).toEqual([]);
  });

  it.each([
    ["an empty body", { body: "" }, /empty/],
    ["a blank body", { body: "  \n " }, /empty/],
    ["1700 characters", { body: "This is {business}. Reply STOP to opt out. " + "a".repeat(1650) }, /^Too long: this text would be sent as 12 parts, and the most a template may take is 10/],
    ["more than 2000 characters", { body: "a".repeat(2001) }, /body/],
    ["no body", {}, /body/],
    ["a number as body", { body: 42 }, /body/],
  ])("refuses %s with 400 and keeps the old template", async (_name, payload, message) => {
    const biz = await createBusiness();
    await apiJson("PUT", `/businesses/${biz.id}/templates/missed_call`, { body: OK });
    const res = await api("PUT", `/businesses/${biz.id}/templates/missed_call`, payload);
    expect(res.status).toBe(400);
    expect((await res.json<{ error: string }>()).error).toMatch(message);
    const { templates } = await apiJson("GET", `/businesses/${biz.id}/templates`);
    expect(templates.find((t: { kind: string }) => t.kind === "missed_call").body).toBe(OK);
  });

  it.each([
    ["missed_call", "This is {business}. Sorry we missed your call!"],
    ["after_hours", "This is {business}. We're closed, reply here."],
    ["voicemail", "This is {business}. Thanks for your message!"],
    ["ai_abandoned", "This is {business}. Sorry your call ended early."],
  ])("refuses a %s text-back without opt-out wording with 400 naming the rule, and keeps the old one", async (kind, body) => {
    const biz = await createBusiness();
    const before = (await apiJson("GET", `/businesses/${biz.id}/templates`)).templates.find((t: { kind: string }) => t.kind === kind).body;
    const res = await api("PUT", `/businesses/${biz.id}/templates/${kind}`, { body });
    expect(res.status).toBe(400);
    const answer = await res.json<{ error: string; rules: string[] }>();
    expect(answer.rules).toEqual(["opt_out_required"]);
    expect(answer.error).toMatch(/^Opt-out wording is required: this is the first text a caller gets from you.*"Reply STOP to opt out\."/);
    expect((await apiJson("GET", `/businesses/${biz.id}/templates`)).templates.find((t: { kind: string }) => t.kind === kind).body).toBe(before);
    // With the wording it saves.
    expect((await api("PUT", `/businesses/${biz.id}/templates/${kind}`, { body: `${body} STOP to end` })).status).toBe(200);
  });

  it("refuses a template of 11 segments with 400 naming the rule; 10 save with a warning", async () => {
    const biz = await createBusiness();
    const head = "This is {business}. Reply STOP to opt out. ";
    const rendered = head.replace("{business}", biz.name).length;
    const eleven = await api("PUT", `/businesses/${biz.id}/templates/missed_call`, { body: head + "a".repeat(1531 - rendered) });
    expect(eleven.status).toBe(400);
    expect(await eleven.json()).toEqual({ error: expect.stringMatching(/^Too long: .* 11 parts.* 10 .*at least 1 character\.$/), rules: ["too_many_segments"] });
    const ten = await apiJson("PUT", `/businesses/${biz.id}/templates/missed_call`, { body: head + "a".repeat(1530 - rendered) });
    expect(ten).toMatchObject({ segments: 10, encoding: "GSM-7" });
    expect(ten.warnings.map((w: { code: string }) => w.code)).toContain("multiple_segments");
  });

  it("refuses an unknown kind with 400 listing the kinds", async () => {
    const biz = await createBusiness({ defaultTemplates: false });
    const res = await api("PUT", `/businesses/${biz.id}/templates/marketing`, { body: OK });
    expect(res.status).toBe(400);
    expect((await res.json<{ error: string }>()).error).toMatch(/marketing.*missed_call/);
    expect(await apiJson("GET", `/businesses/${biz.id}/templates`)).toEqual({ templates: [] });
  });

  it("creates a template on a blank business", async () => {
    const biz = await createBusiness({ defaultTemplates: false });
    await apiJson("PUT", `/businesses/${biz.id}/templates/help`, { body: "{business}: call us. Reply STOP to opt out." });
    const { templates } = await apiJson("GET", `/businesses/${biz.id}/templates`);
    expect(templates.map((t: { kind: string }) => t.kind)).toEqual(["help"]);
  });

  it("is used for the next missed call, rendered with the business details", async () => {
    const carrier = mockTwilio();
    const line = await createTwilioLine();
    await apiJson("PUT", `/businesses/${line.businessId}/templates/missed_call`, {
      body: "Hi from {business}! Book here: {bookingUrl}\nReply STOP to opt out.",
    });
    const caller = uniquePhone();
    await call(line, caller);
    await eventually(async () => carrier.to(caller).length === 1);
    expect(carrier.to(caller)[0]!.form.get("Body")).toMatch(
      /^Hi from Acme Plumbing! Book here: https:\/\/textback\.test\/l\/[0-9A-Za-z]{12}\nReply STOP to opt out\.$/,
    );
  });
});

describe("calls and messages lists", () => {
  it("lists calls and messages newest first and respects limit", async () => {
    const carrier = mockTwilio();
    const line = await createTwilioLine();
    const callers = [uniquePhone(), uniquePhone(), uniquePhone()];
    for (const caller of callers) {
      await call(line, caller);
      await settle(20); // distinct timestamps
    }
    await eventually(async () => carrier.requests.length === 3);
    await sentMessages(line.businessId, 3);

    const { calls } = await apiJson("GET", `/businesses/${line.businessId}/calls`);
    expect(calls.map((c: { from: string }) => c.from)).toEqual([...callers].reverse());
    const times = calls.map((c: { at: string }) => Date.parse(c.at));
    expect(times).toEqual([...times].sort((a, b) => b - a));
    expect(calls[0]).toEqual(
      expect.objectContaining({ id: expect.any(String), carrierCallId: expect.stringMatching(/^CA/), to: line.e164, outcome: "no_answer" }),
    );

    const { messages } = await apiJson("GET", `/businesses/${line.businessId}/messages`);
    expect(messages.map((m: { to: string }) => m.to)).toEqual([...callers].reverse());
    expect(messages.map((m: { callId: string }) => m.callId)).toEqual(calls.map((c: { id: string }) => c.id));

    const two = await apiJson("GET", `/businesses/${line.businessId}/calls?limit=2`);
    expect(two.calls.map((c: { from: string }) => c.from)).toEqual([callers[2], callers[1]]);
    const one = await apiJson("GET", `/businesses/${line.businessId}/messages?limit=1`);
    expect(one.messages.map((m: { to: string }) => m.to)).toEqual([callers[2]]);
  });

  it.each([
    ["calls", "0"],
    ["calls", "abc"],
    ["calls", "-1"],
    ["calls", "1.5"],
    ["calls", "501"],
    ["messages", "0"],
    ["messages", "abc"],
  ])("refuses /%s?limit=%s with 400 naming limit", async (list, limit) => {
    const biz = await createBusiness();
    const res = await api("GET", `/businesses/${biz.id}/${list}?limit=${limit}`);
    expect(res.status).toBe(400);
    expect((await res.json<{ error: string }>()).error).toContain("limit");
  });

  it("answers an empty list for a business with no calls, and 404 for an unknown business", async () => {
    const biz = await createBusiness();
    expect(await apiJson("GET", `/businesses/${biz.id}/calls`)).toEqual({ calls: [], nextCursor: null });
    expect(await apiJson("GET", `/businesses/${biz.id}/messages`)).toEqual({ messages: [], nextCursor: null });
    expect((await api("GET", "/businesses/biz_nope/calls")).status).toBe(404);
  });
});

describe("consent", () => {
  it("shows implied consent from the call, with the CallSid as evidence", async () => {
    const carrier = mockTwilio();
    const line = await createTwilioLine();
    const caller = uniquePhone();
    const sid = await call(line, caller);
    await eventually(async () => carrier.to(caller).length === 1);
    for (const asTyped of [caller, `(${caller.slice(2, 5)}) ${caller.slice(5, 8)}-${caller.slice(8)}`]) {
      const consent = await apiJson("GET", `/businesses/${line.businessId}/consent/${encodeURIComponent(asTyped)}`);
      expect(consent).toMatchObject({ phone: caller, status: "implied" });
      expect(consent.events).toEqual([expect.objectContaining({ kind: "implied_by_call", source: "call", evidenceId: sid })]);
    }
  });

  it("shows status none and no events for a phone that never called", async () => {
    const biz = await createBusiness();
    const phone = uniquePhone();
    expect(await apiJson("GET", `/businesses/${biz.id}/consent/${encodeURIComponent(phone)}`)).toEqual({
      phone,
      status: "none",
      events: [],
    });
  });

  it.each(["555-0100", "call-me", "123"])("refuses the invalid phone %j with 400", async (phone) => {
    const biz = await createBusiness();
    const res = await api("GET", `/businesses/${biz.id}/consent/${encodeURIComponent(phone)}`);
    expect(res.status).toBe(400);
    expect((await res.json<{ error: string }>()).error).toContain("phone");
  });
});

describe("report", () => {
  it("counts calls, texts and the time to text for a business", async () => {
    const carrier = mockTwilio();
    const line = await createTwilioLine();
    const callers = [uniquePhone(), uniquePhone(), uniquePhone()];
    for (const caller of callers) await call(line, caller);
    await call(line, uniquePhone(), "completed", { DialCallDuration: "120" });
    await eventually(async () => carrier.requests.length === 3);
    await sentMessages(line.businessId, 3);

    const report = await apiJson("GET", `/businesses/${line.businessId}/report`);
    expect(report).toMatchObject({
      calls: { total: 4, answered: 1, missed: 3 },
      callers: { total: 4, missed: 3, recoverable: 3, textedBack: 3, delivered: 0, replied: 0 },
      texts: { sent: 3, delivered: 0, failed: 0, queued: 0, sentByKind: expect.objectContaining({ textBacks: 3 }) },
      replies: 0,
      optOuts: 0,
      recoveryRate: 0,
    });
    expect(report.medianSecondsToText).toEqual(expect.any(Number));
    expect(report.medianSecondsToText).toBeGreaterThanOrEqual(0);
    expect(Date.parse(report.to) - Date.parse(report.from)).toBe(30 * 24 * 3_600_000);

    // Another business's calls never leak into this report.
    const other = await createBusiness();
    expect((await apiJson("GET", `/businesses/${other.id}/report`)).calls).toEqual({ total: 0, answered: 0, missed: 0 });
  });

  it("answers zeros for a window that holds nothing", async () => {
    const carrier = mockTwilio();
    const line = await createTwilioLine();
    const caller = uniquePhone();
    await call(line, caller);
    await eventually(async () => carrier.to(caller).length === 1);
    await sentMessages(line.businessId, 1);

    const report = await apiJson("GET", `/businesses/${line.businessId}/report?from=2020-01-01T00:00:00Z&to=2020-02-01T00:00:00Z`);
    expect(report).toEqual({
      from: "2020-01-01T00:00:00.000Z",
      to: "2020-02-01T00:00:00.000Z",
      calls: { total: 0, answered: 0, missed: 0 },
      callers: { total: 0, missed: 0, recoverable: 0, textedBack: 0, delivered: 0, replied: 0 },
      texts: {
        sent: 0,
        delivered: 0,
        failed: 0,
        notSentDailyCap: 0,
        queued: 0,
        scheduled: 0,
        canceled: 0,
        sentByKind: { textBacks: 0, followUps: 0, confirmations: 0, answers: 0, toBusiness: 0, manual: 0, other: 0 },
      },
      replies: 0,
      optOuts: 0,
      recoveryRate: null,
      medianSecondsToText: null,
      funnel: { missed: 0, texted: 0, engaged: 0, qualified: 0, booked: 0, won: 0, rates: { texted: null, engaged: null, qualified: null, booked: null, won: null } },
      revenue: { estimatedCents: 0, wonCents: 0 },
      lost: {
        count: 0,
        valueCents: 0,
        byReason: Object.fromEntries(["out_of_area", "no_response", "price", "other", "blocked", "none"].map((r) => [r, { count: 0, valueCents: 0 }])),
      },
      medianSecondsToFirstHumanReply: null,
      urgent: { count: 0, medianSecondsToAcknowledge: null },
      // Every day of January 2020 in Chicago the window touches: from 31 December 18:00 to 31 January 18:00.
      byDay: expect.arrayContaining([expect.objectContaining({ date: "2019-12-31" }), expect.objectContaining({ date: "2020-01-31", calls: { answered: 0, missed: 0 } })]),
    });
    expect(report.byDay).toHaveLength(32);
  });

  it.each([
    ["from after to", "from=2026-02-01&to=2026-01-01", /from must be before to/],
    ["from equal to to", "from=2026-01-01T00:00:00Z&to=2026-01-01T00:00:00Z", /from must be before to/],
    ["a from in the future without to", "from=2999-01-01", /from must be before to/],
    ["an unparseable date", "from=yesterday", /from/],
  ])("refuses %s with 400", async (_name, qs, message) => {
    const biz = await createBusiness();
    const res = await api("GET", `/businesses/${biz.id}/report?${qs}`);
    expect(res.status).toBe(400);
    expect((await res.json<{ error: string }>()).error).toMatch(message);
  });
});

describe("audit log", () => {
  type AuditRow = { actor: string; action: string; entity: string; entity_id: string; detail: string };
  const auditFor = async (entityId: string) =>
    (await env.DB.prepare("select actor, action, entity, entity_id, detail from audit_log where entity_id = ? order by id")
      .bind(entityId)
      .all<AuditRow>()).results;

  it("records creating a business and adding a number, without the credentials", async () => {
    const biz = await createBusiness({ name: "Audited Plumbing" });
    expect(await auditFor(biz.id)).toEqual([
      expect.objectContaining({ actor: "admin", action: "business.create", entity: "business" }),
    ]);
    expect(JSON.parse((await auditFor(biz.id))[0]!.detail)).toEqual({ name: "Audited Plumbing", preset: null });

    const creds = twilioCreds();
    const e164 = uniquePhone("512");
    const num = await apiJson("POST", `/businesses/${biz.id}/numbers`, { e164, carrier: "twilio", credentials: creds });
    const rows = await auditFor(num.id);
    expect(rows).toEqual([expect.objectContaining({ actor: "admin", action: "number.add", entity: "number" })]);
    expect(JSON.parse(rows[0]!.detail)).toEqual({ e164, carrier: "twilio", mode: "forward" });
    expect(rows[0]!.detail).not.toContain(creds.authToken);

    const all = await env.DB.prepare("select * from audit_log").all();
    expect(JSON.stringify(all.results)).not.toContain(creds.authToken);
  });

  it("records a PATCH and a template save", async () => {
    const biz = await createBusiness();
    await apiJson("PATCH", `/businesses/${biz.id}`, { settings: { dailyCap: 5 } });
    await apiJson("PUT", `/businesses/${biz.id}/templates/help`, { body: "{business}: call us. Reply STOP to opt out." });
    expect((await auditFor(biz.id)).map((r) => r.action)).toEqual(["business.create", "business.update"]);
    expect((await auditFor(`${biz.id}/help`)).map((r) => r.action)).toEqual(["template.put"]);
  });
});

describe("API responses", () => {
  it.each([
    ["a list", "/businesses", 200],
    ["a refusal", "/businesses/biz_nope", 404],
  ])("%s is never cached and never sniffed", async (_name, path, status) => {
    const res = await api("GET", path);
    expect(res.status).toBe(status);
    expect(res.headers.get("cache-control")).toBe("no-store");
    expect(res.headers.get("x-content-type-options")).toBe("nosniff");
  });
});
