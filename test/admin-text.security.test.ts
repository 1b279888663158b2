/**
 * Free text the admin API stores goes to D1 as UTF-8, which cannot hold a lone UTF-16 surrogate
 * (JSON's "\uD800"): every admin JSON write refuses one with 400 naming the field, and stores and
 * sends nothing, instead of keeping U+FFFD in its place. A whole pair (an emoji) is kept as sent.
 */
import { afterEach, describe, expect, it, vi } from "vitest";
import { loneSurrogateAt } from "../src/admin/api/lone-surrogates";
import { api, apiJson, createTwilioLine, dialStatus, eventually, twilioWebhook, uniquePhone, type TwilioLine } from "./support/app";
import { mockTwilio } from "./support/carriers";

afterEach(() => vi.restoreAllMocks());

const HIGH = "\uD800";
const LOW = "\uDC00";

/** A lead of `line`'s, opened by a missed call. */
async function leadOf(line: TwilioLine): Promise<string> {
  const caller = uniquePhone();
  expect((await twilioWebhook("/webhooks/twilio/dial-status", dialStatus(line, caller, "no-answer"), line.authToken)).status).toBe(200);
  return eventually(async () => {
    const { leads } = await apiJson("GET", `/businesses/${line.businessId}/leads`);
    return (leads as Array<{ id: string; phone: string }>).find((l) => l.phone === caller)?.id;
  });
}

type Write = [name: string, method: string, path: (line: TwilioLine, lead: string) => string, body: unknown, field: RegExp];

const WRITES: Write[] = [
  ["a new business's name", "POST", () => "/businesses", { name: `Acme ${HIGH}`, timezone: "America/Chicago" }, /^name:/],
  ["a business's name", "PATCH", (l) => `/businesses/${l.businessId}`, { name: `${LOW}Acme` }, /^name:/],
  ["a setting's text", "PATCH", (l) => `/businesses/${l.businessId}`, { settings: { qualify: { doneMessage: `Thanks ${HIGH}` } } }, /^settings\.qualify\.doneMessage:/],
  ["an on-call person's name", "PATCH", (l) => `/businesses/${l.businessId}`, { settings: { urgent: { onCall: [{ phone: "+13125550199", name: `Bo${HIGH}` }] } } }, /^settings\.urgent\.onCall\.0\.name:/],
  ["a name used as a key", "PATCH", (l) => `/businesses/${l.businessId}`, { settings: { jobValues: { [`Drain ${HIGH}`]: 100 } } }, /^settings\.jobValues\..*:/],
  ["a template's body", "PUT", (l) => `/businesses/${l.businessId}/templates/missed_call`, { body: `Hi from {business} ${LOW}` }, /^body:/],
  ["a manual text", "POST", (l) => `/businesses/${l.businessId}/messages`, { to: uniquePhone(), body: `On our way ${HIGH}` }, /^body:/],
  ["a consent note", "POST", (l) => `/businesses/${l.businessId}/consent`, { phone: uniquePhone(), kind: "opt_out", note: `asked ${HIGH}` }, /^note:/],
  ["a lead's name", "PATCH", (_l, lead) => `/leads/${lead}`, { name: `Jo${HIGH}` }, /^name:/],
  ["a lead's field", "PATCH", (_l, lead) => `/leads/${lead}`, { fields: { address: `1 Main St ${LOW}` } }, /^fields\.address:/],
  ["a lead's note", "PATCH", (_l, lead) => `/leads/${lead}`, { note: `called back ${HIGH}` }, /^note:/],
];

describe("a lone surrogate in admin input", () => {
  it("is refused with 400 naming the field, on every admin write, and nothing is stored or sent", async () => {
    const carrier = mockTwilio();
    const line = await createTwilioLine();
    const lead = await leadOf(line);
    await eventually(async () => carrier.requests.length === 1);
    const before = {
      business: await apiJson("GET", `/businesses/${line.businessId}`),
      lead: await apiJson("GET", `/leads/${lead}`),
      templates: await apiJson("GET", `/businesses/${line.businessId}/templates`),
    };
    const answers: Record<string, string> = {};
    for (const [name, method, path, body, field] of WRITES) {
      const res = await api(method, path(line, lead), body);
      const { error } = (await res.json()) as { error?: string };
      answers[name] = `${res.status} ${field.test(error ?? "") && error!.endsWith(": contains an invalid character (half of a UTF-16 surrogate pair)") ? "names the field" : error}`;
    }
    expect(answers).toEqual(Object.fromEntries(WRITES.map(([name]) => [name, "400 names the field"])));
    expect(await apiJson("GET", `/businesses/${line.businessId}`)).toEqual(before.business);
    expect(await apiJson("GET", `/leads/${lead}`)).toEqual(before.lead);
    expect(await apiJson("GET", `/businesses/${line.businessId}/templates`)).toEqual(before.templates);
    expect(carrier.requests).toHaveLength(1);
  });

  it("keeps a whole pair (an emoji) as it was sent", async () => {
    const name = "Acme Plumbing 🔧";
    const biz = await apiJson("POST", "/businesses", { name, timezone: "America/Chicago" });
    expect(biz.name).toBe(name);
    expect((await apiJson("GET", `/businesses/${biz.id}`)).name).toBe(name);
  });
});

describe("loneSurrogateAt", () => {
  it.each([
    ["a whole pair", { name: "🔧" }, null],
    ["a pair split across two strings", { a: "\uD83D", b: "\uDD27" }, "a"],
    ["the first in document order", { a: ["ok", `x${LOW}`], b: HIGH }, "a.1"],
    ["a key", { fields: { [`k${HIGH}`]: "v" } }, `fields.k${HIGH}`],
    ["the body itself", HIGH, "body"],
  ])("finds %s", (_name, body, at) => {
    expect(loneSurrogateAt(body)).toBe(at);
  });

  it("walks a body nested 20,000 deep without overflowing the stack", () => {
    const deep = JSON.parse("[".repeat(20_000) + '"\\uD800"' + "]".repeat(20_000));
    expect(loneSurrogateAt(deep)).toBe(Array(20_000).fill(0).join("."));
  });
});
