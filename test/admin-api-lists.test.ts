/**
 * The API's lists of a business's own things: its numbers alone (never their credentials), and its
 * calls and messages a page at a time, newest first, each page after the `nextCursor` of the one before.
 */
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { api, apiJson, createTwilioLine, uniquePhone, type TwilioLine } from "./support/app";

describe("GET /api/businesses/:id/numbers", () => {
  it("lists the business's numbers as the business shows them, without credentials", async () => {
    const line = await createTwilioLine();
    const second = await apiJson("POST", `/businesses/${line.businessId}/numbers`, {
      e164: uniquePhone("512"),
      carrier: "plivo",
      credentials: { authId: "MA" + "A".repeat(18), authToken: "plivo-token-123" },
      mode: "status",
    });
    const listed = await apiJson("GET", `/businesses/${line.businessId}/numbers`);
    const business = await apiJson("GET", `/businesses/${line.businessId}`);
    expect(listed).toEqual({ numbers: business.numbers });
    expect(listed.numbers.map((n: { id: string }) => n.id)).toEqual([line.numberId, second.id]);
    expect(listed.numbers[0]).toMatchObject({ e164: line.e164, carrier: "twilio", mode: "forward", webhookUrls: expect.any(Object) });
    const json = JSON.stringify(listed);
    for (const secret of [line.authToken, line.accountSid, "plivo-token-123", "credentials"]) expect(json).not.toContain(secret);
  });

  it("answers an empty list for a business without numbers, and 404 for an unknown business", async () => {
    const biz = await apiJson("POST", "/businesses", { name: "Acme Plumbing", timezone: "America/Chicago" });
    expect(await apiJson("GET", `/businesses/${biz.id}/numbers`)).toEqual({ numbers: [] });
    expect((await api("GET", "/businesses/biz_nope/numbers")).status).toBe(404);
  });
});

const T0 = Date.UTC(2026, 10, 2, 15);

/** `n` calls (each with a text-back), two to a millisecond so pages must break ties by id; newest first as the list should give them. */
async function history(line: TwilioLine, n: number): Promise<{ calls: string[]; messages: string[] }> {
  const calls: string[] = [];
  const messages: string[] = [];
  const statements: D1PreparedStatement[] = [];
  for (let i = 0; i < n; i++) {
    const at = T0 + Math.floor(i / 2) * 1000;
    const sid = `CA${crypto.randomUUID().replace(/-/g, "")}`;
    const callId = `c_${line.numberId}_${sid}`;
    const messageId = `m_${line.numberId}_${sid}`;
    const caller = uniquePhone();
    calls.push(callId);
    messages.push(messageId);
    statements.push(
      env.DB.prepare(
        "INSERT INTO calls (id, business_id, number_id, carrier_call_id, from_phone, to_phone, outcome, decision, reason, at) VALUES (?, ?, ?, ?, ?, ?, 'no_answer', 'texted', 'no_answer', ?)",
      ).bind(callId, line.businessId, line.numberId, sid, caller, line.e164, at),
      env.DB.prepare(
        "INSERT INTO messages (id, business_id, number_id, call_id, direction, kind, from_phone, to_phone, body, encoding, segments, status, created_at, updated_at) VALUES (?, ?, ?, ?, 'outbound', 'missed_call', ?, ?, 'Sorry we missed you', 'GSM-7', 1, ?, ?, ?)",
      ).bind(messageId, line.businessId, line.numberId, callId, line.e164, caller, i % 3 === 0 ? "dead" : "delivered", at, at),
    );
  }
  await env.DB.batch(statements);
  const newestFirst = (ids: string[]) => ids.map((id, i) => ({ id, at: Math.floor(i / 2) })).sort((a, b) => b.at - a.at || (a.id < b.id ? 1 : -1)).map((r) => r.id);
  return { calls: newestFirst(calls), messages: newestFirst(messages) };
}

/** Every page of a list, following `nextCursor` until it is null. */
async function allPages(path: string, key: "calls" | "messages", query: string) {
  const pages: string[][] = [];
  let cursor: string | null = null;
  do {
    const sep = query ? "&" : "";
    const page: Record<string, any> = await apiJson("GET", `${path}?${query}${sep}${cursor ? `cursor=${encodeURIComponent(cursor)}` : ""}`);
    pages.push(page[key].map((r: { id: string }) => r.id));
    cursor = page.nextCursor;
    expect(pages.length).toBeLessThan(20);
  } while (cursor);
  return pages;
}

describe.each(["calls", "messages"] as const)("GET /api/businesses/:id/%s, a page at a time", (key) => {
  it("pages through every row once, newest first, ties broken by id, the last page with nextCursor null", async () => {
    const line = await createTwilioLine();
    const rows = (await history(line, 7))[key];
    const pages = await allPages(`/businesses/${line.businessId}/${key}`, key, "limit=3");
    expect(pages.map((p) => p.length)).toEqual([3, 3, 1]);
    expect(pages.flat()).toEqual(rows);
    const all = await apiJson("GET", `/businesses/${line.businessId}/${key}`);
    expect(all[key].map((r: { id: string }) => r.id)).toEqual(rows);
    expect(all.nextCursor).toBeNull();
  });

  it("refuses a cursor that no page gave, with 400 naming it", async () => {
    const line = await createTwilioLine();
    for (const cursor of ["abc", "12~", "~c_1", "1.5~c_1"]) {
      const res = await api("GET", `/businesses/${line.businessId}/${key}?cursor=${encodeURIComponent(cursor)}`);
      expect(res.status, cursor).toBe(400);
      expect((await res.json<{ error: string }>()).error).toMatch(/^cursor: /);
    }
  });
});

it("GET /messages?status=dead pages through the dead letters alone", async () => {
  const line = await createTwilioLine();
  const { messages } = await history(line, 9);
  const dead = await env.DB.prepare("SELECT id FROM messages WHERE business_id = ? AND status = 'dead'").bind(line.businessId).all<{ id: string }>();
  const deadIds = new Set(dead.results.map((r) => r.id));
  const pages = await allPages(`/businesses/${line.businessId}/messages`, "messages", "status=dead&limit=2");
  expect(pages.flat()).toEqual(messages.filter((id) => deadIds.has(id)));
  expect(pages.flat()).toHaveLength(3);
});
