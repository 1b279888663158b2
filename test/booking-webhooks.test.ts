/**
 * Booking webhooks (DESIGN.md §6.5), each provider with payloads of its documented shape
 * (test/fixtures/bookings/): signed by the business's key or refused with nothing changed; matched
 * by our link's code, else by phone; booked, moved, canceled back; once per delivery; an unmatched
 * booking kept for a person to attach.
 */
import { env } from "cloudflare:workers";
import { afterEach, describe, expect, it, vi } from "vitest";
import { api, apiJson, createTwilioLine, dialStatus, eventually, inboundSms, twilioWebhook, uniquePhone, type TwilioLine } from "./support/app";
import { PROVIDERS, postBooking, type Attendee, type ProviderScript } from "./support/booking-providers";
import { mockTwilio } from "./support/carriers";

afterEach(() => vi.restoreAllMocks());

const SECRET = "whsec_booking_0123456789";
const FIRST = "2026-12-09T16:00:00.000Z";
const MOVED = "2026-12-10T18:00:00.000Z";

type Lead = Record<string, any>;

interface Booked {
  line: TwilioLine;
  caller: string;
  code: string;
  leadId: string;
}

/** A caller who missed the business, got the text with a tracked link, and replied (lead `engaged`); the provider's key is set. */
async function engagedCaller(script: ProviderScript): Promise<Booked> {
  const carrier = mockTwilio();
  const line = await createTwilioLine();
  await apiJson("PATCH", `/businesses/${line.businessId}`, { bookingSecrets: { [script.provider]: SECRET } });
  const caller = uniquePhone();
  await twilioWebhook("/webhooks/twilio/dial-status", dialStatus(line, caller, "no-answer"), line.authToken);
  await eventually(async () => carrier.to(caller).length === 1);
  const code = /\/l\/([0-9A-Za-z]{12})/.exec(carrier.to(caller)[0]!.form.get("Body")!)![1]!;
  await twilioWebhook("/webhooks/twilio/sms", inboundSms(line, caller, "Do you do water heaters?"), line.authToken);
  const lead = await eventually(async () => {
    const { leads } = await apiJson("GET", `/businesses/${line.businessId}/leads`);
    const l = (leads as Lead[]).find((x) => x.phone === caller);
    return l?.status === "engaged" && l.firstTextAt ? l : undefined;
  });
  return { line, caller, code, leadId: lead.id };
}

const leadById = (id: string): Promise<Lead> => apiJson("GET", `/leads/${id}`);

async function send(script: ProviderScript, businessId: string, bodies: unknown[], opts: { secret?: string } = {}) {
  const answers = [];
  for (const body of bodies) {
    const res = await postBooking(script, businessId, body, { secret: opts.secret ?? SECRET });
    expect(res.status, await res.clone().text()).toBe(200);
    answers.push(await res.json<Record<string, unknown>>());
  }
  return answers;
}

async function bookingsOf(businessId: string) {
  return (await env.DB.prepare("SELECT lead_id AS leadId, status, starts_at AS startsAt, phone FROM bookings WHERE business_id = ?").bind(businessId).all()).results;
}

async function leadEvents(businessId: string, event: string) {
  const { results } = await env.DB.prepare("SELECT payload FROM webhook_deliveries WHERE business_id = ? AND event = ?").bind(businessId, event).all<{ payload: string }>();
  return results.map((r) => JSON.parse(r.payload));
}

describe.each(PROVIDERS.map((p) => [p.provider, p] as const))("%s bookings", (_name, script) => {
  const attendee = (b: Booked, over: Partial<Attendee> = {}): Attendee => ({ code: b.code, phone: "+1 (999) 000-0000", startsAt: FIRST, ...over });

  it("a validly signed booking with our code books the lead, with the time", async () => {
    const b = await engagedCaller(script);
    const [answer] = await send(script, b.line.businessId, script.created(attendee(b)));
    expect(answer).toMatchObject({ result: "matched", leadId: b.leadId });
    const lead = await leadById(b.leadId);
    expect(lead).toMatchObject({ status: "booked", startsAt: Date.parse(FIRST) });
    expect(lead.bookedAt).toBeGreaterThan(0);
    expect(lead.timeline.some((e: Lead) => e.type === "lead_event" && e.event === "booking")).toBe(true);
  });

  it("matches by the attendee's phone, in the business's national format, when there is no code", async () => {
    const b = await engagedCaller(script);
    const national = `(${b.caller.slice(2, 5)}) ${b.caller.slice(5, 8)}-${b.caller.slice(8)}`;
    const [answer] = await send(script, b.line.businessId, script.created(attendee(b, { code: null, phone: national })));
    expect(answer).toMatchObject({ result: "matched", leadId: b.leadId });
    expect((await leadById(b.leadId)).status).toBe("booked");
  });

  type Refusal = [string, { secret?: string; headers?: Record<string, string>; tamper?: boolean; tsOffset?: number }];
  const refusals: Refusal[] = [
    ["a wrong key", { secret: "not-the-business-key" }],
    ["no signature", { headers: {} }],
    ["a tampered body", { tamper: true }],
    // Calendly allows 180 s, our own scheme 300 s.
    ...(script.timed ? ([["a stale signature", { tsOffset: script.provider === "calendly" ? -181 : -301 }], ["a signature from the future", { tsOffset: 400 }]] satisfies Refusal[]) : []),
  ];
  it.each(refusals)("refuses %s with 403 and changes nothing", async (_case, opts) => {
    const b = await engagedCaller(script);
    const before = await leadById(b.leadId);
    const res = await postBooking(script, b.line.businessId, script.created(attendee(b))[0], { secret: SECRET, ...opts });
    expect(res.status).toBe(403);
    expect(await bookingsOf(b.line.businessId)).toEqual([]);
    const after = await leadById(b.leadId);
    expect(after).toMatchObject({ status: before.status, bookedAt: null, startsAt: null });
  });

  it("refuses a business without this provider's key, and an unknown business, the same way", async () => {
    const b = await engagedCaller(script);
    await apiJson("PATCH", `/businesses/${b.line.businessId}`, { bookingSecrets: { [script.provider]: null } });
    expect((await postBooking(script, b.line.businessId, script.created(attendee(b))[0], { secret: SECRET })).status).toBe(403);
    expect((await postBooking(script, "biz_nobody", script.created(attendee(b))[0], { secret: SECRET })).status).toBe(403);
    expect(await bookingsOf(b.line.businessId)).toEqual([]);
  });

  it("a reschedule moves the time and keeps the lead booked", async () => {
    const b = await engagedCaller(script);
    await send(script, b.line.businessId, script.created(attendee(b)));
    const booked = await leadById(b.leadId);
    await send(script, b.line.businessId, script.rescheduled(attendee(b), MOVED));
    const moved = await leadById(b.leadId);
    expect(moved).toMatchObject({ status: "booked", startsAt: Date.parse(MOVED), bookedAt: booked.bookedAt });
    expect(await bookingsOf(b.line.businessId)).toHaveLength(1);
  });

  it("a cancellation returns the lead to its status before the booking", async () => {
    const b = await engagedCaller(script);
    await send(script, b.line.businessId, script.created(attendee(b)));
    await send(script, b.line.businessId, script.canceled(attendee(b)));
    const lead = await leadById(b.leadId);
    expect(lead).toMatchObject({ status: "engaged", bookedAt: null, startsAt: null });
    expect((await bookingsOf(b.line.businessId))[0]).toMatchObject({ status: "canceled" });
  });

  it("a cancellation after a reschedule finds the booking under its new id", async () => {
    const b = await engagedCaller(script);
    await send(script, b.line.businessId, script.created(attendee(b)));
    await send(script, b.line.businessId, script.rescheduled(attendee(b), MOVED));
    const cancel = script.canceled(attendee(b, { startsAt: MOVED }));
    // The provider cancels the rescheduled booking, known by its new id.
    const moved = script.rescheduled(attendee(b), MOVED).at(-1) as Record<string, any>;
    for (const body of cancel as Record<string, any>[]) {
      if (script.provider === "calcom") body.payload.uid = moved.payload.uid;
      if (script.provider === "calendly") body.payload.uri = moved.payload.uri;
    }
    await send(script, b.line.businessId, cancel);
    expect(await leadById(b.leadId)).toMatchObject({ status: "engaged", startsAt: null });
  }, 20_000);

  it("a redelivered webhook changes nothing twice", async () => {
    const b = await engagedCaller(script);
    await api("PATCH", `/businesses/${b.line.businessId}`, { notifyWebhookUrl: "https://crm.example/hooks", webhookSecret: "s".repeat(32) });
    const created = script.created(attendee(b));
    await send(script, b.line.businessId, created);
    const once = await leadById(b.leadId);
    const [again] = await send(script, b.line.businessId, created);
    expect(again!.result).toMatch(/^(duplicate|unchanged)$/);
    const twice = await leadById(b.leadId);
    expect(twice).toEqual(once);
    expect(await leadEvents(b.line.businessId, "lead.booked")).toHaveLength(1);
    expect(await bookingsOf(b.line.businessId)).toHaveLength(1);
  }, 20_000);

  it("an unmatched booking is kept, answered 200, and listed for a person to attach", async () => {
    const b = await engagedCaller(script);
    const stranger = uniquePhone("646");
    const [answer] = await send(script, b.line.businessId, script.created({ code: "ZZZZZZZZZZZZ", phone: stranger, startsAt: FIRST }));
    expect(answer).toMatchObject({ result: "unmatched", leadId: null });
    const { bookings } = await apiJson("GET", `/businesses/${b.line.businessId}/bookings?unmatched=true`);
    expect(bookings).toHaveLength(1);
    expect(bookings[0]).toMatchObject({ provider: script.provider, status: "booked", phone: stranger, startsAt: FIRST, leadId: null });
    expect((await leadById(b.leadId)).status).toBe("engaged");

    const attached = await apiJson("POST", `/bookings/${bookings[0].id}/attach`, { leadId: b.leadId });
    expect(attached.leadId).toBe(b.leadId);
    expect(await leadById(b.leadId)).toMatchObject({ status: "booked", startsAt: Date.parse(FIRST) });
    expect((await apiJson("GET", `/businesses/${b.line.businessId}/bookings?unmatched=true`)).bookings).toEqual([]);
    expect((await api("POST", `/bookings/${bookings[0].id}/attach`, { leadId: b.leadId })).status).toBe(409);
  }, 20_000);

  it("a cancellation of a booking never seen is acknowledged, logged as ignored, and not offered for attaching", async () => {
    const b = await engagedCaller(script);
    const logged = vi.spyOn(console, "log");
    const stranger = uniquePhone("646");
    const answers = await send(script, b.line.businessId, script.canceled({ code: "ZZZZZZZZZZZZ", phone: stranger, startsAt: FIRST }));
    expect(answers.at(-1)).toMatchObject({ result: "ignored", reason: "unknown_booking", bookingId: null, leadId: null });
    const lines = logged.mock.calls.map(([line]) => JSON.parse(String(line)) as Record<string, unknown>);
    expect(lines).toContainEqual(expect.objectContaining({ event: "webhook.booking", businessId: b.line.businessId, action: "canceled", result: "ignored", reason: "unknown_booking" }));
    expect(await bookingsOf(b.line.businessId)).toEqual([]);
    expect((await apiJson("GET", `/businesses/${b.line.businessId}/bookings?unmatched=true`)).bookings).toEqual([]);
    expect((await leadById(b.leadId)).status).toBe("engaged");
  }, 20_000);
});

describe("the generic booking body", () => {
  const generic = PROVIDERS.find((p) => p.provider === "generic")!;

  it.each([
    ["a time without an offset", { ref: "a1B2c3D4e5F6", startsAt: "2026-12-07T15:00:00", status: "booked" }, "startsAt: must be an ISO 8601 time with an offset, e.g. 2026-12-07T15:00:00-06:00"],
    ["a date alone", { ref: "a1B2c3D4e5F6", startsAt: "2026-12-07", status: "booked" }, "startsAt: must be an ISO 8601 time with an offset, e.g. 2026-12-07T15:00:00-06:00"],
    ["a time that is neither text nor a number", { ref: "a1B2c3D4e5F6", startsAt: true, status: "booked" }, "startsAt: must be an ISO 8601 time with an offset, e.g. 2026-12-07T15:00:00-06:00, or ms since 1970"],
    ["an unknown status", { ref: "a1B2c3D4e5F6", startsAt: "2026-12-07T15:00:00Z", status: "maybe" }, "status: must be booked or canceled"],
  ])("refuses %s with a 400 saying what is expected", async (_name, body, error) => {
    const line = await createTwilioLine();
    await apiJson("PATCH", `/businesses/${line.businessId}`, { bookingSecrets: { generic: SECRET } });
    const res = await postBooking(generic, line.businessId, body, { secret: SECRET });
    expect(res.status).toBe(400);
    expect(await res.json()).toEqual({ error });
    expect(await bookingsOf(line.businessId)).toEqual([]);
  });
});

describe("booking secrets", () => {
  it("are write-only: the business says which are set, never the keys", async () => {
    const line = await createTwilioLine();
    const biz = await apiJson("PATCH", `/businesses/${line.businessId}`, { bookingSecrets: { calcom: "calcom-key-123", generic: "generic-key-123" } });
    expect(biz.bookingSecretsSet).toEqual({ calcom: true, calendly: false, generic: true });
    expect(JSON.stringify(biz)).not.toContain("calcom-key-123");
    const stored = await env.DB.prepare("SELECT booking_secret_calcom AS s FROM businesses WHERE id = ?").bind(line.businessId).first<{ s: string }>();
    expect(stored!.s).toMatch(/^v1\./);
    const audit = JSON.stringify(await apiJson("GET", `/audit?entity=business&entityId=${line.businessId}`));
    expect(audit).toContain("bookingSecretCalcom");
    expect(audit).not.toContain("calcom-key-123");
  });

  it("rotate: a new key replaces the old one at once", async () => {
    const script = PROVIDERS.find((p) => p.provider === "calcom")!;
    const b = await engagedCaller(script);
    await apiJson("PATCH", `/businesses/${b.line.businessId}`, { bookingSecrets: { calcom: "the-new-calcom-key" } });
    const body = script.created({ code: b.code, phone: null, startsAt: FIRST })[0];
    expect((await postBooking(script, b.line.businessId, body, { secret: SECRET })).status).toBe(403);
    expect((await postBooking(script, b.line.businessId, body, { secret: "the-new-calcom-key" })).status).toBe(200);
  });

  it("refuses a key too short to be one, naming the field", async () => {
    const line = await createTwilioLine();
    const res = await api("PATCH", `/businesses/${line.businessId}`, { bookingSecrets: { calendly: "short" } });
    expect(res.status).toBe(400);
    expect(await res.text()).toContain("bookingSecrets.calendly");
  });
});
