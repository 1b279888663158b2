import { parseSettings } from "../../src/settings";
import type { CallEvent, InboundText, LineContext } from "../../src/line/types";

/** A line's context as the webhook hands it over, with what a test changes. */
export function lineContext(over: { settings?: Record<string, unknown> } & Partial<Omit<LineContext, "business">> & { business?: Partial<LineContext["business"]> } = {}): LineContext {
  const { settings, business, ...rest } = over;
  return {
    business: {
      id: "b_1",
      name: "Acme Plumbing",
      timezone: "America/Chicago",
      bookingUrl: "https://book.example/acme",
      forwardTo: "+13125550100",
      notifyPhone: "+13125550199",
      priorityPhone: null,
      hours: null,
      settings: parseSettings(settings ?? {}),
      ...business,
    },
    number: { id: "n_1", e164: "+13125550123" },
    ownNumbers: ["+13125550123", "+13125550100"],
    templates: { missed_call: "Sorry we missed you! {business} {bookingUrl} Reply STOP to opt out.", follow_up: "Still need help from {business}?" },
    optedOut: false,
    consentAt: null,
    staffConsent: {},
    undeliverable: false,
    contact: null,
    lead: null,
    hadLead: false,
    callerStatus: "known",
    hasWebhook: false,
    config: { loadedAt: 0, fresh: true },
    publicBaseUrl: "https://textback.example",
    ...rest,
  };
}

export const CALLER = "+14155552671";

export function callEvent(over: Partial<CallEvent> = {}): CallEvent {
  return { carrier: "twilio", carrierCallId: "CA1", from: CALLER, to: "+13125550123", facts: { source: "dial", status: "no-answer" }, at: Date.UTC(2026, 11, 7, 16), ...over };
}

export function inboundText(body: string, over: Partial<InboundText> = {}): InboundText {
  return { carrier: "twilio", carrierMessageId: "SM1", from: CALLER, to: "+13125550123", body, carrierConfirmed: false, at: Date.UTC(2026, 11, 7, 16), ...over };
}
