/**
 * Photos (MMS) on the texts that page and alert, and on a first text, through the real Worker: an
 * urgent page and a danger's alert count the photos with the conversation's link (private: the
 * count alone beside its link, never the words); someone who texts first with a photo alone is
 * introduced and asked the first question, as a first text with words is, and the owner still sees it.
 */
import { afterEach, describe, expect, it, vi } from "vitest";
import { apiJson, createTwilioLine, eventually, inboundSms, ORIGIN, twilioWebhook, uniquePhone, type TwilioLine } from "./support/app";
import { mockTwilio } from "./support/carriers";
import { missedCaller } from "./support/missed-caller";

afterEach(() => vi.restoreAllMocks());
vi.setConfig({ testTimeout: 20_000 });

const PHOTO = "https://api.twilio.com/2010-04-01/Accounts/AC1/Messages/MM1/Media/ME1";
const PHOTO_2 = "https://api.twilio.com/2010-04-01/Accounts/AC1/Messages/MM1/Media/ME2";

/** A text from `from`, with photos, as Twilio posts an MMS. */
async function textPhotos(line: TwilioLine, from: string, body: string, urls: string[]) {
  const media = Object.fromEntries(urls.flatMap((url, i) => [[`MediaUrl${i}`, url], [`MediaContentType${i}`, "image/jpeg"]]));
  const params = { ...inboundSms(line, from, body), NumMedia: String(urls.length), ...media };
  expect((await twilioWebhook("/webhooks/twilio/sms", params, line.authToken)).status).toBe(200);
}

const bodiesTo = (carrier: ReturnType<typeof mockTwilio>, to: string) => carrier.to(to).map((r) => r.form.get("Body") ?? "");

/** A roofer with Sam on call, and a caller it missed. */
async function roofer(privateTexts: boolean) {
  const sam = uniquePhone("737");
  const preset = (await apiJson("GET", "/presets")).presets.find((p: { id: string }) => p.id === "home_services");
  const settings = { privateTexts, urgent: { ...preset.settings.urgent, onCall: [{ phone: sam, name: "Sam" }], escalateAfterMinutes: 10 } };
  const s = await missedCaller({ name: "Peak Roofing", preset: "home_services", settings, bookingUrl: null });
  const link = `${ORIGIN}/admin/businesses/${s.line.businessId}/conversations/${s.caller}`;
  return { ...s, sam, link, to: (phone: string) => bodiesTo(s.carrier, phone) };
}

describe("a page and a danger's alert about a text with photos", () => {
  it("count the photos with the conversation's link", async () => {
    const s = await roofer(false);
    await textPhotos(s.line, s.caller, "basement is flooding", [PHOTO, PHOTO_2]);
    const page = await eventually(async () => s.to(s.sam)[0]);
    expect(page).toContain(`"basement is flooding"`);
    expect(page).toContain(`[2 photos] ${s.link} Reply OK to take it.`);
    // The page held for the owner says it too.
    const { messages } = await apiJson("GET", `/businesses/${s.line.businessId}/messages`);
    const held = (messages as { kind: string; to: string; body: string }[]).find((m) => m.kind === "page" && m.to === s.owner);
    expect(held?.body).toContain(`[2 photos] ${s.link} Escalated: Sam didn't take it.`);

    await textPhotos(s.line, s.sam, "OK", []);
    await eventually(async () => s.to(s.sam).length >= 2);
    await textPhotos(s.line, s.caller, "now I smell gas", [PHOTO]);
    const alert = await eventually(async () => s.to(s.sam).find((b) => b.startsWith("DANGER")));
    expect(alert).toBe(`DANGER (${s.caller.slice(2, 5)}) ${s.caller.slice(5, 8)}-${s.caller.slice(8)}: "now I smell gas". They got the safety message. [1 photo] ${s.link}`);
  });

  it("count them without the caller's words for a business that keeps them off its phones", async () => {
    const s = await roofer(true);
    await textPhotos(s.line, s.caller, "basement is flooding", [PHOTO, PHOTO_2]);
    const page = await eventually(async () => s.to(s.sam)[0]);
    expect(page).toMatch(/^URGENT: .* needs help now \[2 photos\]\. Open: /);
    expect(page).toContain(s.link);
    expect(page).not.toContain("flooding");
  });
});

describe("a danger named with photos before anyone took the page", () => {
  it("reaches the pages held for the next people with the photos' count and link", async () => {
    const s = await roofer(false);
    await textPhotos(s.line, s.caller, "basement is flooding", []);
    await eventually(async () => s.to(s.sam).length === 1);
    await textPhotos(s.line, s.caller, "now I smell gas", [PHOTO]);
    const heldPage = async () => {
      const { messages } = await apiJson("GET", `/businesses/${s.line.businessId}/messages`);
      return (messages as { kind: string; to: string; body: string }[]).find((m) => m.kind === "page" && m.to === s.owner)?.body ?? "";
    };
    await eventually(async () => (await heldPage()).includes("DANGER:"));
    expect(await heldPage()).toContain(`DANGER: "now I smell gas". They got the safety message. [1 photo] ${s.link} Escalated: Sam didn't take it.`);
  });
});

describe("someone who texts first with a photo alone", () => {
  it("is introduced and asked the first question, the owner sees the photo, and the next photo alone answers nothing", async () => {
    const carrier = mockTwilio();
    const owner = uniquePhone("312");
    const line = await createTwilioLine({ name: "Peak Roofing", preset: "home_services", notifyPhone: owner, bookingUrl: null });
    const texter = uniquePhone();
    await textPhotos(line, texter, "", [PHOTO]);
    expect(await eventually(async () => bodiesTo(carrier, texter)[0])).toBe("This is Peak Roofing. What do you need help with?\nReply STOP to opt out.");
    const relay = await eventually(async () => bodiesTo(carrier, owner)[0]);
    expect(relay).toContain("[1 photo]");

    await textPhotos(line, texter, "", [PHOTO_2]);
    await eventually(async () => bodiesTo(carrier, owner).length >= 2);
    expect(bodiesTo(carrier, texter)).toHaveLength(1);
    const lead = (await apiJson("GET", `/businesses/${line.businessId}/leads?q=${encodeURIComponent(texter)}`)).leads[0];
    expect(lead.fields.service).toBeUndefined();

    await textPhotos(line, texter, "Roof repair after the hail", []);
    await eventually(async () => bodiesTo(carrier, texter).length >= 2);
    expect(bodiesTo(carrier, texter)[1]).toBe("Thanks. What's the address of the job?");
  });
});
