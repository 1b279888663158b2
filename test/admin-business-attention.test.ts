/**
 * The businesses list as an agency's home: each business says what needs someone now (urgent pages
 * nobody took, a danger among them, conversations waiting for a reply, blocked callers never), the
 * ones with an untaken page are listed on top (a danger first), and a person with more than one
 * business lands there after login; with one, on its leads.
 */
import { env } from "cloudflare:workers";
import { afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { attentionOf, needsYouNow } from "../src/admin/business-attention";
import { api, apiJson, createTwilioLine, dialStatus, eventually, inboundSms, settle, twilioWebhook, uniquePhone, type TwilioLine } from "./support/app";
import { mockTwilio } from "./support/carriers";
import { get, newSession, type Session } from "./support/admin-session";
import { recording, type Issued } from "./support/d1";
import { loginAs, person } from "./support/team";
import { plan } from "./support/query-plans";

// Logins hash a password (600,000 iterations): on a loaded machine a test takes seconds.
vi.setConfig({ testTimeout: 60_000 });
afterEach(() => vi.restoreAllMocks());

let session: Session;
beforeAll(async () => {
  session = await newSession();
});

async function callerWhoReplied(line: TwilioLine, carrier: ReturnType<typeof mockTwilio>, body: string): Promise<string> {
  const caller = uniquePhone();
  expect((await twilioWebhook("/webhooks/twilio/dial-status", dialStatus(line, caller, "no-answer"), line.authToken)).status).toBe(200);
  await eventually(async () => carrier.to(caller).length >= 1);
  expect((await twilioWebhook("/webhooks/twilio/sms", inboundSms(line, caller, body), line.authToken)).status).toBe(200);
  await settle(5);
  return caller;
}

const leadId = async (line: TwilioLine, phone: string) => (await apiJson("GET", `/businesses/${line.businessId}/leads?q=${encodeURIComponent(phone)}`)).leads[0].id as string;
/** What triage records: an urgent lead, its page not taken, and (with `danger`) the caller named one. */
const markUrgent = (id: string, danger = false) => env.DB.prepare("UPDATE leads SET urgent = 1, danger_at = ?2 WHERE id = ?1").bind(id, danger ? Date.now() : null).run();

/** The row of the businesses table naming `name`, as HTML. */
const rowOf = (html: string, name: string) => new RegExp(`<tr[^>]*>(?:(?!</tr>)[\\s\\S])*>${name}</a>[\\s\\S]*?</tr>`).exec(html)?.[0] ?? "";
const needsYouSection = (html: string) => /<section class="card needs-you"[\s\S]*?<\/section>/.exec(html)?.[0] ?? "";

describe("the businesses list says what needs someone now", () => {
  it("marks an untaken danger, untaken urgent pages and conversations waiting for a reply, never a blocked caller's, and lists untaken pages on top, a danger first", async () => {
    const carrier = mockTwilio();
    const [gas, flood] = [
      await createTwilioLine({ name: "Attn Gasworks HVAC" }),
      await createTwilioLine({ name: "Attn Floodline Plumbing" }),
      await createTwilioLine({ name: "Attn Quiet Dental" }),
    ];
    // Floodline: an urgent page not taken, opened first; one caller waits for a reply, one was answered, one is blocked.
    const burst = await callerWhoReplied(flood, carrier, "Pipe burst, water everywhere");
    await markUrgent(await leadId(flood, burst));
    const answered = await callerWhoReplied(flood, carrier, "Do you do water heaters?");
    await apiJson("POST", `/businesses/${flood.businessId}/messages`, { to: answered, body: "Yes, calling you now" });
    const pushy = await callerWhoReplied(flood, carrier, "Call me back NOW");
    expect((await api("PUT", `/businesses/${flood.businessId}/contacts/${encodeURIComponent(pushy)}`, { tags: ["blocked"] })).status).toBe(201);
    // Gasworks: a caller who smelled gas, opened later, nobody has taken the page.
    const smell = await callerWhoReplied(gas, carrier, "I smell gas in the kitchen");
    await markUrgent(await leadId(gas, smell), true);

    const html = await (await get(session, "/admin/businesses?q=Attn")).text();
    const floodRow = rowOf(html, "Attn Floodline Plumbing");
    expect(floodRow).toContain(">1 urgent page not taken</a>");
    // The burst pipe's caller and no one else: the answered one has a person's reply, the blocked one asks for none.
    expect(floodRow).toContain(">1 needs a reply</a>");
    expect(floodRow).not.toContain("Danger");
    const gasRow = rowOf(html, "Attn Gasworks HVAC");
    expect(gasRow).toContain('<a class="chip danger"');
    expect(gasRow).toContain("Danger · not taken");
    expect(gasRow).toContain(">1 needs a reply</a>");
    expect(rowOf(html, "Attn Quiet Dental")).toContain("Nothing waiting");

    // On top, across pages and searches: a danger first, then the longest waiting.
    const top = needsYouSection(await (await get(session, "/admin/businesses")).text());
    const order = [...top.matchAll(/<strong>([^<]+)<\/strong>/g)].map((m) => m[1]);
    expect(order.indexOf("Attn Gasworks HVAC")).toBe(0);
    expect(order).toContain("Attn Floodline Plumbing");
    expect(order).not.toContain("Attn Quiet Dental");
    expect(top).toContain(`href="/admin/businesses/${gas.businessId}/leads"`);

    // Taking the page takes the business off the top.
    await env.DB.prepare("UPDATE leads SET acknowledged_at = ?2, acknowledged_by = 'admin' WHERE id = ?1").bind(await leadId(gas, smell), Date.now()).run();
    const after = needsYouSection(await (await get(session, "/admin/businesses")).text());
    expect(after).not.toContain("Attn Gasworks HVAC");
    expect(rowOf(await (await get(session, "/admin/businesses?q=Attn")).text(), "Attn Gasworks HVAC")).not.toContain("not taken");
  });

  it("counts a reply as the inbox does: not a caller answering the questions, nor one whose lead was lost", async () => {
    const carrier = mockTwilio();
    const line = await createTwilioLine({ name: "Attn Summit Roofing", preset: "home_services", settings: { cooldownHours: 0 } });
    const answering = await callerWhoReplied(line, carrier, "Hail damage on the roof");
    const asking = await callerWhoReplied(line, carrier, "How much is an inspection?");
    const lost = await callerWhoReplied(line, carrier, "Need a roof inspection");
    await eventually(async () => [answering, asking, lost].every((c) => carrier.to(c).length >= 2));
    await apiJson("PATCH", `/leads/${await leadId(line, lost)}`, { status: "lost", lostReason: "price" });
    // The one who asked a question of their own, alone.
    expect((await attentionOf(env.DB, [line.businessId])).get(line.businessId)).toMatchObject({ needsReply: 1 });
    const inbox = (await (await get(session, `/admin/businesses/${line.businessId}/conversations.json?show=person`)).json()) as { conversations: { phone: string }[] };
    expect(inbox.conversations.map((c) => c.phone)).toEqual([asking]);
  });

  it("shows a person only their own businesses' pages on top", async () => {
    mockTwilio();
    const mine = await createTwilioLine({ name: "Scope Mine Heating" });
    const theirs = await createTwilioLine({ name: "Scope Theirs Heating" });
    for (const line of [mine, theirs]) {
      await env.DB.prepare("INSERT INTO leads (id, business_id, phone, status, urgent, source, created_at, last_activity_at) VALUES (?1, ?2, ?3, 'new', 1, 'call', ?4, ?4)")
        .bind(`lead_scope_${crypto.randomUUID()}`, line.businessId, uniquePhone(), Date.now())
        .run();
    }
    const viewer = { userId: "usr_scope", businessIds: [mine.businessId] };
    await env.DB.prepare("INSERT INTO user_businesses (user_id, business_id) VALUES ('usr_scope', ?1)").bind(mine.businessId).run();
    const names = (await needsYouNow(env.DB, viewer)).map((r) => r.name);
    expect(names).toContain("Scope Mine Heating");
    expect(names).not.toContain("Scope Theirs Heating");
    expect((await needsYouNow(env.DB, null)).map((r) => r.name)).toEqual(expect.arrayContaining(["Scope Mine Heating", "Scope Theirs Heating"]));
  });

  it("reads through indexes only: the untaken pages from leads_untaken_idx, the replies from the window of messages_business_created_idx, each caller's lead and words by theirs", async () => {
    mockTwilio();
    const line = await createTwilioLine({ name: "Plan Check Cooling" });
    const issued: Issued[] = [];
    const d1 = recording(env.DB, issued);
    await attentionOf(d1, [line.businessId, "biz_other"]);
    await needsYouNow(d1, null);
    await needsYouNow(d1, { userId: "usr_x", businessIds: ["biz_other"] });
    const plans = await Promise.all(issued.map(async (q) => ({ sql: q.sql, plan: (await plan(q)).join("\n") })));
    expect(plans).toHaveLength(4);
    for (const { sql, plan: p } of plans) {
      console.info(`${sql}\n  ${p.replace(/\n/g, "\n  ")}`);
      // Every table by an index: a SCAN is only ever of the untaken pages' own small index.
      for (const line of p.split("\n").filter((l) => /^SCAN (leads|l|messages|businesses|b|contact_tags|user_businesses|u)\b/.test(l))) expect(line, `${sql}\n${p}`).toMatch(/USING (COVERING )?INDEX leads_untaken_idx/);
      if (/FROM leads l\b/.test(sql)) expect(p, `${sql}\n${p}`).toMatch(/\bl USING (COVERING )?INDEX leads_untaken_idx/);
      // The replies' callers' leads (when their latest closed) by leads_business_phone_idx, their words by messages_business_from_idx.
      if (/FROM leads x\b/.test(sql)) expect(p, `${sql}\n${p}`).toMatch(/SEARCH x USING COVERING INDEX leads_business_phone_idx \(business_id=\? AND phone=\?\)/);
      if (/FROM messages/.test(sql)) expect(p, `${sql}\n${p}`).toMatch(/SEARCH messages USING INDEX messages_business_created_idx \(business_id=\? AND created_at>\?\)/);
    }
  });
});

describe("where a person lands after login", () => {
  it("is the businesses list with more than one business, and the business's leads with one", async () => {
    const [a, b] = [await createTwilioLine({ name: "Land A" }), await createTwilioLine({ name: "Land B" })];
    const agency = await person("manager", [a.businessId, b.businessId]);
    const single = await person("agent", [a.businessId]);
    const home = async (p: { email: string; password: string }) => {
      const res = await loginAs(p.email, p.password);
      const cookie = /^([^;]+)/.exec(res.headers.get("set-cookie") ?? "")![1]!;
      return (await get({ cookie, csrf: "" }, "/admin")).headers.get("location");
    };
    expect(await home(agency)).toBe("/admin/businesses");
    expect(await home(single)).toBe(`/admin/businesses/${a.businessId}/leads`);
    // The owner (ADMIN_TOKEN) sees every business of this file.
    expect((await get(session, "/admin")).headers.get("location")).toBe("/admin/businesses");
  });
});
