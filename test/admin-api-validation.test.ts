/**
 * What a 400 says: each wrong field named once, then what is wrong with it in words
 * (`secret: must be at least 16 characters`, never `secret: secret must be…`), and the country
 * list of `allowedCountries` checked against the countries libphonenumber knows.
 */
import { env, exports } from "cloudflare:workers";
import { beforeAll, describe, expect, it } from "vitest";
import { newSession, post, type Session } from "./support/admin-session";
import { ADMIN, api, apiJson, createTwilioLine, ORIGIN, uniquePhone } from "./support/app";

async function createBusiness(extra: Record<string, unknown> = {}) {
  return apiJson("POST", "/businesses", { name: "Acme Plumbing", timezone: "America/Chicago", ...extra });
}

async function refusal(res: Response): Promise<string> {
  expect(res.status).toBe(400);
  return (await res.json<{ error: string }>()).error;
}

/** Each `field: words` part of an error names its field once: the words do not start with it again. */
function expectFieldsNamedOnce(error: string) {
  for (const part of error.split("; ")) {
    const at = part.indexOf(": ");
    expect(at, part).toBeGreaterThan(0);
    const field = part.slice(0, at);
    const words = part.slice(at + 2);
    for (const name of [field, field.split(".").at(-1)!]) {
      expect(words.startsWith(`${name} `) || words.startsWith(`${name}:`), `"${part}" repeats ${name}`).toBe(false);
    }
  }
}

const twilio = () => ({ accountSid: `AC${crypto.randomUUID().replace(/-/g, "")}`, authToken: `tok_${crypto.randomUUID()}` });

describe("validation messages name each field once", () => {
  it.each([
    ["a hook with no events", "POST", "/hooks", { url: "https://hooks.example/x", events: [] }, 'events: name at least one event type, or "*"'],
    ["a hook's short secret", "POST", "/hooks", { url: "https://hooks.example/x", events: ["*"], secret: "short" }, "secret: must be at least 16 characters"],
    ["a short Cal.com key", "PATCH", "", { bookingSecrets: { calcom: "short" } }, "bookingSecrets.calcom: must be at least 8 characters"],
    ["a short webhook secret", "PATCH", "", { webhookSecret: "short" }, "webhookSecret: must be at least 16 characters"],
    ["a short voice AI secret", "PATCH", "", { voiceAiSecret: "short" }, "voiceAiSecret: must be at least 16 characters"],
    ["no qualification question", "PATCH", "", { settings: { qualify: { enabled: true, questions: [] } } }, "settings.qualify.questions: give at least one question to ask"],
    ["a Twilio account SID", "POST", "/numbers", { e164: "+15122345000", carrier: "twilio", credentials: { ...twilio(), accountSid: "AC1" } }, "credentials.accountSid: must look like AC"],
    ["a Twilio auth token", "POST", "/numbers", { e164: "+15122345000", carrier: "twilio", credentials: { ...twilio(), authToken: "x" } }, "credentials.authToken: is too short"],
    [
      "a Bandwidth callback password",
      "POST",
      "/numbers",
      {
        e164: "+15122345000",
        carrier: "bandwidth",
        credentials: { accountId: "9900000", applicationId: crypto.randomUUID(), clientId: "client", clientSecret: "client-secret", callbackUsername: "cb", callbackPassword: "short" },
      },
      "credentials.callbackPassword: must be at least 12 characters",
    ],
  ])("%s", async (_name, method, under, body, expected) => {
    const biz = await createBusiness();
    const error = await refusal(await api(method, `/businesses/${biz.id}${under}`, body));
    expect(error).toContain(expected);
    expectFieldsNamedOnce(error);
  });

  it("names the Idempotency-Key header, not a body, when it is malformed", async () => {
    const line = await createTwilioLine();
    const res = await exports.default.fetch(`${ORIGIN}/api/businesses/${line.businessId}/messages`, {
      method: "POST",
      headers: { ...ADMIN, "idempotency-key": "no" },
      body: JSON.stringify({ to: uniquePhone(), body: "hi" }),
    });
    const error = await refusal(res);
    expect(error).toBe("Idempotency-Key: must be 8-64 letters, digits, _ or -");
  });
});

describe("allowedCountries", () => {
  const settingsOf = async (id: string) => (await apiJson("GET", `/businesses/${id}`)).settings;

  it.each([
    ["a code that is no country", ["XX"], '"XX" is not a country code'],
    ["one bad code among good ones", ["ZZ", "US"], '"ZZ" is not a country code'],
    ["an empty list", [], "list at least one country"],
    ["a lowercase code", ["us"], "capital letters"],
  ])("refuses %s with 400 naming the field and the code, and changes nothing", async (_name, allowedCountries, words) => {
    const biz = await createBusiness({ settings: { allowedCountries: ["US"] } });
    const error = await refusal(await api("PATCH", `/businesses/${biz.id}`, { settings: { allowedCountries } }));
    expect(error).toContain("settings.allowedCountries");
    expect(error).toContain(words);
    expectFieldsNamedOnce(error);
    expect((await settingsOf(biz.id)).allowedCountries).toEqual(["US"]);
    expect(await refusal(await api("POST", "/businesses", { name: "Acme Plumbing", timezone: "America/Chicago", settings: { allowedCountries } }))).toContain(words);
  });

  it("stores a list named twice once, in the order given", async () => {
    const biz = await createBusiness({ settings: { allowedCountries: ["CA", "US", "CA", "JM"] } });
    expect(biz.settings.allowedCountries).toEqual(["CA", "US", "JM"]);
    expect((await settingsOf(biz.id)).allowedCountries).toEqual(["CA", "US", "JM"]);
  });

  it.each([
    ["keeps the real countries of a stored list", ["ZZ", "US", "US"], ["US"]],
    ["falls back to the default when none is a country", ["XX"], ["US", "CA"]],
    ["falls back to the default for a stored empty list", [], ["US", "CA"]],
  ])("%s, and every other stored setting", async (_name, stored, read) => {
    const biz = await createBusiness({ settings: { paused: true, cooldownHours: 6 } });
    const settings = { ...biz.settings, allowedCountries: stored };
    await env.DB.prepare("UPDATE businesses SET settings = ? WHERE id = ?").bind(JSON.stringify(settings), biz.id).run();
    expect(await settingsOf(biz.id)).toMatchObject({ allowedCountries: read, paused: true, cooldownHours: 6 });
    // A change to something else saves, and stores the list as it was read.
    expect((await apiJson("PATCH", `/businesses/${biz.id}`, { settings: { dailyCap: 7 } })).settings).toMatchObject({ allowedCountries: read, dailyCap: 7, paused: true });
  });
});

describe("allowedCountries on the settings form", () => {
  let session: Session;
  beforeAll(async () => {
    session = await newSession();
  });

  it.each([
    ["emptied", "", "Text callers from these countries: list at least one country"],
    ["with a code that is no country", "US, xx", 'Text callers from these countries, entry 2: "XX" is not a country code'],
  ])("is refused %s, naming the field, and nothing changes", async (_name, typed, words) => {
    const biz = await createBusiness({ settings: { allowedCountries: ["US"] } });
    const res = await post(session, `/admin/businesses/${biz.id}/settings`, { name: "Acme Plumbing", timezone: "America/Chicago", allowedCountries: typed });
    expect(res.status).toBe(400);
    expect(await res.text()).toContain(words.replace(/"/g, "&quot;"));
    expect((await apiJson("GET", `/businesses/${biz.id}`)).settings.allowedCountries).toEqual(["US"]);
  });
});
