/**
 * The owner or an on-call person texts photos as an answer to a caller, through the real Worker:
 * Textback cannot pass a photo on (it keeps the carrier's link, which may need the carrier's login),
 * so photos alone send the caller nothing and the sender is told to text from their own phone or add
 * words; photos with words send the words, and the sender is told the photos did not go.
 */
import { afterEach, describe, expect, it, vi } from "vitest";
import { formatPhone } from "../src/rules/display";
import { apiJson, dialStatus, eventually, inboundSms, settle, twilioWebhook, uniquePhone, type TwilioLine } from "./support/app";
import { missedCaller, type MissedCaller } from "./support/missed-caller";

afterEach(() => vi.restoreAllMocks());
vi.setConfig({ testTimeout: 20_000 });

const PHOTO = "https://api.twilio.com/2010-04-01/Accounts/AC1/Messages/MM9/Media/ME1";
const PHOTO_2 = "https://api.twilio.com/2010-04-01/Accounts/AC1/Messages/MM9/Media/ME2";

/** A text from `from`, with photos, as Twilio posts an MMS. */
async function textPhotos(line: TwilioLine, from: string, body: string, urls: string[]) {
  const media = Object.fromEntries(urls.flatMap((url, i) => [[`MediaUrl${i}`, url], [`MediaContentType${i}`, "image/jpeg"]]));
  const params = { ...inboundSms(line, from, body), NumMedia: String(urls.length), ...media };
  expect((await twilioWebhook("/webhooks/twilio/sms", params, line.authToken)).status).toBe(200);
}

const texts = (s: MissedCaller, to: string) => s.carrier.to(to).map((r) => r.form.get("Body") ?? "");

/** A caller whose reply the owner got relayed: the owner's next text answers them. */
async function relayed(): Promise<MissedCaller> {
  const s = await missedCaller({ settings: { relay: "every_reply" } });
  await textPhotos(s.line, s.caller, "Can you come look at the roof?", []);
  await eventually(async () => texts(s, s.owner).length === 1);
  return s;
}

describe("photos the owner texts a caller", () => {
  it("alone: nothing goes to the caller, and the owner is told to text from their own phone or add words", async () => {
    const s = await relayed();
    const before = texts(s, s.caller).length;
    await textPhotos(s.line, s.owner, "", [PHOTO]);
    const answer = await eventually(async () => texts(s, s.owner)[1]);
    expect(answer).toBe(`Textback can't pass photos on: text ${formatPhone(s.caller)} from your own phone, or add words.`);
    await settle(200);
    expect(texts(s, s.caller)).toHaveLength(before);
    const { messages } = await apiJson("GET", `/businesses/${s.line.businessId}/messages`);
    expect((messages as { kind: string }[]).filter((m) => m.kind === "manual")).toHaveLength(0);
  });

  it("with words: the words go, and the owner is told the photos did not", async () => {
    const s = await relayed();
    await textPhotos(s.line, s.owner, "Here's the shingle we'd use", [PHOTO, PHOTO_2]);
    await eventually(async () => texts(s, s.caller).includes("Here's the shingle we'd use"));
    const answer = await eventually(async () => texts(s, s.owner)[1]);
    expect(answer).toBe(`Textback: sent to ${formatPhone(s.caller)}, without the photos: Textback can't pass photos on. Send them from your own phone.`);
  });
});

describe("photos the owner texts with words when it is not clear which caller they are for", () => {
  it("the question says only the words will go, and the words go to the caller picked", async () => {
    const s = await relayed();
    const bob = uniquePhone();
    await twilioWebhook("/webhooks/twilio/dial-status", dialStatus(s.line, bob, "no-answer"), s.line.authToken);
    await eventually(async () => s.carrier.to(bob).length === 1);
    await textPhotos(s.line, bob, "Do you do gutters?", []);
    await eventually(async () => texts(s, s.owner).length === 2);
    await textPhotos(s.line, s.owner, "Here's the shingle we'd use", [PHOTO]);
    const question = await eventually(async () => texts(s, s.owner)[2]);
    expect(question).toMatch(/^Textback: Which caller\? Reply 1 for .*\. Only your words will go: Textback can't pass photos on\.$/);
    await textPhotos(s.line, s.owner, "1", []);
    await eventually(async () => texts(s, s.caller).includes("Here's the shingle we'd use"));
  });
});

describe("photos an on-call person texts the caller they were paged about", () => {
  it("alone: nothing goes to the caller, and they are told so", async () => {
    const sam = uniquePhone("737");
    const preset = (await apiJson("GET", "/presets")).presets.find((p: { id: string }) => p.id === "home_services");
    const settings = { urgent: { ...preset.settings.urgent, onCall: [{ phone: sam, name: "Sam" }], escalateAfterMinutes: 10 } };
    const s = await missedCaller({ preset: "home_services", settings, bookingUrl: null });
    await textPhotos(s.line, s.caller, "basement is flooding", []);
    await eventually(async () => s.carrier.to(sam).length === 1);
    const before = texts(s, s.caller).length;
    await textPhotos(s.line, sam, "", [PHOTO]);
    const answer = await eventually(async () => texts(s, sam)[1]);
    expect(answer).toBe(`Textback can't pass photos on: text ${formatPhone(s.caller)} from your own phone, or add words.`);
    await settle(200);
    expect(texts(s, s.caller)).toHaveLength(before);
  });
});
