import { describe, expect, it } from "vitest";
import { bandwidthMedia, keptMedia, keptMedium, MAX_MEDIA, mediaLabel, photoCount, photoOnly, photosLeftOut, photosNotPassed, shownBody, telnyxMedia, twilioMedia } from "../../src/rules/media";

describe("which photo links are kept", () => {
  it("keeps an https link with its content type, without parameters", () => {
    expect(keptMedium("https://api.twilio.com/m/ME1", "image/JPEG; charset=binary")).toEqual({ url: "https://api.twilio.com/m/ME1", contentType: "image/jpeg" });
  });

  it.each([
    ["plain http", "http://tracker.example/p.jpg"],
    ["a script", "javascript:alert(1)"],
    ["a data URL", "data:image/png;base64,AAAA"],
    ["credentials in the link", "https://user:secret@api.twilio.com/m/ME1"],
    ["no URL at all", "not a url"],
    ["a number", 42],
    ["a link too long to be a carrier's", `https://x.example/${"a".repeat(2000)}`],
  ])("drops %s", (_, url) => {
    expect(keptMedium(url, "image/jpeg")).toBeNull();
  });

  it("keeps the link but not a content type that is none", () => {
    expect(keptMedium("https://x.example/1", "<script>")).toEqual({ url: "https://x.example/1", contentType: null });
    expect(keptMedium("https://x.example/1", undefined)).toEqual({ url: "https://x.example/1", contentType: null });
  });

  it(`keeps at most ${MAX_MEDIA}, in order, skipping the bad ones`, () => {
    const many = Array.from({ length: 15 }, (_, i) => ({ url: i === 0 ? "http://x.example/0" : `https://x.example/${i}` }));
    const kept = keptMedia(many);
    expect(kept).toHaveLength(MAX_MEDIA);
    expect(kept[0]!.url).toBe("https://x.example/1");
  });
});

describe("each carrier's media fields", () => {
  it("reads Twilio's NumMedia and numbered fields, and nothing without NumMedia", () => {
    const form = { NumMedia: "2", MediaUrl0: "https://a.example/0", MediaContentType0: "image/jpeg", MediaUrl1: "https://a.example/1", MediaContentType1: "video/mp4" };
    expect(twilioMedia(form)).toEqual([
      { url: "https://a.example/0", contentType: "image/jpeg" },
      { url: "https://a.example/1", contentType: "video/mp4" },
    ]);
    expect(twilioMedia({ MediaUrl0: "https://a.example/0" })).toEqual([]);
    expect(twilioMedia({ NumMedia: "many", MediaUrl0: "https://a.example/0" })).toEqual([]);
    expect(twilioMedia({ NumMedia: "99999999", MediaUrl0: "https://a.example/0" })).toHaveLength(1);
  });

  it("reads Telnyx's media objects, and nothing from a field that is not a list", () => {
    expect(telnyxMedia([{ url: "https://m.example/1", content_type: "image/png" }, "junk", null])).toEqual([{ url: "https://m.example/1", contentType: "image/png" }]);
    expect(telnyxMedia({ url: "https://m.example/1" })).toEqual([]);
    expect(telnyxMedia(undefined)).toEqual([]);
  });

  it("reads Bandwidth's URLs, leaving out the MMS's layout file", () => {
    expect(bandwidthMedia(["https://b.example/media/0.jpg", "https://b.example/media/0.smil", 7])).toEqual([{ url: "https://b.example/media/0.jpg", contentType: null }]);
    expect(bandwidthMedia("https://b.example/media/0.jpg")).toEqual([]);
  });
});

describe("how photos read", () => {
  it("counts them for the owner's relay", () => {
    expect(photoCount(0)).toBe("");
    expect(photoCount(1)).toBe("[1 photo]");
    expect(photoCount(3)).toBe("[3 photos]");
  });

  it("reads a text of photos alone as Photo, and keeps any words", () => {
    expect(shownBody("", 1)).toBe("Photo");
    expect(shownBody("  ", 2)).toBe("Photo");
    expect(shownBody("", 0)).toBe("");
    expect(shownBody("Hail damage", 1)).toBe("Hail damage");
  });

  it("tells a photo-only text from one with words", () => {
    const media = [{ url: "https://x.example/1", contentType: null }];
    expect(photoOnly({ body: " ", media })).toBe(true);
    expect(photoOnly({ body: "my roof", media })).toBe(false);
    expect(photoOnly({ body: "" })).toBe(false);
  });

  it("names each link by its place and content type", () => {
    expect(mediaLabel({ url: "https://x.example/1", contentType: "image/jpeg" }, 0)).toBe("Photo 1 (image/jpeg)");
    expect(mediaLabel({ url: "https://x.example/2", contentType: null }, 1)).toBe("Photo 2");
  });
});

describe("photos the business's people text a caller", () => {
  it("tells them photos alone went nowhere, naming the caller when one is known", () => {
    expect(photosNotPassed("(415) 555-0100")).toBe("Textback can't pass photos on: text (415) 555-0100 from your own phone, or add words.");
    expect(photosNotPassed(null)).toBe("Textback can't pass photos on: text the caller from your own phone, or add words.");
  });

  it("tells them their words went without the photos", () => {
    expect(photosLeftOut("(415) 555-0100", 1)).toBe("Textback: sent to (415) 555-0100, without the photo: Textback can't pass photos on. Send it from your own phone.");
    expect(photosLeftOut("(415) 555-0100", 3)).toBe("Textback: sent to (415) 555-0100, without the photos: Textback can't pass photos on. Send them from your own phone.");
  });
});
