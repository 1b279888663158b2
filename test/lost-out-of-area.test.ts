/**
 * A lead automation closes (a ZIP outside the service area, DESIGN.md §6.2) is never closed
 * silently or wrongly: a five-digit house number is not the ZIP, the owner is told who, why, what
 * was read and how to reopen it, the pages say why in words, and a shortcut on the closed lead says
 * how and when it closed. The shape of the Dallas roofing trial after a hail storm.
 */
import { afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { formatPhone } from "../src/rules/display";
import { get, newSession, type Session } from "./support/admin-session";
import { apiJson, eventually, inboundSms, twilioWebhook, type TwilioLine } from "./support/app";
import { missedCaller, type MissedCaller } from "./support/missed-caller";

afterEach(() => vi.restoreAllMocks());

let session: Session;
beforeAll(async () => {
  session = await newSession();
});

/** A roofer who serves two Dallas ZIPs, asks what happened and where, and a caller it missed. */
const roofer = (settings: Record<string, unknown> = {}) =>
  missedCaller({
    name: "Summit Roofing",
    preset: "home_services",
    bookingUrl: null,
    settings: {
      qualify: { enabled: true, questions: [{ key: "service", ask: "What happened?" }, { key: "address", ask: "What's the address of the job?" }], serviceArea: { zips: ["75240", "75246"] } },
      ...settings,
    },
  });

async function text(line: TwilioLine, from: string, body: string) {
  expect((await twilioWebhook("/webhooks/twilio/sms", inboundSms(line, from, body), line.authToken)).status).toBe(200);
}

const bodies = (s: MissedCaller, to: string) => s.carrier.to(to).map((r) => r.form.get("Body") ?? "");
const leadOf = async (s: MissedCaller) => (await apiJson("GET", `/businesses/${s.line.businessId}/leads?q=${encodeURIComponent(s.caller)}`)).leads[0];
const page = async (path: string) => (await get(session, path)).text();

/** The caller answers both questions; the second answer is `where`. */
async function answers(s: MissedCaller, where: string) {
  await text(s.line, s.caller, "hail took some shingles off, need an inspection");
  await eventually(async () => s.carrier.to(s.caller).length >= 2);
  await text(s.line, s.caller, where);
  await eventually(async () => s.carrier.to(s.caller).length >= 3);
}

describe("a five-digit house number", () => {
  it.each([
    ["14020 Noel Rd 75240", "75240"],
    ["10220 Walnut Hill Ln 7523", undefined],
  ])("%j does not turn the caller away: the lead stays open and the owner gets the summary", async (where, zip) => {
    const s = await roofer();
    await answers(s, where);
    expect(bodies(s, s.caller)[2]).not.toMatch(/outside the area/);
    const lead = await leadOf(s);
    expect(lead).toMatchObject({ status: "qualified", lostReason: null });
    expect(lead.fields.zip).toBe(zip);
    await eventually(async () => s.carrier.to(s.owner).length === 1);
    expect(bodies(s, s.owner)[0]).toMatch(/^Textback: new lead /);
  });
});

describe("a lead closed as out of area", () => {
  it("tells the owner who, why, what was read and how to reopen it; their reply reaches the caller", async () => {
    const s = await roofer();
    await answers(s, "6101 Camp Bowie Blvd Fort Worth 76116");
    expect(bodies(s, s.caller)[2]).toMatch(/outside the area we serve/);
    const lead = await leadOf(s);
    expect(lead).toMatchObject({ status: "lost", lostReason: "out_of_area", fields: { zip: "76116" } });
    await eventually(async () => s.carrier.to(s.owner).length === 1);
    expect(bodies(s, s.owner)[0]).toBe(
      `Textback: closed as out of area: ${formatPhone(s.caller)}. ZIP 76116 is not in your service area (address: 6101 Camp Bowie Blvd Fort Worth 76116), ` +
        `so they got your out-of-area message. If that's wrong, reply to text them and reopen the lead: https://textback.test/admin/businesses/${s.line.businessId}/leads/${lead.id}`,
    );
    await text(s.line, s.owner, "Sorry about that, we do come to Fort Worth. Can we call you?");
    await eventually(async () => s.carrier.to(s.caller).length === 4);
    expect(bodies(s, s.caller)[3]).toBe("Sorry about that, we do come to Fort Worth. Can we call you?");
  });

  it("the owner's L or W on it says how and when it closed, and where to reopen it, not 'no open lead'", async () => {
    const s = await roofer();
    await answers(s, "6101 Camp Bowie Blvd 76116");
    await eventually(async () => s.carrier.to(s.owner).length === 1);
    const lead = await leadOf(s);
    await text(s.line, s.owner, `${s.caller} L other: went with someone else`);
    await eventually(async () => s.carrier.to(s.owner).length === 2);
    const answer = bodies(s, s.owner)[1]!;
    expect(answer).toMatch(
      new RegExp(`^Textback: Nothing changed: \\(\\d{3}\\) \\d{3}-\\d{4}'s lead was closed as out of area \\(ZIP 76116\\) at \\d{1,2}:\\d{2} [AP]M\\. To reopen it: https://textback\\.test/admin/businesses/${s.line.businessId}/leads/${lead.id}$`),
    );
    expect(answer).not.toMatch(/no open lead/);
    await text(s.line, s.owner, "W 900");
    await eventually(async () => s.carrier.to(s.owner).length === 3);
    expect(bodies(s, s.owner)[2]).toMatch(/^Textback: Nothing changed: .*'s lead was closed as out of area \(ZIP 76116\) at /);
    expect(await leadOf(s)).toMatchObject({ status: "lost", lostReason: "out_of_area", lostNote: null });
  });

  it("the Leads list, the lead card and the conversation say why in words", async () => {
    const s = await roofer();
    await answers(s, "6101 Camp Bowie Blvd 76116");
    const lead = await leadOf(s);
    const why = "Out of area: ZIP 76116 is not in your service area";
    expect(await page(`/admin/businesses/${s.line.businessId}/leads?status=lost`)).toContain(`Lost: ${why}`);
    const card = await page(`/admin/businesses/${s.line.businessId}/leads/${lead.id}`);
    expect(card).toContain(`lost: out of area: ZIP 76116 is not in your service area`);
    expect(card).toContain(`Lost: ${why}. To reopen it, choose New, Replied, Qualified, Booked.`);
    expect(card).toContain("ZIP 76116 was not in your service area");
    expect(await page(`/admin/businesses/${s.line.businessId}/conversations/${encodeURIComponent(s.caller)}`)).toContain("lost: out of area: ZIP 76116 is not in your service area");
  });

  it("keeps the caller's words off a private business's phones: who and the link only", async () => {
    const s = await roofer({ privateTexts: true });
    await answers(s, "6101 Camp Bowie Blvd 76116");
    const lead = await leadOf(s);
    await eventually(async () => s.carrier.to(s.owner).length === 1);
    const notice = bodies(s, s.owner)[0]!;
    expect(notice).toBe(
      `Textback: closed as out of area: ${formatPhone(s.caller)}. Their ZIP is not in your service area, so they got your out-of-area message. ` +
        `If that's wrong, reply to text them and reopen the lead: https://textback.test/admin/businesses/${s.line.businessId}/leads/${lead.id}`,
    );
    expect(notice).not.toMatch(/76116|Camp Bowie/);
  });

  it("sends nothing to an owner who texted STOP", async () => {
    const s = await roofer();
    await text(s.line, s.owner, "STOP");
    await eventually(async () => s.carrier.to(s.owner).length === 1);
    await answers(s, "6101 Camp Bowie Blvd 76116");
    expect(await leadOf(s)).toMatchObject({ status: "lost", lostReason: "out_of_area" });
    const { messages } = await apiJson("GET", `/businesses/${s.line.businessId}/messages`);
    expect(messages.filter((m: { to: string; kind: string }) => m.to === s.owner && m.kind === "alert")).toEqual([]);
    expect(s.carrier.to(s.owner)).toHaveLength(1);
  });
});
