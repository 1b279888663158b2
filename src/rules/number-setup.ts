/**
 * A number's webhook settings at its carrier, compared with what Textback needs for its mode. Pure:
 * the carriers' APIs are read and written in src/carriers/setup-*.ts.
 */
import type { CarrierName, NumberMode } from "../vocabulary";

/**
 * The settings Textback checks, by carrier: Twilio and SignalWire name them per number, Telnyx per
 * application and profile, Plivo on the number's application (answer, hangup, message URLs), Vonage
 * on the application in the credentials (answer and event, inbound and status URLs) plus the
 * number's link to it, Bandwidth on its Voice and Messaging applications.
 */
export const SETUP_NAMES = [
  "voiceUrl",
  "statusCallback",
  "smsUrl",
  "messagingService",
  "callControlWebhook",
  "messagingProfileWebhook",
  "answerUrl",
  "hangupUrl",
  "messageUrl",
  "linkedApplication",
  "eventUrl",
  "inboundUrl",
  "statusUrl",
  "callInitiatedUrl",
  "callStatusUrl",
  "messagingCallbackUrl",
] as const;
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
  answerUrl: "A call comes in (Answer URL)",
  hangupUrl: "A call ends (Hangup URL)",
  messageUrl: "A message comes in (Message URL)",
  linkedApplication: "Number linked to the application",
  eventUrl: "Call events (Voice Event URL)",
  inboundUrl: "A message comes in (Messages Inbound URL)",
  statusUrl: "Delivery reports (Messages Status URL)",
  callInitiatedUrl: "A call comes in (Voice application's call initiated callback URL)",
  callStatusUrl: "Call status changes (Voice application's call status callback URL)",
  messagingCallbackUrl: "Messages and delivery reports (Messaging application's callback URL)",
};

/**
 * What to do about a wrong setting "Configure for me" does not write: a Twilio Messaging Service
 * (another resource), and a Vonage number's link (the Numbers API's update takes the number's
 * other settings with it).
 */
const ADVICE: Partial<Record<SetupName, string>> = {
  messagingService: "In Twilio's console, open the Messaging Service, Integration, and choose \"Defer to sender's webhook\" (or remove the number from the service).",
  linkedApplication: "In the Vonage dashboard, Numbers → Your numbers → this number → Link it to the application whose ID is in the number's credentials.",
};

/** Whether "Configure for me" can set this check right (it cannot when the check carries advice instead). */
export function configurable(name: SetupName): boolean {
  return ADVICE[name] === undefined;
}

/**
 * The owner's alert when a number's settings no longer point at Textback, with what to do: "Configure
 * for me" where it can set them right, the page's advice where it cannot (a Vonage number linked to
 * another application, a Twilio Messaging Service).
 */
export function setupChangedAlert(phone: string, wrong: readonly Pick<SetupCheck, "name" | "label">[]): string {
  const fixable = wrong.filter((c) => configurable(c.name)).length;
  const todo =
    fixable === wrong.length
      ? `Open the number's page and use "Configure for me"`
      : fixable === 0
        ? `Open the number's page: it says what to change at the carrier`
        : `Open the number's page, use "Configure for me", and follow its advice for the rest`;
  return `the settings of ${phone} at the carrier changed: ${wrong.map((c) => c.label).join(", ")} no longer point${wrong.length === 1 ? "s" : ""} at Textback. ${todo}`;
}

/**
 * What the carrier must say for a number in `mode`, the same URLs the numbers page tells people to
 * paste. `applicationId`: the Vonage application the number must be linked to (its credentials').
 */
export function expectedSetup(base: string, carrier: CarrierName, mode: NumberMode, applicationId?: string): Partial<Record<SetupName, string>> {
  if (carrier === "telnyx") return { callControlWebhook: `${base}/webhooks/telnyx`, messagingProfileWebhook: `${base}/webhooks/telnyx` };
  if (carrier === "plivo") {
    const voice = mode === "status" ? { hangupUrl: `${base}/webhooks/plivo/hangup` } : { answerUrl: `${base}/webhooks/plivo/voice` };
    return { ...voice, messageUrl: `${base}/webhooks/plivo/sms` };
  }
  if (carrier === "vonage") return vonageSetup(base, mode, applicationId);
  if (carrier === "bandwidth") {
    const voice = mode === "status" ? { callStatusUrl: `${base}/webhooks/bandwidth/voice-status` } : { callInitiatedUrl: `${base}/webhooks/bandwidth/voice` };
    return { ...voice, messagingCallbackUrl: `${base}/webhooks/bandwidth/messaging` };
  }
  const sms = { smsUrl: `${base}/webhooks/twilio/sms` };
  return mode === "status" ? { statusCallback: `${base}/webhooks/twilio/call-status`, ...sms } : { voiceUrl: `${base}/webhooks/twilio/voice`, ...sms };
}

/** Vonage: the number linked to our application, whose answer URL (not in status mode), event, inbound and status URLs are ours. */
function vonageSetup(base: string, mode: NumberMode, applicationId: string | undefined): Partial<Record<SetupName, string>> {
  return {
    ...(applicationId ? { linkedApplication: applicationId.toLowerCase() } : {}),
    ...(mode === "status" ? {} : { answerUrl: `${base}/webhooks/vonage/answer` }),
    eventUrl: `${base}/webhooks/vonage/event`,
    inboundUrl: `${base}/webhooks/vonage/inbound`,
    statusUrl: `${base}/webhooks/vonage/status`,
  };
}

/** Our own URLs as the carrier stores them: a retry fragment or a trailing slash is still ours. */
function sameUrl(expected: string, actual: string | null): boolean {
  if (actual === null) return false;
  const bare = (u: string) => u.split("#")[0]!.replace(/\/$/, "");
  return bare(expected) === bare(actual);
}

/**
 * One check per expected setting, plus a Messaging Service that takes inbound texts away from the
 * number's own URL (Twilio). A wrong setting configure cannot fix says what to change instead.
 *
 * @example compareSetup({ smsUrl: "https://t.example/webhooks/twilio/sms" }, { smsUrl: "" })[0].ok // false
 */
export function compareSetup(expected: Partial<Record<SetupName, string>>, actual: SetupValues): SetupCheck[] {
  const checks: SetupCheck[] = (Object.entries(expected) as Array<[SetupName, string]>).map(([name, url]) => {
    const value = actual[name] ?? null;
    const ok = sameUrl(url, value);
    const check: SetupCheck = { name, label: LABELS[name], expected: url, actual: value === "" ? null : value, ok };
    const advice = ADVICE[name];
    return !ok && advice ? { ...check, advice } : check;
  });
  const service = actual.messagingService ?? null;
  if (service !== null) {
    checks.push({
      name: "messagingService",
      label: LABELS.messagingService,
      expected: "none, or a service set to defer to the number's own webhook",
      actual: service,
      ok: false,
      advice: ADVICE.messagingService!,
    });
  }
  return checks;
}

/** The settings a configure would change: those wrong now, with the value each gets. */
export function setupChanges(checks: SetupCheck[]): Partial<Record<SetupName, string>> {
  return Object.fromEntries(checks.filter((c) => !c.ok && configurable(c.name)).map((c) => [c.name, c.expected]));
}

/**
 * The fields an application update sends for `values` (Plivo's and Bandwidth's applications keep a
 * URL and its method side by side): each setting's URL (empty clears it) and POST, the method
 * every Textback webhook takes. Settings missing from `fields` are kept elsewhere and left out.
 */
export function urlFieldsToWrite(values: SetupValues, fields: Partial<Record<SetupName, readonly [url: string, method: string]>>): Record<string, string> {
  const body: Record<string, string> = {};
  for (const [name, value] of Object.entries(values) as Array<[SetupName, string | null]>) {
    const field = fields[name];
    if (!field) continue;
    body[field[0]] = value ?? "";
    body[field[1]] = "POST";
  }
  return body;
}
