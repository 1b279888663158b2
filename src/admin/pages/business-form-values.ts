/**
 * The business form's values: flat string fields (as posted, "on" for a ticked box) mapped to the
 * API's input shape, validated by the same zod schemas as the JSON API, and back.
 */
import type { BusinessRow } from "../../db/schema";
import { normalizePhone } from "../../rules/phone";
import { DAYS, hoursSchema, type Day } from "../../rules/schedule";
import { parseSettings } from "../../settings";
import type * as z from "../../zod";
import { issueMessages } from "./forms";

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
  dailyTextCap: "Most texts of any kind in 24 hours",
  allowedCountries: "Text callers from these countries",
  textDelaySeconds: "Wait before texting (seconds)",
  followUp: "Follow-up",
  minAnsweredSeconds: "Answered calls shorter than this count as missed (seconds)",
  ringTimeoutSeconds: "Ring the forwarded phone for (seconds)",
  voicemail: "Offer voicemail",
  blocklist: "Never text these numbers",
  shadow: "Shadow mode",
  paused: "Paused",
  retentionDays: "Keep calls and texts for (days)",
};

const FIELD_LABELS: Record<string, string> = {
  name: "Business name",
  timezone: "Time zone",
  forwardTo: "Forward calls to",
  notifyPhone: "Notify phone",
  bookingUrl: "Booking link",
  notifyWebhookUrl: "CRM webhook URL",
  webhookSecret: "Webhook signing secret",
  hours: "Hours",
  settings: "Settings",
};

/** The label of the field a validation issue points at. */
export function businessFieldLabel(path: readonly PropertyKey[]): string {
  const [head, second, third, fourth] = path.map(String);
  if (head === "hours" && second === "weekly" && third) {
    return `${DAY_NAMES[third as Day] ?? third}${fourth !== undefined ? `, opening ${Number(fourth) + 1}` : ""}`;
  }
  if (head === "hours" && second === "holidays") return `Holidays${third !== undefined ? `, line ${Number(third) + 1}` : ""}`;
  if (head === "settings" && second) {
    if (second === "followUp" && third === "afterHours") return "Follow up after (hours)";
    const label = SETTING_LABELS[second] ?? second;
    return second === "blocklist" || second === "allowedCountries" ? `${label}${third !== undefined ? `, entry ${Number(third) + 1}` : ""}` : label;
  }
  return FIELD_LABELS[head ?? ""] ?? (path.join(".") || "Form");
}

/** The form's values for a stored business (or the defaults, for a new one). */
export function valuesFromBusiness(b: BusinessRow | null): BusinessFormValues {
  const s = parseSettings(b?.settings ?? {});
  const v: BusinessFormValues = {
    name: b?.name ?? "",
    timezone: b?.timezone ?? "America/New_York",
    forwardTo: b?.forwardTo ?? "",
    notifyPhone: b?.notifyPhone ?? "",
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
    blocklist: s.blocklist.join("\n"),
    shadow: s.shadow ? "on" : "",
    paused: s.paused ? "on" : "",
    retentionDays: String(s.retentionDays),
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

const lines = (s: string | undefined) =>
  (s ?? "")
    .split(/[\n,]/)
    .map((x) => x.trim())
    .filter((x) => x !== "");

/** The hours as posted, and the half-filled shifts (zod could only say "invalid" about them). */
function hoursFromValues(v: BusinessFormValues, problems: string[]) {
  const weekly: Record<string, { open: string; close: string }[]> = {};
  for (const day of DAYS) {
    const shifts: { open: string; close: string }[] = [];
    for (let i = 0; i < MAX_SHIFTS; i++) {
      const open = (v[`hours.${day}.${i}.open`] ?? "").trim();
      const close = (v[`hours.${day}.${i}.close`] ?? "").trim();
      if (open === "" && close === "") continue;
      if (open === "" || close === "") {
        problems.push(`${DAY_NAMES[day]}, opening ${i + 1}: give both an opening and a closing time, or clear both.`);
        continue;
      }
      // A time input cannot hold 24:00; closing at 00:00 after opening means midnight.
      shifts.push({ open, close: close === "00:00" ? "24:00" : close });
    }
    if (shifts.length > 0) weekly[day] = shifts.sort((a, b) => a.open.localeCompare(b.open));
  }
  const holidays = lines(v.holidays);
  return Object.keys(weekly).length === 0 && holidays.length === 0 ? null : { weekly, holidays };
}

/**
 * The API input for posted values, before validation, and the problems zod cannot name well
 * (half-filled shifts). Empty optional fields clear the stored value; an empty secret keeps it.
 */
function inputFromValues(v: BusinessFormValues): { input: Record<string, unknown>; problems: string[] } {
  const problems: string[] = [];
  const optional = (name: string) => ((v[name] ?? "").trim() === "" ? null : (v[name] ?? "").trim());
  const number = (name: string) => ((v[name] ?? "").trim() === "" ? undefined : Number(v[name]));
  const checked = (name: string) => v[name] === "on";

  const input: Record<string, unknown> = {
    name: v.name ?? "",
    timezone: (v.timezone ?? "").trim(),
    forwardTo: optional("forwardTo"),
    notifyPhone: optional("notifyPhone"),
    bookingUrl: optional("bookingUrl"),
    notifyWebhookUrl: optional("notifyWebhookUrl"),
    hours: hoursFromValues(v, problems),
    settings: {
      cooldownHours: number("cooldownHours"),
      dailyCap: number("dailyCap"),
      dailyTextCap: number("dailyTextCap"),
      allowedCountries: lines(v.allowedCountries).map((c) => c.toUpperCase()),
      textDelaySeconds: number("textDelaySeconds"),
      followUp: { enabled: checked("followUpEnabled"), afterHours: number("followUpAfterHours") ?? 24 },
      minAnsweredSeconds: number("minAnsweredSeconds"),
      ringTimeoutSeconds: number("ringTimeoutSeconds"),
      voicemail: checked("voicemail"),
      // Typed the way people write numbers; stored as E.164 (an invalid one is left for zod to name).
      blocklist: lines(v.blocklist).map((p) => normalizePhone(p) ?? p),
      shadow: checked("shadow"),
      paused: checked("paused"),
      retentionDays: number("retentionDays"),
    },
  };
  if (checked("clearWebhookSecret")) input.webhookSecret = null;
  else if ((v.webhookSecret ?? "") !== "") input.webhookSecret = v.webhookSecret;
  return { input, problems };
}

/** Posted values checked by the API's schema: its input, or every problem as a sentence naming its field. */
export function parseBusinessForm<T extends z.ZodMiniType>(
  schema: T,
  values: BusinessFormValues,
): { data: z.infer<T>; errors?: undefined } | { data?: undefined; errors: string[] } {
  const { input, problems } = inputFromValues(values);
  const parsed = schema.safeParse(input);
  const errors = [...problems, ...(parsed.success ? [] : issueMessages(parsed.error, businessFieldLabel))];
  return parsed.success && errors.length === 0 ? { data: parsed.data as z.infer<T> } : { errors };
}
