/** The owner's SMS shortcuts (DESIGN.md §6.6): W 450, L, B, BLOCK on the lead of the newest relay. */
import { env } from "cloudflare:workers";
import { formatPhone } from "../src/rules/display";
import { afterEach, describe, expect, it, vi } from "vitest";
import { apiJson, dialStatus, eventually, inboundSms, settle, twilioWebhook, uniquePhone, type TwilioLine } from "./support/app";
import { missedCaller, type MissedCaller } from "./support/missed-caller";

afterEach(() => vi.restoreAllMocks());

type Setup = MissedCaller;

/** A missed caller who replied, so the owner got their reply relayed. */
async function relayed(settings: Record<string, unknown> = {}): Promise<Setup> {
  const s = await missedCaller({ settings });
  await text(s.line, s.caller, "Can you fix a leaking tap?");
  await eventually(async () => s.carrier.to(s.owner).length === 1);
  return s;
}

async function text(line: TwilioLine, from: string, body: string, params = inboundSms(line, from, body)) {
  expect((await twilioWebhook("/webhooks/twilio/sms", params, line.authToken)).status).toBe(200);
}

async function leadOf(line: TwilioLine, phone: string) {
  return (await apiJson("GET", `/businesses/${line.businessId}/leads`)).leads.find((l: { phone: string }) => l.phone === phone);
}

const bodies = (s: Setup, to: string) => s.carrier.to(to).map((r) => r.form.get("Body") ?? "");

describe("the owner's shortcuts", () => {
  it("W 450 closes the lead as won with the amount, answers the owner once, and never reaches the caller", async () => {
    const s = await relayed();
    const params = inboundSms(s.line, s.owner, "W 450");
    await Promise.all(Array.from({ length: 20 }, () => text(s.line, s.owner, "W 450", params)));
    await eventually(async () => s.carrier.to(s.owner).length === 2);
    expect(bodies(s, s.owner)[1]).toBe(`Textback: Marked won $450: ${formatPhone(s.caller)}`);
    const lead = await leadOf(s.line, s.caller);
    expect(lead).toMatchObject({ status: "won", wonCents: 45_000 });
    expect(lead.closedAt).toBeGreaterThan(0);
    const { timeline } = await apiJson("GET", `/leads/${lead.id}`);
    expect(timeline.filter((e: { event?: string }) => e.event === "status")).toHaveLength(1);
    expect(bodies(s, s.caller)).toHaveLength(1);
  });

  it("after W, the caller's thanks opens no new lead and asks nothing", async () => {
    const s = await relayed({ qualify: { enabled: true }, relay: "every_reply" });
    await text(s.line, s.owner, "W 450");
    await eventually(async () => s.carrier.to(s.owner).length === 2);
    const before = s.carrier.to(s.caller).length;
    await text(s.line, s.caller, "Thanks so much, great job!");
    await eventually(async () => s.carrier.to(s.owner).length === 3);
    const { leads } = await apiJson("GET", `/businesses/${s.line.businessId}/leads`);
    expect(leads.map((l: { status: string }) => l.status)).toEqual(["won"]);
    expect(s.carrier.to(s.caller)).toHaveLength(before);
  });

  it.each([
    ["L", "lost", /^Textback: Marked lost: /],
    ["booked", "booked", /^Textback: Marked booked: /],
  ])("%s sets the lead %s", async (command, status, answer) => {
    const s = await relayed();
    await text(s.line, s.owner, command);
    await eventually(async () => s.carrier.to(s.owner).length === 2);
    expect(bodies(s, s.owner)[1]).toMatch(answer);
    expect(await leadOf(s.line, s.caller)).toMatchObject({ status });
  });

  it("L with a reason records why: L price, L other and the owner's words", async () => {
    const s = await relayed();
    await text(s.line, s.owner, "L other: went with a cheaper quote");
    await eventually(async () => s.carrier.to(s.owner).length === 2);
    expect(bodies(s, s.owner)[1]).toBe(`Textback: Marked lost (other): ${formatPhone(s.caller)}`);
    expect(await leadOf(s.line, s.caller)).toMatchObject({ status: "lost", lostReason: "other", lostNote: "went with a cheaper quote" });
    expect(bodies(s, s.caller)).toHaveLength(1);
  });

  it("BLOCK closes the lead and makes the caller a blocked contact: their next missed call gets no text", async () => {
    const s = await relayed({ cooldownHours: 0 });
    await text(s.line, s.owner, "BLOCK");
    await eventually(async () => s.carrier.to(s.owner).length === 2);
    expect(await leadOf(s.line, s.caller)).toMatchObject({ status: "lost", lostReason: "blocked" });
    expect(await apiJson("GET", `/businesses/${s.line.businessId}/contacts/${encodeURIComponent(s.caller)}`)).toMatchObject({ phone: s.caller, tags: ["blocked"] });
    await twilioWebhook("/webhooks/twilio/dial-status", dialStatus(s.line, s.caller, "busy"), s.line.authToken);
    // The line decides before reading the caller's contact; D1 corrects the call's row where it records it.
    await eventually(async () => (await apiJson("GET", `/businesses/${s.line.businessId}/calls`)).calls[0]?.decision === "skipped:blocked");
    await settle(100);
    expect(bodies(s, s.caller)).toHaveLength(1);
  });

  it("says how and when the caller's lead closed, with its page to reopen it, and changes nothing", async () => {
    const s = await relayed();
    const { id } = await leadOf(s.line, s.caller);
    await apiJson("PATCH", `/leads/${id}`, { status: "lost", lostReason: "price" });
    await text(s.line, s.owner, "W 200");
    await eventually(async () => s.carrier.to(s.owner).length === 2);
    expect(bodies(s, s.owner)[1]).toMatch(
      new RegExp(`^Textback: Nothing changed: \\(\\d{3}\\) \\d{3}-\\d{4}'s lead was closed as lost \\(price\\) at \\d{1,2}:\\d{2} [AP]M\\. To reopen it: https://textback\\.test/admin/businesses/${s.line.businessId}/leads/${id}$`),
    );
    expect(await leadOf(s.line, s.caller)).toMatchObject({ status: "lost", wonCents: null });
  });

  it("says so when the caller never had a lead", async () => {
    const s = await relayed();
    const stranger = uniquePhone();
    await text(s.line, s.owner, `${stranger} W 200`);
    await eventually(async () => s.carrier.to(s.owner).length === 2);
    expect(bodies(s, s.owner)[1]).toBe(`Textback: Nothing changed, ${formatPhone(stranger)} has no open lead.`);
  });

  it("anything else from the owner is still an answer to the caller", async () => {
    const s = await relayed();
    await text(s.line, s.owner, "Won't be able to come before 5, is that ok?");
    await eventually(async () => s.carrier.to(s.caller).length === 2);
    expect(bodies(s, s.caller)[1]).toBe("Won't be able to come before 5, is that ok?");
    expect(await leadOf(s.line, s.caller)).toMatchObject({ status: "engaged", handedOver: true });
  });

  it("the day's first relay reminds the owner of the shortcuts; the next one does not", async () => {
    const s = await relayed();
    expect(bodies(s, s.owner)[0]).toMatch(/\nReply to answer them\. W 450 when won, L if lost/);
    await text(s.line, s.caller, "Also the shower drips");
    await eventually(async () => s.carrier.to(s.owner).length === 2);
    expect(bodies(s, s.owner)[1]).not.toMatch(/Reply W 450/);
  });

  it("sends lead.won to the business's webhook with the lead", async () => {
    const s = await relayed();
    await apiJson("PATCH", `/businesses/${s.line.businessId}`, { notifyWebhookUrl: "https://crm.example/hooks", webhookSecret: "whsec_shortcut_test_0123456789abcdef" });
    await text(s.line, s.owner, "won 1,250");
    const payload = await eventually(async () => {
      const row = await env.DB.prepare("SELECT payload FROM webhook_deliveries WHERE business_id = ? AND event = 'lead.won'").bind(s.line.businessId).first<{ payload: string }>();
      return row ? JSON.parse(row.payload) : undefined;
    });
    expect(payload.data).toMatchObject({ phone: s.caller, status: "won", wonCents: 125_000 });
  });
});

describe("STOP, START and HELP from the owner's phone", () => {
  it.each([
    ["STOP", false, /paused/],
    ["stop", true, null],
    ["HELP", false, /W 450 when won/],
  ] as const)("%j (carrier answered it: %s) is about the relays, never sent to the caller", async (body, carrierConfirmed, answer) => {
    const s = await relayed();
    const params = { ...inboundSms(s.line, s.owner, body), ...(carrierConfirmed ? { OptOutType: "STOP" } : {}) };
    await text(s.line, s.owner, body, params);
    if (answer) {
      await eventually(async () => s.carrier.to(s.owner).length === 2);
      expect(bodies(s, s.owner)[1]).toMatch(answer);
    }
    await settle(150);
    expect(s.carrier.to(s.owner)).toHaveLength(answer ? 2 : 1);
    expect(bodies(s, s.caller)).toHaveLength(1);
  });

  it("after STOP the owner gets no relays; START brings them back", async () => {
    const s = await relayed();
    await text(s.line, s.owner, "STOP");
    await eventually(async () => s.carrier.to(s.owner).length === 2);
    await text(s.line, s.caller, "Are you still coming?");
    await settle(200);
    expect(s.carrier.to(s.owner)).toHaveLength(2);
    await text(s.line, s.owner, "START");
    await eventually(async () => s.carrier.to(s.owner).length === 3);
    await text(s.line, s.caller, "Hello?");
    await eventually(async () => s.carrier.to(s.owner).length === 4);
    expect(bodies(s, s.owner)[3]).toMatch(/replied: Hello\?/);
  });
});
