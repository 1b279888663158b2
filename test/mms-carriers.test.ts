/** Photos a caller texts (MMS), as each carrier's inbound webhook carries them: kept with the text, https links only. */
import { env } from "cloudflare:workers";
import { afterEach, describe, expect, it, vi } from "vitest";
import { eventually, uniquePhone } from "./support/app";
import { bandwidthCallback, bandwidthMessageEvent } from "./support/carriers-bandwidth";
import { bandwidthAuth, createLine, formWebhook, mockCarriers, telnyxEvent, type CarrierKind, type Line } from "./support/carriers";

afterEach(() => vi.restoreAllMocks());
vi.setConfig({ testTimeout: 20_000 });

type Photo = { url: string; contentType: string };

/**
 * A text with photos in each carrier's own format; `raw` replaces the media field with what a
 * broken or hostile sender might put there.
 */
const PHOTO_TEXT: Record<"twilio" | "signalwire" | "telnyx" | "bandwidth", (line: Line, from: string, body: string, photos: Photo[], raw?: unknown) => Promise<Response>> = {
  twilio: (line, from, body, photos, raw) => formWebhook(line, "/webhooks/twilio/sms", twilioForm(line, from, body, photos, raw)),
  signalwire: (line, from, body, photos, raw) => formWebhook(line, "/webhooks/twilio/sms", twilioForm(line, from, body, photos, raw)),
  telnyx: (line, from, body, photos, raw) =>
    telnyxEvent(
      line,
      "message.received",
      {
        id: crypto.randomUUID(),
        type: "MMS",
        text: body,
        from: { phone_number: from },
        to: [{ phone_number: line.e164, status: "webhook_delivered" }],
        media: raw !== undefined ? raw : photos.map((p) => ({ url: p.url, content_type: p.contentType, hash_sha256: "x", size: 1000 })),
      },
      Date.now(),
    ),
  bandwidth: (line, from, body, photos, raw) => {
    const event = bandwidthMessageEvent("message-received", line.e164, from, `m-${crypto.randomUUID()}`, body);
    // Bandwidth lists the MMS's layout file beside the photos.
    const media = raw !== undefined ? raw : [...photos.map((p) => p.url), "https://messaging.bandwidth.com/api/v2/users/1/media/abc/0.smil"];
    return bandwidthCallback("/webhooks/bandwidth/messaging", [{ ...event, message: { ...event.message, media } }], bandwidthAuth(line));
  },
};

function twilioForm(line: Line, from: string, body: string, photos: Photo[], raw?: unknown): Record<string, string> {
  const sid = `MM${crypto.randomUUID().replace(/-/g, "")}`;
  const media = raw !== undefined ? (raw as Record<string, string>) : Object.fromEntries(photos.flatMap((p, i) => [[`MediaUrl${i}`, p.url], [`MediaContentType${i}`, p.contentType]]));
  return { MessageSid: sid, From: from, To: line.e164, Body: body, NumMedia: String(raw !== undefined ? 2 : photos.length), ...media };
}

/** What the carrier's photo links look like; the content type is Bandwidth's unknown. */
const PHOTOS: Record<keyof typeof PHOTO_TEXT, Photo[]> = {
  twilio: [
    { url: "https://api.twilio.com/2010-04-01/Accounts/AC1/Messages/MM1/Media/ME1", contentType: "image/jpeg" },
    { url: "https://api.twilio.com/2010-04-01/Accounts/AC1/Messages/MM1/Media/ME2", contentType: "image/png" },
  ],
  signalwire: [
    { url: "https://acme.signalwire.com/api/laml/2010-04-01/Accounts/p1/Messages/m1/Media/a1", contentType: "image/jpeg" },
    { url: "https://acme.signalwire.com/api/laml/2010-04-01/Accounts/p1/Messages/m1/Media/a2", contentType: "image/heic" },
  ],
  telnyx: [
    { url: "https://media.telnyx.example/photo-1.jpg", contentType: "image/jpeg" },
    { url: "https://media.telnyx.example/photo-2.jpg", contentType: "image/jpeg" },
  ],
  bandwidth: [
    { url: "https://messaging.bandwidth.com/api/v2/users/1/media/abc/0/roof.jpg", contentType: "" },
    { url: "https://messaging.bandwidth.com/api/v2/users/1/media/abc/1/gutter.jpg", contentType: "" },
  ],
};

/** Each carrier's version of a media field that must not be kept: plain http, a script, junk. */
const BAD_MEDIA: Record<keyof typeof PHOTO_TEXT, unknown> = {
  twilio: { MediaUrl0: "javascript:alert(1)", MediaContentType0: "image/jpeg", MediaUrl1: "http://tracker.example/p.jpg" },
  signalwire: { MediaUrl0: "https://user:pass@acme.signalwire.com/m", MediaUrl1: "not a url" },
  telnyx: "not a list",
  bandwidth: [42, { url: "https://x.example" }, "http://tracker.example/p.jpg"],
};

async function inboundRows(line: Line, from: string) {
  const { results } = await env.DB.prepare("SELECT body, kind, media FROM messages WHERE business_id = ? AND direction = 'inbound' AND from_phone = ?")
    .bind(line.businessId, from)
    .all<{ body: string; kind: string; media: string | null }>();
  return results;
}

const CARRIERS = Object.keys(PHOTO_TEXT) as (keyof typeof PHOTO_TEXT & CarrierKind)[];

describe.each(CARRIERS)("photos texted through %s", (carrier) => {
  it("keeps each photo's link and content type with the text", async () => {
    mockCarriers();
    const line = await createLine(carrier);
    const caller = uniquePhone();
    const res = await PHOTO_TEXT[carrier](line, caller, "Hail hit the back side", PHOTOS[carrier]);
    expect(res.status).toBe(200);
    const [row] = await eventually(async () => ((await inboundRows(line, caller)).length === 1 ? inboundRows(line, caller) : null));
    expect(row!.body).toBe("Hail hit the back side");
    expect(JSON.parse(row!.media!)).toEqual(PHOTOS[carrier].map((p) => ({ url: p.url, contentType: p.contentType || null })));
  });

  it("stores a photo-only text as a reply with its photo, not an empty message", async () => {
    mockCarriers();
    const line = await createLine(carrier);
    const caller = uniquePhone();
    expect((await PHOTO_TEXT[carrier](line, caller, "", PHOTOS[carrier].slice(0, 1))).status).toBe(200);
    const [row] = await eventually(async () => ((await inboundRows(line, caller)).length === 1 ? inboundRows(line, caller) : null));
    expect(row).toMatchObject({ body: "", kind: "reply" });
    expect(JSON.parse(row!.media!)).toHaveLength(1);
  });

  it("keeps the words when the media field is unusable, and no link from it", async () => {
    mockCarriers();
    const line = await createLine(carrier);
    const caller = uniquePhone();
    expect((await PHOTO_TEXT[carrier](line, caller, "Can you come look?", [], BAD_MEDIA[carrier])).status).toBe(200);
    const [row] = await eventually(async () => ((await inboundRows(line, caller)).length === 1 ? inboundRows(line, caller) : null));
    expect(row).toMatchObject({ body: "Can you come look?", media: null });
  });
});
