/**
 * Landlines (setting `lookupLineType`) on Plivo, Vonage and Bandwidth numbers, in workerd: the
 * outbox asks the number's own carrier (Plivo's Lookup API, Vonage Identity Insights' Current
 * Carrier, Bandwidth's synchronous phone number lookup), answered here in each API's documented shape. A
 * landline is not texted and the call says why; a mobile is texted; a lookup that fails, refuses or
 * takes too long texts anyway.
 */
import { afterEach, describe, expect, it, vi } from "vitest";
import { apiJson, eventually, settle, uniquePhone } from "./support/app";
import { createLine, mockCarriers, placeCall, type Line } from "./support/carriers";
import { bandwidthBearerOk, bandwidthUnauthorized } from "./support/carriers-bandwidth";
import { vonageAuthorizationFor, vonageInsightsAnswer } from "./support/vonage";

afterEach(() => vi.restoreAllMocks());

type LookupCarrier = "plivo" | "vonage" | "bandwidth";
type Answer = "mobile" | "landline" | "500" | "hang" | "refused";

interface Asked {
  url: URL;
  method: string;
  authorization: string | null;
  body: unknown;
}

/** Each carrier's words for a mobile and a landline. */
const WORDS: Record<LookupCarrier, { mobile: string; landline: string }> = {
  plivo: { mobile: "mobile", landline: "fixed" },
  vonage: { mobile: "MOBILE", landline: "LANDLINE" },
  bandwidth: { mobile: "MOBILE", landline: "FIXED" },
};

/** Plivo Lookup API `GET /v1/Number/{number}?type=carrier`, as documented. */
const plivoLookup = (phone: string, type: string) => ({
  api_id: crypto.randomUUID(),
  phone_number: phone,
  country: { name: "United States", iso2: "US", iso3: "USA" },
  format: { e164: phone, national: `(${phone.slice(2, 5)}) ${phone.slice(5, 8)}-${phone.slice(8)}`, international: phone, rfc3966: `tel:${phone}` },
  carrier: { mobile_country_code: "310", mobile_network_code: "160", name: "Some Carrier", type, ported: "no" },
  resource_uri: `/v1/Number/${phone}?type=carrier`,
});

/** Bandwidth's synchronous lookup `POST /v2/accounts/{accountId}/phoneNumberLookup`, as documented. */
const bandwidthLookup = (phone: string, type: string) => ({
  links: [{ rel: "self", href: "https://api.bandwidth.com/v2/accounts/x/phoneNumberLookup", method: "POST" }],
  data: {
    requestId: crypto.randomUUID(),
    status: "COMPLETE",
    results: [{ phoneNumber: phone, lineType: type, messagingProvider: "Some Carrier", voiceProvider: "Some Carrier", countryCodeA3: "USA" }],
  },
  errors: [],
});

/** The phone a lookup request asks about, or null for a request that is not a lookup. */
async function lookedUp(req: Request, url: URL): Promise<{ carrier: LookupCarrier; phone: string; body: unknown } | null> {
  const plivo = url.hostname === "lookup.plivo.com" ? /^\/v1\/Number\/([^/]+)$/.exec(url.pathname) : null;
  if (plivo) return { carrier: "plivo", phone: decodeURIComponent(plivo[1]!), body: null };
  if (url.hostname === "api-eu.vonage.com" && url.pathname === "/identity-insights/v1/requests") {
    const body = (await req.json()) as { phone_number: string };
    return { carrier: "vonage", phone: `+${body.phone_number}`, body };
  }
  if (url.hostname === "api.bandwidth.com" && /^\/v2\/accounts\/[^/]+\/phoneNumberLookup$/.test(url.pathname)) {
    const body = (await req.json()) as { phoneNumbers: string[] };
    return { carrier: "bandwidth", phone: body.phoneNumbers[0]!, body };
  }
  return null;
}

function answer(carrier: LookupCarrier, phone: string, answer: Answer, signal: AbortSignal): Promise<Response> | Response {
  if (answer === "hang") return new Promise<Response>((_r, reject) => signal.addEventListener("abort", () => reject(new Error("aborted"))));
  if (answer === "500") return Response.json({ error: "internal error" }, { status: 500 });
  if (answer === "refused") return Response.json({ error: "authentication failed" }, { status: 401 });
  const type = WORDS[carrier][answer];
  if (carrier === "plivo") return Response.json(plivoLookup(phone, type));
  if (carrier === "vonage") return Response.json(vonageInsightsAnswer(type));
  return Response.json(bandwidthLookup(phone, type));
}

/** The carriers' APIs (mockCarriers) with their lookups answered per phone from `answers`. */
function mockLookups(answers: Map<string, Answer>) {
  const apis = mockCarriers();
  const carriers = vi.mocked(globalThis.fetch).getMockImplementation()!;
  const lookups: Asked[] = [];
  vi.mocked(globalThis.fetch).mockImplementation(async (input, init) => {
    const req = new Request(input as RequestInfo, init);
    const url = new URL(req.url);
    const asked = await lookedUp(req.clone(), url);
    if (!asked) return carriers(input, init);
    lookups.push({ url, method: req.method, authorization: req.headers.get("authorization"), body: asked.body });
    if (asked.carrier === "bandwidth" && !bandwidthBearerOk(req)) return bandwidthUnauthorized();
    return answer(asked.carrier, asked.phone, answers.get(asked.phone) ?? "mobile", req.signal);
  });
  return { ...apis, lookups };
}

async function decision(line: Line, expected: string): Promise<{ decision: string; explanation: string }> {
  return eventually(async () => {
    const { calls } = await apiJson("GET", `/businesses/${line.businessId}/calls`);
    return calls[0]?.decision === expected ? calls[0] : undefined;
  }, 8000);
}

/** The Authorization each carrier's lookup must carry: Plivo's account's Basic credentials; Vonage's, the application's token; Bandwidth's, the token its client credentials got. */
function lookupAuthorization(line: Line): string {
  const c = line.credentials;
  if (line.carrier === "vonage") return vonageAuthorizationFor(c.applicationId!);
  if (line.carrier === "bandwidth") return line.restAuthorization;
  return `Basic ${btoa(`${c.authId}:${c.authToken}`)}`;
}

function expectRequestShape(carrier: LookupCarrier, line: Line, asked: Asked, caller: string): void {
  expect(asked.authorization).toEqual(lookupAuthorization(line));
  if (carrier === "plivo") {
    expect(asked.method).toBe("GET");
    expect(asked.url.pathname).toBe(`/v1/Number/${encodeURIComponent(caller)}`);
    expect(asked.url.searchParams.get("type")).toBe("carrier");
  } else if (carrier === "vonage") {
    expect(asked.method).toBe("POST");
    expect(asked.body).toEqual({ phone_number: caller.slice(1), insights: { current_carrier: {}, original_carrier: {} } });
  } else {
    expect(asked.method).toBe("POST");
    expect(asked.url.pathname).toBe(`/v2/accounts/${line.credentials.accountId}/phoneNumberLookup`);
    expect(asked.body).toEqual({ phoneNumbers: [caller] });
  }
}

const CARRIERS: LookupCarrier[] = ["plivo", "vonage", "bandwidth"];

describe.each(CARRIERS)("a missed call to a %s number with lookupLineType on", (carrier) => {
  it.each<[string, Record<string, unknown>]>([
    ["written behind", {}],
    ["recorded by the line", { followUp: { enabled: true, afterHours: 24 } }],
  ])("a landline (%s): no text, the call skipped:landline with the reason, one lookup in the carrier's own form", async (_how, settings) => {
    const caller = uniquePhone();
    const apis = mockLookups(new Map([[caller, "landline"]]));
    const line = await createLine(carrier, { cooldownHours: 0, lookupLineType: true, ...settings });
    await placeCall(line, caller, "no-answer");
    const call = await decision(line, "skipped:landline");
    expect(call.explanation).toMatch(/landline/);
    await settle(200);
    expect(apis.to(caller)).toEqual([]);
    expect(apis.lookups).toHaveLength(1);
    expectRequestShape(carrier, line, apis.lookups[0]!, caller);
  });

  it("a mobile: texted, after one lookup", async () => {
    const caller = uniquePhone();
    const apis = mockLookups(new Map([[caller, "mobile"]]));
    const line = await createLine(carrier, { cooldownHours: 0, lookupLineType: true });
    await placeCall(line, caller, "no-answer");
    await decision(line, "texted:no_answer");
    await eventually(async () => apis.to(caller).length === 1);
    expect(apis.lookups).toHaveLength(1);
    expectRequestShape(carrier, line, apis.lookups[0]!, caller);
  });

  it.each<[string, Answer]>([
    ["the lookup answers 500", "500"],
    ["the lookup refuses the credentials", "refused"],
    ["the lookup takes longer than 1.5 s", "hang"],
  ])("texts anyway when %s", async (_name, answer) => {
    const caller = uniquePhone();
    const apis = mockLookups(new Map([[caller, answer]]));
    const line = await createLine(carrier, { cooldownHours: 0, lookupLineType: true });
    const started = Date.now();
    await placeCall(line, caller, "no-answer");
    await decision(line, "texted:no_answer");
    await eventually(async () => apis.to(caller).length === 1, 8000);
    expect(Date.now() - started).toBeLessThan(6000);
    // Asked as the call rings (Vonage's answer URL, Bandwidth's initiate; this Plivo call posts only
    // its dial's end), and, with no answer kept, again before the text; Bandwidth answers a refused
    // token by asking once more with a fresh one.
    const asks = carrier === "plivo" ? 1 : 2;
    expect(apis.lookups).toHaveLength(asks * (carrier === "bandwidth" && answer === "refused" ? 2 : 1));
  });

  it("asks nothing with the setting off: the landline is texted", async () => {
    const caller = uniquePhone();
    const apis = mockLookups(new Map([[caller, "landline"]]));
    const line = await createLine(carrier, { cooldownHours: 0 });
    await placeCall(line, caller, "no-answer");
    await decision(line, "texted:no_answer");
    await eventually(async () => apis.to(caller).length === 1);
    expect(apis.lookups).toEqual([]);
  });
});
