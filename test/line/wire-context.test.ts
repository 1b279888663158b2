import { describe, expect, it } from "vitest";
import { fromWire, toWire } from "../../src/line/wire-context";
import { isWebhookUrl } from "../../src/webhook-app";
import type { LineContext } from "../../src/line/types";

const ctx = (): Omit<LineContext, "publicBaseUrl"> => ({
  business: { id: "biz_1", name: "Ace Plumbing", timezone: "America/Chicago", bookingUrl: null, forwardTo: null, notifyPhone: "+15125550100", priorityPhone: null, hours: null, settings: { cooldownHours: 24 } as never },
  number: { id: "num_1", e164: "+15125550199" },
  ownNumbers: ["+15125550199"],
  templates: { missed_call: "Sorry we missed you" },
  staffConsent: {},
  hasWebhook: false,
  optedOut: false,
  consentAt: null,
  undeliverable: false,
  contact: null,
  lead: null,
  hadLead: false,
  callerStatus: "deferred",
  config: { loadedAt: 1, fresh: false },
});

describe("a line context on the wire", () => {
  it("arrives as it was sent, with the request's own part", () => {
    const sent = ctx();
    const got = fromWire(structuredClone(toWire(sent, "https://tb.example")));
    expect(got).toEqual({ ...sent, publicBaseUrl: "https://tb.example" });
  });

  it("serializes a cached context's business part once, and the line parses each text once", () => {
    const sent = ctx();
    const first = toWire(sent, "https://a.example");
    const second = toWire({ ...sent, optedOut: true } as typeof sent, "https://a.example");
    expect(toWire(sent, "https://b.example").shared).toBe(first.shared);
    expect(second.own.optedOut).toBe(true);
    const a = fromWire(structuredClone(first));
    const b = fromWire(structuredClone(toWire(sent, "https://b.example")));
    expect(b.business).toBe(a.business);
    expect(b.publicBaseUrl).toBe("https://b.example");
  });

  it("shares the parsed business part frozen, so no call can change another's", () => {
    const got = fromWire(structuredClone(toWire(ctx(), "https://a.example")));
    expect(() => {
      (got.business.settings as { cooldownHours: number }).cooldownHours = 1;
    }).toThrow(TypeError);
    expect(() => (got.ownNumbers as string[]).push("+1")).toThrow(TypeError);
  });
});

describe("which requests the webhook app serves", () => {
  it.each([
    ["https://tb.example/webhooks/twilio/dial-status", true],
    ["http://127.0.0.1:8787/webhooks/telnyx", true],
    ["https://tb.example/webhooksx/twilio", false],
    ["https://tb.example/api/webhooks/", false],
    ["https://tb.example/l/webhooks/abc", false],
    ["https://tb.example/admin", false],
  ])("%s → %s", (url, expected) => {
    expect(isWebhookUrl(url)).toBe(expected);
  });
});
