/**
 * When a follow-up text may go out, in the recipient's local time (compliance.md §3). Pure, no I/O.
 *
 * Only follow-ups (and anything promotional) go through this. The immediate reply to a missed call
 * is consumer-initiated and informational, so it is never delayed (§3.3 (1)).
 */
import { zonesForNumber } from "./npa-zones";

/** One local day's sending hours, "HH:MM" on a 24-hour clock; open at `open`, closed from `close` on. */
export interface DayWindow {
  readonly open: string;
  readonly close: string;
}

/** Sending hours for each local weekday; null means no sending that day. */
export interface WeeklyWindow {
  readonly sun: DayWindow | null;
  readonly mon: DayWindow | null;
  readonly tue: DayWindow | null;
  readonly wed: DayWindow | null;
  readonly thu: DayWindow | null;
  readonly fri: DayWindow | null;
  readonly sat: DayWindow | null;
}

/**
 * compliance.md §3.3 (2)'s safe default: the latest start and earliest end among the common state
 * rules for solicitations (§3.2): 09:00 from CT, NV, MI, MN, NM and TX; 20:00 from FL, OK, MD, WA,
 * NJ, MA, CT and NV; noon on Sundays from TX. Federal law is looser (08:00-21:00, §3.1).
 *
 * It is not the strictest rule anywhere. §3.2 lists Kentucky (10:00 start), Rhode Island (09:00-18:00
 * weekdays, 10:00-17:00 Saturday, no Sunday) and Alabama, Louisiana and Mississippi (no Sunday), and
 * Canada's CRTC telemarketing hours are 10:00-18:00 at weekends (§3.4). Those rows come from
 * secondary tables that §3.2 says to check against the statutes first, the CRTC hours are written for
 * voice calls, and a time zone cannot tell Kentucky from Ohio; a caller that decides to apply one
 * passes a stricter WeeklyWindow.
 */
export const QUIET_HOURS_WINDOW: WeeklyWindow = {
  sun: { open: "12:00", close: "20:00" },
  mon: { open: "09:00", close: "20:00" },
  tue: { open: "09:00", close: "20:00" },
  wed: { open: "09:00", close: "20:00" },
  thu: { open: "09:00", close: "20:00" },
  fri: { open: "09:00", close: "20:00" },
  sat: { open: "09:00", close: "20:00" },
};

/** Date#getUTCDay order, so a civil date's weekday indexes straight into a WeeklyWindow. */
const WEEKDAYS = ["sun", "mon", "tue", "wed", "thu", "fri", "sat"] as const;

const DAY_MS = 86_400_000;
/** How far ahead nextAllowedSendTime looks: a week plus a day, so every weekday comes round once. */
const HORIZON_MS = 8 * DAY_MS;

/** Minutes after midnight for "HH:MM". */
function minutesOf(hhmm: string): number {
  const [h = "0", m = "0"] = hhmm.split(":");
  return Number(h) * 60 + Number(m);
}

/** A wall-clock reading: the civil date as the UTC-midnight timestamp of that date, plus seconds into it. */
interface WallTime {
  dayMs: number;
  second: number;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

/** The wall-clock date and time at `at` in `zone`; throws RangeError for an unknown zone. */
function wallTime(at: number, zone: string): WallTime {
  let f = formatters.get(zone);
  if (!f) {
    f = new Intl.DateTimeFormat("en-US", {
      timeZone: zone,
      hourCycle: "h23",
      year: "numeric",
      month: "numeric",
      day: "numeric",
      hour: "numeric",
      minute: "numeric",
      second: "numeric",
    });
    formatters.set(zone, f);
  }
  const n: Record<string, number> = {};
  for (const p of f.formatToParts(at)) if (p.type !== "literal") n[p.type] = Number(p.value);
  const { year = 1970, month = 1, day = 1, hour = 0, minute = 0, second = 0 } = n;
  // % 24: some ICU builds still print midnight as "24" even with h23
  return { dayMs: Date.UTC(year, month - 1, day), second: (hour % 24) * 3600 + minute * 60 + second };
}

/** The instant at which `zone`'s clocks read `minutes` after midnight on the civil date `dayMs`. */
function instantOf(dayMs: number, minutes: number, zone: string): number {
  const asIfUtc = dayMs + minutes * 60_000;
  const offsetAt = (t: number) => {
    const w = wallTime(t, zone);
    return w.dayMs + w.second * 1000 - Math.floor(t / 1000) * 1000;
  };
  // The first guess uses the offset 'asIfUtc' itself has, which is wrong when a DST change falls
  // between the two; the second uses the offset at the first guess, which is right on either side.
  const first = asIfUtc - offsetAt(asIfUtc);
  return asIfUtc - offsetAt(first);
}

function isOpenIn(at: number, zone: string, window: WeeklyWindow): boolean {
  const { dayMs, second } = wallTime(at, zone);
  const day = window[WEEKDAYS[new Date(dayMs).getUTCDay()] ?? "sun"];
  return day !== null && second >= minutesOf(day.open) * 60 && second < minutesOf(day.close) * 60;
}

function requireZones(zones: readonly string[]): void {
  // "Open in every zone" is vacuously true for none, which would send at any hour: refuse instead.
  if (zones.length === 0) throw new RangeError("quiet hours need at least one time zone");
}

/**
 * Whether a follow-up may be sent at `at`: true only if the window is open in every zone, since an
 * area code that spans zones does not say which one the recipient is in (§3.3 (3)). The window is
 * QUIET_HOURS_WINDOW unless given: Mon-Sat 09:00-20:00 and Sun 12:00-20:00 local time, closing
 * on the minute (20:00:00 is closed).
 *
 * @example isInsideQuietHoursWindow(Date.parse("2026-07-14T13:00:00Z"), ["America/New_York"]) // true: Tue 09:00 EDT
 * @example
 * // false: 09:30 in Boise but 08:30 in Los Angeles
 * isInsideQuietHoursWindow(Date.parse("2026-07-14T15:30:00Z"), ["America/Boise", "America/Los_Angeles"])
 * @throws RangeError if `zones` is empty or names an unknown zone
 */
export function isInsideQuietHoursWindow(
  at: number,
  zones: readonly string[],
  window: WeeklyWindow = QUIET_HOURS_WINDOW,
): boolean {
  requireZones(zones);
  return zones.every((zone) => isOpenIn(at, zone, window));
}

/**
 * The earliest instant at or after `at` when the window is open in every zone: `at` itself if it is
 * open now, else the moment the last zone opens. Null if there is none within 8 days, which happens
 * only for zones whose windows never overlap (e.g. New York and Shanghai) or a window with no hours.
 *
 * Checks only the instants where some zone's window opens, not every minute: the combined window can
 * only go from closed to open when one zone's does, and a zone's window opens only at its opening
 * time, because daylight-saving changes happen in the small hours, well outside any window.
 * Opening instants are worked out per local date, so a DST day still opens at 09:00 on the clock.
 *
 * @example
 * // Tue 21:30 EDT → Wed 09:00 EDT, i.e. Date.parse("2026-07-15T13:00:00Z")
 * nextAllowedSendTime(Date.parse("2026-07-15T01:30:00Z"), ["America/New_York"])
 * @example
 * // Sat 20:30 EDT → Sun 12:00 EDT, i.e. Date.parse("2026-07-19T16:00:00Z")
 * nextAllowedSendTime(Date.parse("2026-07-19T00:30:00Z"), ["America/New_York"])
 * @example nextAllowedSendTime(Date.now(), ["America/New_York", "Asia/Shanghai"]) // null
 * @throws RangeError if `zones` is empty or names an unknown zone
 */
export function nextAllowedSendTime(
  at: number,
  zones: readonly string[],
  window: WeeklyWindow = QUIET_HOURS_WINDOW,
): number | null {
  if (isInsideQuietHoursWindow(at, zones, window)) return at;
  const horizon = at + HORIZON_MS;
  const candidates = new Set<number>();
  for (const zone of zones) {
    const today = wallTime(at, zone).dayMs;
    // Local today and the 8 days after it: day 8's opening can still fall within the horizon.
    for (let k = 0; k <= 8; k++) {
      const dayMs = today + k * DAY_MS;
      const day = window[WEEKDAYS[new Date(dayMs).getUTCDay()] ?? "sun"];
      if (!day) continue;
      const t = instantOf(dayMs, minutesOf(day.open), zone);
      if (t > at && t <= horizon) candidates.add(t);
    }
  }
  for (const t of [...candidates].sort((a, b) => a - b)) {
    if (isInsideQuietHoursWindow(t, zones, window)) return t;
  }
  return null;
}

/**
 * The zones to apply quiet hours in for a caller: those of their area code, or the business's own
 * zone when the area code tells us nothing (toll-free, non-NANP, unassigned), as §3.5 advises.
 *
 * @example recipientZones("+12085551234", "America/New_York") // ["America/Boise", "America/Los_Angeles"]
 * @example recipientZones("+18005551234", "America/Chicago") // ["America/Chicago"]
 */
export function recipientZones(callerE164: string, businessTimeZone: string): readonly string[] {
  return zonesForNumber(callerE164) ?? [businessTimeZone];
}
