/**
 * A lead's name (DESIGN.md §6.1), in workerd: taken when the lead opens from the business's contact,
 * else from the carrier's caller ID name when it is a person's; a name the caller gives, a person's
 * edit or a contact's name given later wins over caller ID; the lead says where its name came from.
 */
import { exports } from "cloudflare:workers";
import { afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { ADMIN, apiJson, createTwilioLine, dialStatus, eventually, inboundSms, ORIGIN, twilioWebhook, uniquePhone, type TwilioLine } from "./support/app";
import { get, newSession, type Session } from "./support/admin-session";
import { createLine, mockCarriers, mockTwilio, telnyxEvent } from "./support/carriers";
import { mockSubscribers } from "./support/subscribers";

afterEach(() => vi.restoreAllMocks());

let session: Session;
beforeAll(async () => {
  session = await newSession();
});

type Lead = Record<string, any>;

async function missedCall(line: TwilioLine, caller: string, extra: Record<string, string> = {}) {
  expect((await twilioWebhook("/webhooks/twilio/dial-status", dialStatus(line, caller, "no-answer", extra), line.authToken)).status).toBe(200);
}

async function text(line: TwilioLine, from: string, body: string) {
  expect((await twilioWebhook("/webhooks/twilio/sms", inboundSms(line, from, body), line.authToken)).status).toBe(200);
}

const leadsOf = async (businessId: string, query = ""): Promise<Lead[]> => (await apiJson("GET", `/businesses/${businessId}/leads${query}`)).leads;
/** The caller's lead once it is recorded (a written-behind call's a moment after the webhook). */
const leadOf = (businessId: string, phone: string) => eventually(async () => (await leadsOf(businessId)).find((l) => l.phone === phone));
const putContact = (businessId: string, phone: string, name: string | null, tags: string[] = []) =>
  apiJson("PUT", `/businesses/${businessId}/contacts/${encodeURIComponent(phone)}`, { name, tags });
const leadEntries = async (id: string): Promise<Lead[]> => (await apiJson("GET", `/leads/${id}`)).timeline.filter((e: Lead) => e.type === "lead_event");

describe("a missed call's lead is named", () => {
  it.each<[string, Record<string, unknown>]>([
    ["written behind", {}],
    ["recorded by the line", { followUp: { enabled: true, afterHours: 24 } }],
  ])("from the contact before caller ID, from caller ID tidied for a stranger, and not from a placeholder (%s)", async (_how, settings) => {
    const carrier = mockTwilio();
    const line = await createTwilioLine({ settings: { cooldownHours: 0, ...settings } });
    const [known, stranger, wireless, bare] = [uniquePhone(), uniquePhone(), uniquePhone(), uniquePhone()];
    await putContact(line.businessId, known, "Maria Lopez");
    await missedCall(line, known, { CallerName: "JOHN SMITH" });
    await missedCall(line, stranger, { CallerName: "SMITH,JOHN" });
    await missedCall(line, wireless, { CallerName: "CELL PHONE   TX" });
    await missedCall(line, bare);
    await eventually(async () => [known, stranger, wireless, bare].every((p) => carrier.to(p).length === 1));
    expect(await leadOf(line.businessId, known)).toMatchObject({ name: "Maria Lopez", nameSource: "contact" });
    expect(await leadOf(line.businessId, stranger)).toMatchObject({ name: "John Smith", nameSource: "caller_id" });
    expect(await leadOf(line.businessId, wireless)).toMatchObject({ name: null, nameSource: null });
    expect(await leadOf(line.businessId, bare)).toMatchObject({ name: null, nameSource: null });
    expect((await leadsOf(line.businessId, "?q=Maria")).map((l) => l.phone)).toEqual([known]);
    expect((await leadsOf(line.businessId, "?q=john%20smith")).map((l) => l.phone)).toEqual([stranger]);
  });

  it("from caller ID on a call that is not texted too (a caller in cooldown joins their lead, which keeps its name)", async () => {
    const carrier = mockTwilio();
    const line = await createTwilioLine({ settings: { cooldownHours: 12 } });
    const caller = uniquePhone();
    await missedCall(line, caller);
    await eventually(async () => carrier.to(caller).length === 1);
    expect(await leadOf(line.businessId, caller)).toMatchObject({ name: null, calls: 1 });
    // Their second call, not texted (cooldown), carries a caller ID name: the unnamed lead takes it.
    await missedCall(line, caller, { CallerName: "MARIA LOPEZ" });
    await eventually(async () => (await leadOf(line.businessId, caller)).calls === 2);
    expect(await leadOf(line.businessId, caller)).toMatchObject({ name: "Maria Lopez", nameSource: "caller_id" });
    // A third with another name changes nothing: the lead has one.
    await missedCall(line, caller, { CallerName: "JOHN SMITH" });
    await eventually(async () => (await leadOf(line.businessId, caller)).calls === 3);
    expect((await leadOf(line.businessId, caller)).name).toBe("Maria Lopez");
  });

  it("from Telnyx's caller_id_name", async () => {
    const carrier = mockCarriers();
    const line = await createLine("telnyx", { cooldownHours: 0 });
    const caller = uniquePhone();
    const session = crypto.randomUUID();
    const inbound = { call_control_id: `v3:in-${session}`, call_session_id: session, from: caller, to: line.e164, direction: "incoming", caller_id_name: "LOPEZ,MARIA" };
    const t0 = Date.now();
    await telnyxEvent(line, "call.initiated", { ...inbound, state: "parked" }, t0);
    expect((await telnyxEvent(line, "call.hangup", { ...inbound, hangup_cause: "originator_cancel", hangup_source: "caller" }, t0 + 8_000)).status).toBe(200);
    await eventually(async () => carrier.to(caller).length === 1);
    expect(await leadOf(line.businessId, caller)).toMatchObject({ name: "Maria Lopez", nameSource: "caller_id" });
  });

  it("and says so: the opened entry and the lead card name where the name came from", async () => {
    const carrier = mockTwilio();
    const line = await createTwilioLine({ settings: { cooldownHours: 0 } });
    const [known, stranger] = [uniquePhone(), uniquePhone()];
    await putContact(line.businessId, known, "Maria Lopez");
    await missedCall(line, known);
    await missedCall(line, stranger, { CallerName: "JOHN SMITH" });
    await eventually(async () => carrier.to(known).length === 1 && carrier.to(stranger).length === 1);
    const [fromContact, fromCallerId] = [await leadOf(line.businessId, known), await leadOf(line.businessId, stranger)];
    expect((await leadEntries(fromCallerId.id)).find((e) => e.event === "opened")?.detail).toEqual({ source: "no_answer", name: "John Smith", nameFrom: "caller_id" });
    const card = await (await get(session, `/admin/businesses/${line.businessId}/leads/${fromCallerId.id}`)).text();
    expect(card).toContain("Name from caller ID");
    expect(card).toMatch(/Lead opened · name from caller ID: John Smith/);
    expect(await (await get(session, `/admin/businesses/${line.businessId}/leads/${fromContact.id}`)).text()).toContain("Name from contacts");
  });
});

describe("a lead opened by a text", () => {
  it("is named from the contact; a stranger's is unnamed", async () => {
    mockTwilio();
    const line = await createTwilioLine();
    const [known, stranger] = [uniquePhone(), uniquePhone()];
    await putContact(line.businessId, known, "Lopez, Maria", ["customer"]);
    await text(line, known, "Do you do drain cleaning?");
    await text(line, stranger, "Do you do drain cleaning?");
    expect(await leadOf(line.businessId, known)).toMatchObject({ source: "inbound_text", name: "Lopez, Maria", nameSource: "contact" });
    expect(await leadOf(line.businessId, stranger)).toMatchObject({ source: "inbound_text", name: null, nameSource: null });
  });
});

describe("a name given later wins over caller ID", () => {
  it("the caller's own answer replaces a caller ID name, never a contact's", async () => {
    const carrier = mockTwilio();
    const line = await createTwilioLine({ preset: "generic", settings: { cooldownHours: 0 } });
    const [stranger, known] = [uniquePhone(), uniquePhone()];
    await putContact(line.businessId, known, "Maria Lopez");
    for (const caller of [stranger, known]) {
      await missedCall(line, caller, { CallerName: "JOHN SMITH" });
      await eventually(async () => carrier.to(caller).length === 1);
      await text(line, caller, "I need a quote for a new fence");
      await eventually(async () => carrier.to(caller).length === 2);
      await text(line, caller, "Dana Kim");
      await eventually(async () => carrier.to(caller).length === 3);
    }
    expect(await leadOf(line.businessId, stranger)).toMatchObject({ name: "Dana Kim", nameSource: "caller" });
    expect(await leadOf(line.businessId, known)).toMatchObject({ name: "Maria Lopez", nameSource: "contact" });
  });

  it.each<[string, Record<string, unknown>]>([
    ["questions that never ask it", { preset: "home_services" }],
    ["no questions", {}],
  ])("a name introduced in a text (\"Hi this is Tom Nguyen\") names the lead, with %s, over caller ID, and its timeline says so", async (_how, opts) => {
    const carrier = mockTwilio();
    const line = await createTwilioLine({ ...opts, settings: { cooldownHours: 0 } });
    const caller = uniquePhone();
    await missedCall(line, caller, { CallerName: "SMITH,JOHN" });
    await eventually(async () => carrier.to(caller).length === 1);
    expect(await leadOf(line.businessId, caller)).toMatchObject({ name: "John Smith", nameSource: "caller_id" });
    await text(line, caller, "Hi this is Tom Nguyen, hail took out a bunch of shingles");
    const lead = await eventually(async () => {
      const l = await leadOf(line.businessId, caller);
      return l?.nameSource === "caller" ? l : undefined;
    });
    expect(lead).toMatchObject({ name: "Tom Nguyen", nameSource: "caller" });
    expect((await leadEntries(lead.id)).find((e) => e.event === "fields")?.detail).toMatchObject({ name: "Tom Nguyen" });
    const { conversations } = (await (await get(session, `/admin/businesses/${line.businessId}/conversations.json`)).json()) as { conversations: { phone: string; title: string }[] };
    expect(conversations.find((c) => c.phone === caller)).toMatchObject({ title: "Tom Nguyen" });
  });

  it("a person's edit of the lead, and a contact's name given later (by hand or by a file), except over a person's edit", async () => {
    const carrier = mockTwilio();
    const line = await createTwilioLine({ settings: { cooldownHours: 0 } });
    const [edited, named, imported] = [uniquePhone(), uniquePhone(), uniquePhone()];
    for (const caller of [edited, named, imported]) await missedCall(line, caller, { CallerName: "JOHN SMITH" });
    await eventually(async () => [edited, named, imported].every((p) => carrier.to(p).length === 1));
    const lead = await leadOf(line.businessId, edited);
    expect(await apiJson("PATCH", `/leads/${lead.id}`, { name: "Johnny Smith" })).toMatchObject({ name: "Johnny Smith", nameSource: "person" });
    await putContact(line.businessId, edited, "J. Smith (landlord)");
    expect(await leadOf(line.businessId, edited)).toMatchObject({ name: "Johnny Smith", nameSource: "person" });

    await putContact(line.businessId, named, "Maria Lopez");
    const renamed = await leadOf(line.businessId, named);
    expect(renamed).toMatchObject({ name: "Maria Lopez", nameSource: "contact" });
    expect((await leadEntries(renamed.id)).filter((e) => e.event === "fields").map((e) => [e.detail, e.actor])).toEqual([[{ name: "Maria Lopez", nameFrom: "contact" }, "admin"]]);
    // The same name again writes no second entry.
    await putContact(line.businessId, named, "Maria Lopez", ["customer"]);
    expect((await leadEntries(renamed.id)).filter((e) => e.event === "fields")).toHaveLength(1);

    const csv = `name,phone\nAna Ruiz,${imported}\n`;
    const res = await fetchImport(line.businessId, csv);
    expect(res.status).toBe(200);
    expect(await leadOf(line.businessId, imported)).toMatchObject({ name: "Ana Ruiz", nameSource: "contact" });
  });

  it("a contact's name put on the open lead is on its timeline, and subscribers get lead.updated with it", async () => {
    // Answers Twilio's sends too.
    const subs = mockSubscribers();
    const line = await createTwilioLine({ settings: { cooldownHours: 0 } });
    await apiJson("POST", `/businesses/${line.businessId}/hooks`, { url: "https://crm-names.example/hook", events: ["lead.updated"] });
    const caller = uniquePhone();
    await missedCall(line, caller, { CallerName: "JOHN SMITH" });
    await eventually(async () => (await leadOf(line.businessId, caller)).firstTextAt);
    await putContact(line.businessId, caller, "Maria Lopez");
    const lead = await leadOf(line.businessId, caller);
    const updated = await eventually(async () => subs.received("crm-names.example")[0]);
    expect(updated.body.data).toMatchObject({ id: lead.id, name: "Maria Lopez", nameSource: "contact" });
    const card = await (await get(session, `/admin/businesses/${line.businessId}/leads/${lead.id}`)).text();
    expect(card).toMatch(/Lead opened · name from caller ID: John Smith/);
    expect(card).toMatch(/Name from contacts: Maria Lopez/);
  });

  it("a closed lead keeps the name it had", async () => {
    const carrier = mockTwilio();
    const line = await createTwilioLine({ settings: { cooldownHours: 0 } });
    const caller = uniquePhone();
    await missedCall(line, caller, { CallerName: "JOHN SMITH" });
    await eventually(async () => carrier.to(caller).length === 1);
    const lead = await leadOf(line.businessId, caller);
    await apiJson("PATCH", `/leads/${lead.id}`, { status: "won" });
    await putContact(line.businessId, caller, "Maria Lopez");
    expect(await apiJson("GET", `/leads/${lead.id}`)).toMatchObject({ name: "John Smith", nameSource: "caller_id" });
  });
});

function fetchImport(businessId: string, csv: string) {
  return exports.default.fetch(`${ORIGIN}/api/businesses/${businessId}/contacts/import`, { method: "POST", headers: { ...ADMIN, "content-type": "text/csv" }, body: csv });
}
