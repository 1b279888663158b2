/**
 * The new-user trial's night, seeded through the real webhooks, line, queue and outbox: an HVAC
 * business misses 7 calls. 4 callers are texted back and reply; a VIP is not texted (the owner is
 * told to call back) but texts in anyway; a landline's text-back fails (the owner is told to call
 * them back); a blocked spammer is not
 * texted. In the morning the owner marks one texted caller won ($450) and another, quoted $1,900
 * for a new AC, lost on price.
 */
import { env } from "cloudflare:workers";
import { expect, vi } from "vitest";
import { apiJson, createTwilioLine, dialStatus, eventually, inboundSms, twilioWebhook, uniquePhone, type TwilioLine } from "./app";
import { readForm } from "./form";

export interface NightFixture {
  line: TwilioLine;
  owner: string;
  callers: Record<"won" | "lostOnPrice" | "repliedA" | "repliedB" | "vip" | "landline" | "spammer", string>;
}

/** Twilio's API: 21614 (not a mobile number) for the landline, 201 for every other text. */
export function nightCarrier(landline: string | null) {
  return vi.spyOn(globalThis, "fetch").mockImplementation(async (input, init) => {
    const req = new Request(input as RequestInfo, init);
    if (new URL(req.url).hostname !== "api.twilio.com") return new Response("blocked", { status: 599 });
    if ((await readForm(req)).get("To") === landline) return Response.json({ code: 21614, message: "To number is not a mobile number" }, { status: 400 });
    return Response.json({ sid: `SM${crypto.randomUUID().replace(/-/g, "")}`, status: "queued" }, { status: 201 });
  });
}

export async function missedCall(line: TwilioLine, from: string) {
  expect((await twilioWebhook("/webhooks/twilio/dial-status", dialStatus(line, from, "no-answer"), line.authToken)).status).toBe(200);
}

export async function textIn(line: TwilioLine, from: string, body: string) {
  expect((await twilioWebhook("/webhooks/twilio/sms", inboundSms(line, from, body), line.authToken)).status).toBe(200);
}

/** Until the business's outbound texts number `expected` and none is on its way: the outbox is done. */
export async function outboxSettled(line: TwilioLine, expected: number) {
  return eventually(async () => {
    const { results } = await env.DB.prepare("SELECT status FROM messages WHERE business_id = ? AND direction = 'outbound'").bind(line.businessId).all<{ status: string }>();
    return results.length === expected && results.every((r) => !["queued", "retrying", "sending"].includes(r.status)) && results;
  }, 20_000);
}

export async function openLeadId(line: TwilioLine, phone: string): Promise<string> {
  const row = await env.DB.prepare("SELECT id FROM leads WHERE business_id = ? AND phone = ? AND closed_at IS NULL").bind(line.businessId, phone).first<{ id: string }>();
  return row!.id;
}

export async function seedNightFixture(): Promise<NightFixture> {
  const owner = uniquePhone("312");
  const line = await createTwilioLine({ name: "Polar HVAC", notifyPhone: owner, settings: { defaultJobValueCents: 300_00, jobValues: { "new ac": 1_900_00 } } });
  const c: NightFixture["callers"] = {
    won: uniquePhone(),
    lostOnPrice: uniquePhone(),
    repliedA: uniquePhone(),
    repliedB: uniquePhone(),
    vip: uniquePhone(),
    landline: uniquePhone(),
    spammer: uniquePhone(),
  };
  nightCarrier(c.landline);
  await apiJson("PUT", `/businesses/${line.businessId}/contacts/${encodeURIComponent(c.vip)}`, { name: "Dana Whitfield", tags: ["vip"] });
  await apiJson("PUT", `/businesses/${line.businessId}/contacts/${encodeURIComponent(c.spammer)}`, { tags: ["blocked"] });

  for (const from of [c.won, c.lostOnPrice, c.repliedA, c.repliedB, c.vip, c.landline, c.spammer]) await missedCall(line, from);
  // 5 text-backs (the landline's fails), the owner's "VIP … call back" and "Textback: missed call from a landline … call them back".
  await outboxSettled(line, 7);

  await textIn(line, c.won, "AC stopped cooling, can someone come tomorrow?");
  await textIn(line, c.lostOnPrice, "How much for a new AC unit?");
  await textIn(line, c.repliedA, "Furnace is making a rattling noise");
  await textIn(line, c.repliedB, "Thermostat screen is blank");
  // The VIP was never texted: they write in on their own.
  await textIn(line, c.vip, "Saw I missed you, call me when you can");
  // + 5 relays to the owner.
  await outboxSettled(line, 12);

  // The morning: the quote goes on the lead, then the owner's shortcuts.
  await apiJson("PATCH", `/leads/${await openLeadId(line, c.lostOnPrice)}`, { fields: { service: "New AC" } });
  await textIn(line, owner, `${c.won} W 450`);
  await textIn(line, owner, `${c.lostOnPrice} L price`);
  // + 2 answers to the shortcuts.
  await outboxSettled(line, 14);
  return { line, owner, callers: c };
}
