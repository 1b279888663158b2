/**
 * The floor for `npm run bench`: per dial-status webhook, only the three things a text-back on this
 * architecture cannot skip, and no more:
 *   1. one RPC to the number's Durable Object, which inserts the event id into its SQLite (dedupe);
 *   2. one queue send (the text job);
 *   3. one D1 insert (the call record, into the app's own `calls` table and indexes).
 * The queue consumer makes the carrier request, nothing else. No signature check, no lookup of the
 * number, no decision, no templates, no credentials to decrypt, no logging.
 */
import { DurableObject } from "cloudflare:workers";

export class FloorLine extends DurableObject {
  constructor(ctx, env) {
    super(ctx, env);
    ctx.storage.sql.exec("CREATE TABLE IF NOT EXISTS events (id TEXT PRIMARY KEY, at INTEGER NOT NULL)");
  }

  /** True the first time an event id is seen. */
  reserve(id, at) {
    return this.ctx.storage.sql.exec("INSERT OR IGNORE INTO events (id, at) VALUES (?, ?)", id, at).rowsWritten > 0;
  }
}

const HANGUP = '<?xml version="1.0" encoding="UTF-8"?><Response><Hangup/></Response>';

export default {
  async fetch(request, env) {
    const url = new URL(request.url);
    if (request.method !== "POST" || url.pathname !== "/webhooks/twilio/dial-status") {
      return new Response("not found", { status: 404 });
    }
    const form = new URLSearchParams(await request.text());
    const sid = form.get("CallSid") ?? "";
    const to = form.get("To") ?? "";
    const from = form.get("From") ?? "";
    const at = Date.now();
    const fresh = await env.LINE.get(env.LINE.idFromName(to)).reserve(`twilio:${sid}`, at);
    if (fresh) {
      await env.SMS_OUT.send({ to: from, from: to, sid });
      await env.DB.prepare(
        `INSERT INTO calls (id, business_id, number_id, carrier_call_id, from_phone, to_phone, outcome, decision, reason, facts, at)
         VALUES (?, 'floor', ?, ?, ?, ?, 'no_answer', 'texted:no_answer', 'no_answer', NULL, ?) ON CONFLICT DO NOTHING`,
      )
        .bind(`c_${sid}`, to, sid, from, to, at)
        .run();
    }
    return new Response(HANGUP, { headers: { "content-type": "text/xml; charset=utf-8" } });
  },

  // A batch's texts go out side by side, as the app's outbox sends them. One after the other, the
  // floor's backlog passed 10,000 messages at 50 connections, where the local queue broker runs out
  // of timers (workerd allows 10,000 active timeouts) and queue sends fail with 500.
  async queue(batch, env) {
    const auth = `Basic ${btoa(`${env.FLOOR_ACCOUNT_SID}:${env.FLOOR_AUTH_TOKEN}`)}`;
    await Promise.all(
      batch.messages.map(async (m) => {
        const res = await fetch(`${env.TWILIO_API_BASE}/2010-04-01/Accounts/${env.FLOOR_ACCOUNT_SID}/Messages.json`, {
          method: "POST",
          headers: { authorization: auth, "content-type": "application/x-www-form-urlencoded" },
          body: new URLSearchParams({ To: m.body.to, From: m.body.from, Body: "Sorry we missed your call. Reply STOP to opt out." }),
        });
        await res.arrayBuffer();
        if (res.ok) m.ack();
        else m.retry({ delaySeconds: 0 });
      }),
    );
  },
};
