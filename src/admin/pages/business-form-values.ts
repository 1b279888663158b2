/**
 * The business form's values: flat string fields (as posted, "on" for a ticked box), their labels,
 * and the values of a stored business. Posted values become the API's input in business-form-parse.ts.
 */
import type { BusinessRow } from "../../db/schema";
import { DAYS, hoursSchema, type Day } from "../../rules/schedule";
import { parseSettings } from "../../settings";
import { DAILY_TEXT_CAP_LABEL } from "../../rules/daily-cap";

/** What the form holds: field name → text as typed ("on" for a ticked box). */
export type BusinessFormValues = Record<string, string>;

export const DAY_NAMES: Record<Day, string> = {
  sun: "Sunday",
  mon: "Monday",
  tue: "Tuesday",
  wed: "Wednesday",
  thu: "Thursday",
  fri: "Friday",
  sat: "Saturday",
};

/** Openings per day the form offers: a lunch break needs two, a split shift three. */
export const MAX_SHIFTS = 4;

export const SETTING_LABELS: Record<string, string> = {
  cooldownHours: "Text a caller at most once every (hours)",
  dailyCap: "Most missed-call texts per number per day",
  dailyTextCap: DAILY_TEXT_CAP_LABEL,
  allowedCountries: "Text callers from these countries",
  textDelaySeconds: "Wait before texting (seconds)",
  followUp: "Follow-up",
  minAnsweredSeconds: "Answered calls shorter than this count as missed (seconds)",
  ringTimeoutSeconds: "Ring the forwarded phone for (seconds)",
  voicemail: "Offer voicemail",
  trackLinks: "Track the booking link",
  blocklist: "Never text these numbers",
  lookupLineType: "Check for landlines before texting",
  shadow: "Test mode",
  paused: "Paused",
  retentionDays: "Keep calls and texts for (days)",
  weeklySummary: "Weekly summary",
  privateTexts: "Keep callers' words off our phones: texts to the notify and on-call phones say who wrote and link to the conversation here",
};

export const FIELD_LABELS: Record<string, string> = {
  preset: "What kind of business",
  name: "Business name",
  timezone: "Time zone",
  forwardTo: "Forward calls to",
  notifyPhone: "Notify phone",
  priorityPhone: "Priority line for customers",
  bookingUrl: "Booking link",
  notifyWebhookUrl: "CRM webhook URL",
  webhookSecret: "Webhook signing secret",
  hours: "Hours",
  settings: "Settings",
};

/**
 * The form's values for a stored business (or the defaults, for a new one). `blocked`: its contacts
 * tagged blocked, which the "Never text these numbers" field shows and sets (admin/contacts.ts).
 */
export function valuesFromBusiness(b: BusinessRow | null, blocked: readonly string[] = []): BusinessFormValues {
  const s = parseSettings(b?.settings ?? {});
  const v: BusinessFormValues = {
    name: b?.name ?? "",
    // A new business's zone is chosen, or read from its phone's area code (business-form-parse.ts): never assumed.
    timezone: b?.timezone ?? "",
    forwardTo: b?.forwardTo ?? "",
    notifyPhone: b?.notifyPhone ?? "",
    priorityPhone: b?.priorityPhone ?? "",
    bookingUrl: b?.bookingUrl ?? "",
    notifyWebhookUrl: b?.notifyWebhookUrl ?? "",
    webhookSecret: "",
    cooldownHours: String(s.cooldownHours),
    dailyCap: String(s.dailyCap),
    dailyTextCap: String(s.dailyTextCap),
    allowedCountries: s.allowedCountries.join(", "),
    textDelaySeconds: String(s.textDelaySeconds),
    followUpEnabled: s.followUp.enabled ? "on" : "",
    followUpAfterHours: String(s.followUp.afterHours),
    minAnsweredSeconds: String(s.minAnsweredSeconds),
    ringTimeoutSeconds: String(s.ringTimeoutSeconds),
    voicemail: s.voicemail ? "on" : "",
    trackLinks: s.trackLinks ? "on" : "",
    blocklist: blocked.join("\n"),
    lookupLineType: s.lookupLineType ? "on" : "",
    shadow: s.shadow ? "on" : "",
    paused: s.paused ? "on" : "",
    retentionDays: String(s.retentionDays),
    weeklySummary: s.weeklySummary ? "on" : "",
    privateTexts: s.privateTexts ? "on" : "",
    holidays: "",
  };
  const hours = b?.hours ? hoursSchema.safeParse(b.hours) : null;
  if (hours?.success) {
    for (const day of DAYS) {
      (hours.data.weekly[day] ?? []).forEach((shift, i) => {
        v[`hours.${day}.${i}.open`] = shift.open;
        v[`hours.${day}.${i}.close`] = shift.close === "24:00" ? "00:00" : shift.close;
      });
    }
    v.holidays = hours.data.holidays.join("\n");
  }
  return v;
}
