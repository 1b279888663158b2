/**
 * Call webhooks act on the line configuration cached in the isolate (webhooks/line-lookup.ts) and leave
 * the caller's consent and deliverability to the line, which reads them in the D1 batch that records
 * the call. These tests pin what that must not change: admin edits apply at once, a rotated token
 * is picked up, and a caller who opted out anywhere is skipped for that reason with nothing written
 * for a text and nothing reserved.
 */
import { createExecutionContext, waitOnExecutionContext } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { and, eq } from "drizzle-orm";
import { drizzle } from "drizzle-orm/d1";
import { afterEach, describe, expect, it, vi } from "vitest";
import { twilioSignature } from "../src/carriers/twilio-signature";
import { encryptSecret } from "../src/crypto/secrets";
import { businesses, calls, consentEvents, messages, numbers, templates, undeliverable } from "../src/db/schema";
import { linesChanged } from "../src/line/config-changed";
import { callerClear, CALLER_STATUS_SQL } from "../src/db/consent";
import { loadLine } from "../src/webhooks/line-config";
import worker from "../src/index";
import { apiJson, createTwilioLine, dialStatus, eventually, ORIGIN, settle, twilioWebhook, uniquePhone, type TwilioLine } from "./support/app";
import { createLine, mockCarriers, mockTwilio, placeCall } from "./support/carriers";
import { recording, type Issued } from "./support/d1";

afterEach(() => vi.restoreAllMocks());

const db = () => drizzle(env.DB);

/** A no-answer dial-status webhook through the worker with a recording D1 binding (the line's own D1 is not recorded). */
async function missedCallRecorded(line: TwilioLine, caller: string, issued: Issued[]): Promise<Response> {
  const url = `${ORIGIN}/webhooks/twilio/dial-status`;
  const params = dialStatus(line, caller, "no-answer");
  const req = new Request(url, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded", "x-twilio-signature": await twilioSignature(line.authToken, url, params) },
    body: new URLSearchParams(params).toString(),
  });
  const ctx = createExecutionContext();
  const res = await worker.fetch(req, { ...env, DB: recording(env.DB, issued) }, ctx);
  await waitOnExecutionContext(ctx);
  return res;
}

const missedCall = (line: TwilioLine, caller: string, token = line.authToken) =>
  twilioWebhook("/webhooks/twilio/dial-status", dialStatus(line, caller, "no-answer"), token);

async function callOf(line: TwilioLine, caller: string) {
  const [row] = await db().select().from(calls).where(and(eq(calls.toPhone, line.e164), eq(calls.fromPhone, caller)));
  return row;
}

describe("call webhooks on a cached line", () => {
  it("a warm call webhook makes no D1 round trip of its own: the line's batch is the only one", async () => {
    const carrier = mockTwilio();
    const line = await createTwilioLine();
    const first: Issued[] = [];
    expect((await missedCallRecorded(line, uniquePhone(), first)).status).toBe(200);
    expect(first).toHaveLength(1); // the line's configuration, read once
    const warm: Issued[] = [];
    const caller = uniquePhone();
    expect((await missedCallRecorded(line, caller, warm)).status).toBe(200);
    expect(warm).toEqual([]);
    await eventually(async () => carrier.to(caller).length === 1);
  });

  it("an admin change made through the API applies to the very next call", async () => {
    const carrier = mockTwilio();
    const line = await createTwilioLine();
    const a = uniquePhone();
    await missedCall(line, a);
    await eventually(async () => carrier.to(a).length === 1);
    await apiJson("PUT", `/businesses/${line.businessId}/templates/missed_call`, { body: "{business}: changed just now. Reply STOP to opt out." });
    const b = uniquePhone();
    await missedCall(line, b);
    const [sent] = await eventually(async () => carrier.to(b).length === 1 && carrier.to(b));
    expect(sent!.form.get("Body")).toBe("Acme Plumbing: changed just now. Reply STOP to opt out.");
  });

  it("a change committed through another isolate applies to the next call once the lines are told, cached copies here notwithstanding", async () => {
    const carrier = mockTwilio();
    const line = await createTwilioLine();
    const a = uniquePhone();
    await missedCall(line, a);
    await eventually(async () => carrier.to(a).length === 1); // this isolate now caches the line
    // What another isolate's admin action does: commit to D1, then tell the business's lines.
    // This isolate's cache is not cleared (no admin request went through it).
    await db().update(templates).set({ body: "{business}: edited elsewhere. Reply STOP to opt out." }).where(and(eq(templates.businessId, line.businessId), eq(templates.kind, "missed_call")));
    await db().update(businesses).set({ settings: { cooldownHours: 1, dailyCap: 2 } }).where(eq(businesses.id, line.businessId));
    await linesChanged(env, line.businessId);
    const b = uniquePhone();
    const first: Issued[] = [];
    expect((await missedCallRecorded(line, b, first)).status).toBe(200);
    const [sent] = await eventually(async () => carrier.to(b).length === 1 && carrier.to(b));
    expect(sent!.form.get("Body")).toBe("Acme Plumbing: edited elsewhere. Reply STOP to opt out.");
    // The line refused the cached copy; the worker read the stored one (one statement) and asked again.
    expect(first).toHaveLength(1);
    // ...and keeps the new one: the daily cap of 2 now holds (a and b were texted).
    const c = uniquePhone();
    await missedCall(line, c);
    await eventually(async () => (await callOf(line, c))?.decision === "skipped:daily_cap");
    // A warm call after that needs no D1 read of its own again.
    const warm: Issued[] = [];
    await missedCallRecorded(line, uniquePhone(), warm);
    expect(warm).toEqual([]);
  });

  it("a change the lines are not told about (D1 edited by hand) waits for the cache to expire", async () => {
    const carrier = mockTwilio();
    const line = await createTwilioLine();
    const a = uniquePhone();
    await missedCall(line, a);
    await eventually(async () => carrier.to(a).length === 1);
    await db().update(templates).set({ body: "{business}: edited by hand. Reply STOP to opt out." }).where(and(eq(templates.businessId, line.businessId), eq(templates.kind, "missed_call")));
    const b = uniquePhone();
    await missedCall(line, b);
    const [sent] = await eventually(async () => carrier.to(b).length === 1 && carrier.to(b));
    expect(sent!.form.get("Body")).not.toContain("edited by hand");
  });

  it("a token rotated behind the cache is accepted on the first webhook signed with it", async () => {
    const carrier = mockTwilio();
    const line = await createTwilioLine();
    await missedCall(line, uniquePhone()); // cached with the old token
    const rotated = `tok_${crypto.randomUUID()}`;
    const credentials = await encryptSecret(env.DATA_KEY, JSON.stringify({ accountSid: line.accountSid, authToken: rotated }));
    await db().update(numbers).set({ credentials }).where(eq(numbers.e164, line.e164));
    const caller = uniquePhone();
    expect((await missedCall(line, caller, rotated)).status).toBe(200);
    await eventually(async () => carrier.to(caller).length === 1);
    expect((await missedCall(line, uniquePhone(), "tok_forged")).status).toBe(403);
  });

  it("Telnyx: a public key rotated behind the cache is accepted on the first event signed with it; the old key is refused", async () => {
    const carrier = mockCarriers();
    const line = await createLine("telnyx");
    const first = uniquePhone();
    await placeCall(line, first, "no-answer"); // cached with the old key
    await eventually(async () => carrier.to(first).length === 1);
    const apiKey = `KEY${crypto.randomUUID()}`;
    const rotated = (await crypto.subtle.generateKey({ name: "Ed25519" }, true, ["sign", "verify"])) as CryptoKeyPair;
    const publicKey = btoa(String.fromCharCode(...new Uint8Array((await crypto.subtle.exportKey("raw", rotated.publicKey)) as ArrayBuffer)));
    const credentials = await encryptSecret(env.DATA_KEY, JSON.stringify({ apiKey, publicKey }));
    await db().update(numbers).set({ credentials }).where(eq(numbers.e164, line.e164));
    const caller = uniquePhone();
    const responses = await placeCall(line, caller, "no-answer", { signAs: { ...line, telnyxKey: rotated } });
    expect(responses.map((r) => r.status)).toEqual(responses.map(() => 200));
    await eventually(async () => carrier.to(caller).length === 1);
    const stale = await placeCall(line, uniquePhone(), "no-answer");
    expect(stale.map((r) => r.status)).toContain(403);
  });

  it("a caller who opted out elsewhere is skipped as opted out, with no text row, no consent evidence, and the daily cap given back", async () => {
    const carrier = mockTwilio();
    const line = await createTwilioLine({ settings: { dailyCap: 1 } });
    const optedOut = uniquePhone();
    await apiJson("POST", `/businesses/${line.businessId}/consent`, { phone: optedOut, kind: "opt_out" });
    expect((await missedCall(line, optedOut)).status).toBe(200);
    // Decided on the cached line; the outbox's D1 batch refuses the text and corrects the record.
    const call = await eventually(async () => {
      const row = await callOf(line, optedOut);
      return row?.decision === "skipped:opted_out" && row;
    });
    expect(call).toMatchObject({ decision: "skipped:opted_out", reason: "opted_out" });
    expect(await db().select().from(messages).where(eq(messages.toPhone, optedOut))).toEqual([]);
    const evidence = await db().select().from(consentEvents).where(and(eq(consentEvents.phone, optedOut), eq(consentEvents.kind, "implied_by_call")));
    expect(evidence).toEqual([]);
    // The cap of 1 was not spent on the skipped caller.
    const next = uniquePhone();
    await missedCall(line, next);
    await eventually(async () => carrier.to(next).length === 1);
    expect(await callOf(line, next)).toMatchObject({ decision: "texted:no_answer" });
    await settle(100);
    expect(carrier.to(optedOut)).toEqual([]);
  });

  it.each([
    ["21614", "skipped:undeliverable_landline"],
    ["30005", "skipped:undeliverable"],
  ])("a caller the carrier called undeliverable (%s) is skipped as %s", async (errorCode, decision) => {
    mockTwilio();
    const line = await createTwilioLine();
    const refused = uniquePhone();
    await db().insert(undeliverable).values({ businessId: line.businessId, phone: refused, errorCode, at: Date.now() });
    await missedCall(line, refused);
    await eventually(async () => (await callOf(line, refused))?.decision === decision);
    expect(await db().select().from(messages).where(eq(messages.toPhone, refused))).toEqual([]);
  });

  it("a skip that ranks below consent (cooldown) is recorded as opted out when the caller has since opted out", async () => {
    const carrier = mockTwilio();
    const line = await createTwilioLine();
    const caller = uniquePhone();
    await missedCall(line, caller);
    await eventually(async () => carrier.to(caller).length === 1);
    await apiJson("POST", `/businesses/${line.businessId}/consent`, { phone: caller, kind: "opt_out" });
    const res = await missedCall(line, caller);
    expect(res.status).toBe(200);
    const rows = await db().select().from(calls).where(and(eq(calls.toPhone, line.e164), eq(calls.fromPhone, caller)));
    expect(rows.map((r) => r.decision).sort()).toEqual(["skipped:opted_out", "texted:no_answer"]);
  });

  it("the caller-status statements the line adds to its batch use indexes", async () => {
    const clear = callerClear("biz", "+14155552671");
    for (const [sql, params] of [
      [CALLER_STATUS_SQL, ["biz", "+14155552671"]],
      [`SELECT 1 WHERE ${clear.sql}`, clear.params],
    ] as const) {
      const { results } = await env.DB.prepare(`EXPLAIN QUERY PLAN ${sql}`).bind(...params).all<{ detail: string }>();
      const details = results.map((r) => r.detail);
      // A table SCAN would grow with history; SCAN CONSTANT ROW is the bare SELECT around the subqueries.
      expect(details.filter((d) => /^SCAN (?!CONSTANT ROW)/.test(d)), details.join("\n")).toEqual([]);
      expect(details.filter((d) => /SEARCH (c|u) USING (COVERING )?INDEX/.test(d)), details.join("\n")).toHaveLength(2);
    }
  });
});

describe("parsed line configuration", () => {
  it("lines whose businesses keep the same templates share one parsed copy; an edited template is the business's own", async () => {
    const [a, b] = [await createTwilioLine(), await createTwilioLine()];
    const templatesOf = async (line: TwilioLine) => (await loadLine(env.DB, line.e164, null))!.context.templates;
    const shared = await templatesOf(a);
    expect(shared.missed_call).toContain("{business}");
    expect(await templatesOf(b)).toBe(shared);
    expect(Object.isFrozen(shared)).toBe(true);

    await apiJson("PUT", `/businesses/${b.businessId}/templates/missed_call`, { body: "{business}: sorry we missed you. Reply STOP to opt out." });
    const own = await templatesOf(b);
    expect(own.missed_call).toBe("{business}: sorry we missed you. Reply STOP to opt out.");
    expect(own.opt_out).toBe(shared.opt_out);
    expect(await templatesOf(a)).toBe(shared);
  });
});
