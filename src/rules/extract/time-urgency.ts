/**
 * What a time the caller gives says of how urgent their job is, for the answer to "how urgent is
 * it: an emergency, this week, or no rush?" (DESIGN.md §6.2): "today" or "asap" is `urgent`,
 * "tomorrow morning", "wed" or "this weekend" is `this week`, "any time" is `not urgent`; a clock
 * time alone ("after 5pm") or "next week" says no level. Pure: no I/O.
 */
import { timesSaid } from "./time-phrase";

/** The levels a time can say, least urgent first. */
const LEVELS = ["not urgent", "this week", "urgent"] as const;
export type TimeUrgency = (typeof LEVELS)[number];

/** A time phrase (timesSaid's form) and the level it says, or none. */
const READINGS: readonly [RegExp, TimeUrgency][] = [
  [/^(?:asap|as soon as possible|right away|today|tonight|this (?:morning|afternoon|evening))\b/, "urgent"],
  [/^(?:tomorrow|tmrw|tmr|(?:this )?(?:mon|tue|wed|thu|fri|sat|sun)[a-z]*|this week(?:end)?|over the weekend)\b/, "this week"],
  [/^(?:any ?time|whenever)\b/, "not urgent"],
];

/** Phrases that say how soon but no time to come: "asap", "any time". */
const VAGUE = /^(?:asap|as soon as possible|right away|any ?time|whenever(?: you can)?)$/;

const levelOf = (phrase: string): TimeUrgency | null => READINGS.find(([pattern]) => pattern.test(phrase))?.[1] ?? null;

/**
 * The most urgent level the reply's times say, and the first of them that is a time to come (not
 * "asap" or "any time"); null when it gives no time.
 *
 * @example timeUrgency("tomorrow morning if possible") // { level: "this week", time: "tomorrow morning" }
 * @example timeUrgency("any time wed") // { level: "this week", time: "wed" }
 * @example timeUrgency("after 5pm") // { level: null, time: "after 5pm" }
 * @example timeUrgency("no idea") // null
 */
export function timeUrgency(typed: string): { level: TimeUrgency | null; time: string | null } | null {
  const times = timesSaid(typed);
  if (times.length === 0) return null;
  const levels = times.map(levelOf).filter((l): l is TimeUrgency => l !== null);
  const level = levels.length > 0 ? LEVELS[Math.max(...levels.map((l) => LEVELS.indexOf(l)))]! : null;
  return { level, time: times.find((t) => !VAGUE.test(t)) ?? null };
}
