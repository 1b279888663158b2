/**
 * The admin token is the owner's key, and its acts say so (DESIGN.md §7): a page taken, a note or a
 * text from a session logged in with it reads "the owner (admin token)", or the owner's name when the
 * business has one (the on-call list naming the owner's phone), on the card, in the chips and in the
 * timelines; never "the admin token".
 */
import { afterEach, describe, expect, it, vi } from "vitest";
import { apiJson, eventually, inboundSms, twilioWebhook, uniquePhone } from "./support/app";
import { get, newSession, post } from "./support/admin-session";
import { missedCaller } from "./support/missed-caller";

afterEach(() => vi.restoreAllMocks());

/** An urgent caller of a plumber whose on-call list is Sam and, when `ownerNamed`, the owner by name. */
async function paged(ownerNamed: string | null) {
  const sam = uniquePhone("737");
  const preset = (await apiJson("GET", "/presets")).presets.find((p: { id: string }) => p.id === "home_services");
  const s = await missedCaller({ preset: "home_services", bookingUrl: null, settings: { urgent: { ...preset.settings.urgent, onCall: [{ phone: sam, name: "Sam" }] } } });
  if (ownerNamed) await apiJson("PATCH", `/businesses/${s.line.businessId}`, { settings: { urgent: { onCall: [{ phone: sam, name: "Sam" }, { phone: s.owner, name: ownerNamed }] } } });
  expect((await twilioWebhook("/webhooks/twilio/sms", inboundSms(s.line, s.caller, "basement is flooding"), s.line.authToken)).status).toBe(200);
  await eventually(async () => s.carrier.to(sam).length === 1);
  const lead = (await apiJson("GET", `/businesses/${s.line.businessId}/leads`)).leads[0];
  return { ...s, lead, card: `/admin/businesses/${s.line.businessId}/leads/${lead.id}`, conversation: `/admin/businesses/${s.line.businessId}/conversations/${encodeURIComponent(s.caller)}` };
}

describe("acts with the admin token", () => {
  it.each([
    [null, "the owner (admin token)", "The owner (admin token)"],
    ["Dana Reyes", "Dana Reyes", "Dana Reyes"],
  ] as const)("owner named %j: taken by %j, and the texts and notes are theirs", async (ownerNamed, words, label) => {
    const s = await paged(ownerNamed);
    const session = await newSession();
    expect((await post(session, `${s.card}/take`, {})).status).toBe(303);
    expect((await apiJson("GET", `/leads/${s.lead.id}`)).acknowledgedBy).toBe(words);
    expect((await post(session, s.card, { do: "note", note: "Called them back" })).status).toBe(303);
    expect((await post(session, `${s.card}/reply`, { body: "On our way" })).status).toBe(303);

    const card = await (await get(session, s.card)).text();
    expect(card).toContain(`Taken by ${words} at `);
    expect(card).toContain(`Note by ${words}: Called them back`);
    expect(card).toContain(`${label} · `);
    const conversation = await (await get(session, s.conversation)).text();
    expect(conversation).toContain(`${label} · `);
    const list = await (await get(session, `/admin/businesses/${s.line.businessId}/leads`)).text();
    expect(list).toContain(`Urgent · taken by ${words}`);
    for (const page of [card, conversation, list]) expect(page).not.toMatch(/the admin token/i);
  });
});
