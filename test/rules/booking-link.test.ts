import { describe, expect, it } from "vitest";
import { bookingRedirect, isLinkCode, sampleTrackedLink, trackedLinkUrl } from "../../src/rules/booking-link";
import { countsAsClick } from "../../src/rules/link-click";

const CODE = "a1B2c3D4e5F6";

describe("the booking page a tracked link leads to", () => {
  it.each([
    ["no query", "https://acme.example/book", `https://acme.example/book?tb=${CODE}`],
    ["a query", "https://acme.example/book?service=drain", `https://acme.example/book?service=drain&tb=${CODE}`],
    ["a fragment", "https://acme.example/book#slots", `https://acme.example/book?tb=${CODE}#slots`],
    ["a query and a fragment", "https://acme.example/book?a=1&b=2#slots", `https://acme.example/book?a=1&b=2&tb=${CODE}#slots`],
    ["an empty query", "https://acme.example/book?", `https://acme.example/book?tb=${CODE}`],
    ["an earlier tb", "https://acme.example/book?tb=old&a=1", `https://acme.example/book?a=1&tb=${CODE}`],
    ["the business's own encoding", "https://acme.example/book?name=J%C3%B6rg+K&x=a%20b", `https://acme.example/book?name=J%C3%B6rg+K&x=a%20b&tb=${CODE}`],
    ["Calendly (which passes on only UTM parameters)", "https://calendly.com/acme/visit?month=2026-12", `https://calendly.com/acme/visit?month=2026-12&tb=${CODE}&utm_content=${CODE}`],
  ])("adds tb to a URL with %s", (_name, stored, expected) => {
    expect(bookingRedirect(stored, CODE)).toBe(expected);
  });

  it("leads nowhere from a stored value that is not an https URL", () => {
    expect(bookingRedirect("javascript:alert(1)", CODE)).toBeNull();
    expect(bookingRedirect("http://acme.example/book", CODE)).toBeNull();
    expect(bookingRedirect("not a url", CODE)).toBeNull();
  });

  it("never puts anything but a code into the query", () => {
    expect(bookingRedirect("https://acme.example/book", "x&next=//evil.example")).toBeNull();
  });
});

describe("link codes", () => {
  it.each(["%2F%2Fevil.com", "//evil.com", "\\\\evil.com", "evil.com@x", "javascript:alert(1)", "https:evil.com", "short", "a1B2c3D4e5F6/x", "a1B2c3D4e5F6?"])(
    "refuses %s",
    (code) => expect(isLinkCode(code)).toBe(false),
  );

  it("builds the link under the public base, the sample at the real length", () => {
    expect(trackedLinkUrl("https://tb.example/", CODE)).toBe(`https://tb.example/l/${CODE}`);
    expect(sampleTrackedLink("https://tb.example").length).toBe(trackedLinkUrl("https://tb.example", CODE).length);
  });
});

describe("which requests count as a click", () => {
  it.each([
    ["a phone's browser", "GET", "Mozilla/5.0 (iPhone; CPU iPhone OS 18_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.0 Mobile/15E148 Safari/604.1", true],
    ["Chrome on Android", "GET", "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Mobile Safari/537.36", true],
    ["a HEAD from a link checker", "HEAD", "Mozilla/5.0 (iPhone; CPU iPhone OS 18_0 like Mac OS X)", false],
    ["Apple's Messages preview", "GET", "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_11_1) AppleWebKit/601.2.4 (KHTML, like Gecko) Version/9.0.1 Safari/601.2.4 facebookexternalhit/1.1 Facebot Twitterbot/1.0", false],
    ["WhatsApp's preview", "GET", "WhatsApp/2.23.20.0 A", false],
    ["Slack's unfurler", "GET", "Slackbot-LinkExpanding 1.0 (+https://api.slack.com/robots)", false],
    ["Googlebot", "GET", "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)", false],
    ["no User-Agent", "GET", "", false],
  ])("%s: %s", (_name, method, ua, counts) => {
    expect(countsAsClick(method, ua)).toBe(counts);
  });
});
