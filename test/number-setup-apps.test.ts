/**
 * The settings check for Plivo, Vonage and Bandwidth numbers, whose URLs live on applications: the
 * API's and the numbers page's check, "Configure for me" and undo, the nightly check, and a
 * carrier's refusal, against a stateful stand-in of each carrier's settings API.
 */
import { env } from "cloudflare:workers";
import { afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { checkNumberHealth } from "../src/ops/number-health";
import { api, apiJson, ORIGIN, uniquePhone } from "./support/app";
import { get, newSession, post, type Session } from "./support/admin-session";
import { setupStandIn, type SetupStandIn } from "./support/carrier-setup";
import { createLine, type Line } from "./support/carriers";
import { BANDWIDTH_TOKEN_URL } from "./support/carriers-bandwidth";

afterEach(() => vi.restoreAllMocks());

let session: Session;
beforeAll(async () => {
  session = await newSession();
});

type AppCarrier = "plivo" | "vonage" | "bandwidth";
type Check = { name: string; label: string; expected: string; actual: string | null; ok: boolean; advice?: string };

/** Each carrier's stand-in state for one number: its voice URL as given, its texts' URL already ours. */
interface Fixture {
  name: string;
  voice: { setting: string; label: string; path: string };
  sms: { setting: string; path: string };
  arrange(s: SetupStandIn, line: Line, voiceUrl: string | null): void;
  voiceAt(s: SetupStandIn, line: Line): string | null | undefined;
}

const PLIVO_APP = "29986316244302815";
const BANDWIDTH_VOICE_APP = "7cc3c4f7-3b8f-4fff-a211-45070792b431";

const FIXTURES: Record<AppCarrier, Fixture> = {
  plivo: {
    name: "Plivo",
    voice: { setting: "answerUrl", label: "A call comes in (Answer URL)", path: "/webhooks/plivo/voice" },
    sms: { setting: "messageUrl", path: "/webhooks/plivo/sms" },
    arrange(s, line, voiceUrl) {
      s.plivo.numbers.set(line.e164.slice(1), { application: `/v1/Account/${line.credentials.authId}/Application/${PLIVO_APP}/` });
      s.plivo.apps.set(PLIVO_APP, { answer_url: voiceUrl, answer_method: "GET", hangup_url: null, message_url: `${ORIGIN}/webhooks/plivo/sms` });
    },
    voiceAt: (s) => s.plivo.apps.get(PLIVO_APP)?.answer_url,
  },
  vonage: {
    name: "Vonage",
    voice: { setting: "answerUrl", label: "A call comes in (Answer URL)", path: "/webhooks/vonage/answer" },
    sms: { setting: "inboundUrl", path: "/webhooks/vonage/inbound" },
    arrange(s, line, voiceUrl) {
      const id = line.credentials.applicationId!;
      s.vonage.numbers.push({ msisdn: line.e164.slice(1), app_id: id, moHttpUrl: "" });
      const hook = (path: string) => ({ address: `${ORIGIN}${path}`, http_method: "POST" });
      s.vonage.apps.set(id, {
        name: "Textback",
        capabilities: {
          voice: { webhooks: { ...(voiceUrl ? { answer_url: { address: voiceUrl, http_method: "GET" } } : {}), event_url: hook("/webhooks/vonage/event") }, signed_callbacks: true },
          messages: { webhooks: { inbound_url: hook("/webhooks/vonage/inbound"), status_url: hook("/webhooks/vonage/status") }, version: "v1" },
          rtc: { webhooks: { event_url: { address: "https://rtc.example/event", http_method: "POST" } } },
        },
        keys: { public_key: "-----BEGIN PUBLIC KEY-----\nMIIB\n-----END PUBLIC KEY-----\n" },
        privacy: { improve_ai: false },
      });
    },
    voiceAt: (s, line) => s.vonage.apps.get(line.credentials.applicationId!)?.capabilities.voice?.webhooks?.answer_url?.address,
  },
  bandwidth: {
    name: "Bandwidth",
    voice: { setting: "callInitiatedUrl", label: "A call comes in (Voice application's call initiated callback URL)", path: "/webhooks/bandwidth/voice" },
    sms: { setting: "messagingCallbackUrl", path: "/webhooks/bandwidth/messaging" },
    arrange(s, line, voiceUrl) {
      s.bandwidth.tns.set(line.e164.slice(2), { site: "1001", peer: "2002" });
      s.bandwidth.origination.set("1001/2002", BANDWIDTH_VOICE_APP);
      s.bandwidth.apps.set(BANDWIDTH_VOICE_APP, { ServiceType: "Voice-V2", AppName: "Calls", ...(voiceUrl ? { CallInitiatedCallbackUrl: voiceUrl } : {}), CallInitiatedMethod: "POST" });
      s.bandwidth.apps.set(line.credentials.applicationId!, { ServiceType: "Messaging-V2", AppName: "Texts", MsgCallbackUrl: `${ORIGIN}/webhooks/bandwidth/messaging` });
    },
    voiceAt: (s) => s.bandwidth.apps.get(BANDWIDTH_VOICE_APP)?.CallInitiatedCallbackUrl,
  },
};

async function numberId(line: Line) {
  return (await apiJson("GET", `/businesses/${line.businessId}`)).numbers[0].id as string;
}
const path = async (line: Line, what: string) => `/businesses/${line.businessId}/numbers/${await numberId(line)}/${what}`;
const byName = (checks: Check[]) => Object.fromEntries(checks.map((c) => [c.name, c]));

/** A request to a settings API, not a text an earlier test's alert is still retrying. */
const settingsRequest = (u: URL) => (u.hostname === "api.bandwidth.com" && /^\/api\/(accounts|tns)\//.test(u.pathname)) || u.hostname === "rest.nexmo.com" || /\/(Number|Application)\/|^\/v2\/applications\//.test(u.pathname);

async function ownerAlerts(businessId: string, owner: string) {
  const r = await env.DB.prepare("SELECT body FROM messages WHERE business_id = ? AND to_phone = ? AND kind = 'alert'").bind(businessId, owner).all<{ body: string }>();
  return r.results.map((m) => m.body);
}

describe.each<AppCarrier>(["plivo", "vonage", "bandwidth"])("%s: the settings check", (carrier) => {
  const f = FIXTURES[carrier];

  it("finds a wrong answer URL beside a right one; configure sets it, audited, and undo puts it back", async () => {
    const s = setupStandIn();
    const line = await createLine(carrier);
    f.arrange(s, line, "https://old-ivr.example/answer");
    const before = byName((await apiJson("GET", await path(line, "check"))).checks);
    expect(before[f.voice.setting]).toMatchObject({ label: f.voice.label, expected: `${ORIGIN}${f.voice.path}`, actual: "https://old-ivr.example/answer", ok: false });
    expect(before[f.sms.setting]).toMatchObject({ expected: `${ORIGIN}${f.sms.path}`, actual: `${ORIGIN}${f.sms.path}`, ok: true });

    const configured = await apiJson("POST", await path(line, "configure"));
    expect(configured.changed).toEqual([f.voice.setting]);
    expect(configured.checks.every((c: Check) => c.ok)).toBe(true);
    expect(f.voiceAt(s, line)).toBe(`${ORIGIN}${f.voice.path}`);
    const { entries } = await apiJson("GET", `/audit?entity=number&entityId=${await numberId(line)}`);
    expect(entries[0]).toMatchObject({
      action: "number.configure",
      detail: { before: { [f.voice.setting]: "https://old-ivr.example/answer" }, after: { [f.voice.setting]: `${ORIGIN}${f.voice.path}` } },
    });

    const undone = await apiJson("POST", await path(line, "configure/undo"));
    expect(undone.restored).toEqual([f.voice.setting]);
    expect(f.voiceAt(s, line)).toBe("https://old-ivr.example/answer");
  });

  it("the numbers page shows which is wrong and which is right, and Configure for me fixes it", async () => {
    const s = setupStandIn();
    const line = await createLine(carrier);
    f.arrange(s, line, null);
    const id = await numberId(line);
    const page = await get(session, `/admin/businesses/${line.businessId}/numbers?check=${id}`);
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain(`Not set up right at ${f.name} yet:`);
    expect(html).toContain(`✗ ${f.voice.label.replace(/'/g, "&#39;")}`);
    expect(html).toMatch(/class="ok"><strong>✓ /);
    expect(html).toContain(`<code>${ORIGIN}${f.voice.path}</code>`);
    expect(html).toContain("Configure for me");
    const done = await (await post(session, `/admin/businesses/${line.businessId}/numbers/${id}/configure`, { confirm: "yes" })).text();
    expect(done).toContain("Changed 1 setting at the carrier.");
    expect(done).toContain(`Set up right at ${f.name}.`);
    expect(f.voiceAt(s, line)).toBe(`${ORIGIN}${f.voice.path}`);
  });

  it("the nightly check alerts the owner once the answer URL Textback set points elsewhere", async () => {
    const s = setupStandIn();
    const line = await createLine(carrier);
    const id = await numberId(line);
    const owner = uniquePhone("773");
    await api("PATCH", `/businesses/${line.businessId}`, { notifyPhone: owner });
    f.arrange(s, line, null);
    await apiJson("POST", await path(line, "configure"));
    const { rowid } = (await env.DB.prepare("SELECT rowid FROM numbers WHERE id = ?").bind(id).first<{ rowid: number }>())!;
    const mySlot = Math.floor(Date.now() / 86_400_000) * 86_400_000 + (rowid % 144) * 600_000 + 60_000;
    await checkNumberHealth(env, mySlot);
    expect(await ownerAlerts(line.businessId, owner)).toHaveLength(0);
    f.arrange(s, line, "https://another-app.example/answer");
    await checkNumberHealth(env, mySlot + 86_400_000);
    const alerts = await ownerAlerts(line.businessId, owner);
    expect(alerts).toHaveLength(1);
    expect(alerts[0]).toContain(`at the carrier changed: ${f.voice.label} no longer points at Textback`);
  });

  it("a carrier's 401 is a problem in words: a 502 from the API, the page with the problem shown, nothing changed", async () => {
    const s = setupStandIn();
    const line = await createLine(carrier);
    f.arrange(s, line, "https://old-ivr.example/answer");
    // Bandwidth asks again once with a fresh token: its number's details refused both times, its credentials are wrong.
    const tnDetails = (u: URL) => u.pathname.endsWith("/tndetails");
    const refuse = () => (carrier === "bandwidth" ? [tnDetails, tnDetails] : [settingsRequest]).forEach((only) => s.failNext(401, only));
    refuse();
    const res = await api("POST", await path(line, "configure"));
    expect(res.status).toBe(502);
    expect(await res.json()).toMatchObject({ carrierStatus: 401, error: `${f.name} refused the number's credentials (HTTP 401): replace them below.` });
    expect(f.voiceAt(s, line)).toBe("https://old-ivr.example/answer");
    refuse();
    const page = await get(session, `/admin/businesses/${line.businessId}/numbers?check=${await numberId(line)}`);
    expect(page.status).toBe(200);
    expect(await page.text()).toMatch(new RegExp(`role="alert">${f.name} refused the number&#39;s credentials \\(HTTP 401\\)`));
    const rows = await env.DB.prepare("SELECT count(*) AS n FROM audit_log WHERE action = 'number.configure' AND entity_id = ?").bind(await numberId(line)).first<{ n: number }>();
    expect(rows!.n).toBe(0);
  });
});

describe("plivo", () => {
  it("a status-mode number needs the Hangup URL, and the Answer URL stays on the business's own flow", async () => {
    const s = setupStandIn();
    const line = await createLine("plivo");
    FIXTURES.plivo.arrange(s, line, "https://their-ivr.example/answer");
    await apiJson("PATCH", `/businesses/${line.businessId}/numbers/${await numberId(line)}`, { mode: "status" });
    const checks = byName((await apiJson("GET", await path(line, "check"))).checks);
    expect(Object.keys(checks).sort()).toEqual(["hangupUrl", "messageUrl"]);
    await apiJson("POST", await path(line, "configure"));
    expect(s.plivo.apps.get(PLIVO_APP)).toMatchObject({ answer_url: "https://their-ivr.example/answer", hangup_url: `${ORIGIN}/webhooks/plivo/hangup`, hangup_method: "POST" });
    const write = s.requests.find((r) => r.method === "POST" && settingsRequest(new URL(r.url)))!;
    expect(new URL(write.url).pathname).toBe(`/v1/Account/${line.credentials.authId}/Application/${PLIVO_APP}/`);
    expect(write.authorization).toBe(line.restAuthorization);
    expect(JSON.parse(write.body)).toEqual({ hangup_url: `${ORIGIN}/webhooks/plivo/hangup`, hangup_method: "POST" });
  });

  it("a number with no XML application shows nothing set, and configure says where to assign one", async () => {
    const s = setupStandIn();
    const line = await createLine("plivo");
    s.plivo.numbers.set(line.e164.slice(1), { application: null });
    const checks = (await apiJson("GET", await path(line, "check"))).checks as Check[];
    expect(checks.map((c) => [c.actual, c.ok])).toEqual([[null, false], [null, false]]);
    const res = await api("POST", await path(line, "configure"));
    expect(res.status).toBe(409);
    expect(((await res.json()) as { error: string }).error).toMatch(/no XML application: assign it one \(Phone Numbers → your number → Application Type XML\)/);
  });
});

describe("vonage", () => {
  it("a number linked to another application is flagged with where to link it; configure writes only the application's URLs and keeps the rest of it", async () => {
    const s = setupStandIn();
    const line = await createLine("vonage");
    FIXTURES.vonage.arrange(s, line, "https://old-ivr.example/answer");
    s.vonage.numbers[0]!.app_id = "bbbbbbbb-1111-2222-3333-444444444444";
    const checks = byName((await apiJson("GET", await path(line, "check"))).checks);
    expect(checks.linkedApplication).toMatchObject({ expected: line.credentials.applicationId!.toLowerCase(), actual: "bbbbbbbb-1111-2222-3333-444444444444", ok: false });
    expect(checks.linkedApplication!.advice).toMatch(/Numbers → Your numbers → this number → Link it/);
    const configured = await apiJson("POST", await path(line, "configure"));
    expect(configured.changed).toEqual(["answerUrl"]);
    expect(byName(configured.checks).linkedApplication!.ok).toBe(false);
    const put = s.requests.find((r) => r.method === "PUT")!;
    expect(new URL(put.url).host).toBe("api.nexmo.com");
    expect(put.authorization).toBe(`Basic ${btoa(`${line.credentials.apiKey}:${line.credentials.apiSecret}`)}`);
    const app = s.vonage.apps.get(line.credentials.applicationId!)!;
    expect(app).toMatchObject({ name: "Textback", keys: { public_key: expect.stringContaining("BEGIN PUBLIC KEY") }, privacy: { improve_ai: false } });
    expect(app.capabilities.voice).toMatchObject({ signed_callbacks: true, webhooks: { answer_url: { address: `${ORIGIN}/webhooks/vonage/answer`, http_method: "POST" } } });
    expect(app.capabilities.rtc).toEqual({ webhooks: { event_url: { address: "https://rtc.example/event", http_method: "POST" } } });
    expect(s.requests.some((r) => new URL(r.url).host === "rest.nexmo.com" && r.method !== "GET")).toBe(false);
  });

  it("an application without Messages gains it, and undo takes it away again", async () => {
    const s = setupStandIn();
    const line = await createLine("vonage");
    FIXTURES.vonage.arrange(s, line, `${ORIGIN}/webhooks/vonage/answer`);
    delete s.vonage.apps.get(line.credentials.applicationId!)!.capabilities.messages;
    const configured = await apiJson("POST", await path(line, "configure"));
    expect(configured.changed.sort()).toEqual(["inboundUrl", "statusUrl"]);
    expect(s.vonage.apps.get(line.credentials.applicationId!)!.capabilities.messages?.webhooks?.inbound_url?.address).toBe(`${ORIGIN}/webhooks/vonage/inbound`);
    await apiJson("POST", await path(line, "configure/undo"));
    expect(Object.keys(s.vonage.apps.get(line.credentials.applicationId!)!.capabilities).sort()).toEqual(["rtc", "voice"]);
  });
});

describe("bandwidth", () => {
  it("a status-mode number needs the call status URL; configure patches only that element of the Voice application", async () => {
    const s = setupStandIn();
    const line = await createLine("bandwidth");
    FIXTURES.bandwidth.arrange(s, line, "https://their-ivr.example/initiated");
    await apiJson("PATCH", `/businesses/${line.businessId}/numbers/${await numberId(line)}`, { mode: "status" });
    const configured = await apiJson("POST", await path(line, "configure"));
    expect(configured.changed).toEqual(["callStatusUrl"]);
    const patch = s.requests.find((r) => r.method === "PATCH")!;
    expect(new URL(patch.url).pathname).toBe(`/api/accounts/${line.credentials.accountId}/applications/${BANDWIDTH_VOICE_APP}`);
    expect(patch.authorization).toBe(line.restAuthorization);
    expect(patch.body).toBe(`<Application><CallStatusCallbackUrl>${ORIGIN}/webhooks/bandwidth/voice-status</CallStatusCallbackUrl><CallStatusMethod>POST</CallStatusMethod></Application>`);
    expect(s.bandwidth.apps.get(BANDWIDTH_VOICE_APP)).toMatchObject({ CallInitiatedCallbackUrl: "https://their-ivr.example/initiated", CallStatusCallbackUrl: `${ORIGIN}/webhooks/bandwidth/voice-status` });
  });

  it("a location with no Voice application cannot be configured here, and says where to link one", async () => {
    const s = setupStandIn();
    const line = await createLine("bandwidth");
    FIXTURES.bandwidth.arrange(s, line, null);
    s.bandwidth.origination.set("1001/2002", null);
    expect(byName((await apiJson("GET", await path(line, "check"))).checks).callInitiatedUrl).toMatchObject({ actual: null, ok: false });
    const res = await api("POST", await path(line, "configure"));
    expect(res.status).toBe(409);
    expect(((await res.json()) as { error: string }).error).toMatch(/location has no Voice application/);
  });

  it("a 401 to a token Bandwidth no longer takes gets a fresh token and the request once more", async () => {
    const s = setupStandIn();
    const line = await createLine("bandwidth");
    FIXTURES.bandwidth.arrange(s, line, null);
    await apiJson("GET", await path(line, "check"));
    const tokenAsks = () => vi.mocked(globalThis.fetch).mock.calls.filter(([input]) => String(input) === BANDWIDTH_TOKEN_URL).length;
    expect(tokenAsks()).toBe(1);
    s.failNext(401, settingsRequest);
    const configured = await apiJson("POST", await path(line, "configure"));
    expect(configured.changed).toEqual(["callInitiatedUrl"]);
    expect(tokenAsks()).toBe(2);
    const asked = s.requests.filter((r) => settingsRequest(new URL(r.url)));
    expect(asked.length).toBeGreaterThan(3);
    expect(asked.every((r) => r.authorization === line.restAuthorization)).toBe(true);
  });

  it("an API credential without the role to read applications is told which role it needs", async () => {
    const s = setupStandIn();
    const line = await createLine("bandwidth");
    FIXTURES.bandwidth.arrange(s, line, null);
    s.failNext(403, settingsRequest);
    const res = await api("GET", await path(line, "check"));
    expect(res.status).toBe(502);
    expect(await res.json()).toMatchObject({ carrierStatus: 403, error: expect.stringMatching(/give it the Numbers \(Configuration\) role/) });
  });
});
