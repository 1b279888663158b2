/**
 * Posted business-form values → the API's input, validated by the same zod schemas as the JSON API;
 * or every problem as a sentence naming its field, and the posted fields to mark.
 */
import { normalizePhone } from "../../rules/phone";
import { zoneOfNumber } from "../../rules/time-zones";
import { DAYS, type Day } from "../../rules/schedule";
import { issueWords } from "../../input";
import type * as z from "../../zod";
import { DAY_NAMES, FIELD_LABELS, MAX_SHIFTS, SETTING_LABELS, type BusinessFormValues } from "./business-form-values";
import type { FormRefusal } from "./invalid";

/** A problem the form finds before zod: its sentence and the posted fields it is about. */
interface Problem {
  message: string;
  fields: string[];
}

/** Which posted slot each stored shift came from: the form sorts a day's shifts by opening time. */
type ShiftSlots = Partial<Record<Day, number[]>>;

const entries = (s: string | undefined) =>
  (s ?? "")
    .split(/[\n,]/)
    .map((x) => x.trim())
    .filter((x) => x !== "");

/** The hours as posted, and the half-filled shifts (zod could only say "invalid" about them). */
function hoursFromValues(v: BusinessFormValues, problems: Problem[], slots: ShiftSlots) {
  const weekly: Record<string, { open: string; close: string }[]> = {};
  for (const day of DAYS) {
    const shifts: { open: string; close: string; slot: number }[] = [];
    for (let i = 0; i < MAX_SHIFTS; i++) {
      const [openName, closeName] = [`hours.${day}.${i}.open`, `hours.${day}.${i}.close`];
      const open = (v[openName] ?? "").trim();
      const close = (v[closeName] ?? "").trim();
      if (open === "" && close === "") continue;
      if (open === "" || close === "") {
        problems.push({ message: `${DAY_NAMES[day]}, opening ${i + 1}: give both an opening and a closing time, or clear both.`, fields: [open === "" ? openName : closeName] });
        continue;
      }
      // A time input cannot hold 24:00; closing at 00:00 after opening means midnight.
      shifts.push({ open, close: close === "00:00" ? "24:00" : close, slot: i });
    }
    shifts.sort((a, b) => a.open.localeCompare(b.open));
    slots[day] = shifts.map((s) => s.slot);
    if (shifts.length > 0) weekly[day] = shifts.map(({ open, close }) => ({ open, close }));
  }
  const holidays = entries(v.holidays);
  return Object.keys(weekly).length === 0 && holidays.length === 0 ? null : { weekly, holidays };
}

/**
 * The numbers never to text (the business's contacts tagged blocked, not a setting: the page stores
 * them with setBlocked) as E.164, read line by line so a wrong entry in a list of thousands is named
 * by its line. Typed the way people write numbers ("(312) 555-0100", several on a line with commas).
 */
function blocklistFromValues(text: string | undefined, problems: Problem[]): string[] {
  const out: string[] = [];
  (text ?? "").split("\n").forEach((line, i) => {
    for (const entry of entries(line)) {
      const e164 = normalizePhone(entry);
      if (e164) out.push(e164);
      else problems.push({ message: `${SETTING_LABELS.blocklist}, line ${i + 1}: "${entry}" is not a valid phone number.`, fields: ["blocklist"] });
    }
  });
  return out;
}

/** The phones a zone left empty is read from, the office's own first. */
const ZONE_FROM = ["forwardTo", "notifyPhone"] as const;

/**
 * The time zone as typed; left empty, the one the office's phone's area code says (zoneOfNumber),
 * else a problem asking for it: never a zone nobody chose.
 */
function timeZoneFromValues(v: BusinessFormValues, problems: Problem[]): string {
  const typed = (v.timezone ?? "").trim();
  if (typed !== "") return typed;
  for (const name of ZONE_FROM) {
    const e164 = normalizePhone(v[name] ?? "");
    const zone = e164 ? zoneOfNumber(e164) : null;
    if (zone) return zone;
  }
  problems.push({ message: `${FIELD_LABELS.timezone}: choose the city whose clocks the business follows (no phone number on the form says one by its area code).`, fields: ["timezone"] });
  return "";
}

/**
 * The API input for posted values, before validation, and the problems zod cannot name well
 * (half-filled shifts, a blocklist line). Empty optional fields clear the stored value; an empty
 * secret keeps it.
 */
function inputFromValues(v: BusinessFormValues, problems: Problem[], slots: ShiftSlots): Record<string, unknown> {
  const optional = (name: string) => ((v[name] ?? "").trim() === "" ? null : (v[name] ?? "").trim());
  const number = (name: string) => ((v[name] ?? "").trim() === "" ? undefined : Number(v[name]));
  const checked = (name: string) => v[name] === "on";

  const input: Record<string, unknown> = {
    name: v.name ?? "",
    timezone: timeZoneFromValues(v, problems),
    forwardTo: optional("forwardTo"),
    notifyPhone: optional("notifyPhone"),
    priorityPhone: optional("priorityPhone"),
    bookingUrl: optional("bookingUrl"),
    notifyWebhookUrl: optional("notifyWebhookUrl"),
    hours: hoursFromValues(v, problems, slots),
    settings: {
      cooldownHours: number("cooldownHours"),
      dailyCap: number("dailyCap"),
      dailyTextCap: number("dailyTextCap"),
      // Typed empty, it is refused (texting no country is what `paused` is for); not posted, the default or the stored list stands.
      allowedCountries: v.allowedCountries === undefined ? undefined : entries(v.allowedCountries).map((c) => c.toUpperCase()),
      textDelaySeconds: number("textDelaySeconds"),
      followUp: { enabled: checked("followUpEnabled"), afterHours: number("followUpAfterHours") ?? 24 },
      minAnsweredSeconds: number("minAnsweredSeconds"),
      ringTimeoutSeconds: number("ringTimeoutSeconds"),
      voicemail: checked("voicemail"),
      trackLinks: checked("trackLinks"),
      lookupLineType: checked("lookupLineType"),
      shadow: checked("shadow"),
      paused: checked("paused"),
      retentionDays: number("retentionDays"),
      weeklySummary: checked("weeklySummary"),
      // Only the saved business's form shows it; a new one takes it from its kind (its preset).
      privateTexts: v.preset === undefined ? checked("privateTexts") : undefined,
    },
  };
  // Only the new-business form posts a kind; empty is "no preset".
  if (v.preset !== undefined && v.preset.trim() !== "") input.preset = v.preset.trim();
  if (checked("clearWebhookSecret")) input.webhookSecret = null;
  else if ((v.webhookSecret ?? "") !== "") input.webhookSecret = v.webhookSecret;
  return input;
}

/** A validation issue's path as the form labels it, and the posted fields it is about. */
function describePath(path: readonly PropertyKey[], slots: ShiftSlots): { label: string; fields: string[] } {
  const [head, second, third, fourth] = path.map(String);
  if (head === "hours" && second === "weekly" && third) {
    const slot = fourth === undefined ? undefined : slots[third as Day]?.[Number(fourth)];
    const day = DAY_NAMES[third as Day] ?? third;
    if (slot === undefined) return { label: day, fields: [] };
    return { label: `${day}, opening ${slot + 1}`, fields: [`hours.${third}.${slot}.open`, `hours.${third}.${slot}.close`] };
  }
  if (head === "hours" && second === "holidays") return { label: `Closed on these dates${third !== undefined ? `, line ${Number(third) + 1}` : ""}`, fields: ["holidays"] };
  if (head === "settings" && second) {
    if (second === "followUp") return third === "enabled" ? { label: "Follow-up", fields: ["followUpEnabled"] } : { label: "Follow up after (hours)", fields: ["followUpAfterHours"] };
    const label = SETTING_LABELS[second] ?? second;
    const listed = second === "allowedCountries";
    return { label: listed && third !== undefined ? `${label}, entry ${Number(third) + 1}` : label, fields: [second] };
  }
  return { label: FIELD_LABELS[head ?? ""] ?? (path.join(".") || "Form"), fields: head ? [head] : [] };
}

/**
 * Posted values checked by the API's schema: its input and the numbers never to text, or every
 * problem with the fields to mark.
 */
export function parseBusinessForm<T extends z.ZodMiniType>(
  schema: T,
  values: BusinessFormValues,
): { data: z.infer<T>; blocked: string[]; refusal?: undefined } | { data?: undefined; blocked?: undefined; refusal: FormRefusal } {
  const problems: Problem[] = [];
  const slots: ShiftSlots = {};
  const parsed = schema.safeParse(inputFromValues(values, problems, slots));
  const blocked = blocklistFromValues(values.blocklist, problems);
  // An empty zone nothing could fill is already asked for, in words zod does not have.
  const zoneAsked = problems.some((p) => p.fields.includes("timezone"));
  for (const issue of parsed.success ? [] : parsed.error.issues) {
    if (zoneAsked && issue.path[0] === "timezone") continue;
    const { label, fields } = describePath(issue.path, slots);
    problems.push({ message: `${label}: ${issueWords(issue)}`, fields });
  }
  if (parsed.success && problems.length === 0) return { data: parsed.data as z.infer<T>, blocked };
  return { refusal: { errors: problems.map((p) => p.message), invalid: new Set(problems.flatMap((p) => p.fields)) } };
}
