/** On-call hours (DESIGN.md §6.3): an emergency pages whoever's hours cover its time, in the business's zone; nobody's: the owner. */
import { afterEach, describe, expect, it, vi } from "vitest";
import { localTime } from "../src/rules/schedule";
import { api, apiJson, dialStatus, eventually, inboundSms, settle, twilioWebhook, uniquePhone } from "./support/app";
import { get, newSession } from "./support/admin-session";
import { lineAlarmAt } from "./support/line-clock";
import { missedCaller, type MissedCaller } from "./support/missed-caller";

afterEach(() => vi.restoreAllMocks());

const WEEKDAYS = ["mon", "tue", "wed", "thu", "fri"];
const leeHours = [{ days: WEEKDAYS, from: "08:00", to: "18:00" }];
// Nights and weekends: every night 6 PM to 8 AM, Saturday and Sunday whole.
const samHours = [
  { days: ["sun", ...WEEKDAYS, "sat"], from: "18:00", to: "08:00" },
  { days: ["sat", "sun"], from: "00:00", to: "00:00" },
];

/** The first instant after tomorrow when Chicago's clocks read `day` at `time` (createTwilioLine's zone). */
function nextChicago(day: string, time: string): number {
  let at = Math.ceil((Date.now() + 86_400_000) / 3_600_000) * 3_600_000;
  while (localTime(at, "America/Chicago").day !== day || localTime(at, "America/Chicago").time !== time) at += 30 * 60_000;
  return at;
}

/** Every Date.now() here and in the line reads as if it were `at`, and moves on from there as real time does. */
function clockAt(at: number): void {
  const real = Date.now.bind(Date);
  const offset = at - real();
  vi.spyOn(Date, "now").mockImplementation(() => real() + offset);
}

type Setup = MissedCaller & { lee: string; sam: string };

/** Lee first on the list (weekdays 8 AM–6 PM), Sam second (nights and weekends); `onCall` overrides. */
async function plumber(onCall?: (lee: string, sam: string) => unknown[]): Promise<Setup> {
  const [lee, sam] = [uniquePhone("737"), uniquePhone("737")];
  const preset = (await apiJson("GET", "/presets")).presets.find((p: { id: string }) => p.id === "home_services");
  const list = onCall ? onCall(lee, sam) : [{ phone: lee, name: "Lee", hours: leeHours }, { phone: sam, name: "Sam", hours: samHours }];
  const settings = { urgent: { ...preset.settings.urgent, onCall: list, escalateAfterMinutes: 10 } };
  return { ...(await missedCaller({ name: "Drip Plumbing", preset: "home_services", settings, bookingUrl: null })), lee, sam };
}

async function text(s: Setup, body: string) {
  expect((await twilioWebhook("/webhooks/twilio/sms", inboundSms(s.line, s.caller, body), s.line.authToken)).status).toBe(200);
}

const pages = (s: Setup, to: string) => s.carrier.to(to).filter((r) => (r.form.get("Body") ?? "").startsWith("URGENT"));

/** What the lead's urgent entry says about whom it paged. */
async function urgentWhy(s: Setup): Promise<unknown> {
  const { leads } = await apiJson("GET", `/businesses/${s.line.businessId}/leads`);
  const lead = await apiJson("GET", `/leads/${leads[0].id}`);
  const entry = lead.timeline.find((e: { type: string; event?: string }) => e.type === "lead_event" && e.event === "urgent");
  expect(entry).toBeDefined();
  return entry.detail.why;
}

describe("on-call hours", () => {
  it("an emergency at night pages Sam, though Lee is first on the list; escalation goes on to the owner, not to Lee", async () => {
    const night = nextChicago("tue", "03:00");
    clockAt(night);
    const s = await plumber();
    await text(s, "Burst pipe in the basement!!");
    await eventually(async () => pages(s, s.sam).length === 1);
    expect(pages(s, s.lee)).toHaveLength(0);
    expect(await urgentWhy(s)).toBe("on call now: Sam, nights and weekends (outside weekdays 8 AM–6 PM)");
    // The lead card says it in the lead's timeline.
    const { leads } = await apiJson("GET", `/businesses/${s.line.businessId}/leads`);
    const card = await (await get(await newSession(), `/admin/businesses/${s.line.businessId}/leads/${leads[0].id}`)).text();
    expect(card).toContain("Urgent: burst pipe · on call now: Sam, nights and weekends (outside weekdays 8 AM–6 PM)");

    await lineAlarmAt(s.line.e164, night + 10 * 60_000 + 1_000);
    await eventually(async () => pages(s, s.owner).length === 1);
    expect(pages(s, s.owner)[0]!.form.get("Body")).toMatch(/Escalated: Sam didn't take it/);
    await lineAlarmAt(s.line.e164, night + 60 * 60_000);
    await settle(200);
    expect([pages(s, s.lee).length, pages(s, s.sam).length, pages(s, s.owner).length]).toEqual([0, 1, 1]);
  });

  it("the same emergency by day pages Lee", async () => {
    clockAt(nextChicago("tue", "10:00"));
    const s = await plumber();
    await text(s, "Burst pipe in the basement!!");
    await eventually(async () => pages(s, s.lee).length === 1);
    expect(pages(s, s.sam)).toHaveLength(0);
    expect(await urgentWhy(s)).toBe("on call now: Lee, weekdays 8 AM–6 PM");
  });

  it("when nobody's hours cover the time, the owner is paged and the lead says so", async () => {
    clockAt(nextChicago("sat", "23:00"));
    const s = await plumber((lee) => [{ phone: lee, name: "Lee", hours: leeHours }]);
    await text(s, "Burst pipe in the basement!!");
    await eventually(async () => pages(s, s.owner).length === 1);
    expect(pages(s, s.lee)).toHaveLength(0);
    expect(await urgentWhy(s)).toBe("nobody is on call now: paging the owner");
  });

  it("a repeat call at night alerts the owner and Sam, who is on call then, not Lee", async () => {
    clockAt(nextChicago("wed", "02:00"));
    const s = await plumber();
    await text(s, "Need a quote for a new water heater");
    expect((await twilioWebhook("/webhooks/twilio/dial-status", dialStatus(s.line, s.caller, "no-answer"), s.line.authToken)).status).toBe(200);
    const alerts = (to: string) => s.carrier.to(to).filter((r) => (r.form.get("Body") ?? "").includes("called again"));
    await eventually(async () => alerts(s.owner).length === 1 && alerts(s.sam).length === 1);
    expect(alerts(s.lee)).toHaveLength(0);
  });

  it("a list without hours pages in order at any hour, and its lead gives no rota", async () => {
    clockAt(nextChicago("sun", "03:00"));
    const s = await plumber((lee, sam) => [{ phone: lee, name: "Lee" }, { phone: sam, name: "Sam" }]);
    await text(s, "Burst pipe in the basement!!");
    await eventually(async () => pages(s, s.lee).length === 1);
    expect(pages(s, s.sam)).toHaveLength(0);
    expect(await urgentWhy(s)).toBeUndefined();
  });
});

describe("on-call hours settings", () => {
  it.each([
    [{ days: ["monday"], from: "08:00", to: "18:00" }, /settings\.urgent\.onCall\.0\.hours\.0\.days\.0: must be a day: sun, mon/],
    [{ days: [], from: "08:00", to: "18:00" }, /settings\.urgent\.onCall\.0\.hours\.0\.days: give at least one day/],
    [{ days: ["mon"], from: "8am", to: "18:00" }, /settings\.urgent\.onCall\.0\.hours\.0\.from: must be a time as HH:MM/],
    [{ days: ["mon"], from: "08:00", to: "25:00" }, /settings\.urgent\.onCall\.0\.hours\.0\.to: must be a time as HH:MM/],
  ])("refuses %j with a 400 naming the field, and changes nothing", async (hours, message) => {
    const s = await missedCaller();
    const before = await apiJson("GET", `/businesses/${s.line.businessId}`);
    const res = await api("PATCH", `/businesses/${s.line.businessId}`, { settings: { urgent: { onCall: [{ phone: uniquePhone("737"), name: "Sam", hours: [hours] }] } } });
    expect(res.status).toBe(400);
    expect(await res.text()).toMatch(message);
    expect((await apiJson("GET", `/businesses/${s.line.businessId}`)).settings).toEqual(before.settings);
  });

  it("takes hours and gives them back as set", async () => {
    const s = await missedCaller();
    const sam = uniquePhone("737");
    const biz = await apiJson("PATCH", `/businesses/${s.line.businessId}`, { settings: { urgent: { onCall: [{ phone: sam, name: "Sam", hours: samHours }] } } });
    expect(biz.settings.urgent.onCall).toEqual([{ phone: sam, name: "Sam", hours: samHours }]);
  });
});
