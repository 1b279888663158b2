/**
 * Bandwidth numbers and API credentials in the Worker (the real outbox, queue and line): texts go
 * out with the bearer token the number's client ID and secret got, and a number still saved with an
 * API user (username and password, which Bandwidth stopped accepting on 2 December 2026) is said so
 * plainly: its texts fail once with `api_user_retired`, its check and its numbers page say what to
 * enter, and its calls keep being answered meanwhile.
 */
import { env } from "cloudflare:workers";
import { eq } from "drizzle-orm";
import { drizzle } from "drizzle-orm/d1";
import { afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { BANDWIDTH_API_USER_RETIRED } from "../src/carriers/bandwidth";
import { encryptSecret } from "../src/crypto/secrets";
import { numbers } from "../src/db/schema";
import { get, newSession, type Session } from "./support/admin-session";
import { api, apiJson, eventually, settle, uniquePhone } from "./support/app";
import { createLine, mockCarriers, placeCall, type Line } from "./support/carriers";
import { BANDWIDTH_TOKEN_URL, bandwidthCredentials } from "./support/carriers-bandwidth";

afterEach(() => vi.restoreAllMocks());

let session: Session;
beforeAll(async () => {
  session = await newSession();
});

interface Message {
  id: string;
  to: string;
  status: string;
  attempts: number;
  errorCode: string | null;
  errorMessage: string | null;
}

const messagesOf = async (businessId: string) => (await apiJson<{ messages: Message[] }>("GET", `/businesses/${businessId}/messages`)).messages;

/** Every request that left the isolate, as a Request. */
const sentRequests = () => vi.mocked(globalThis.fetch).mock.calls.map(([input, init]) => new Request(input as RequestInfo, init));

async function numberIdOf(line: Line): Promise<string> {
  const { numbers: list } = await apiJson<{ numbers: Array<{ id: string; e164: string }> }>("GET", `/businesses/${line.businessId}`);
  return list.find((n) => n.e164 === line.e164)!.id;
}

/** The number as saved before API credentials: an API user's username and password beside the same account and callback credentials. */
async function saveAsApiUser(line: Line): Promise<void> {
  const { clientId: _id, clientSecret: _secret, ...rest } = line.credentials;
  const legacy = { ...rest, username: "api-user", password: `pw-${crypto.randomUUID()}` };
  await drizzle(env.DB).update(numbers).set({ credentials: await encryptSecret(env.DATA_KEY, JSON.stringify(legacy)) }).where(eq(numbers.e164, line.e164));
}

describe("a Bandwidth number with an API credential", () => {
  it("texts with the bearer token its client ID and secret got, asking the token endpoint once for several texts", async () => {
    const mock = mockCarriers();
    const line = await createLine("bandwidth");
    const [first, second] = [uniquePhone(), uniquePhone()];
    for (const to of [first, second]) {
      await apiJson("POST", `/businesses/${line.businessId}/messages`, { to, body: "Your estimate is ready." });
      await eventually(async () => mock.to(to).length === 1);
    }
    expect(mock.to(first)[0]!.authorization).toBe(`Bearer bw-test-token.${line.credentials.clientId}`);
    expect(mock.to(second)[0]!.authorization).toBe(line.restAuthorization);
    const basic = `Basic ${btoa(`${line.credentials.clientId}:${line.credentials.clientSecret}`)}`;
    const asked = sentRequests().filter((r) => r.url === BANDWIDTH_TOKEN_URL && r.headers.get("authorization") === basic);
    expect(asked).toHaveLength(1);
    expect([asked[0]!.method, asked[0]!.headers.get("content-type"), new TextDecoder().decode(await asked[0]!.arrayBuffer())]).toEqual(["POST", "application/x-www-form-urlencoded", "grant_type=client_credentials"]);
  });

  it("is refused with an API user's username and password in place of one, saying why", async () => {
    const biz = await apiJson("POST", "/businesses", { name: "Acme Plumbing", timezone: "America/Chicago" });
    const { clientId: _id, clientSecret: _secret, ...rest } = bandwidthCredentials(`cbpw-${crypto.randomUUID()}`).credentials;
    const res = await api("POST", `/businesses/${biz.id}/numbers`, { e164: uniquePhone("512"), carrier: "bandwidth", credentials: { ...rest, username: "api-user", password: "api-password" } });
    expect(res.status).toBe(400);
    const { error } = await res.json<{ error: string }>();
    expect(error).toContain(BANDWIDTH_API_USER_RETIRED);
    expect(error).toContain("clientId");
    expect(error).not.toContain("api-password");
  });
});

describe("a Bandwidth number still saved with an API user", () => {
  it("keeps its calls answered, and its text fails once as api_user_retired, saying why, with nothing sent to Bandwidth", async () => {
    const mock = mockCarriers();
    const line = await createLine("bandwidth");
    await saveAsApiUser(line);
    const caller = uniquePhone();
    const callbacks = await placeCall(line, caller, "no-answer");
    expect(callbacks.map((r) => r.status)).toEqual([200, 200]);
    const failed = await eventually(async () => (await messagesOf(line.businessId)).find((m) => m.to === caller && m.status === "failed"));
    expect(failed).toMatchObject({ attempts: 1, errorCode: "api_user_retired", errorMessage: BANDWIDTH_API_USER_RETIRED });
    await settle(300);
    expect((await messagesOf(line.businessId)).find((m) => m.id === failed.id)).toMatchObject({ status: "failed", attempts: 1 });
    expect(mock.to(caller)).toEqual([]);
    expect(sentRequests().filter((r) => new URL(r.url).hostname.endsWith("bandwidth.com"))).toEqual([]);
  });

  it("its settings check and its numbers page say Bandwidth stopped accepting API users and what to enter instead", async () => {
    mockCarriers();
    const line = await createLine("bandwidth");
    await saveAsApiUser(line);
    const id = await numberIdOf(line);
    const check = await api("GET", `/businesses/${line.businessId}/numbers/${id}/check`);
    expect(check.status).toBe(502);
    expect(await check.json()).toEqual({ carrierStatus: 401, error: `${BANDWIDTH_API_USER_RETIRED}.` });
    const said = BANDWIDTH_API_USER_RETIRED.replace(/'/g, "&#39;");
    const page = await (await get(session, `/admin/businesses/${line.businessId}/numbers`)).text();
    expect(page).toContain(said);
    expect(page).toMatch(/<details open="">\s*<summary>Replace credentials<\/summary>/);
    const checked = await (await get(session, `/admin/businesses/${line.businessId}/numbers?check=${id}`)).text();
    expect(checked.split(said).length - 1).toBe(2);
    expect(sentRequests().filter((r) => new URL(r.url).hostname.endsWith("bandwidth.com"))).toEqual([]);
  });

  it("sends again once an API credential replaces it, and the page stops saying so", async () => {
    const mock = mockCarriers();
    const line = await createLine("bandwidth");
    await saveAsApiUser(line);
    const fresh = bandwidthCredentials(line.secret).credentials;
    await apiJson("PATCH", `/businesses/${line.businessId}/numbers/${await numberIdOf(line)}`, { credentials: { ...fresh, callbackUsername: line.callbackUsername } });
    const to = uniquePhone();
    await apiJson("POST", `/businesses/${line.businessId}/messages`, { to, body: "Back in business." });
    await eventually(async () => mock.to(to).length === 1);
    expect(mock.to(to)[0]!.authorization).toBe(`Bearer bw-test-token.${fresh.clientId}`);
    const page = await (await get(session, `/admin/businesses/${line.businessId}/numbers`)).text();
    expect(page).not.toContain("stopped accepting API users");
  });
});
