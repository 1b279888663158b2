/**
 * "Place a test call" through Plivo, Vonage and Bandwidth: the number calls the business's own phone
 * through each carrier's call API (URL, auth and body as the carrier documents them), audited; what
 * the phone hears when answered (Plivo's and Bandwidth's from our answer routes, verified like their
 * other voice callbacks; Vonage's inline); a refused call in words; and the numbers page's button.
 */
import { env } from "cloudflare:workers";
import { afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { testCallWords } from "../src/rules/greeting";
import { api, apiJson, eventually, ORIGIN, settle, uniquePhone } from "./support/app";
import { get, newSession, post, type Session } from "./support/admin-session";
import { setupStandIn, type SetupStandIn } from "./support/carrier-setup";
import { bandwidthAuth, createLine, mockCarriers, type Line } from "./support/carriers";
import { bandwidthCallback } from "./support/carriers-bandwidth";
import { plivoNumber, plivoWebhook } from "./support/carriers-plivo";
import { vonageKeyPair } from "./support/vonage";

afterEach(() => vi.restoreAllMocks());

let session: Session;
beforeAll(async () => {
  session = await newSession();
});

type AppCarrier = "plivo" | "vonage" | "bandwidth";

const BANDWIDTH_VOICE_APP = "5d1f0c3a-8c4e-4f7e-9b1a-2c3d4e5f6a7b";
const WORDS = testCallWords("Acme Plumbing");
const digits = (e164: string) => e164.slice(1);

/** A forwarded number at `carrier`; at the stand-in, Bandwidth's location has a Voice application, whose id the call names. */
async function forwardedLine(carrier: AppCarrier, s?: SetupStandIn): Promise<Line & { numberId: string }> {
  const line = await createLine(carrier);
  const numberId = (await apiJson("GET", `/businesses/${line.businessId}`)).numbers[0].id as string;
  await apiJson("PATCH", `/businesses/${line.businessId}/numbers/${numberId}`, { mode: "forwarded" });
  if (s && carrier === "bandwidth") {
    s.bandwidth.tns.set(line.e164.slice(2), { site: "1001", peer: "2002" });
    s.bandwidth.origination.set("1001/2002", BANDWIDTH_VOICE_APP);
  }
  return { ...line, numberId };
}

const testCallPath = (line: Line & { numberId: string }) => `/businesses/${line.businessId}/numbers/${line.numberId}/test-call`;

/** The carrier's call-create request, not a settings read on the way. */
const callCreate = (u: URL) => /\/Call\/$|^\/v1\/calls$|^\/api\/v2\/accounts\/\d+\/calls$/.test(u.pathname);

/** A Vonage application token's RS256 signature, checked with the application's public key. */
async function vonageTokenVerifies(authorization: string | null): Promise<boolean> {
  const [h, p, sig] = (authorization ?? "").replace(/^Bearer /, "").split(".");
  const bytes = (s: string) => Uint8Array.from(atob(s.replace(/-/g, "+").replace(/_/g, "/")), (ch) => ch.charCodeAt(0));
  return crypto.subtle.verify("RSASSA-PKCS1-v1_5", (await vonageKeyPair()).publicKey, bytes(sig!), new TextEncoder().encode(`${h}.${p}`));
}

describe.each<AppCarrier>(["plivo", "vonage", "bandwidth"])("%s: the test call", (carrier) => {
  it("calls the business's phone from the number through the carrier's call API, 30 s of ringing, and audits it", async () => {
    const s = setupStandIn();
    const line = await forwardedLine(carrier, s);
    const res = await api("POST", testCallPath(line));
    expect(res.status).toBe(202);
    expect(await res.json()).toEqual({ to: line.forwardTo });
    const calls = s.requests.filter((r) => r.method === "POST" && callCreate(new URL(r.url)));
    expect(calls).toHaveLength(1);
    const call = calls[0]!;
    const body = JSON.parse(call.body);
    if (carrier === "plivo") {
      expect(call.url).toBe(`https://api.plivo.com/v1/Account/${line.credentials.authId}/Call/`);
      expect(call.authorization).toBe(line.restAuthorization);
      expect(body).toEqual({ from: plivoNumber(line.e164), to: plivoNumber(line.forwardTo), answer_url: `${ORIGIN}/webhooks/plivo/test-call`, answer_method: "POST", ring_timeout: 30 });
    } else if (carrier === "vonage") {
      expect(call.url).toBe("https://api.nexmo.com/v1/calls");
      expect(call.authorization).toEqual(line.restAuthorization);
      expect(await vonageTokenVerifies(call.authorization)).toBe(true);
      expect(body).toEqual({ to: [{ type: "phone", number: digits(line.forwardTo) }], from: { type: "phone", number: digits(line.e164) }, ncco: [{ action: "talk", text: WORDS }], ringing_timer: 30 });
    } else {
      expect(call.url).toBe(`https://voice.bandwidth.com/api/v2/accounts/${line.credentials.accountId}/calls`);
      expect(call.authorization).toBe(line.restAuthorization);
      expect(body).toEqual({
        from: line.e164,
        to: line.forwardTo,
        applicationId: BANDWIDTH_VOICE_APP,
        answerUrl: `${ORIGIN}/webhooks/bandwidth/test-call`,
        answerMethod: "POST",
        username: line.callbackUsername,
        password: line.secret,
        callTimeout: 30,
      });
    }
    const { entries } = await apiJson("GET", `/audit?entity=number&entityId=${line.numberId}`);
    expect(entries[0]).toMatchObject({ action: "number.test_call", detail: { businessId: line.businessId, to: line.forwardTo } });
  });

  it("the number's page offers the button, and pressing it says whom it is calling", async () => {
    const line = await forwardedLine(carrier, setupStandIn());
    const page = await (await get(session, `/admin/businesses/${line.businessId}/numbers`)).text();
    expect(page).toContain(`action="/admin/businesses/${line.businessId}/numbers/${line.numberId}/test-call"`);
    expect(page).toContain("Place a test call");
    const pressed = await post(session, `/admin/businesses/${line.businessId}/numbers/${line.numberId}/test-call`, {});
    expect(pressed.status).toBe(200);
    expect(await pressed.text()).toMatch(/role="status">Calling \(312\) \d{3}-\d{4} now: let it ring/);
  });
});

describe("what the business's phone hears when it answers", () => {
  it("Plivo: our answer route speaks the number's own business, for Plivo's signature only", async () => {
    const line = await createLine("plivo");
    const params = { CallUUID: crypto.randomUUID(), From: plivoNumber(line.e164), To: plivoNumber(line.forwardTo), Direction: "outbound", CallStatus: "in-progress" };
    const res = await plivoWebhook("/webhooks/plivo/test-call", params, line.secret);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toContain("text/xml");
    expect(await res.text()).toBe(`<?xml version="1.0" encoding="UTF-8"?><Response><Speak>${WORDS}</Speak><Hangup/></Response>`);
    expect((await plivoWebhook("/webhooks/plivo/test-call", params, null)).status).toBe(403);
    expect((await plivoWebhook("/webhooks/plivo/test-call", params, `${line.secret}-forged`)).status).toBe(403);
    // Another business's number signed with this one's token is refused: the words follow the signature.
    const other = await createLine("plivo");
    expect((await plivoWebhook("/webhooks/plivo/test-call", { ...params, From: plivoNumber(other.e164) }, line.secret)).status).toBe(403);
  });

  it("Bandwidth: our answer route speaks the number's own business on `answer`, for the callback credentials only", async () => {
    const line = await createLine("bandwidth");
    const event = { eventType: "answer", callId: `c-${crypto.randomUUID()}`, from: line.e164, to: line.forwardTo, direction: "outbound", answerTime: new Date().toISOString() };
    const res = await bandwidthCallback("/webhooks/bandwidth/test-call", event, bandwidthAuth(line));
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toContain("application/xml");
    expect(await res.text()).toBe(`<?xml version="1.0" encoding="UTF-8"?><Response><SpeakSentence>${WORDS}</SpeakSentence><Hangup/></Response>`);
    expect((await bandwidthCallback("/webhooks/bandwidth/test-call", event, null)).status).toBe(403);
    expect((await bandwidthCallback("/webhooks/bandwidth/test-call", event, { ...bandwidthAuth(line), callbackPassword: `${line.secret}-forged` })).status).toBe(403);
    const other = await bandwidthCallback("/webhooks/bandwidth/test-call", { ...event, eventType: "disconnect" }, bandwidthAuth(line));
    expect(await other.text()).toBe('<?xml version="1.0" encoding="UTF-8"?><Response></Response>');
  });

  it("a business name with XML's characters is escaped, not markup", async () => {
    const line = await createLine("plivo");
    await apiJson("PATCH", `/businesses/${line.businessId}`, { name: "Smith & Sons <Plumbing>" });
    const res = await plivoWebhook("/webhooks/plivo/test-call", { CallUUID: crypto.randomUUID(), From: plivoNumber(line.e164), To: plivoNumber(line.forwardTo) }, line.secret);
    expect(await res.text()).toContain("<Speak>This is a test call from Textback for Smith &amp; Sons &lt;Plumbing&gt;. To test");
  });
});

describe("a refused test call says why, and nothing is audited", () => {
  it.each<[AppCarrier, number, unknown, string]>([
    ["plivo", 400, { api_id: "x", error: "from number is not voice enabled" }, `Plivo refused the test call (HTTP 400): "from number is not voice enabled". Check that the number is voice-enabled at Plivo`],
    ["plivo", 401, { api_id: "x", error: "authentication failed" }, "Plivo refused the number's credentials (HTTP 401): replace them below."],
    ["vonage", 401, { type: "https://developer.nexmo.com/api-errors#unauthorized", title: "Unauthorized", detail: "You did not provide correct credentials." }, "Turn on the application's Voice capability in the Vonage dashboard"],
    ["vonage", 403, { type: "https://developer.nexmo.com/api-errors#forbidden", title: "Forbidden" }, `Vonage refused the test call (HTTP 403): "Forbidden". Check that the number is linked to the application`],
    ["bandwidth", 403, { type: "authorization-error", description: "Access is denied", id: null }, `Bandwidth refused the test call (HTTP 403): "Access is denied". Give the API credential the Voice role`],
    ["bandwidth", 400, { type: "validation", description: "Invalid to: must be an E164 telephone number", id: null }, "Check that the number's location has a Voice application"],
  ])("%s answering HTTP %i", async (carrier, status, body, words) => {
    const s = setupStandIn();
    const line = await forwardedLine(carrier, s);
    s.failNext(status, callCreate, body);
    s.failNext(status, callCreate, body);
    const res = await api("POST", testCallPath(line));
    expect(res.status).toBe(502);
    const answer = (await res.json()) as { carrierStatus: number; error: string };
    expect(answer.carrierStatus).toBe(status);
    expect(answer.error).toContain(words);
    const pressed = await (await post(session, `/admin/businesses/${line.businessId}/numbers/${line.numberId}/test-call`, {})).text();
    expect(pressed).toContain('role="alert">');
    const audited = await env.DB.prepare("SELECT count(*) AS n FROM audit_log WHERE action = 'number.test_call' AND entity_id = ?").bind(line.numberId).first<{ n: number }>();
    expect(audited!.n).toBe(0);
  });

  it("a Bandwidth number whose location has no Voice application: where to link one, and no call", async () => {
    const s = setupStandIn();
    const line = await forwardedLine("bandwidth", s);
    s.bandwidth.origination.set("1001/2002", null);
    const res = await api("POST", testCallPath(line));
    expect(res.status).toBe(409);
    expect(((await res.json()) as { error: string }).error).toMatch(/location has no Voice application: in the Bandwidth App, link one/);
    expect(s.requests.some((r) => callCreate(new URL(r.url)))).toBe(false);
  });

  it("a Vonage private key that cannot sign is the credentials' fault, and nothing is sent", async () => {
    const s = setupStandIn();
    const line = await forwardedLine("vonage", s);
    const credentials = { ...line.credentials, privateKey: "-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n" };
    await apiJson("PATCH", `/businesses/${line.businessId}/numbers/${line.numberId}`, { credentials });
    const res = await api("POST", testCallPath(line));
    expect(res.status).toBe(502);
    expect(await res.json()).toMatchObject({ carrierStatus: 401, error: expect.stringContaining("cannot sign a request to Vonage: replace the credentials below") });
    expect(s.requests.some((r) => callCreate(new URL(r.url)))).toBe(false);
  });
});

/** The call the business's line sends back to a forwarded number: Plivo's answer URL, Bandwidth's `initiate`. */
function forwardedCall(line: Line, caller: string): Promise<Response> {
  if (line.carrier === "plivo") {
    return plivoWebhook("/webhooks/plivo/voice", { CallUUID: crypto.randomUUID(), From: plivoNumber(caller), To: plivoNumber(line.e164), CallStatus: "ringing", Direction: "inbound" }, line.secret);
  }
  const initiate = { eventType: "initiate", callId: `c-${crypto.randomUUID()}`, from: caller, to: line.e164, direction: "inbound", eventTime: new Date().toISOString() };
  return bandwidthCallback("/webhooks/bandwidth/voice", initiate, bandwidthAuth(line));
}

describe.each<"plivo" | "bandwidth">(["plivo", "bandwidth"])("%s: a call the business's line forwards to a forwarded number", (carrier) => {
  it("is greeted and texted at once, never rung through to the business's line again (a loop)", async () => {
    const mock = mockCarriers();
    const line = await forwardedLine(carrier);
    const caller = uniquePhone();
    const res = await forwardedCall(line, caller);
    expect(res.status).toBe(200);
    const xml = await res.text();
    expect(xml).not.toMatch(/<Dial|<Transfer/);
    expect(xml).not.toContain(line.forwardTo);
    expect(xml).toContain("Sorry, nobody at Acme Plumbing can take your call right now. We&apos;ll text you in a moment.");
    await eventually(async () => mock.to(caller).length === 1);
    const { calls } = await apiJson("GET", `/businesses/${line.businessId}/calls`);
    expect(calls[0]).toMatchObject({ outcome: "no_answer", decision: "texted:no_answer" });
  });

  it("the test call itself, back with the number's own caller ID, is recorded and texts nobody", async () => {
    const mock = mockCarriers();
    const line = await forwardedLine(carrier);
    expect((await forwardedCall(line, line.e164)).status).toBe(200);
    const { calls } = await eventually(async () => {
      const r = await apiJson("GET", `/businesses/${line.businessId}/calls`);
      return r.calls.length > 0 && r;
    });
    expect(calls[0]).toMatchObject({ decision: "skipped:own_number" });
    await settle(200);
    expect(mock.texts).toHaveLength(0);
  });
});
