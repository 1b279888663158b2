/**
 * An urgent caller's escalation stops once their lead closes or they are blocked (DESIGN.md §6.3,
 * §6.6): the pages held for it are canceled through any path, and refused at their time by a line
 * that was not told. Until then only an OK takes the page: a person's answer does not.
 */
import { runDurableObjectAlarm, runInDurableObject } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { afterEach, describe, expect, it, vi } from "vitest";
import type { BusinessLine } from "../src/line/business-line";
import { apiJson, eventually, inboundSms, settle, twilioWebhook, uniquePhone } from "./support/app";
import { missedCaller, type MissedCaller } from "./support/missed-caller";

afterEach(() => vi.restoreAllMocks());

type Setup = MissedCaller & { sam: string; alex: string; start: number };

/** An urgent caller: Sam is paged now, Alex and then the owner are held for escalation. */
async function paged(): Promise<Setup> {
  const [sam, alex] = [uniquePhone("737"), uniquePhone("737")];
  const preset = (await apiJson("GET", "/presets")).presets.find((p: { id: string }) => p.id === "home_services");
  const settings = { urgent: { ...preset.settings.urgent, onCall: [{ phone: sam, name: "Sam" }, { phone: alex, name: "Alex" }], escalateAfterMinutes: 10 } };
  const s = { ...(await missedCaller({ preset: "home_services", settings, bookingUrl: null })), sam, alex, start: Date.now() };
  await text(s, s.caller, "basement is flooding");
  await eventually(async () => s.carrier.to(sam).length === 1);
  return s;
}

async function text(s: MissedCaller, from: string, body: string) {
  expect((await twilioWebhook("/webhooks/twilio/sms", inboundSms(s.line, from, body), s.line.authToken)).status).toBe(200);
}

const stub = (s: Setup) => env.LINE.get(env.LINE.idFromName(s.line.e164));

/** Run every escalation the line holds, as if an hour had passed. */
async function anHourLater(s: Setup) {
  await runInDurableObject(stub(s), (instance) => {
    (instance as unknown as BusinessLine).clock = () => s.start + 60 * 60_000;
  });
  await runDurableObjectAlarm(stub(s));
  await settle(200);
}

async function pages(s: Setup) {
  const { messages } = await apiJson("GET", `/businesses/${s.line.businessId}/messages`);
  return (messages as { kind: string; to: string; status: string; errorCode: string | null }[]).filter((m) => m.kind === "page" && m.to !== s.sam);
}

const isPage = (r: { form: URLSearchParams }) => r.form.get("Body")?.startsWith("URGENT") === true;

async function expectNoEscalation(s: Setup, reason: string) {
  await eventually(async () => (await pages(s)).every((p) => p.status === "canceled"));
  expect((await pages(s)).map((p) => [p.status, p.errorCode])).toEqual([
    ["canceled", reason],
    ["canceled", reason],
  ]);
  await anHourLater(s);
  expect(s.carrier.to(s.alex)).toHaveLength(0);
  expect(s.carrier.to(s.owner).filter(isPage)).toHaveLength(0);
}

describe("escalation stops when the lead closes", () => {
  it.each([
    ["the owner marks it won by number", (c: string) => `${c} W 900`, "lead_won"],
    ["the owner marks it lost", (c: string) => `${c} L`, "lead_lost"],
    ["the owner blocks the caller", (c: string) => `${c} BLOCK`, "blocked"],
  ])("%s", async (_name, body, reason) => {
    const s = await paged();
    await text(s, s.owner, body(s.caller));
    await expectNoEscalation(s, reason);
  });

  it("a person closes it on the lead card or through the API", async () => {
    const s = await paged();
    const { id } = (await apiJson("GET", `/businesses/${s.line.businessId}/leads`)).leads[0];
    await apiJson("PATCH", `/leads/${id}`, { status: "won", wonCents: 90_000 });
    await expectNoEscalation(s, "lead_won");
  });

  it("a line that was not told refuses the pages at their time", async () => {
    const s = await paged();
    await env.DB.prepare("UPDATE leads SET status = 'lost', lost_reason = 'other', closed_at = ?3 WHERE business_id = ?1 AND phone = ?2").bind(s.line.businessId, s.caller, Date.now()).run();
    await anHourLater(s);
    expect(s.carrier.to(s.alex)).toHaveLength(0);
    expect((await pages(s)).map((p) => [p.status, p.errorCode])).toEqual([
      ["canceled", "lead_lost"],
      ["canceled", "lead_lost"],
    ]);
  });
});

describe("escalation goes on while the lead is open and the page untaken", () => {
  it("after the owner answers the caller, the next person on call is still paged", async () => {
    const s = await paged();
    await text(s, s.owner, `${s.caller} Calling you in 5 minutes`);
    await eventually(async () => s.carrier.to(s.caller).some((r) => r.form.get("Body") === "Calling you in 5 minutes"));
    await anHourLater(s);
    await eventually(async () => s.carrier.to(s.alex).length === 1);
  });
});
