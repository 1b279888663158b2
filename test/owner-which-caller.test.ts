/**
 * The owner's plain reply when two or more callers reached their phone within 10 minutes (DESIGN.md
 * §6.6): not guessed. It is held and the owner asked once which caller ("Reply 1 for …, 2 for …",
 * in the order their texts first reached the owner, each with a hint); a number within 30 minutes
 * sends it to that caller as a plain reply would (consent checked) and confirms; any other text
 * behaves as before and the held reply is dropped, with a note. A shortcut alone is asked about the
 * same way, then acts. The more the owner is asked, the slower every reply: see
 * test/owner-which-caller-less.test.ts for when nothing is asked.
 */
import { runInDurableObject } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { afterEach, describe, expect, it, vi } from "vitest";
import { formatPhone } from "../src/rules/display";
import { apiJson, dialStatus, eventually, inboundSms, settle, twilioWebhook, uniquePhone, type TwilioLine } from "./support/app";
import type { mockTwilio } from "./support/carriers";
import { missedCaller } from "./support/missed-caller";

vi.setConfig({ testTimeout: 30_000 });
afterEach(() => vi.restoreAllMocks());

interface Two {
  line: TwilioLine;
  owner: string;
  maria: string;
  bob: string;
  carrier: ReturnType<typeof mockTwilio>;
}

async function text(line: TwilioLine, from: string, body: string) {
  expect((await twilioWebhook("/webhooks/twilio/sms", inboundSms(line, from, body), line.authToken)).status).toBe(200);
}

const bodies = (s: Two, to: string) => s.carrier.to(to).map((r) => r.form.get("Body") ?? "");
const leadOf = async (s: Two, phone: string) => (await apiJson("GET", `/businesses/${s.line.businessId}/leads`)).leads.find((l: { phone: string }) => l.phone === phone);

/** The owner's newest text once there are `n` of them. */
async function ownerText(s: Two, n: number): Promise<string> {
  await eventually(async () => s.carrier.to(s.owner).length === n);
  return bodies(s, s.owner)[n - 1]!;
}

/** Two missed callers who replied within seconds, Maria (a contact) first, Bob last: both relayed to the owner. */
async function twoCallers(settings: Record<string, unknown> = {}): Promise<Two> {
  const { line, owner, caller: maria, carrier } = await missedCaller({ settings });
  await apiJson("PUT", `/businesses/${line.businessId}/contacts/${encodeURIComponent(maria)}`, { name: "Maria Garcia" });
  const bob = uniquePhone();
  await twilioWebhook("/webhooks/twilio/dial-status", dialStatus(line, bob, "no-answer"), line.authToken);
  await eventually(async () => carrier.to(bob).length === 1);
  const s = { line, owner, maria, bob, carrier };
  await text(line, maria, "Can you fix a leaking tap?");
  await ownerText(s, 1);
  await text(line, bob, "Do you do water heaters?");
  await ownerText(s, 2);
  return s;
}

/** Maria's text reached the owner first: she is 1. Bob is told apart by his first words, unless the business keeps callers' words off its phones. */
const question = (s: Two, privateTexts = false) =>
  `Textback: Which caller? Reply 1 for Maria G. ${formatPhone(s.maria)}, 2 for ${privateTexts ? "" : "Do you do water "}${formatPhone(s.bob)}.`;

/** The line's memory of the held reply, as if it were held `ms` earlier. */
async function ageHeld(s: Two, ms: number) {
  const stub = env.LINE.get(env.LINE.idFromName(s.line.e164));
  await runInDurableObject(stub, (_instance, state) => {
    state.storage.sql.exec("UPDATE meta SET value = json_set(value, '$.at', json_extract(value, '$.at') - ?) WHERE key = 'owner_held'", ms);
  });
}

describe("the owner's plain reply with two callers in the last 10 minutes", () => {
  it.each([false, true])("is held and asked about, oldest first (privateTexts %s); 1 sends it to Maria and says so", async (privateTexts) => {
    const s = await twoCallers({ privateTexts });
    await text(s.line, s.owner, "On our way");
    expect(await ownerText(s, 3)).toBe(question(s, privateTexts));
    await settle(150);
    expect([bodies(s, s.maria), bodies(s, s.bob)].map((b) => b.length)).toEqual([1, 1]);

    await text(s.line, s.owner, "1");
    await eventually(async () => bodies(s, s.maria).includes("On our way"));
    expect(await ownerText(s, 4)).toBe(`Textback: sent to ${formatPhone(s.maria)}.`);
    expect(await leadOf(s, s.maria)).toMatchObject({ handedOver: true });
    await settle(150);
    expect(bodies(s, s.bob)).toHaveLength(1);
  });

  it("a shortcut alone is asked about the same way, then acts on the caller chosen", async () => {
    const s = await twoCallers();
    await text(s.line, s.owner, "W 450");
    expect(await ownerText(s, 3)).toBe(question(s));
    expect(await leadOf(s, s.bob)).toMatchObject({ status: "engaged" });
    await text(s.line, s.owner, "2");
    expect(await ownerText(s, 4)).toBe(`Textback: Marked won $450: ${formatPhone(s.bob)}`);
    expect(await leadOf(s, s.bob)).toMatchObject({ status: "won", wonCents: 45_000 });
    expect(await leadOf(s, s.maria)).toMatchObject({ status: "engaged" });
    await settle(150);
    expect([bodies(s, s.maria), bodies(s, s.bob)].map((b) => b.length)).toEqual([1, 1]);
  });

  it("any other text meanwhile behaves as before, and the held reply is dropped with a note", async () => {
    const s = await twoCallers();
    await text(s.line, s.owner, "On our way");
    expect(await ownerText(s, 3)).toBe(question(s));
    await text(s.line, s.owner, `${s.maria} See you at 3`);
    await eventually(async () => bodies(s, s.maria).includes("See you at 3"));
    expect(await ownerText(s, 4)).toBe(`Textback: sent to ${formatPhone(s.maria)}. Your held reply "On our way" was not sent.`);
    // Nothing held any more: a number is no choice now, and never a text to a caller.
    await text(s.line, s.owner, "1");
    expect(await ownerText(s, 5)).toMatch(/^Textback: Not sent: "1" looks like a shortcut\. A number answers Which caller\?, and none is waiting\./);
    await settle(150);
    expect(bodies(s, s.bob)).toHaveLength(1);
    expect(bodies(s, s.maria).filter((b) => b === "On our way")).toEqual([]);
  });

  it("the chosen caller's consent is checked: one who texted STOP meanwhile is not texted, and the owner is told", async () => {
    const s = await twoCallers();
    await text(s.line, s.owner, "On our way");
    expect(await ownerText(s, 3)).toBe(question(s));
    await text(s.line, s.maria, "STOP");
    await eventually(async () => bodies(s, s.maria).length === 2);
    expect(await ownerText(s, 4)).toMatch(/is opted out/);
    await text(s.line, s.owner, "1");
    expect(await ownerText(s, 5)).toMatch(new RegExp(`^Textback: not sent to ${formatPhone(s.maria).replace(/[()]/g, "\\$&")}: they texted STOP`));
    await settle(150);
    expect(bodies(s, s.maria)).toHaveLength(2);
  });

  it("held over 30 minutes: forgotten, so a number is no choice, and reaches nobody", async () => {
    const s = await twoCallers();
    await text(s.line, s.owner, "On our way");
    expect(await ownerText(s, 3)).toBe(question(s));
    await ageHeld(s, 31 * 60_000);
    await text(s.line, s.owner, "1");
    expect(await ownerText(s, 4)).toMatch(/^Textback: Not sent: "1" looks like a shortcut\./);
    await settle(150);
    expect(bodies(s, s.maria).filter((b) => b === "On our way")).toEqual([]);
  });

  it("one caller in the last 10 minutes: the reply goes to them as before", async () => {
    const { line, owner, caller, carrier } = await missedCaller();
    await text(line, caller, "Can you come today?");
    await eventually(async () => carrier.to(owner).length === 1);
    await text(line, owner, "On our way");
    await eventually(async () => carrier.to(caller).some((r) => r.form.get("Body") === "On our way"));
  });
});
