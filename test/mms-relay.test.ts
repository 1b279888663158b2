/**
 * A caller texts photos of the damage (MMS) after a missed call, through the real Worker: the photos
 * are kept, the owner's relay counts them with the conversation's link, the admin pages link to
 * them (a photo-only text reads "Photo"), and a photo alone answers no question.
 */
import { afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { apiJson, eventually, inboundSms, ORIGIN, twilioWebhook } from "./support/app";
import { get, newSession, type Session } from "./support/admin-session";
import { missedCaller, type MissedCaller } from "./support/missed-caller";

afterEach(() => vi.restoreAllMocks());
vi.setConfig({ testTimeout: 20_000 });

let session: Session;
beforeAll(async () => {
  session = await newSession();
});

const PHOTO = "https://api.twilio.com/2010-04-01/Accounts/AC1/Messages/MM1/Media/ME1";
const PHOTO_2 = "https://api.twilio.com/2010-04-01/Accounts/AC1/Messages/MM1/Media/ME2";

/** The caller's text with photos, as Twilio posts an MMS. */
async function textPhotos(s: MissedCaller, body: string, urls: string[]) {
  const media = Object.fromEntries(urls.flatMap((url, i) => [[`MediaUrl${i}`, url], [`MediaContentType${i}`, "image/jpeg"]]));
  const params = { ...inboundSms(s.line, s.caller, body), NumMedia: String(urls.length), ...media };
  expect((await twilioWebhook("/webhooks/twilio/sms", params, s.line.authToken)).status).toBe(200);
}

const texts = (s: MissedCaller, to: string) => s.carrier.to(to).map((r) => r.form.get("Body") ?? "");
const conversationPath = (s: MissedCaller) => `/admin/businesses/${s.line.businessId}/conversations/${encodeURIComponent(s.caller)}`;
const conversationLink = (s: MissedCaller) => `${ORIGIN}/admin/businesses/${s.line.businessId}/conversations/${s.caller}`;

describe("photos a caller texts", () => {
  it("are kept, counted in the owner's relay with the conversation's link, and linked on the conversation page", async () => {
    const s = await missedCaller({ name: "Peak Roofing" });
    await textPhotos(s, "", [PHOTO]);
    const relay = await eventually(async () => texts(s, s.owner)[0]);
    expect(relay).toContain("[1 photo]");
    expect(relay).toContain(conversationLink(s));
    expect(relay).not.toMatch(/replied: {2}/);

    const html = await (await get(session, conversationPath(s))).text();
    expect(html).toContain(`<a href="${PHOTO}" rel="noreferrer" target="_blank">Photo 1 (image/jpeg)</a>`);
    // A text of photos alone reads as a photo, not as an empty bubble; nothing remote is embedded.
    expect(html).toContain(`<span class="bubble">Photo</span>`);
    expect(html).not.toContain(`<img src="${PHOTO}"`);

    const inbox = await (await get(session, `/admin/businesses/${s.line.businessId}/conversations.json`)).json<{ conversations: { phone: string; preview: string }[] }>();
    expect(inbox.conversations.find((c) => c.phone === s.caller)?.preview).toBe("Photo");
    // The leads list's "needs" column: the caller's latest words, a photo here.
    const leads = await (await get(session, `/admin/businesses/${s.line.businessId}/leads?q=${encodeURIComponent(s.caller)}`)).text();
    expect(leads).toMatch(/>Photo</);
  });

  it("quotes the caller's words with the count of photos", async () => {
    const s = await missedCaller();
    await textPhotos(s, "Hail hit the back side", [PHOTO, PHOTO_2]);
    const relay = await eventually(async () => texts(s, s.owner)[0]);
    expect(relay).toMatch(/replied: Hail hit the back side \[2 photos\] https:\/\//);
    const html = await (await get(session, conversationPath(s))).text();
    expect(html).toContain(">Photo 2 (image/jpeg)</a>");
  });

  it("tells a business that keeps callers' words off its phones of the photos, without the words", async () => {
    const s = await missedCaller({ settings: { privateTexts: true } });
    await textPhotos(s, "Hail hit the back side", [PHOTO]);
    const relay = await eventually(async () => texts(s, s.owner)[0]);
    expect(relay).toContain("[1 photo]");
    expect(relay).toContain(conversationLink(s));
    expect(relay).not.toContain("Hail");
  });

  it("does not take a photo alone as the answer to a question asked in words; a photo with words answers with them", async () => {
    const s = await missedCaller({ name: "Peak Roofing", preset: "home_services", bookingUrl: null });
    expect(texts(s, s.caller)[0]).toContain("What do you need done?");
    await textPhotos(s, "", [PHOTO]);
    // Kept and shown to a person; no next question, and the lead has no answer from it.
    await eventually(async () => texts(s, s.owner).some((t) => t.includes("[1 photo]")));
    const lead = async () => (await apiJson("GET", `/businesses/${s.line.businessId}/leads?q=${encodeURIComponent(s.caller)}`)).leads[0];
    expect((await lead()).fields.service).toBeUndefined();
    expect(texts(s, s.caller)).toHaveLength(1);

    await textPhotos(s, "Roof repair after the hail", [PHOTO_2]);
    await eventually(async () => texts(s, s.caller).length >= 2);
    expect(texts(s, s.caller)[1]).toBe("Thanks. What's the address of the job?");
    expect((await lead()).fields.service).toBe("Roof repair after the hail");

    const card = await (await get(session, `/admin/businesses/${s.line.businessId}/leads/${(await lead()).id}`)).text();
    expect(card).toContain(`<span class="bubble">Photo</span>`);
    expect(card).toContain(`<a href="${PHOTO}" rel="noreferrer" target="_blank">Photo 1 (image/jpeg)</a>`);
  });
});
