/**
 * The business form (create and edit): every field of a business, including weekly hours with split
 * shifts, holidays and settings. The form speaks flat string fields; this module maps them to the
 * API's input shape (validated by the same zod schemas as the JSON API) and back.
 */
import type { FC } from "hono/jsx";
import type { BusinessRow } from "../../db/schema";
import { normalizePhone } from "../../rules/phone";
import { DAYS, hoursSchema, type Day } from "../../rules/schedule";
import { parseSettings } from "../../settings";
import { PostForm } from "./layout";

/** What the form holds: field name → text as typed ("on" for a ticked box). */
export type BusinessFormValues = Record<string, string>;

const DAY_NAMES: Record<Day, string> = {
  sun: "Sunday",
  mon: "Monday",
  tue: "Tuesday",
  wed: "Wednesday",
  thu: "Thursday",
  fri: "Friday",
  sat: "Saturday",
};
/** Week as offices write it, Monday first. */
const WEEK: readonly Day[] = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"];
const MAX_SHIFTS = 4;

const COMMON_ZONES = [
  "America/New_York",
  "America/Chicago",
  "America/Denver",
  "America/Phoenix",
  "America/Los_Angeles",
  "America/Anchorage",
  "Pacific/Honolulu",
  "America/Toronto",
  "America/Winnipeg",
  "America/Regina",
  "America/Edmonton",
  "America/Vancouver",
  "America/Halifax",
  "America/St_Johns",
  "America/Puerto_Rico",
];

const SETTING_LABELS: Record<string, string> = {
  cooldownHours: "Text a caller at most once every (hours)",
  dailyCap: "Most texts per day",
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

/**
 * The API input for posted values, before validation, and the problems zod cannot name well
 * (half-filled shifts). Empty optional fields clear the stored value; an empty secret keeps it.
 */
export function inputFromValues(v: BusinessFormValues): { input: Record<string, unknown>; problems: string[] } {
  const problems: string[] = [];
  const optional = (name: string) => ((v[name] ?? "").trim() === "" ? null : (v[name] ?? "").trim());
  const number = (name: string) => ((v[name] ?? "").trim() === "" ? undefined : Number(v[name]));
  const checked = (name: string) => v[name] === "on";

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
  const hours = Object.keys(weekly).length === 0 && holidays.length === 0 ? null : { weekly, holidays };

  const input: Record<string, unknown> = {
    name: v.name ?? "",
    timezone: (v.timezone ?? "").trim(),
    forwardTo: optional("forwardTo"),
    notifyPhone: optional("notifyPhone"),
    bookingUrl: optional("bookingUrl"),
    notifyWebhookUrl: optional("notifyWebhookUrl"),
    hours,
    settings: {
      cooldownHours: number("cooldownHours"),
      dailyCap: number("dailyCap"),
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

const Field: FC<{ name: string; label: string; hint?: string; values: BusinessFormValues; type?: string; required?: boolean; extra?: Record<string, string | number> }> = (p) => (
  <>
    <label for={`f-${p.name}`}>
      {p.label}
      {p.hint ? <span class="hint">{p.hint}</span> : null}
    </label>
    <input id={`f-${p.name}`} name={p.name} type={p.type ?? "text"} value={p.values[p.name] ?? ""} required={p.required} {...(p.extra ?? {})} />
  </>
);

const Check: FC<{ name: string; label: string; values: BusinessFormValues }> = (p) => (
  <label class="check">
    <input type="checkbox" name={p.name} checked={p.values[p.name] === "on"} />
    {p.label}
  </label>
);

const HoursTable: FC<{ values: BusinessFormValues }> = ({ values }) => (
  <div class="table-wrap">
    <table class="hours">
      <caption class="visually-hidden">Opening hours per day</caption>
      <thead>
        <tr>
          <th scope="col">Day</th>
          <th scope="col">Open (from – to); leave empty when closed</th>
        </tr>
      </thead>
      <tbody>
        {WEEK.map((day) => {
          const used = Array.from({ length: MAX_SHIFTS }, (_, i) => values[`hours.${day}.${i}.open`] || values[`hours.${day}.${i}.close`]).filter(Boolean).length;
          // Two openings (a lunch break) by default; one more than used, up to four, so each save can add one.
          const slots = Math.min(MAX_SHIFTS, Math.max(2, used + 1));
          return (
            <tr>
              <th scope="row">{DAY_NAMES[day]}</th>
              <td>
                <div class="shifts">
                  {Array.from({ length: slots }, (_, i) => (
                    <div class="shift">
                      <input
                        type="time"
                        name={`hours.${day}.${i}.open`}
                        value={values[`hours.${day}.${i}.open`] ?? ""}
                        aria-label={`${DAY_NAMES[day]}, opening ${i + 1}, from`}
                      />
                      <span aria-hidden="true">–</span>
                      <input
                        type="time"
                        name={`hours.${day}.${i}.close`}
                        value={values[`hours.${day}.${i}.close`] ?? ""}
                        aria-label={`${DAY_NAMES[day]}, opening ${i + 1}, to`}
                      />
                    </div>
                  ))}
                </div>
              </td>
            </tr>
          );
        })}
      </tbody>
    </table>
  </div>
);

/** The whole form; `webhookSecretSet` says whether a secret is stored (it is never shown). */
export const BusinessForm: FC<{ action: string; csrf: string; values: BusinessFormValues; submitLabel: string; webhookSecretSet?: boolean }> = ({
  action,
  csrf,
  values,
  submitLabel,
  webhookSecretSet,
}) => (
  <PostForm action={action} csrf={csrf}>
    <fieldset>
      <legend>Business</legend>
      <Field name="name" label="Business name" hint="Used in every text, so callers know who is writing." values={values} required extra={{ maxlength: 100 }} />
      <Field name="timezone" label="Time zone" hint="Like America/Chicago. Hours and reports use it." values={values} required extra={{ list: "zones" }} />
      <datalist id="zones">
        {COMMON_ZONES.map((z) => (
          <option value={z} />
        ))}
      </datalist>
      <Field name="forwardTo" label="Forward calls to" hint="The phone that rings when someone calls. Empty: calls go straight to voicemail." values={values} type="tel" />
      <Field name="notifyPhone" label="Notify phone" hint="Gets a text when a caller replies; texting back from it answers them." values={values} type="tel" />
      <Field name="bookingUrl" label="Booking link" hint="Optional; fills {bookingUrl} in templates." values={values} type="url" />
    </fieldset>

    <fieldset>
      <legend>Opening hours</legend>
      <p class="hint">Calls outside these hours get the after-hours text. No hours at all means always open. For a lunch break, use two openings on one day.</p>
      <HoursTable values={values} />
      <label for="f-holidays">
        Closed on these dates
        <span class="hint">One date per line, as YYYY-MM-DD.</span>
      </label>
      <textarea id="f-holidays" name="holidays" rows={3}>
        {values.holidays ?? ""}
      </textarea>
    </fieldset>

    <fieldset>
      <legend>Texting</legend>
      <Check name="paused" label="Paused: record calls, send no texts" values={values} />
      <Check name="shadow" label="Shadow mode: decide and record what would be sent, send nothing (to try the rules on real calls)" values={values} />
      <Field name="cooldownHours" label={SETTING_LABELS.cooldownHours!} values={values} type="number" extra={{ min: 0, max: 720, step: "any" }} />
      <Field name="dailyCap" label={SETTING_LABELS.dailyCap!} hint="A spending cap against floods of fake calls." values={values} type="number" extra={{ min: 0, max: 100000 }} />
      <Field name="textDelaySeconds" label={SETTING_LABELS.textDelaySeconds!} values={values} type="number" extra={{ min: 0, max: 3600 }} />
      <Field name="allowedCountries" label={SETTING_LABELS.allowedCountries!} hint="Two-letter country codes, separated by commas, like US, CA." values={values} />
      <Check name="followUpEnabled" label="Send one follow-up if the caller has not replied" values={values} />
      <Field name="followUpAfterHours" label="Follow up after (hours)" values={values} type="number" extra={{ min: 1, max: 168, step: "any" }} />
      <label for="f-blocklist">
        {SETTING_LABELS.blocklist}
        <span class="hint">One phone number per line.</span>
      </label>
      <textarea id="f-blocklist" name="blocklist" rows={3}>
        {values.blocklist ?? ""}
      </textarea>
    </fieldset>

    <fieldset>
      <legend>Calls</legend>
      <Field name="ringTimeoutSeconds" label={SETTING_LABELS.ringTimeoutSeconds!} values={values} type="number" extra={{ min: 5, max: 60 }} />
      <Field name="minAnsweredSeconds" label={SETTING_LABELS.minAnsweredSeconds!} values={values} type="number" extra={{ min: 0, max: 600 }} />
      <Check name="voicemail" label="Offer voicemail after a missed call" values={values} />
      <Field name="retentionDays" label={SETTING_LABELS.retentionDays!} values={values} type="number" extra={{ min: 1, max: 3650 }} />
    </fieldset>

    <fieldset>
      <legend>Your CRM (optional)</legend>
      <Field name="notifyWebhookUrl" label="CRM webhook URL" hint="https only. Replies and opt-outs are posted here, signed." values={values} type="url" />
      <label for="f-webhookSecret">
        Webhook signing secret
        <span class="hint">{webhookSecretSet ? "A secret is set; it is never shown. Type a new one to replace it." : "At least 16 characters. Never shown again."}</span>
      </label>
      <input id="f-webhookSecret" name="webhookSecret" type="password" autocomplete="new-password" value="" />
      {webhookSecretSet ? <Check name="clearWebhookSecret" label="Remove the stored secret" values={{}} /> : null}
    </fieldset>

    <div class="actions">
      <button type="submit">{submitLabel}</button>
    </div>
  </PostForm>
);
