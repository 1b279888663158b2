/**
 * A time zone's offset from UTC over a period, as spans of constant offset, so SQL (which knows no
 * time zones) can put timestamps in local days: local day = (at + offset) / 86,400,000. Pure.
 */
import { BoundedMap } from "../bounded-map";
import { localTime } from "./schedule";

/** From `start` (inclusive) the zone is `offsetMs` ahead of UTC, until the next span starts. */
export interface OffsetSpan {
  start: number;
  offsetMs: number;
}

const MINUTE_MS = 60_000;
/** Shorter than any time between two offset changes, so probing at this step misses none. */
const PROBE_MS = 6 * 3_600_000;

/**
 * The zone's offset from UTC at `at`, in ms: a whole number of minutes, which every zone's offset
 * has been since the 1970s.
 *
 * @example utcOffsetMs(Date.UTC(2026, 0, 15), "America/Chicago") // -21_600_000 (UTC-6)
 */
export function utcOffsetMs(at: number, timeZone: string): number {
  const minute = Math.floor(at / MINUTE_MS) * MINUTE_MS;
  const { date, time } = localTime(minute, timeZone);
  const [y, m, d] = date.split("-").map(Number);
  const [hh, mm] = time.split(":").map(Number);
  return Date.UTC(y!, m! - 1, d!, hh!, mm!) - minute;
}

/** Probed spans by zone and window: a zone's past offsets do not change while an isolate lives. */
const probed = new BoundedMap<string, readonly OffsetSpan[]>(100);

/**
 * The spans of constant offset that cover [from, to), in order; the first starts at `from`. Each
 * change is found to the minute (zones change on the minute).
 *
 * @example offsetSpans(Date.UTC(2026, 2, 1), Date.UTC(2026, 3, 1), "America/Chicago")
 * // [{ start: Date.UTC(2026, 2, 1), offsetMs: -21_600_000 }, { start: Date.UTC(2026, 2, 8, 8), offsetMs: -18_000_000 }]
 */
export function offsetSpans(from: number, to: number, timeZone: string): OffsetSpan[] {
  // Probed over the window widened to whole probe steps, which a report asked for again a minute later shares.
  const start = Math.floor(from / PROBE_MS) * PROBE_MS;
  const end = Math.max(start + PROBE_MS, Math.ceil(to / PROBE_MS) * PROBE_MS);
  const key = `${timeZone}|${start}|${end}`;
  let spans = probed.get(key);
  if (!spans) {
    spans = probeSpans(start, end, timeZone);
    probed.set(key, spans);
  }
  const inside = spans.filter((s) => s.start > from && s.start < to);
  const before = spans.filter((s) => s.start <= from);
  return [{ start: from, offsetMs: before[before.length - 1]!.offsetMs }, ...inside];
}

/** Every change in [from, to), probing every PROBE_MS and narrowing each change to its minute. */
function probeSpans(from: number, to: number, timeZone: string): OffsetSpan[] {
  const spans: OffsetSpan[] = [{ start: from, offsetMs: utcOffsetMs(from, timeZone) }];
  for (let probe = from; probe < to; ) {
    const next = Math.min(probe + PROBE_MS, to - 1);
    if (next <= probe) break;
    const offsetMs = utcOffsetMs(next, timeZone);
    if (offsetMs !== spans[spans.length - 1]!.offsetMs) {
      spans.push({ start: firstMinuteWith(offsetMs, probe, next, timeZone), offsetMs });
    }
    probe = next;
  }
  return spans;
}

/** The first whole minute in (after, atOrBefore] at which the zone's offset is `offsetMs`. */
function firstMinuteWith(offsetMs: number, after: number, atOrBefore: number, timeZone: string): number {
  let lo = Math.floor(after / MINUTE_MS) + 1;
  let hi = Math.floor(atOrBefore / MINUTE_MS);
  while (lo < hi) {
    const mid = Math.floor((lo + hi) / 2);
    if (utcOffsetMs(mid * MINUTE_MS, timeZone) === offsetMs) hi = mid;
    else lo = mid + 1;
  }
  return lo * MINUTE_MS;
}

/**
 * The first instant of a local date (YYYY-MM-DD) in the zone: its midnight, or the first minute
 * after it where a clock change skips midnight.
 *
 * @example startOfLocalDay("2026-12-05", "America/Chicago") // Date.UTC(2026, 11, 5, 6)
 */
export function startOfLocalDay(date: string, timeZone: string): number {
  const [y, m, d] = date.split("-").map(Number);
  // Not Date.UTC, which reads the years 0-99 as 1900-1999.
  const wall = new Date(0).setUTCFullYear(y!, m! - 1, d!);
  // The offset at the guess, then at the instant it gives: right on both sides of a change.
  const guess = wall - utcOffsetMs(wall, timeZone);
  return wall - utcOffsetMs(guess, timeZone);
}
