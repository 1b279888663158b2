/**
 * Landlines on a Vonage number (setting `lookupLineType`), in workerd: the outbox asks Vonage's
 * Identity Insights for the Current Carrier insight (Number Insight, which it replaces, stops
 * answering on 2027-02-04), signed with the number's application key. Each network type gets the
 * verdict our rules give it; an insight that cannot tell, or a request that fails, texts anyway and
 * says why on the log.
 */
import { env } from "cloudflare:workers";
import { afterEach, describe, expect, it, vi } from "vitest";
import { apiJson, eventually, settle, uniquePhone } from "./support/app";
import { createLine, mockCarriers, placeCall, type Line } from "./support/carriers";
import { vonageInsightsAnswer, vonageKeyPair } from "./support/vonage";

afterEach(() => vi.restoreAllMocks());

const INSIGHTS_URL = "https://api-eu.vonage.com/identity-insights/v1/requests";

interface Asked {
  url: string;
  method: string;
  headers: Headers;
  body: { phone_number: string; insights: Record<string, unknown> };
}

/** The carriers' APIs (mockCarriers), with Identity Insights answering every lookup with `answer`. */
function mockInsights(answer: () => Response) {
  const apis = mockCarriers();
  const carriers = vi.mocked(globalThis.fetch).getMockImplementation()!;
  const lookups: Asked[] = [];
  vi.mocked(globalThis.fetch).mockImplementation(async (input, init) => {
    const req = new Request(input as RequestInfo, init);
    if (new URL(req.url).hostname !== "api-eu.vonage.com") return carriers(input, init);
    lookups.push({ url: req.url, method: req.method, headers: req.headers, body: await req.json() });
    return answer();
  });
  return { ...apis, lookups };
}

async function callDecision(line: Line, expected: string): Promise<{ decision: string; explanation: string }> {
  return eventually(async () => {
    const { calls } = await apiJson("GET", `/businesses/${line.businessId}/calls`);
    return calls[0]?.decision === expected ? calls[0] : undefined;
  }, 8000);
}

const kept = (line: Line, phone: string) =>
  env.DB.prepare("SELECT line_type FROM line_types WHERE business_id = ?1 AND phone = ?2").bind(line.businessId, phone).first<string>("line_type");

const base64UrlDecode = (part: string) => Uint8Array.from(atob(part.replace(/-/g, "+").replace(/_/g, "/")), (c) => c.charCodeAt(0));

/** The JSON of a JWT's part, and whether its RS256 signature verifies with the test applications' public key. */
async function readToken(authorization: string | null): Promise<{ header: Record<string, unknown>; claims: Record<string, unknown>; verified: boolean }> {
  const [h, p, s] = (authorization ?? "").replace(/^Bearer /, "").split(".");
  const json = (part: string | undefined) => JSON.parse(new TextDecoder().decode(base64UrlDecode(part ?? "")));
  const verified = await crypto.subtle.verify("RSASSA-PKCS1-v1_5", (await vonageKeyPair()).publicKey, base64UrlDecode(s ?? ""), new TextEncoder().encode(`${h}.${p}`));
  return { header: json(h), claims: json(p), verified };
}

describe("a Vonage number's landline lookup: Identity Insights' Current Carrier", () => {
  it("is one POST to the EU origin, signed with the number's application key, asking current_carrier and original_carrier", async () => {
    const caller = uniquePhone();
    const apis = mockInsights(() => Response.json(vonageInsightsAnswer("MOBILE")));
    const line = await createLine("vonage", { cooldownHours: 0, lookupLineType: true });
    const before = Math.floor(Date.now() / 1000);
    await placeCall(line, caller, "no-answer");
    await callDecision(line, "texted:no_answer");
    await eventually(async () => apis.to(caller).length === 1);

    expect(apis.lookups).toHaveLength(1);
    const asked = apis.lookups[0]!;
    expect([asked.method, asked.url]).toEqual(["POST", INSIGHTS_URL]);
    expect(asked.headers.get("content-type")).toBe("application/json");
    expect(asked.body).toEqual({ phone_number: caller.slice(1), insights: { current_carrier: {}, original_carrier: {} } });
    const token = await readToken(asked.headers.get("authorization"));
    expect(token.verified).toBe(true);
    expect(token.header).toEqual({ alg: "RS256", typ: "JWT" });
    expect(token.claims).toMatchObject({ application_id: line.credentials.applicationId });
    expect(token.claims.exp).toBeGreaterThan(before);
  });

  it.each<[string, string, string]>([
    ["MOBILE", "mobile", "texted:no_answer"],
    ["LANDLINE", "landline", "skipped:landline"],
    ["VIRTUAL", "voip", "texted:no_answer"],
    ["TOLLFREE", "other", "texted:no_answer"],
    ["PREMIUM", "other", "texted:no_answer"],
  ])("network_type %s is kept as %s, and the call is %s", async (networkType, lineType, expected) => {
    const caller = uniquePhone();
    const apis = mockInsights(() => Response.json(vonageInsightsAnswer(networkType)));
    const line = await createLine("vonage", { cooldownHours: 0, lookupLineType: true });
    await placeCall(line, caller, "no-answer");
    const call = await callDecision(line, expected);
    if (expected === "skipped:landline") {
      expect(call.explanation).toMatch(/landline/);
      await settle(200);
      expect(apis.to(caller)).toEqual([]);
    } else {
      await eventually(async () => apis.to(caller).length === 1);
    }
    expect(await kept(line, caller)).toBe(lineType);
    expect(apis.lookups).toHaveLength(1);
  });

  it("takes Original Carrier's landline when Current Carrier does not cover the number", async () => {
    const caller = uniquePhone();
    const apis = mockInsights(() => Response.json(vonageInsightsAnswer("", "UNSUPPORTED_NETWORK_TYPE", { networkType: "LANDLINE", code: "OK" })));
    const line = await createLine("vonage", { cooldownHours: 0, lookupLineType: true });
    await placeCall(line, caller, "no-answer");
    await callDecision(line, "skipped:landline");
    expect(await kept(line, caller)).toBe("landline");
    expect(apis.to(caller)).toEqual([]);
  });

  it("asks once for a landline that calls twice: the second call uses the kept answer", async () => {
    const caller = uniquePhone();
    const apis = mockInsights(() => Response.json(vonageInsightsAnswer("LANDLINE")));
    const line = await createLine("vonage", { cooldownHours: 0, lookupLineType: true });
    await placeCall(line, caller, "no-answer");
    await callDecision(line, "skipped:landline");
    await placeCall(line, caller, "busy");
    await eventually(async () => {
      const { calls } = await apiJson("GET", `/businesses/${line.businessId}/calls`);
      return calls.length === 2 && calls.every((c: { decision: string }) => c.decision === "skipped:landline");
    }, 8000);
    expect(apis.lookups).toHaveLength(1);
    expect(apis.to(caller)).toEqual([]);
  });

  it.each<[string, () => Response, string]>([
    ["the insight cannot find the number (NOT_FOUND)", () => Response.json(vonageInsightsAnswer("LANDLINE", "NOT_FOUND")), "current_carrier not_found, original_carrier no_coverage"],
    ["the insight does not cover it (UNSUPPORTED_NETWORK_TYPE)", () => Response.json(vonageInsightsAnswer("LANDLINE", "UNSUPPORTED_NETWORK_TYPE")), "current_carrier unsupported_network_type, original_carrier no_coverage"],
    [
      "Identity Insights refuses the token (401)",
      () => Response.json({ type: "https://developer.vonage.com/api-errors#unauthorized", title: "Unauthorized", detail: "Invalid token" }, { status: 401 }),
      "HTTP 401",
    ],
    ["Identity Insights fails (503)", () => new Response("upstream", { status: 503 }), "HTTP 503"],
  ])("texts anyway when %s, keeps no answer, and logs why", async (_name, answer, why) => {
    const caller = uniquePhone();
    const apis = mockInsights(answer);
    const warn = vi.spyOn(console, "warn");
    const line = await createLine("vonage", { cooldownHours: 0, lookupLineType: true });
    await placeCall(line, caller, "no-answer");
    await callDecision(line, "texted:no_answer");
    await eventually(async () => apis.to(caller).length === 1, 8000);
    // Asked as the call rings (the answer URL) and, with no answer kept, again before the text.
    expect(apis.lookups).toHaveLength(2);
    expect(await kept(line, caller)).toBeNull();
    const logged = warn.mock.calls.map((c) => String(c[0])).filter((l) => l.includes('"event":"outbox.line_lookup"')).map((l) => JSON.parse(l));
    expect(logged).toContainEqual(expect.objectContaining({ businessId: line.businessId, carrier: "vonage", lineType: "unknown", why }));
    expect(JSON.stringify(logged)).not.toContain(caller.slice(2));
  });
});
