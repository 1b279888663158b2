/** The admin page of unmatched bookings (DESIGN.md §6.5): listed with what the provider sent, attached to a lead by a person. */
import { afterEach, describe, expect, it, vi } from "vitest";
import { apiJson, createTwilioLine, dialStatus, eventually, twilioWebhook, uniquePhone } from "./support/app";
import { get, newSession, post } from "./support/admin-session";
import { PROVIDERS, postBooking } from "./support/booking-providers";
import { mockTwilio } from "./support/carriers";

afterEach(() => vi.restoreAllMocks());

const generic = PROVIDERS.find((p) => p.provider === "generic")!;

describe("unmatched bookings page", () => {
  it("lists a booking nobody could match and attaches it to the lead a person picks", async () => {
    const session = await newSession();
    const carrier = mockTwilio();
    const line = await createTwilioLine();
    await apiJson("PATCH", `/businesses/${line.businessId}`, { bookingSecrets: { generic: "generic-key-for-pages" } });
    const caller = uniquePhone();
    await twilioWebhook("/webhooks/twilio/dial-status", dialStatus(line, caller, "no-answer"), line.authToken);
    await eventually(async () => carrier.to(caller).length === 1);
    const lead = await eventually(async () => ((await apiJson("GET", `/businesses/${line.businessId}/leads`)).leads as any[]).find((l) => l.phone === caller));

    // Booked from the spouse's phone: nothing to match it by.
    const spouse = uniquePhone("646");
    const res = await postBooking(generic, line.businessId, { phone: spouse, startsAt: "2026-12-09T16:00:00Z", status: "booked" }, { secret: "generic-key-for-pages" });
    expect(await res.json()).toMatchObject({ result: "unmatched" });

    const leadsPage = `/admin/businesses/${line.businessId}/leads`;
    expect(await (await get(session, leadsPage)).text()).toContain("1 booking from your booking system could not be matched to a lead");
    const path = `/admin/businesses/${line.businessId}/bookings`;
    const page = await (await get(session, path)).text();
    expect(page).toContain("Unmatched bookings");
    expect(page).toContain(spouse.slice(-4));
    const action = /action="([^"]*\/attach)"/.exec(page)![1]!.replace(/&amp;/g, "&");

    expect((await post(null, action, { leadId: lead.id })).status).toBe(403);
    const done = await post(session, action, { leadId: lead.id });
    expect(done.status).toBe(303);
    expect(done.headers.get("location")).toMatch(/done=attached$/);
    expect(await apiJson("GET", `/leads/${lead.id}`)).toMatchObject({ status: "booked", startsAt: Date.parse("2026-12-09T16:00:00Z") });
    expect(await (await get(session, path)).text()).toContain("None. Every booking found its lead.");
    expect(await (await get(session, leadsPage)).text()).not.toContain("could not be matched");
    expect(await (await get(session, `${leadsPage}/${lead.id}`)).text()).toContain("Booking attached by hand (booking system) for ");

    const again = await post(session, action, { leadId: lead.id });
    expect(again.status).toBe(409);
    expect(await again.text()).toContain("already belongs to a lead");
  }, 20_000);
});
