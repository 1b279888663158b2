/**
 * A number's webhook settings at its carrier, compared with what Textback needs for its mode. Pure:
 * the carriers' APIs are read and written in src/setup/.
 */
import type { CarrierName, NumberMode } from "../vocabulary";

/** The settings Textback checks, by carrier: Twilio and SignalWire name them per number, Telnyx per application and profile. */
export const SETUP_NAMES = ["voiceUrl", "statusCallback", "smsUrl", "messagingService", "callControlWebhook", "messagingProfileWebhook"] as const;
export type SetupName = (typeof SETUP_NAMES)[number];

/** The settings as the carrier has them: a URL, or null when unset. */
export type SetupValues = Partial<Record<SetupName, string | null>>;

export interface SetupCheck {
  name: SetupName;
  label: string;
  expected: string;
  actual: string | null;
  ok: boolean;
  /** What to do when it is wrong and "Configure for me" cannot fix it. */
  advice?: string;
}

const LABELS: Record<SetupName, string> = {
  voiceUrl: "A call comes in (Voice URL)",
  statusCallback: "Call status changes (status callback URL)",
  smsUrl: "A message comes in (Messaging URL)",
  messagingService: "Messaging Service",
  callControlWebhook: "Call Control application webhook URL",
  messagingProfileWebhook: "Messaging profile webhook URL",
};

/** What the carrier must say for a number in `mode`, the same URLs the numbers page tells people to paste. */
export function expectedSetup(base: string, carrier: CarrierName, mode: NumberMode): Partial<Record<SetupName, string>> {
  if (carrier === "telnyx") return { callControlWebhook: `${base}/webhooks/telnyx`, messagingProfileWebhook: `${base}/webhooks/telnyx` };
  const sms = { smsUrl: `${base}/webhooks/twilio/sms` };
  return mode === "status" ? { statusCallback: `${base}/webhooks/twilio/call-status`, ...sms } : { voiceUrl: `${base}/webhooks/twilio/voice`, ...sms };
}

/** Our own URLs as the carrier stores them: a retry fragment or a trailing slash is still ours. */
function sameUrl(expected: string, actual: string | null): boolean {
  if (actual === null) return false;
  const bare = (u: string) => u.split("#")[0]!.replace(/\/$/, "");
  return bare(expected) === bare(actual);
}

/**
 * One check per expected setting, plus a Messaging Service that takes inbound texts away from the
 * number's own URL (Twilio): configuring the number cannot fix that, so it says what to change.
 *
 * @example compareSetup({ smsUrl: "https://t.example/webhooks/twilio/sms" }, { smsUrl: "" })[0].ok // false
 */
export function compareSetup(expected: Partial<Record<SetupName, string>>, actual: SetupValues): SetupCheck[] {
  const checks: SetupCheck[] = (Object.entries(expected) as Array<[SetupName, string]>).map(([name, url]) => {
    const value = actual[name] ?? null;
    return { name, label: LABELS[name], expected: url, actual: value === "" ? null : value, ok: sameUrl(url, value) };
  });
  const service = actual.messagingService ?? null;
  if (service !== null) {
    checks.push({
      name: "messagingService",
      label: LABELS.messagingService,
      expected: "none, or a service set to defer to the number's own webhook",
      actual: service,
      ok: false,
      advice: "In Twilio's console, open the Messaging Service, Integration, and choose \"Defer to sender's webhook\" (or remove the number from the service).",
    });
  }
  return checks;
}

/** The settings a configure would change: those wrong now, with the value each gets. */
export function setupChanges(checks: SetupCheck[]): Partial<Record<SetupName, string>> {
  return Object.fromEntries(checks.filter((c) => !c.ok && c.name !== "messagingService").map((c) => [c.name, c.expected]));
}
