/**
 * A missed call's and a caller's reply's lead statements (db/leads.ts), run against D1 as their
 * batches run them: which lead each cause opens or joins, and which timeline entries it writes, in
 * which order, once per cause. What any rewrite of those statements (fewer of them, for CPU per
 * call) has to keep.
 */
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { callLeadStatements, replyLeadWrites } from "../src/leads/record";
import { uniquePhone } from "./support/app";

const businessId = () => `b_stmts_${crypto.randomUUID()}`;

/** Call and message ids are unique across businesses, and so are their entries' ids: each test its own. */
const ids = () => {
  const run = crypto.randomUUID().slice(0, 8);
  return (name: string) => `${name}_${run}`;
};

function callRow(business: string, phone: string, id: string, at: number) {
  return { id, businessId: business, numberId: "n", carrierCallId: id, fromPhone: phone, toPhone: "+15550000000", outcome: "no_answer" as const, decision: "texted:no_answer" as const, reason: "no_answer" as const, facts: {}, at };
}

function call(business: string, phone: string, id: string, at: number, callerIdName: string | null = null) {
  return env.DB.batch(callLeadStatements(env.DB, callRow(business, phone, id, at), callerIdName));
}

function reply(business: string, phone: string, messageId: string, at: number) {
  return env.DB.batch(replyLeadWrites(env.DB, { businessId: business, phone, messageId, at }, false).statements);
}

async function leadsOf(business: string) {
  const { results } = await env.DB.prepare("SELECT id, phone, name, name_source, status, source, calls, first_reply_at, closed_at FROM leads WHERE business_id = ? ORDER BY created_at")
    .bind(business)
    .all();
  return results;
}

/** Every entry of the business, in the order written (the timeline's order among equal times). */
async function entriesOf(business: string) {
  const { results } = await env.DB.prepare("SELECT id, lead_id, type, detail, actor, at FROM lead_events WHERE business_id = ? ORDER BY rowid").bind(business).all();
  return results;
}

describe("a missed call's lead statements", () => {
  it("open a lead with the call's entry, then `opened`; a redelivery adds nothing; a later call joins it with its entry alone", async () => {
    const [biz, id, phone] = [businessId(), ids(), uniquePhone()];
    const [c1, c2] = [id("c1"), id("c2")];
    await call(biz, phone, c1, 1_000, "Jane Roe");
    await call(biz, phone, c1, 1_000, "Jane Roe");
    await call(biz, phone, c2, 2_000);
    expect(await leadsOf(biz)).toEqual([{ id: `l_${c1}`, phone, name: "Jane Roe", name_source: "caller_id", status: "new", source: "no_answer", calls: 2, first_reply_at: null, closed_at: null }]);
    expect(await entriesOf(biz)).toEqual([
      { id: `call:${c1}`, lead_id: `l_${c1}`, type: "call", detail: `{"callId":"${c1}","outcome":"no_answer"}`, actor: "system", at: 1_000 },
      { id: `opened:l_${c1}`, lead_id: `l_${c1}`, type: "opened", detail: '{"source":"no_answer","name":"Jane Roe","nameFrom":"caller_id"}', actor: "system", at: 1_000 },
      { id: `call:${c2}`, lead_id: `l_${c1}`, type: "call", detail: `{"callId":"${c2}","outcome":"no_answer"}`, actor: "system", at: 2_000 },
    ]);
  });

  it("touch no lead for a caller tagged as the business's own or blocked, even one with an open lead", async () => {
    const [biz, id] = [businessId(), ids()];
    const [staff, blocked] = [uniquePhone(), uniquePhone()];
    await call(biz, staff, id("c1"), 1_000);
    await env.DB.batch([
      env.DB.prepare("INSERT INTO contact_tags (business_id, phone, tag) VALUES (?, ?, 'internal')").bind(biz, staff),
      env.DB.prepare("INSERT INTO contact_tags (business_id, phone, tag) VALUES (?, ?, 'blocked')").bind(biz, blocked),
    ]);
    await call(biz, staff, id("c2"), 2_000);
    await call(biz, blocked, id("c3"), 3_000);
    expect((await leadsOf(biz)).map((l) => [l.phone, l.calls])).toEqual([[staff, 1]]);
    expect((await entriesOf(biz)).map((e) => e.id)).toEqual([`call:${id("c1")}`, `opened:l_${id("c1")}`]);
  });

  it("after the lead closed, open a new one with its own `opened`", async () => {
    const [biz, id, phone] = [businessId(), ids(), uniquePhone()];
    const [l1, l2] = [`l_${id("c1")}`, `l_${id("c2")}`];
    await call(biz, phone, id("c1"), 1_000);
    await env.DB.prepare("UPDATE leads SET status = 'won', closed_at = 1500 WHERE id = ?").bind(l1).run();
    await call(biz, phone, id("c2"), 2_000);
    expect((await leadsOf(biz)).map((l) => [l.id, l.calls, l.closed_at])).toEqual([[l1, 1, 1_500], [l2, 1, null]]);
    expect((await entriesOf(biz)).map((e) => [e.id, e.lead_id])).toEqual([[`call:${id("c1")}`, l1], [`opened:${l1}`, l1], [`call:${id("c2")}`, l2], [`opened:${l2}`, l2]]);
  });
});

describe("a caller's reply's lead statements", () => {
  it("engage the open lead with the reply's entry, once; a phone with no lead opens one, engaged, with `opened`; a closed lead's phone joins nothing", async () => {
    const [biz, id] = [businessId(), ids()];
    const [caller, texter, former] = [uniquePhone(), uniquePhone(), uniquePhone()];
    const [c1, m1, m2, c3, m3] = ["c1", "m1", "m2", "c3", "m3"].map(id) as [string, string, string, string, string];
    await call(biz, caller, c1, 1_000);
    await reply(biz, caller, m1, 2_000);
    await reply(biz, caller, m1, 2_000);
    await reply(biz, texter, m2, 3_000);
    await call(biz, former, c3, 4_000);
    await env.DB.prepare("UPDATE leads SET status = 'lost', closed_at = 4500 WHERE id = ?").bind(`l_${c3}`).run();
    await reply(biz, former, m3, 5_000);

    expect((await leadsOf(biz)).map((l) => [l.id, l.status, l.source, l.first_reply_at])).toEqual([
      [`l_${c1}`, "engaged", "no_answer", 2_000],
      [`l_${m2}`, "engaged", "inbound_text", 3_000],
      [`l_${c3}`, "lost", "no_answer", null],
    ]);
    expect((await entriesOf(biz)).map((e) => [e.id, e.lead_id, e.type, e.detail])).toEqual([
      [`call:${c1}`, `l_${c1}`, "call", `{"callId":"${c1}","outcome":"no_answer"}`],
      [`opened:l_${c1}`, `l_${c1}`, "opened", '{"source":"no_answer"}'],
      [`reply:${m1}`, `l_${c1}`, "reply", `{"messageId":"${m1}"}`],
      [`reply:${m2}`, `l_${m2}`, "reply", `{"messageId":"${m2}"}`],
      [`opened:l_${m2}`, `l_${m2}`, "opened", '{"source":"inbound_text"}'],
      [`call:${c3}`, `l_${c3}`, "call", `{"callId":"${c3}","outcome":"no_answer"}`],
      [`opened:l_${c3}`, `l_${c3}`, "opened", '{"source":"no_answer"}'],
    ]);
  });
});
