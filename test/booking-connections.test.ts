/**
 * Connecting Cal.com and Calendly from the Integrations page (DESIGN.md §6.5, §7): the signing
 * secret set, replaced and removed through the page's own routes, stored and audited as the API
 * stores it; the provider's webhook then verifying with it, or refused; the last webhook verified
 * or refused shown per provider; who may change it; a bad secret refused naming the field.
 */
import { env } from "cloudflare:workers";
import { afterEach, describe, expect, it, vi } from "vitest";
import { apiJson, createTwilioLine } from "./support/app";
import { get, newSession, post, type Session } from "./support/admin-session";
import { PROVIDERS, postBooking, type ProviderScript } from "./support/booking-providers";
import { missedCaller } from "./support/missed-caller";
import { person, sessionOf } from "./support/team";

afterEach(() => vi.restoreAllMocks());

const calcom = PROVIDERS.find((p) => p.provider === "calcom")!;
const calendly = PROVIDERS.find((p) => p.provider === "calendly")!;
const STARTS = "2026-12-09T16:00:00.000Z";

const pagePath = (businessId: string) => `/admin/businesses/${businessId}/integrations`;
const secretPath = (businessId: string, provider: string) => `${pagePath(businessId)}/bookings/${provider}`;

/** The page as a person reads it: tags gone, entities decoded, spaces collapsed. */
async function pageText(s: Session, businessId: string): Promise<string> {
  const res = await get(s, pagePath(businessId));
  expect(res.status).toBe(200);
  return words(await res.text());
}

const words = (html: string) =>
  html
    .replace(/<[^>]+>/g, " ")
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, "&")
    .replace(/\s+/g, " ");

/** One provider's card of the page, as text. */
async function card(s: Session, businessId: string, provider: string): Promise<string> {
  const html = await (await get(s, pagePath(businessId))).text();
  const start = html.indexOf(`<section class="card guide" id="booking-${provider}"`);
  expect(start).toBeGreaterThan(-1);
  return words(html.slice(start, html.indexOf("</section>", start)));
}

/** A body of the provider's documented shape for the caller's phone (no link code): it books their lead by phone. */
const bookingFor = (script: ProviderScript, phone: string) => script.created({ code: null, phone, startsAt: STARTS })[0];

const storedSecret = async (businessId: string) =>
  (await env.DB.prepare("SELECT booking_secret_calcom AS calcom, booking_secret_calendly AS calendly FROM businesses WHERE id = ?").bind(businessId).first<{ calcom: string | null; calendly: string | null }>())!;

async function secretAudits(businessId: string, field: string) {
  const { results } = await env.DB.prepare("SELECT actor, detail FROM audit_log WHERE entity = 'business' AND entity_id = ? AND action = 'business.update' ORDER BY id")
    .bind(businessId)
    .all<{ actor: string; detail: string }>();
  return results.filter((r) => JSON.parse(r.detail).changes?.[field]).map((r) => ({ actor: r.actor, change: JSON.parse(r.detail).changes[field], raw: r.detail }));
}

describe("Cal.com on the Integrations page", () => {
  it("a manager sets the secret there; a booking signed with it verifies and books the lead; the page says when and what happened", async () => {
    const { line, caller } = await missedCaller();
    const manager = await person("manager", [line.businessId]);
    const s = await sessionOf(manager);

    expect(await (await get(s, pagePath(line.businessId))).text()).toMatch(new RegExp(`id="booking-url-calcom"[^>]*value="https://textback.test/webhooks/booking/calcom/${line.businessId}"`));
    const before = await card(s, line.businessId, "calcom");
    expect(before).toContain("Not connected");
    expect(before).toContain("Booking Created");
    expect(before).toContain("Booking Rescheduled");
    expect(before).toContain("Booking Cancelled");
    expect(before).toContain("No booking webhook has verified yet");

    const res = await post(s, secretPath(line.businessId, "calcom"), { secret: "calcom-page-secret-1" });
    expect(res.status).toBe(303);
    expect(res.headers.get("location")).toBe(`${pagePath(line.businessId)}?done=booking_secret_saved#booking-calcom`);
    expect((await storedSecret(line.businessId)).calcom).toMatch(/^v1\./);
    const audits = await secretAudits(line.businessId, "bookingSecretCalcom");
    expect(audits).toEqual([expect.objectContaining({ actor: manager.id, change: { before: null, after: "[set]" } })]);
    expect(audits[0]!.raw).not.toContain("calcom-page-secret-1");

    const answer = await postBooking(calcom, line.businessId, bookingFor(calcom, caller), { secret: "calcom-page-secret-1" });
    expect(answer.status).toBe(200);
    expect(await answer.json()).toMatchObject({ result: "matched" });
    const { leads } = await apiJson("GET", `/businesses/${line.businessId}/leads`);
    expect(leads.find((l: { phone: string }) => l.phone === caller)).toMatchObject({ status: "booked", startsAt: Date.parse(STARTS) });

    const after = await card(s, line.businessId, "calcom");
    expect(after).toContain("Connected");
    expect(after).not.toContain("Not connected");
    expect(after).toMatch(/Signing secret set on \w{3} \d{1,2}, \d{1,2}:\d{2}/);
    expect(after).toMatch(/Last booking webhook: .+, signature verified, booked a lead\./);
    expect(after).not.toContain("calcom-page-secret-1");
    expect(after).toContain("Replace secret");
  }, 30_000);

  it("rotating: the new secret verifies at once, the old one is refused and the page says so until a good one arrives", async () => {
    const { line, caller } = await missedCaller();
    const s = await newSession();
    expect((await post(s, secretPath(line.businessId, "calcom"), { secret: "the-first-calcom-key" })).status).toBe(303);
    expect((await post(s, secretPath(line.businessId, "calcom"), { secret: "the-second-calcom-key" })).status).toBe(303);
    expect((await secretAudits(line.businessId, "bookingSecretCalcom")).map((a) => a.change)).toEqual([
      { before: null, after: "[set]" },
      { before: "[set]", after: "[changed]" },
    ]);

    const body = bookingFor(calcom, caller);
    expect((await postBooking(calcom, line.businessId, body, { secret: "the-first-calcom-key" })).status).toBe(403);
    expect(await card(s, line.businessId, "calcom")).toMatch(/Refused .+: its signature did not match the secret set here/);

    expect((await postBooking(calcom, line.businessId, body, { secret: "the-second-calcom-key" })).status).toBe(200);
    const now = await card(s, line.businessId, "calcom");
    expect(now).toContain("signature verified, booked a lead");
    // A good webhook after the refusal: the setup works, the refusal is history.
    expect(now).not.toContain("Refused");
  }, 30_000);

  it("disconnect: asks for the box, then removes the secret; the provider's webhook is refused and the page says why", async () => {
    const { line, caller } = await missedCaller();
    const s = await newSession();
    expect((await post(s, secretPath(line.businessId, "calcom"), { secret: "calcom-key-to-remove" })).status).toBe(303);

    const unticked = await post(s, `${secretPath(line.businessId, "calcom")}/disconnect`, {});
    expect(unticked.status).toBe(400);
    expect(words(await unticked.text())).toContain('Tick "Yes, disconnect Cal.com" to disconnect it.');
    expect((await storedSecret(line.businessId)).calcom).not.toBeNull();

    const done = await post(s, `${secretPath(line.businessId, "calcom")}/disconnect`, { confirm: "calcom" });
    expect(done.status).toBe(303);
    expect(done.headers.get("location")).toContain("done=booking_disconnected");
    expect((await storedSecret(line.businessId)).calcom).toBeNull();
    expect((await secretAudits(line.businessId, "bookingSecretCalcom")).at(-1)!.change).toEqual({ before: "[set]", after: null });

    expect((await postBooking(calcom, line.businessId, bookingFor(calcom, caller), { secret: "calcom-key-to-remove" })).status).toBe(403);
    const text = await card(s, line.businessId, "calcom");
    expect(text).toContain("Not connected");
    expect(text).toContain("No signing secret: Textback refuses bookings from Cal.com until one is set.");
    expect(text).toMatch(/Refused .+: no signing secret is set here/);
    expect(text).not.toContain("Disconnect Cal.com");
  }, 30_000);

  it("a viewer or an agent can change nothing: 403, and the secret stays as it was", async () => {
    const line = await createTwilioLine();
    await apiJson("PATCH", `/businesses/${line.businessId}`, { bookingSecrets: { calcom: "the-owners-calcom-key" } });
    const stored = await storedSecret(line.businessId);
    for (const role of ["viewer", "agent"] as const) {
      const s = await sessionOf(await person(role, [line.businessId]));
      expect((await get(s, pagePath(line.businessId))).status).toBe(403);
      expect((await post(s, secretPath(line.businessId, "calcom"), { secret: `${role}-would-like-this-key` })).status).toBe(403);
      expect((await post(s, `${secretPath(line.businessId, "calcom")}/disconnect`, { confirm: "calcom" })).status).toBe(403);
    }
    expect(await storedSecret(line.businessId)).toEqual(stored);
    expect(await secretAudits(line.businessId, "bookingSecretCalcom")).toHaveLength(1);
  }, 60_000);

  it.each([
    ["too short", "short", "Cal.com signing secret: must be at least 8 characters."],
    ["empty", "", "Cal.com signing secret: must be at least 8 characters."],
    ["only spaces", "            ", "Cal.com signing secret: must be at least 8 characters."],
    ["too long", "k".repeat(201), "Cal.com signing secret: must be at most 200 characters."],
  ])("a secret %s is refused naming the field, and the old one still verifies", async (_name, typed, error) => {
    const { line, caller } = await missedCaller();
    const s = await newSession();
    expect((await post(s, secretPath(line.businessId, "calcom"), { secret: "the-working-calcom-key" })).status).toBe(303);
    const stored = await storedSecret(line.businessId);

    const res = await post(s, secretPath(line.businessId, "calcom"), { secret: typed });
    expect(res.status).toBe(400);
    const html = await res.text();
    expect(words(html)).toContain(error);
    expect(html).toMatch(/<input[^>]*id="secret-calcom"[^>]*aria-invalid="true"|<input[^>]*aria-invalid="true"[^>]*id="secret-calcom"/);
    expect(html).not.toMatch(/id="secret-calendly"[^>]*aria-invalid/);
    expect(await storedSecret(line.businessId)).toEqual(stored);
    expect(await secretAudits(line.businessId, "bookingSecretCalcom")).toHaveLength(1);
    expect((await postBooking(calcom, line.businessId, bookingFor(calcom, caller), { secret: "the-working-calcom-key" })).status).toBe(200);
  }, 30_000);

  it("a Cal.com webhook without a secret of its own (its placeholder header) shows as unsigned", async () => {
    const line = await createTwilioLine();
    const s = await newSession();
    expect((await post(s, secretPath(line.businessId, "calcom"), { secret: "the-calcom-key-here" })).status).toBe(303);
    const res = await postBooking(calcom, line.businessId, bookingFor(calcom, "+14155550100"), { secret: "x", headers: { "x-cal-signature-256": "no-secret-provided" } });
    expect(res.status).toBe(403);
    expect(await card(s, line.businessId, "calcom")).toMatch(/Refused .+: it had no signature: give Cal.com the same secret as here\./);
  });

  it("a provider the page does not connect is a 404", async () => {
    const line = await createTwilioLine();
    const s = await newSession();
    expect((await post(s, secretPath(line.businessId, "generic"), { secret: "generic-key-12345" })).status).toBe(404);
    expect((await post(s, secretPath(line.businessId, "acuity"), { secret: "acuity-key-12345" })).status).toBe(404);
  });
});

describe("Calendly on the Integrations page", () => {
  it("shows the API calls to make, with this business's URL and the two events, and notes what arrives", async () => {
    const { line, caller } = await missedCaller();
    const s = await newSession();
    const text = await card(s, line.businessId, "calendly");
    const url = `https://textback.test/webhooks/booking/calendly/${line.businessId}`;
    expect(text).toContain("curl -s https://api.calendly.com/users/me");
    const command = /<textarea id="calendly-create"[^>]*>([^<]*)<\/textarea>/.exec(await (await get(s, pagePath(line.businessId))).text())![1]!.replace(/&quot;/g, '"').replace(/&#39;/g, "'");
    expect(command).toMatch(/^curl -s https:\/\/api\.calendly\.com\/webhook_subscriptions \\\n/);
    expect(JSON.parse(/-d '([^']+)'$/.exec(command)![1]!)).toEqual({
      url,
      events: ["invitee.created", "invitee.canceled"],
      organization: "YOUR_ORGANIZATION_URI",
      user: "YOUR_USER_URI",
      scope: "user",
      signing_key: "YOUR_SIGNING_KEY",
    });
    expect(text).toContain("personal access token");

    // Sent before the key is set here: refused, and the page says why.
    expect((await postBooking(calendly, line.businessId, bookingFor(calendly, caller), { secret: "calendly-signing-key" })).status).toBe(403);
    expect(await card(s, line.businessId, "calendly")).toMatch(/Refused .+: no signing secret is set here/);

    expect((await post(s, secretPath(line.businessId, "calendly"), { secret: "calendly-signing-key" })).status).toBe(303);
    expect((await postBooking(calendly, line.businessId, bookingFor(calendly, caller), { secret: "calendly-signing-key" })).status).toBe(200);
    const after = await card(s, line.businessId, "calendly");
    expect(after).toMatch(/Last booking webhook: .+, signature verified, booked a lead\./);
    expect(after).not.toContain("Refused");
    // The other provider is untouched.
    expect(await card(s, line.businessId, "calcom")).toContain("Not connected");
  }, 30_000);

  it("a key set through the API shows as connected, with its date; an unknown cancellation and an unsigned post show as such", async () => {
    const line = await createTwilioLine();
    const s = await newSession();
    await apiJson("PATCH", `/businesses/${line.businessId}`, { bookingSecrets: { calendly: "calendly-api-key-1" } });
    expect(await card(s, line.businessId, "calendly")).toMatch(/Connected .*Signing secret set on /);

    const cancel = calendly.canceled({ code: null, phone: "+14155550111", startsAt: STARTS })[0];
    expect((await postBooking(calendly, line.businessId, cancel, { secret: "calendly-api-key-1" })).status).toBe(200);
    expect(await card(s, line.businessId, "calendly")).toContain("signature verified, ignored the cancellation of a booking Textback never had");

    expect((await postBooking(calendly, line.businessId, cancel, { secret: "calendly-api-key-1", headers: {} })).status).toBe(403);
    expect(await card(s, line.businessId, "calendly")).toMatch(/Refused .+: it had no signature: give Calendly the same secret as here/);
  });
});

describe("what the route notes", () => {
  it("nothing for a business that does not exist", async () => {
    expect((await postBooking(calcom, "biz_nobody", bookingFor(calcom, "+14155550100"), { secret: "whatever-key-123" })).status).toBe(403);
    expect((await postBooking(calcom, "biz_nobody", bookingFor(calcom, "+14155550100"), { secret: "x", headers: {} })).status).toBe(403);
    const row = await env.DB.prepare("SELECT COUNT(*) AS n FROM booking_connections WHERE business_id = 'biz_nobody'").first<{ n: number }>();
    expect(row!.n).toBe(0);
  });

  it("a burst of refusals is one write: the first one's time stands", async () => {
    const line = await createTwilioLine();
    await apiJson("PATCH", `/businesses/${line.businessId}`, { bookingSecrets: { calcom: "the-real-calcom-key" } });
    const at = () => env.DB.prepare("SELECT last_refused_at AS at, last_refused_reason AS reason FROM booking_connections WHERE business_id = ? AND provider = 'calcom'").bind(line.businessId).first<{ at: number; reason: string }>();
    expect((await postBooking(calcom, line.businessId, bookingFor(calcom, "+14155550100"), { secret: "a-wrong-calcom-key" })).status).toBe(403);
    const first = await at();
    expect(first!.reason).toBe("bad_signature");
    for (let i = 0; i < 5; i++) {
      expect((await postBooking(calcom, line.businessId, bookingFor(calcom, "+14155550100"), { secret: "x", headers: {} })).status).toBe(403);
    }
    expect(await at()).toEqual(first);
  });

  it("a verified body it cannot read: 400, noted as unreadable", async () => {
    const line = await createTwilioLine();
    await apiJson("PATCH", `/businesses/${line.businessId}`, { bookingSecrets: { calcom: "the-real-calcom-key" } });
    const res = await postBooking(calcom, line.businessId, { triggerEvent: "BOOKING_CREATED", payload: { title: "a custom template" } }, { secret: "the-real-calcom-key" });
    expect(res.status).toBe(400);
    const row = await env.DB.prepare("SELECT last_verified_result AS r FROM booking_connections WHERE business_id = ? AND provider = 'calcom'").bind(line.businessId).first<{ r: string }>();
    expect(row!.r).toBe("unreadable");
  });
});
