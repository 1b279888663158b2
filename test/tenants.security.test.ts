/**
 * One business's traffic never touches another's records. Carrier ids are unique only within what
 * the carrier numbers (an AI receptionist counts calls per account), so two businesses can receive
 * the same id: each must get its own call, text and lead, and neither row may overwrite the other.
 */
import { exports } from "cloudflare:workers";
import { formatPhone } from "../src/rules/display";
import { afterEach, describe, expect, it, vi } from "vitest";
import { signTextback } from "../src/crypto/textback-signature";
import { api, apiJson, eventually, ORIGIN, settle, uniquePhone } from "./support/app";
import { createLine, mockCarriers, placeCall, sendSms, type CarrierKind, type Line } from "./support/carriers";

afterEach(() => vi.restoreAllMocks());

const AI_SECRET = "vai_secret_0123456789abcdef";
const FOLLOW_UPS = { followUp: { enabled: true, afterHours: 24 } };

interface Path {
  carrier: CarrierKind;
  /** Turns a line into one this path reaches (an AI receptionist needs its secret). */
  prepare?: (line: Line) => Promise<void>;
  /** A missed call to `line` from `caller`, under the carrier's id `id`. */
  call: (line: Line, caller: string, id: string) => Promise<Response>;
}

async function aiCall(line: Line, caller: string, id: string) {
  const raw = JSON.stringify({ event: "call.abandoned", businessNumber: line.e164, from: caller, callId: id, at: new Date().toISOString() });
  return exports.default.fetch(`${ORIGIN}/webhooks/voice-ai`, {
    method: "POST",
    headers: { "content-type": "application/json", "x-textback-signature": await signTextback(AI_SECRET, Math.floor(Date.now() / 1000), raw) },
    body: raw,
  });
}

const lastOf = async (responses: Promise<Response[]>) => (await responses).at(-1)!;

const PATHS: [string, Path][] = [
  ["Twilio's CallSid", { carrier: "twilio", call: (line, caller, id) => lastOf(placeCall(line, caller, "no-answer", { id })) }],
  ["Telnyx's call_session_id", { carrier: "telnyx", call: (line, caller, id) => lastOf(placeCall(line, caller, "no-answer", { id })) }],
  [
    "an AI receptionist's callId",
    {
      carrier: "twilio",
      prepare: async (line) => void expect((await api("PATCH", `/businesses/${line.businessId}`, { voiceAiSecret: AI_SECRET })).status).toBe(200),
      call: aiCall,
    },
  ],
];

async function callsOf(line: Line) {
  return (await apiJson("GET", `/businesses/${line.businessId}/calls`)).calls as { from: string; decision: string; outcome: string }[];
}

describe("the same carrier id at two businesses", () => {
  it.each(PATHS)("%s: each caller is texted once, and each business keeps its own call", async (_name, path) => {
    const carrier = mockCarriers();
    const [first, second] = [await createLine(path.carrier, FOLLOW_UPS), await createLine(path.carrier, FOLLOW_UPS)];
    await path.prepare?.(first);
    await path.prepare?.(second);
    const id = path.carrier === "telnyx" ? crypto.randomUUID() : `7${Date.now()}`;
    const [a, b] = [uniquePhone(), uniquePhone()];

    expect((await path.call(first, a, id)).status).toBe(200);
    expect((await path.call(second, b, id)).status).toBe(200);

    await eventually(async () => carrier.to(a).length === 1 && carrier.to(b).length === 1);
    await settle(200);
    expect([carrier.to(a).length, carrier.to(b).length]).toEqual([1, 1]);
    expect(carrier.to(b)[0]!.from).toBe(second.e164);
    const [firstCalls, secondCalls] = [await callsOf(first), await callsOf(second)];
    expect(firstCalls).toMatchObject([{ from: a, decision: expect.stringMatching(/^texted:/) }]);
    expect(secondCalls).toMatchObject([{ from: b, decision: expect.stringMatching(/^texted:/) }]);
    const leads = async (line: Line) => (await apiJson("GET", `/businesses/${line.businessId}/leads`)).leads.map((l: { phone: string }) => l.phone);
    expect([await leads(first), await leads(second)]).toEqual([[a], [b]]);
  });

  it("a text with one message id to two businesses is stored and relayed by each", async () => {
    const carrier = mockCarriers();
    const owners = [uniquePhone("773"), uniquePhone("773")];
    const lines = [await createLine("twilio"), await createLine("twilio")];
    for (const [i, line] of lines.entries()) await api("PATCH", `/businesses/${line.businessId}`, { notifyPhone: owners[i] });
    const id = `SM${crypto.randomUUID().replace(/-/g, "")}`;
    const callers = [uniquePhone(), uniquePhone()];
    for (const [i, line] of lines.entries()) expect((await sendSms(line, callers[i]!, "Is anyone there?", { id })).status).toBe(200);

    await eventually(async () => carrier.to(owners[0]!).length === 1 && carrier.to(owners[1]!).length === 1);
    for (const [i, line] of lines.entries()) {
      const { messages } = await apiJson("GET", `/businesses/${line.businessId}/messages`);
      expect(messages.filter((m: { direction: string }) => m.direction === "inbound")).toMatchObject([{ from: callers[i], body: "Is anyone there?" }]);
      expect(carrier.to(owners[i]!)[0]!.body).toContain(formatPhone(callers[i]!));
    }
  });
});
