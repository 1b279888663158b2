/**
 * On-call hours in plain words and back (DESIGN.md §6.3): "Weekdays 8 AM–6 PM", "Nights and
 * weekends (outside weekdays 8 AM–6 PM)", as the admin page shows and takes them. Pure: no I/O.
 */
import { wallClock } from "./display";
import { hoursCover, type OnCallHours } from "./on-call";
import { DAYS, type Day } from "./schedule";

/** The week as people read it, Monday first. */
const WEEK: readonly Day[] = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"];
const SHORT: Record<Day, string> = { mon: "Mon", tue: "Tue", wed: "Wed", thu: "Thu", fri: "Fri", sat: "Sat", sun: "Sun" };
const WEEKDAYS: readonly Day[] = ["mon", "tue", "wed", "thu", "fri"];
const WEEKENDS: readonly Day[] = ["sat", "sun"];

const sameDays = (a: readonly Day[], b: readonly Day[]) => a.length === b.length && a.every((d) => b.includes(d));

/** "Every day", "Weekdays", "Weekends", "Mon–Thu", "Mon, Wed, Fri". */
function daysWords(days: readonly Day[]): string {
  const sorted = WEEK.filter((d) => days.includes(d));
  if (sorted.length === 7) return "Every day";
  if (sameDays(sorted, WEEKDAYS)) return "Weekdays";
  if (sameDays(sorted, WEEKENDS)) return "Weekends";
  const first = WEEK.indexOf(sorted[0] ?? "mon");
  const run = sorted.length >= 3 && sorted.every((d, i) => WEEK.indexOf(d) === first + i);
  return run ? `${SHORT[sorted[0] ?? "mon"]}–${SHORT[sorted[sorted.length - 1] ?? "sun"]}` : sorted.map((d) => SHORT[d]).join(", ");
}

/** "8 AM–6 PM", "all day", "24 hours from 8 AM". */
function timeWords(h: OnCallHours): string {
  if (h.from !== h.to) return `${wallClock(h.from, "en-US")}–${wallClock(h.to, "en-US")}`;
  return h.from === "00:00" ? "all day" : `24 hours from ${wallClock(h.from, "en-US")}`;
}

const windowWords = (h: OnCallHours) => `${daysWords(h.days)} ${timeWords(h)}`;

/**
 * The one stretch of the week these hours leave uncovered, when they leave exactly one on each of
 * some days (the same times each of those days, within the day): "outside weekdays 8 AM–6 PM".
 */
function outsideOf(hours: readonly OnCallHours[]): OnCallHours | null {
  const off: { day: Day; from: number; to: number }[] = [];
  for (const d of DAYS) {
    const gaps: number[] = [];
    for (let m = 0; m < 24 * 60; m++) if (!hours.some((h) => hoursCover(h, d, m))) gaps.push(m);
    if (gaps.length === 0) continue;
    const from = gaps[0] ?? 0;
    const to = (gaps[gaps.length - 1] ?? 0) + 1;
    // One gap within the day, not touching midnight (a gap through midnight is a night off).
    if (gaps.length !== to - from || from === 0 || to === 24 * 60) return null;
    off.push({ day: d, from, to });
  }
  const first = off[0];
  if (!first || off.some((o) => o.from !== first.from || o.to !== first.to)) return null;
  const hhmm = (m: number) => `${String(Math.floor(m / 60)).padStart(2, "0")}:${String(m % 60).padStart(2, "0")}`;
  return { days: off.map((o) => o.day), from: hhmm(first.from), to: hhmm(first.to) };
}

/**
 * A person's hours in words. No hours: "Always".
 *
 * @example onCallHoursWords([{ days: ["mon", "tue", "wed", "thu", "fri"], from: "08:00", to: "18:00" }]) // "Weekdays 8 AM–6 PM"
 * @example onCallHoursWords(outsideHours({ days: ["mon", "tue", "wed", "thu", "fri"], from: "08:00", to: "18:00" })) // "Nights and weekends (outside weekdays 8 AM–6 PM)"
 */
export function onCallHoursWords(hours: readonly OnCallHours[] | undefined): string {
  if (!hours || hours.length === 0) return "Always";
  const outside = hours.length > 1 ? outsideOf(hours) : null;
  if (outside) {
    const words = windowWords(outside);
    // "weekdays", "every day" read lower-case mid-sentence; "Mon" stays a name.
    const lowered = /^(Weekdays|Weekends|Every day)\b/.test(words) ? words.charAt(0).toLowerCase() + words.slice(1) : words;
    return sameDays(outside.days, WEEKDAYS) ? `Nights and weekends (outside ${lowered})` : `Outside ${lowered}`;
  }
  return hours.map(windowWords).join("; ");
}

/**
 * The hours that are everything but `h` (from before to): every night from its end to its start,
 * and the days it does not name whole. What "outside weekdays 8 AM–6 PM" keeps.
 */
export function outsideHours(h: OnCallHours): OnCallHours[] {
  const nights: OnCallHours = { days: [...DAYS], from: h.to, to: h.from };
  const free = DAYS.filter((d) => !h.days.includes(d));
  return free.length > 0 ? [nights, { days: free, from: "00:00", to: "00:00" }] : [nights];
}

const DAY_WORDS: Record<string, Day> = { mon: "mon", monday: "mon", tue: "tue", tues: "tue", tuesday: "tue", wed: "wed", wednesday: "wed", thu: "thu", thur: "thu", thurs: "thu", thursday: "thu", fri: "fri", friday: "fri", sat: "sat", saturday: "sat", sun: "sun", sunday: "sun" };
const DAY_SETS: Record<string, readonly Day[]> = { "every day": DAYS, daily: DAYS, "all week": DAYS, weekdays: WEEKDAYS, weekends: WEEKENDS, weekend: WEEKENDS };

/** "8 AM", "8:30pm", "18:00", "noon", "midnight" as HH:MM; null if it is not a time. */
function clockOf(words: string): string | null {
  const w = words.trim().toLowerCase().replace(/\./g, "");
  if (w === "noon") return "12:00";
  if (w === "midnight") return "00:00";
  const m = /^(\d{1,2})(?::(\d{2}))?\s*(am|pm)?$/.exec(w);
  if (!m) return null;
  let h = Number(m[1]);
  const min = Number(m[2] ?? "0");
  if (min > 59 || (m[3] ? h < 1 || h > 12 : h > 23)) return null;
  if (m[3]) h = (h % 12) + (m[3] === "pm" ? 12 : 0);
  return `${String(h).padStart(2, "0")}:${String(min).padStart(2, "0")}`;
}

/** "Weekdays", "Mon–Thu", "mon, wed and fri", "Saturday" as days; null if not. */
function daysOf(words: string): Day[] | null {
  const w = words.trim().toLowerCase();
  const set = DAY_SETS[w];
  if (set) return [...set];
  const out = new Set<Day>();
  for (const part of w.split(/\s*(?:,|\band\b|&)\s*/).filter(Boolean)) {
    const range = /^(\w+)\s*(?:-|–|to)\s*(\w+)$/.exec(part);
    const [a, b] = range ? [DAY_WORDS[range[1] ?? ""], DAY_WORDS[range[2] ?? ""]] : [DAY_WORDS[part], DAY_WORDS[part]];
    if (!a || !b) return null;
    for (let i = WEEK.indexOf(a); ; i = (i + 1) % 7) {
      out.add(WEEK[i] ?? "mon");
      if (WEEK[i] === b) break;
    }
  }
  return out.size > 0 ? [...out] : null;
}

/** "Weekdays 8 AM–6 PM", "Weekends all day", "Fri 24 hours from 6 PM" as a stretch of hours; null if not. */
function windowOf(words: string): OnCallHours | null {
  const w = words.trim().replace(/\s+/g, " ");
  const allDay = /^(.+?) (?:all day|24 hours)$/i.exec(w);
  const fromOnly = /^(.+?) 24 hours from (.+)$/i.exec(w);
  const span = /^(.+?) (\d{1,2}(?::\d{2})?\s*(?:[ap]\.?m\.?)?|noon|midnight)\s*(?:-|–|to)\s*(\d{1,2}(?::\d{2})?\s*(?:[ap]\.?m\.?)?|noon|midnight)$/i.exec(w);
  const [dayWords, from, to] = allDay ? [allDay[1], "00:00", "00:00"] : fromOnly ? [fromOnly[1], clockOf(fromOnly[2] ?? ""), clockOf(fromOnly[2] ?? "")] : span ? [span[1], clockOf(span[2] ?? ""), clockOf(span[3] ?? "")] : [];
  const days = dayWords ? daysOf(dayWords) : null;
  return days && from && to ? { days, from, to } : null;
}

/**
 * Hours as the admin types them (what onCallHoursWords writes reads back the same): "Always" or
 * nothing, stretches separated by ";" or new lines, or "outside <a stretch>" ("Nights and weekends
 * (outside weekdays 8 AM–6 PM)"). `undefined`: always on call; null: words it cannot read.
 *
 * @example onCallHoursFrom("Weekdays 8 AM-6 PM") // [{ days: ["mon", "tue", "wed", "thu", "fri"], from: "08:00", to: "18:00" }]
 * @example onCallHoursFrom("whenever") // null
 */
export function onCallHoursFrom(words: string): OnCallHours[] | undefined | null {
  const w = words.trim();
  if (w === "" || /^(always|any ?time|24\/7)$/i.test(w)) return undefined;
  const outside = /^(?:nights and weekends\s*\(\s*)?outside (.+?)\)?$/i.exec(w);
  if (outside) {
    const h = windowOf(outside[1] ?? "");
    return h && h.from !== h.to ? outsideHours(h) : null;
  }
  const windows = w.split(/\s*[;\n]\s*/).filter(Boolean).map(windowOf);
  return windows.every((h): h is OnCallHours => h !== null) ? windows : null;
}

/**
 * Why an emergency pages whom it pages, for the lead's timeline: the people on call now and their
 * hours, or that nobody's hours cover now and the owner is paged. Null when nobody has hours (the
 * list pages in order, as it always has, and needs no reason).
 *
 * @example pagingWhy([{ name: "Sam", hours: [...] }], true, true) // "on call now: Sam, nights and weekends (outside weekdays 8 AM–6 PM)"
 * @example pagingWhy([], true, true) // "nobody is on call now: paging the owner"
 */
export function pagingWhy(onNow: readonly { name: string; hours?: readonly OnCallHours[] | undefined }[], anyHours: boolean, owner: boolean): string | null {
  if (!anyHours) return null;
  if (onNow.length === 0) return owner ? "nobody is on call now: paging the owner" : "nobody is on call now, and there is no owner's phone to page";
  const lower = (s: string) => (/^(Always|Weekdays|Weekends|Every day|Nights|Outside)\b/.test(s) ? s.charAt(0).toLowerCase() + s.slice(1) : s);
  return `on call now: ${onNow.map((p) => `${p.name}, ${lower(onCallHoursWords(p.hours))}`).join("; ")}`;
}
