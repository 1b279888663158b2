/**
 * The event contract (src/notify/contract.ts): every event we post validates against its type's
 * schema, the JSON Schema served is derived from it, and each type's sample validates too.
 * (Every event any other test emits is checked as well, by test/setup/event-contract.ts.)
 */
import { afterEach, describe, expect, it, vi } from "vitest";
import { EVENT_DATA } from "../src/notify/contract";
import { deriveEventJsonSchemas } from "../src/notify/json-schema";
import { NOTIFY_EVENTS } from "../src/vocabulary";
import { api, apiJson, createTwilioLine, dialStatus, eventually, inboundSms, twilioWebhook, uniquePhone } from "./support/app";
import { contractProblem } from "./support/event-contract";
import { mockSubscribers } from "./support/subscribers";

afterEach(() => vi.restoreAllMocks());

const ENVELOPE = ["id", "type", "version", "occurredAt", "businessId", "data"];

describe("samples", () => {
  it.each(NOTIFY_EVENTS)("%s: the sample validates against its schema, and matches its type", async (type) => {
    const res = await api("GET", `/events/sample/${type}`);
    expect(res.status).toBe(200);
    const sample = (await res.json()) as Record<string, any>;
    expect(contractProblem(sample)).toBeNull();
    // Lead events are at version 2 (their data gained nameSource); the others at 1.
    expect(sample).toMatchObject({ type, event: type, version: type.startsWith("lead.") ? 2 : 1 });
    expect(sample.occurredAt).toBe(sample.at);
  });

  it("an unknown type is a 404 listing the types; a sample off its schema would be caught", async () => {
    const res = await api("GET", "/events/sample/lead.exploded");
    expect(res.status).toBe(404);
    expect(((await res.json()) as { error: string }).error).toContain("lead.won");
    const sample = await apiJson("GET", "/events/sample/call.missed");
    expect(contractProblem({ ...sample, data: { ...sample.data, from: "4155550123" } })).toMatch(/data\.from/);
    expect(contractProblem({ ...sample, data: { ...sample.data, outcome: "ringing" } })).toMatch(/data\.outcome/);
    expect(contractProblem({ ...sample, id: undefined })).toMatch(/id/);
  });

  it("the API needs the admin token for them", async () => {
    const { exports } = await import("cloudflare:workers");
    const res = await exports.default.fetch("https://textback.test/api/events/schema");
    expect(res.status).toBe(401);
  });
});

describe("GET /api/events/schema", () => {
  it("serves exactly what zod derives from the contract now (the build-time file is not stale)", async () => {
    expect(await apiJson("GET", "/events/schema")).toEqual(deriveEventJsonSchemas());
  });

  it("describes every event type, its envelope required, its data's fields as the samples have them", async () => {
    const schema = await apiJson("GET", "/events/schema");
    expect(Object.keys(schema.events).sort()).toEqual([...NOTIFY_EVENTS].sort());
    for (const type of NOTIFY_EVENTS) {
      const s = schema.events[type];
      expect(s.title).toBe(type);
      expect(s.required).toEqual(expect.arrayContaining(ENVELOPE));
      expect(s.properties.type).toMatchObject({ const: type });
      const sample = await apiJson("GET", `/events/sample/${type}`);
      expect(Object.keys(s.properties.data.properties).sort()).toEqual(Object.keys(sample.data).sort());
      expect(Object.keys(s.properties.data.properties).sort()).toEqual(Object.keys(EVENT_DATA[type].def.shape).sort());
    }
    // Numbers are E.164 and amounts cents, as the schema says.
    expect(schema.events["reply.received"].properties.data.properties.from.pattern).toBe("^\\+[1-9]\\d{6,14}$");
    expect(schema.events["lead.won"].properties.data.properties.wonCents.description).toMatch(/cents/);
  });
});

describe("emitted events", () => {
  it("a missed call, a reply, an opt-out and a won lead post events that all validate, each id stable across retries", async () => {
    const subscriber = mockSubscribers({ "crm.example": { statuses: [500] } });
    const line = await createTwilioLine();
    const hook = await apiJson("POST", `/businesses/${line.businessId}/hooks`, { url: "https://crm.example/in", events: ["*"] });
    expect(hook.secret).toMatch(/^whsec_/);
    const caller = uniquePhone();
    await twilioWebhook("/webhooks/twilio/dial-status", dialStatus(line, caller, "no-answer"), line.authToken);
    await twilioWebhook("/webhooks/twilio/sms", inboundSms(line, caller, "Leaking water heater, 1420 Alder St"), line.authToken);
    const lead = await eventually(async () => (await apiJson("GET", `/businesses/${line.businessId}/leads`)).leads[0]);
    expect((await api("PATCH", `/leads/${lead.id}`, { status: "won", wonCents: 52_000 })).status).toBe(200);
    expect((await api("POST", `/businesses/${line.businessId}/consent`, { phone: caller, kind: "opt_out" })).status).toBe(201);

    const wanted = ["call.missed", "text.sent", "reply.received", "lead.created", "lead.updated", "lead.won", "consent.changed"];
    await eventually(async () => wanted.every((t) => subscriber.received().some((p) => p.body.type === t)));
    for (const post of subscriber.posts) expect(contractProblem(post.body), post.raw).toBeNull();
    const won = subscriber.received().find((p) => p.body.type === "lead.won")!;
    expect(won.body.data).toMatchObject({ id: lead.id, phone: caller, status: "won", wonCents: 52_000 });
    // The first event was refused with a 500 and posted again: under the same id, the same bytes.
    const [refused] = subscriber.posts;
    expect(refused!.status).toBe(500);
    const again = subscriber.posts.filter((p) => p.body.id === refused!.body.id);
    expect(again.map((p) => p.status)).toEqual([500, 200]);
    expect(again[1]!.raw).toBe(refused!.raw);
  });

  it("the suite-wide check ran on the events of the test before (test/setup/event-contract.ts)", () => {
    expect((globalThis as { __eventsChecked?: number }).__eventsChecked).toBeGreaterThan(5);
  });
});

describe("old consumers keep working", () => {
  it("the published schema leaves objects open for fields a later version adds; our own check refuses undocumented ones", async () => {
    const schema = await apiJson("GET", "/events/schema");
    expect(schema.events["lead.won"].additionalProperties).toBeUndefined();
    expect(schema.events["lead.won"].properties.data.additionalProperties).toBeUndefined();
    expect(schema.events["lead.won"].properties.data.properties.fields.additionalProperties).toEqual({ type: "string" });
    const sample = await apiJson("GET", "/events/sample/text.sent");
    expect(contractProblem({ ...sample, data: { ...sample.data, undocumented: 1 } })).toMatch(/undocumented/);
  });
});
