/** The leads settings form (qualification, urgent, job values) as form values and back. Pure. */
import { onCallHoursFrom, onCallHoursWords } from "../../rules/on-call-words";
import { normalizePhone } from "../../rules/phone";
import type { BusinessSettings } from "../../settings";

export type LeadFormValues = Record<string, string>;

/** Rows the form shows: enough for a preset's questions and a small team on call. */
export const QUESTION_ROWS = 6;
export const ON_CALL_ROWS = 4;

const lines = (list: readonly string[]) => list.join("\n");
const fromLines = (text: string | undefined) =>
  (text ?? "")
    .split(/[\n,]/)
    .map((s) => s.trim())
    .filter(Boolean);
const dollars = (cents: number) => (cents / 100).toFixed(cents % 100 === 0 ? 0 : 2);

/** The settings as the form shows them. */
export function leadFormValues(s: BusinessSettings): LeadFormValues {
  const v: LeadFormValues = {
    "qualify.enabled": s.qualify.enabled ? "on" : "",
    "qualify.doneMessage": s.qualify.doneMessage,
    "qualify.zips": (s.qualify.serviceArea?.zips ?? []).join(" "),
    "qualify.outOfAreaMessage": s.qualify.outOfAreaMessage,
    relay: s.relay ?? "",
    "urgent.enabled": s.urgent.enabled ? "on" : "",
    "urgent.words": lines(s.urgent.words),
    "urgent.safetyWords": lines(s.urgent.safetyWords),
    "urgent.escalateAfterMinutes": String(s.urgent.escalateAfterMinutes),
    "urgent.callerMessage": s.urgent.callerMessage,
    "urgent.safetyMessage": s.urgent.safetyMessage,
    jobValues: Object.entries(s.jobValues)
      .map(([name, cents]) => `${name} = ${dollars(cents)}`)
      .join("\n"),
    defaultJobValue: s.defaultJobValueCents === null ? "" : dollars(s.defaultJobValueCents),
  };
  s.qualify.questions.forEach((q, i) => {
    v[`q.${i}.key`] = q.key;
    v[`q.${i}.ask`] = q.ask;
    v[`q.${i}.required`] = q.required ? "on" : "";
  });
  s.urgent.onCall.forEach((p, i) => {
    v[`onCall.${i}.name`] = p.name;
    v[`onCall.${i}.phone`] = p.phone;
    // Empty: always on call, as the field's placeholder says.
    v[`onCall.${i}.hours`] = p.hours ? onCallHoursWords(p.hours) : "";
  });
  return v;
}

/** "water heater = 1800" per line → cents by name; a line that is not one is reported. */
function jobValuesFrom(text: string | undefined, problems: FormProblem[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const line of fromLines(text?.replace(/,(?=\s*[^\d])/g, "\n"))) {
    const m = /^(.+?)\s*[=:]\s*\$?\s*(\d+(?:\.\d{1,2})?)$/.exec(line);
    if (m) out[m[1]!.trim().toLowerCase()] = Math.round(Number(m[2]) * 100);
    else problems.push({ field: "jobValues", message: `Job values: "${line}" should look like "water heater = 1800"` });
  }
  return out;
}

/** What the form can tell is wrong before the settings schema reads it, and the posted field it is about. */
export interface FormProblem {
  field: string;
  message: string;
}

/** Which form row each question and on-call person came from: empty rows are skipped. */
export interface PostedRows {
  questions: number[];
  onCall: number[];
}

/**
 * The settings patch the form asks for (validated by the business patch schema afterwards), and
 * problems it can tell on its own. Empty question and on-call rows are skipped.
 */
export function leadSettingsFrom(v: LeadFormValues): { patch: Record<string, unknown>; problems: FormProblem[]; rows: PostedRows } {
  const problems: FormProblem[] = [];
  const rows: PostedRows = { questions: [], onCall: [] };
  const questions = [];
  for (let i = 0; i < QUESTION_ROWS; i++) {
    const key = v[`q.${i}.key`]?.trim();
    const ask = v[`q.${i}.ask`]?.trim();
    if (!key && !ask) continue;
    questions.push({ key: key ?? "", ask: ask ?? "", required: v[`q.${i}.required`] === "on" });
    rows.questions.push(i);
  }
  const onCall = [];
  for (let i = 0; i < ON_CALL_ROWS; i++) {
    const phone = v[`onCall.${i}.phone`]?.trim();
    const name = v[`onCall.${i}.name`]?.trim();
    if (!phone && !name) continue;
    // Typed as people write phones, "(312) 234-5611", like the business's other phone fields; what
    // is not a phone goes on as typed, for the schema to name.
    const e164 = phone ? normalizePhone(phone) : null;
    const hours = onCallHoursOf(v[`onCall.${i}.hours`], i, problems);
    onCall.push({ phone: e164 ?? phone ?? "", name: name || (phone ?? ""), ...(hours ? { hours } : {}) });
    rows.onCall.push(i);
  }
  const zips = fromLines(v["qualify.zips"]?.replace(/\s+/g, "\n"));
  const patch = {
    qualify: {
      enabled: v["qualify.enabled"] === "on",
      questions,
      doneMessage: v["qualify.doneMessage"],
      ...(zips.length > 0 ? { serviceArea: { zips } } : {}),
      outOfAreaMessage: v["qualify.outOfAreaMessage"],
    },
    relay: v.relay ? v.relay : null,
    urgent: {
      enabled: v["urgent.enabled"] === "on",
      words: fromLines(v["urgent.words"]),
      safetyWords: fromLines(v["urgent.safetyWords"]),
      onCall,
      escalateAfterMinutes: Number(v["urgent.escalateAfterMinutes"]),
      callerMessage: v["urgent.callerMessage"],
      safetyMessage: v["urgent.safetyMessage"],
    },
    jobValues: jobValuesFrom(v.jobValues, problems),
    defaultJobValueCents: v.defaultJobValue?.trim() ? Math.round(Number(v.defaultJobValue) * 100) : null,
  };
  return { patch, problems, rows };
}

/** A row's hours in words (onCallHoursFrom); nothing: always on call. Words it cannot read are a problem of that row's field. */
function onCallHoursOf(words: string | undefined, row: number, problems: FormProblem[]) {
  const hours = onCallHoursFrom(words ?? "");
  if (hours === null) {
    const message = `On call ${row + 1}, hours: "${words?.trim()}" should look like "Weekdays 8 AM-6 PM", "Weekends all day", "Mon-Thu 6 PM-8 AM; Sat 9 AM-1 PM" or "outside weekdays 8 AM-6 PM"; empty: always`;
    problems.push({ field: `onCall.${row}.hours`, message });
  }
  return hours ?? undefined;
}

const LABELS: Record<string, string> = {
  qualify: "Qualification",
  questions: "Questions",
  key: "saved as",
  doneMessage: "Thanks message",
  serviceArea: "Service area",
  outOfAreaMessage: "Out-of-area message",
  relay: "Replies to you",
  urgent: "Urgent",
  words: "Urgent words",
  safetyWords: "Safety words",
  onCall: "On call",
  escalateAfterMinutes: "Escalate after (minutes)",
  callerMessage: "Message to an urgent caller",
  safetyMessage: "Safety message",
  jobValues: "Job values",
  defaultJobValueCents: "Default job value",
};

/** "settings.urgent.onCall.1.phone" → "Urgent › On call › 2 › phone". */
export function leadFieldLabel(path: readonly PropertyKey[]): string {
  return path
    .filter((p) => p !== "settings")
    .map((p) => (typeof p === "number" ? String(p + 1) : (LABELS[String(p)] ?? String(p))))
    .join(" › ");
}

/** Posted fields the form sends as they are, by the settings path they fill. */
const FIELD_BY_PATH: Record<string, string> = {
  "qualify.enabled": "qualify.enabled",
  "qualify.doneMessage": "qualify.doneMessage",
  "qualify.serviceArea": "qualify.zips",
  "qualify.outOfAreaMessage": "qualify.outOfAreaMessage",
  relay: "relay",
  "urgent.enabled": "urgent.enabled",
  "urgent.words": "urgent.words",
  "urgent.safetyWords": "urgent.safetyWords",
  "urgent.escalateAfterMinutes": "urgent.escalateAfterMinutes",
  "urgent.callerMessage": "urgent.callerMessage",
  "urgent.safetyMessage": "urgent.safetyMessage",
  jobValues: "jobValues",
  defaultJobValueCents: "defaultJobValue",
};

/**
 * The posted fields a validation issue is about: `settings.urgent.onCall.1.phone` → the phone of
 * the row that person was typed in; a rule about all the questions → every question row in use.
 */
export function leadFieldNames(path: readonly PropertyKey[], rows: PostedRows): string[] {
  const [group, list, index, leaf] = path.filter((p) => p !== "settings").map(String);
  if (group === "qualify" && list === "questions") {
    const used = index === undefined ? rows.questions : [rows.questions[Number(index)]].filter((r) => r !== undefined);
    const leaves = leaf ? [leaf] : ["key", "ask"];
    return used.length > 0 ? used.flatMap((r) => leaves.map((l) => `q.${r}.${l}`)) : ["q.0.key", "q.0.ask"];
  }
  if (group === "urgent" && list === "onCall") {
    const row = index === undefined ? undefined : rows.onCall[Number(index)];
    return row === undefined ? [] : (leaf ? [leaf] : ["name", "phone"]).map((l) => `onCall.${row}.${l}`);
  }
  const field = FIELD_BY_PATH[`${group}.${list}`] ?? FIELD_BY_PATH[group ?? ""];
  return field ? [field] : [];
}
