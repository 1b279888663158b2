/**
 * The numbers page changes a number the way the API does (issue 20, item 7): new credentials, the
 * mode, removal with a box to tick. Each refusal is the page again with the field named, nothing
 * changed and no secret echoed.
 */
import { env } from "cloudflare:workers";
import { eq } from "drizzle-orm";
import { drizzle } from "drizzle-orm/d1";
import { afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { numbers } from "../src/db/schema";
import { apiJson, createTwilioLine, dialStatus, eventually, twilioWebhook, uniquePhone, type TwilioLine } from "./support/app";
import { mockTwilio } from "./support/carriers";
import { get, newSession, post, type Session } from "./support/admin-session";

afterEach(() => vi.restoreAllMocks());

let session: Session;
beforeAll(async () => {
  session = await newSession();
});

const storedCredentials = async (e164: string) => (await drizzle(env.DB).select({ c: numbers.credentials }).from(numbers).where(eq(numbers.e164, e164)))[0]?.c;

async function numberOf(line: TwilioLine) {
  const { numbers: list } = await apiJson("GET", `/businesses/${line.businessId}`);
  return list.find((n: { e164: string }) => n.e164 === line.e164) as { id: string; mode: string } | undefined;
}

const numberPath = async (line: TwilioLine, what: string) => `/admin/businesses/${line.businessId}/numbers/${(await numberOf(line))!.id}/${what}`;

const missedCall = (line: TwilioLine, caller: string, token: string) => twilioWebhook("/webhooks/twilio/dial-status", dialStatus(line, caller, "no-answer"), token);

describe("the numbers page", () => {
  it("offers each number a mode, a credentials and a remove form, and shows no credential", async () => {
    const line = await createTwilioLine();
    const id = (await numberOf(line))!.id;
    const html = await (await get(session, `/admin/businesses/${line.businessId}/numbers`)).text();
    for (const what of ["mode", "credentials", "remove"]) expect(html).toContain(`action="/admin/businesses/${line.businessId}/numbers/${id}/${what}"`);
    expect(html).toContain(`name="confirm" value="${line.e164}" required`);
    expect(html).not.toContain(line.authToken);
    expect(html).not.toContain(line.accountSid);
  });

  it("replaces the credentials: the old token is refused at once, the new one works, neither is shown", async () => {
    const carrier = mockTwilio();
    const line = await createTwilioLine();
    const fresh = { accountSid: `AC${crypto.randomUUID().replace(/-/g, "")}`, authToken: `tok_${crypto.randomUUID()}` };
    const res = await post(session, await numberPath(line, "credentials"), { "cred.accountSid": fresh.accountSid, "cred.authToken": fresh.authToken });
    expect(res.status).toBe(303);
    expect(res.headers.get("location")).toMatch(/\/numbers\?done=number_updated$/);
    expect((await missedCall(line, uniquePhone(), line.authToken)).status).toBe(403);
    const caller = uniquePhone();
    expect((await missedCall(line, caller, fresh.authToken)).status).toBe(200);
    const [sent] = await eventually(async () => carrier.to(caller).length === 1 && carrier.to(caller));
    expect(sent!.url).toContain(fresh.accountSid);
    const html = await (await get(session, `/admin/businesses/${line.businessId}/numbers?done=number_updated`)).text();
    expect(html).toContain("Number saved.");
    expect(html).not.toContain(fresh.authToken);
  });

  it("refuses malformed credentials with 400 naming the field, changes nothing and echoes no secret", async () => {
    const line = await createTwilioLine();
    const before = await storedCredentials(line.e164);
    const secret = `tok_${crypto.randomUUID()}`;
    const res = await post(session, await numberPath(line, "credentials"), { "cred.accountSid": "AC123", "cred.authToken": secret });
    expect(res.status).toBe(400);
    const html = await res.text();
    expect(html).toContain("Account SID: must look like AC followed by 32 characters");
    expect(html).not.toContain(secret);
    expect(await storedCredentials(line.e164)).toBe(before);
  });

  it("changes the mode, and refuses one that is neither", async () => {
    const line = await createTwilioLine();
    const bad = await post(session, await numberPath(line, "mode"), { mode: "ring" });
    expect(bad.status).toBe(400);
    expect(await bad.text()).toContain("How calls reach Textback: must be forward, status or forwarded");
    expect((await numberOf(line))!.mode).toBe("forward");
    const res = await post(session, await numberPath(line, "mode"), { mode: "status" });
    expect(res.headers.get("location")).toMatch(/done=number_updated$/);
    expect((await numberOf(line))!.mode).toBe("status");
  });

  it("removes a number only once its box is ticked; its history stays", async () => {
    const carrier = mockTwilio();
    const line = await createTwilioLine();
    const caller = uniquePhone();
    await missedCall(line, caller, line.authToken);
    await eventually(async () => carrier.to(caller).length === 1);
    const path = await numberPath(line, "remove");

    for (const form of [{}, { confirm: uniquePhone("512") }] as Record<string, string>[]) {
      const res = await post(session, path, form);
      expect(res.status).toBe(400);
      expect(await res.text()).toContain("to remove this number");
      expect(await numberOf(line)).toBeDefined();
    }
    const res = await post(session, path, { confirm: line.e164 });
    expect(res.headers.get("location")).toMatch(/done=number_removed$/);
    expect(await numberOf(line)).toBeUndefined();
    expect((await apiJson("GET", `/businesses/${line.businessId}/calls`)).calls).toEqual([expect.objectContaining({ from: caller })]);
  });

  it("answers 404 for another business's number, and 403 without a session; nothing changes", async () => {
    const mine = await createTwilioLine();
    const theirs = await createTwilioLine();
    const id = (await numberOf(theirs))!.id;
    const before = await storedCredentials(theirs.e164);
    const forms: [string, Record<string, string>][] = [
      ["mode", { mode: "status" }],
      ["credentials", { "cred.accountSid": `AC${"b2".repeat(16)}`, "cred.authToken": "tok_0123456789" }],
      ["remove", { confirm: theirs.e164 }],
    ];
    for (const [what, form] of forms) {
      expect((await post(session, `/admin/businesses/${mine.businessId}/numbers/${id}/${what}`, form)).status, what).toBe(404);
      expect((await post(null, `/admin/businesses/${theirs.businessId}/numbers/${id}/${what}`, form)).status, what).toBe(403);
    }
    expect(await numberOf(theirs)).toMatchObject({ id, mode: "forward" });
    expect(await storedCredentials(theirs.e164)).toBe(before);
  });
});

describe("the test text waits for the carrier's answer", () => {
  it("a wrong auth token (Twilio 20003) is said on the page, not 'queued'", async () => {
    mockTwilio([{ status: 401, body: { code: 20003, message: "Authenticate", status: 401 } }]);
    const line = await createTwilioLine();
    const res = await post(session, await numberPath(line, "test"), { to: uniquePhone() });
    expect(res.status).toBe(502);
    const page = await res.text();
    expect(page).toContain("The test text was not sent: the carrier refused the number&#39;s credentials (20003).");
    expect(page).not.toContain("queued");
  });

  it("an accepted text says so", async () => {
    mockTwilio();
    const line = await createTwilioLine();
    const res = await post(session, await numberPath(line, "test"), { to: uniquePhone() });
    expect(res.headers.get("location")).toMatch(/done=test_sent$/);
    const page = await (await get(session, res.headers.get("location")!)).text();
    expect(page).toContain("Test text sent: the carrier accepted it.");
  });
});

describe("a number whose credentials the carrier refuses", () => {
  const warning = /Texts from \(\d{3}\) \d{3}-\d{4} are not going out:<\/strong> the carrier refused the number&#39;s credentials \(20003\)/;
  const pages = (line: TwilioLine) => Promise.all([`/admin/businesses/${line.businessId}/numbers`, `/admin/businesses/${line.businessId}`].map(async (p) => (await get(session, p)).text()));

  it("says so on the numbers page and the dashboard until a text from it goes out", async () => {
    mockTwilio([{ status: 401, body: { code: 20003, message: "Authenticate", status: 401 } }]);
    const line = await createTwilioLine();
    const other = await createTwilioLine();
    for (const html of await pages(line)) expect(html).not.toMatch(warning);
    expect((await post(session, await numberPath(line, "test"), { to: uniquePhone() })).status).toBe(502);

    const [numbersPage, dashboard] = await pages(line);
    expect(numbersPage).toMatch(warning);
    expect(dashboard).toMatch(warning);
    expect(dashboard).toContain(`href="/admin/businesses/${line.businessId}/numbers"`);
    // Another business's number is not this one's problem.
    for (const html of await pages(other)) expect(html).not.toMatch(warning);

    // The carrier takes the next text: the number works again.
    const res = await post(session, await numberPath(line, "test"), { to: uniquePhone() });
    expect(res.headers.get("location")).toMatch(/done=test_sent$/);
    for (const html of await pages(line)) expect(html).not.toMatch(warning);
  });

  it("a missed call's failed text-back shows it too, and new credentials clear it", async () => {
    const carrier = mockTwilio([{ status: 401, body: { code: 20003, message: "Authenticate", status: 401 } }]);
    const line = await createTwilioLine();
    const caller = uniquePhone();
    expect((await missedCall(line, caller, line.authToken)).status).toBe(200);
    await eventually(async () => carrier.to(caller).length === 1);
    await eventually(async () => warning.test((await pages(line))[1]!));
    const creds = await post(session, await numberPath(line, "credentials"), { "cred.accountSid": line.accountSid, "cred.authToken": line.authToken });
    expect(creds.status).toBe(303);
    for (const html of await pages(line)) expect(html).not.toMatch(warning);
  });
});

describe("the add-number forms for Plivo and Bandwidth", () => {
  it.each([
    ["plivo", { "cred.authId": "MA0123456789ABCDEFGH", "cred.authToken": `tok_${crypto.randomUUID()}` }, ["/webhooks/plivo/voice", "/webhooks/plivo/sms"]],
    [
      "bandwidth",
      {
        "cred.accountId": "9900000",
        "cred.applicationId": crypto.randomUUID(),
        "cred.clientId": `cid-${crypto.randomUUID()}`,
        "cred.clientSecret": `cs_${crypto.randomUUID()}`,
        "cred.callbackUsername": "textback",
        "cred.callbackPassword": `cb_${crypto.randomUUID()}`,
      },
      ["/webhooks/bandwidth/voice", "/webhooks/bandwidth/messaging"],
    ],
  ] as const)("offers %s, adds a number with it, lists what to paste and shows no secret", async (carrier, creds, paths) => {
    const biz = await apiJson("POST", "/businesses", { name: "Forms Inc", timezone: "America/Chicago" });
    const page = await (await get(session, `/admin/businesses/${biz.id}/numbers`)).text();
    expect(page).toContain(`name="carrier" value="${carrier}"`);
    for (const field of Object.keys(creds)) expect(page).toContain(`name="${field}"`);
    const e164 = uniquePhone("512");
    const res = await post(session, `/admin/businesses/${biz.id}/numbers`, { carrier, e164, mode: "forward", ...creds });
    expect(res.status).toBe(303);
    const html = await (await get(session, `/admin/businesses/${biz.id}/numbers`)).text();
    for (const p of paths) expect(html).toContain(`${p}"`);
    for (const [k, v] of Object.entries(creds)) if (/token|password|secret/i.test(k)) expect(html).not.toContain(v);
  });
});

describe("Plivo's forward mode says what it cannot tell", () => {
  const caveat = /With Plivo, Textback cannot tell your voicemail from a person: in forward mode, a call your phone&#39;s voicemail picks up counts as answered \(unless it lasts under (\d+) seconds\) and the caller gets no text/g;
  const sectionOf = (html: string, e164: string) => new RegExp(`<section class="card" aria-labelledby="n-[^"]+"><h2 id="n-[^"]+">\\(${e164.slice(2, 5)}\\)[\\s\\S]*?</section>`).exec(html)?.[0] ?? "";
  const addFormOf = (html: string, carrier: string) => new RegExp(`<details class="card"[^>]*><summary><strong>${carrier}</strong>[\\s\\S]*?</details>`).exec(html)?.[0] ?? "";

  it("on the Add Plivo number form beside Forward, and on a Plivo number's card in forward mode only", async () => {
    const biz = await apiJson("POST", "/businesses", { name: "Caveat HVAC", timezone: "America/Chicago", settings: { minAnsweredSeconds: 8 } });
    const numbersPath = `/admin/businesses/${biz.id}/numbers`;
    const empty = await (await get(session, numbersPath)).text();
    expect([...addFormOf(empty, "Plivo").matchAll(caveat)].map((m) => m[1])).toEqual(["8"]);
    expect(addFormOf(empty, "Twilio")).not.toMatch(caveat);
    expect(addFormOf(empty, "Bandwidth")).not.toMatch(caveat);

    const [forward, kept] = [uniquePhone("512"), uniquePhone("737")];
    const creds = { "cred.authId": "MA0123456789ABCDEFGH", "cred.authToken": `tok_${crypto.randomUUID()}` };
    expect((await post(session, numbersPath, { carrier: "plivo", e164: forward, mode: "forward", ...creds })).status).toBe(303);
    expect((await post(session, numbersPath, { carrier: "plivo", e164: kept, mode: "forwarded", ...creds })).status).toBe(303);
    const html = await (await get(session, numbersPath)).text();
    // The forward number: on its card, and in its mode form under Forward.
    expect([...sectionOf(html, forward).matchAll(caveat)]).toHaveLength(2);
    // Keep your number: only under the Forward choice of its mode form, not as the card's own warning.
    expect([...sectionOf(html, kept).matchAll(caveat)]).toHaveLength(1);
  });
});
