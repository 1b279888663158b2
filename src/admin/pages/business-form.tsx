/**
 * The business form (create and edit): every field of a business, including weekly hours with split
 * shifts, holidays and settings. What its fields hold and how they map to the API's input:
 * `business-form-values.ts`.
 */
import { RUNAWAY_CAP_MULTIPLE } from "../../rules/outbound-guard";
import type { FC } from "hono/jsx";
import { PRESET_IDS, PRESETS, type PresetId } from "../../presets";
import { shortcutReminder } from "../../rules/business-kind";
import type { Day } from "../../rules/schedule";
import { placeTimeZones } from "../../rules/time-zones";
import { DAY_NAMES, MAX_SHIFTS, SETTING_LABELS, type BusinessFormValues } from "./business-form-values";
import { invalidMark } from "./invalid";
import { DataTable } from "./data-table";
import { PostForm } from "./layout";

/** Week as offices write it, Monday first. */
const WEEK: readonly Day[] = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"];

/** First in the list, named the way people say them (the browser searches the names too). */
const COMMON_ZONES: readonly [zone: string, name: string][] = [
  ["America/New_York", "US Eastern (New York, Atlanta, Miami)"],
  ["America/Chicago", "US Central (Chicago, Dallas, Houston)"],
  ["America/Denver", "US Mountain (Denver, Salt Lake City)"],
  ["America/Phoenix", "Arizona (no daylight saving time)"],
  ["America/Los_Angeles", "US Pacific (Los Angeles, Seattle)"],
  ["America/Anchorage", "Alaska"],
  ["Pacific/Honolulu", "Hawaii"],
  ["America/Toronto", "Canada Eastern (Toronto, Montreal)"],
  ["America/Winnipeg", "Canada Central (Winnipeg)"],
  ["America/Regina", "Saskatchewan (no daylight saving time)"],
  ["America/Edmonton", "Canada Mountain (Calgary, Edmonton)"],
  ["America/Vancouver", "Canada Pacific (Vancouver)"],
  ["America/Halifax", "Atlantic (Halifax)"],
  ["America/St_Johns", "Newfoundland"],
  ["America/Puerto_Rico", "Puerto Rico"],
];
const COMMON = new Set(COMMON_ZONES.map(([zone]) => zone));

/** Every place's zone to choose from, searchable as you type: `<input list>` needs no script. */
const ZoneList: FC = () => (
  <datalist id="zones">
    {COMMON_ZONES.map(([zone, name]) => (
      <option value={zone}>{name}</option>
    ))}
    {placeTimeZones()
      .filter((zone) => !COMMON.has(zone))
      .map((zone) => (
        <option value={zone} />
      ))}
    <option value="UTC">UTC (never changes)</option>
  </datalist>
);

type Values = { values: BusinessFormValues };

const Field: FC<{ name: string; label: string; hint?: string; values: BusinessFormValues; type?: string; required?: boolean; extra?: Record<string, string | number> }> = (p) => (
  <>
    <label for={`f-${p.name}`}>
      {p.label}
      {p.hint ? <span class="hint">{p.hint}</span> : null}
    </label>
    <input id={`f-${p.name}`} name={p.name} type={p.type ?? "text"} value={p.values[p.name] ?? ""} required={p.required} {...(p.extra ?? {})} {...invalidMark(p.name)} />
  </>
);

const Check: FC<{ name: string; label: string; values: BusinessFormValues; hint?: string }> = (p) => (
  <label class="check">
    <input type="checkbox" name={p.name} checked={p.values[p.name] === "on"} {...invalidMark(p.name)} />
    {p.hint ? (
      <span>
        {p.label}
        <span class="hint">{p.hint}</span>
      </span>
    ) : (
      p.label
    )}
  </label>
);

/** A labelled textarea of one entry per line. */
const Lines: FC<{ name: string; label: string; hint: string; values: BusinessFormValues }> = (p) => (
  <>
    <label for={`f-${p.name}`}>
      {p.label}
      <span class="hint">{p.hint}</span>
    </label>
    <textarea id={`f-${p.name}`} name={p.name} rows={3} {...invalidMark(p.name)}>
      {p.values[p.name] ?? ""}
    </textarea>
  </>
);

const TimeInput: FC<{ day: Day; slot: number; end: "open" | "close"; values: BusinessFormValues }> = ({ day, slot, end, values }) => (
  <input
    type="time"
    name={`hours.${day}.${slot}.${end}`}
    value={values[`hours.${day}.${slot}.${end}`] ?? ""}
    aria-label={`${DAY_NAMES[day]}, opening ${slot + 1}, ${end === "open" ? "from" : "to"}`}
    {...invalidMark(`hours.${day}.${slot}.${end}`)}
  />
);

/** A day's openings: two (a lunch break) by default; one more than used, up to four, so each save can add one. */
const Shifts: FC<{ day: Day; values: BusinessFormValues }> = ({ day, values }) => {
  const used = Array.from({ length: MAX_SHIFTS }, (_, i) => values[`hours.${day}.${i}.open`] || values[`hours.${day}.${i}.close`]).filter(Boolean).length;
  const slots = Math.min(MAX_SHIFTS, Math.max(2, used + 1));
  return (
    <div class="shifts">
      {Array.from({ length: slots }, (_, i) => (
        <div class="shift">
          <TimeInput day={day} slot={i} end="open" values={values} />
          <span aria-hidden="true">–</span>
          <TimeInput day={day} slot={i} end="close" values={values} />
        </div>
      ))}
    </div>
  );
};

const HoursTable: FC<Values> = ({ values }) => (
  <DataTable
    class="hours"
    columns={[{ label: "Day", rowHeader: true }, { label: "Open (from – to); leave empty when closed", wide: true }]}
    caption="Opening hours per day"
    rows={WEEK.map((day) => [DAY_NAMES[day], <Shifts day={day} values={values} />])}
  />
);

/** Only on a saved business: a new one takes it from its kind (the dental and legal presets turn it on). */
const PrivacyField: FC<Values> = ({ values }) => (
  <Check
    name="privateTexts"
    label={SETTING_LABELS.privateTexts!}
    hint="Why: what patients or clients write can be health or privileged information; this keeps it behind the admin's login, not on personal phones."
    values={values}
  />
);

/** What the owner's phone gets, and the shortcuts it can answer with, in the business's trade's words. */
const notifyHint = (kind: PresetId | null) =>
  `Gets a text when a caller replies; texting back from it answers them. Shortcuts: ${shortcutReminder(kind, true)}. UNDO takes back the last one within 10 minutes.`;

const BusinessFields: FC<Values & { saved: boolean; kind: PresetId | null }> = ({ values, saved, kind }) => (
  <fieldset>
    <legend>Business</legend>
    <Field name="name" label="Business name" hint="Used in every text, so callers know who is writing." values={values} required extra={{ maxlength: 100 }} />
    <Field
      name="timezone"
      label="Time zone"
      hint="The city whose clocks you follow, like America/Chicago (type to search; not an abbreviation like EST). Hours and reports use it. Left empty, it is the zone of the Forward calls to number's area code (else the Notify phone's) when that area code has only one."
      values={values}
      extra={{ list: "zones", autocomplete: "off", placeholder: "Choose…" }}
    />
    <ZoneList />
    <Field name="forwardTo" label="Forward calls to" hint="The phone that rings when someone calls. Empty: calls go straight to voicemail." values={values} type="tel" />
    <Field name="notifyPhone" label="Notify phone" hint={notifyHint(kind)} values={values} type="tel" />
    {saved ? <PrivacyField values={values} /> : null}
    <Field name="priorityPhone" label="Priority line for customers" hint="Optional; fills {priorityPhone} in the customers' text (contacts tagged customer)." values={values} type="tel" />
    <Field name="bookingUrl" label="Booking link" hint="Optional; fills {bookingUrl} in templates." values={values} type="url" />
    <Check name="trackLinks" label="Track the booking link: texts carry a short link of ours that counts clicks and tags bookings with the lead" values={values} />
  </fieldset>
);

const HoursFields: FC<Values> = ({ values }) => (
  <fieldset>
    <legend>Opening hours</legend>
    <p class="hint">Calls outside these hours get the after-hours text. No hours at all means always open. For a lunch break, use two openings on one day.</p>
    <HoursTable values={values} />
    <Lines name="holidays" label="Closed on these dates" hint="One date per line, as YYYY-MM-DD." values={values} />
  </fieldset>
);

const TextingFields: FC<Values> = ({ values }) => (
  <fieldset>
    <legend>Texting</legend>
    <Check name="paused" label="Paused: record calls, send no texts" values={values} />
    <Check name="shadow" label="Test mode: decide and record what would be sent, send nothing (to try the rules on real calls)" values={values} />
    <Field name="cooldownHours" label={SETTING_LABELS.cooldownHours!} values={values} type="number" extra={{ min: 0, max: 720, step: "any" }} />
    <Field name="dailyCap" label={SETTING_LABELS.dailyCap!} hint="A spending cap against floods of fake calls." values={values} type="number" extra={{ min: 0, max: 100000 }} />
    <Field name="dailyTextCap" label={SETTING_LABELS.dailyTextCap!} hint={`Every text together counts (answers, relays, pages, your own) over any 24 hours: the spending cap behind the others. At the cap, texts to callers stop and you get a text saying so; pages, texts to you and your people on call and urgent answers still go, up to ${RUNAWAY_CAP_MULTIPLE} times the cap.`} values={values} type="number" extra={{ min: 0, max: 1000000 }} />
    <Field name="textDelaySeconds" label={SETTING_LABELS.textDelaySeconds!} values={values} type="number" extra={{ min: 0, max: 3600 }} />
    <Field name="allowedCountries" label={SETTING_LABELS.allowedCountries!} hint="Two-letter country codes, separated by commas, like US, CA." values={values} />
    <Check name="weeklySummary" label="Text me a summary of last week on Mondays (from 8:00, never in quiet hours)" values={values} />
    <Check name="followUpEnabled" label="Send one follow-up if the caller has not replied" values={values} />
    <Field name="followUpAfterHours" label="Follow up after (hours)" values={values} type="number" extra={{ min: 1, max: 168, step: "any" }} />
    <Check
      name="lookupLineType"
      label="Check for landlines: before the first text to a new number, ask the carrier whether it is a landline (a small fee per number, kept 90 days); landlines get no text and are listed in the daily summary to call back"
      values={values}
    />
    <Lines name="blocklist" label={SETTING_LABELS.blocklist!} hint="One phone number per line: your contacts tagged blocked (see Contacts). A number taken off the list is unblocked." values={values} />
  </fieldset>
);

const CallFields: FC<Values> = ({ values }) => (
  <fieldset>
    <legend>Calls</legend>
    <Field name="ringTimeoutSeconds" label={SETTING_LABELS.ringTimeoutSeconds!} values={values} type="number" extra={{ min: 5, max: 60 }} />
    <Field name="minAnsweredSeconds" label={SETTING_LABELS.minAnsweredSeconds!} values={values} type="number" extra={{ min: 0, max: 600 }} />
    <Check name="voicemail" label="Offer voicemail after a missed call" values={values} />
    <Field name="retentionDays" label={SETTING_LABELS.retentionDays!} values={values} type="number" extra={{ min: 1, max: 3650 }} />
  </fieldset>
);

/** `webhookSecretSet`: whether a secret is stored (it is never shown). */
const CrmFields: FC<Values & { webhookSecretSet?: boolean }> = ({ values, webhookSecretSet }) => (
  <fieldset>
    <legend>Your CRM (optional)</legend>
    <Field name="notifyWebhookUrl" label="CRM webhook URL" hint="https only. Replies and opt-outs are posted here, signed." values={values} type="url" />
    <label for="f-webhookSecret">
      Webhook signing secret
      <span class="hint">{webhookSecretSet ? "A secret is set; it is never shown. Type a new one to replace it." : "At least 16 characters. Never shown again."}</span>
    </label>
    <input id="f-webhookSecret" name="webhookSecret" type="password" autocomplete="new-password" value="" {...invalidMark("webhookSecret")} />
    {webhookSecretSet ? <Check name="clearWebhookSecret" label="Remove the stored secret" values={{}} /> : null}
  </fieldset>
);

/** The whole form; `webhookSecretSet` says whether a secret is stored (it is never shown). */
/**
 * On a new business only: which preset its questions, urgent words, job values and texts start from
 * (changed later under Settings → Leads). Without one, the texts are the plain defaults and nothing is asked.
 */
const KindField: FC<Values> = ({ values }) => (
  <>
    <label for="f-preset">
      What kind of business
      <span class="hint">
        Sets the questions callers are asked by text, the urgent words and the job values; all can be changed later. A dental practice or a law firm also keeps callers' words off
        your phones (texts to you link to the conversation instead).
      </span>
    </label>
    <select id="f-preset" name="preset" {...invalidMark("preset")}>
      {PRESET_IDS.map((id) => (
        <option value={id} selected={(values.preset || "generic") === id}>
          {PRESETS[id].name}
        </option>
      ))}
      <option value="" selected={values.preset === ""}>
        None: plain texts, no questions
      </option>
    </select>
  </>
);

export const BusinessForm: FC<Values & { action: string; csrf: string; submitLabel: string; webhookSecretSet?: boolean; chooseKind?: boolean; kind?: PresetId | null }> = (p) => (
  <PostForm action={p.action} csrf={p.csrf}>
    {p.chooseKind ? (
      <fieldset>
        <legend>Kind</legend>
        <KindField values={p.values} />
      </fieldset>
    ) : null}
    <BusinessFields values={p.values} saved={!p.chooseKind} kind={p.kind ?? null} />
    <HoursFields values={p.values} />
    <TextingFields values={p.values} />
    <CallFields values={p.values} />
    <CrmFields values={p.values} webhookSecretSet={p.webhookSecretSet} />
    <div class="actions">
      <button type="submit">{p.submitLabel}</button>
    </div>
  </PostForm>
);
