/**
 * How people see numbers and times in what Textback writes to them (the owner's texts, templates,
 * the admin page). Pure. The business's locale follows its number's country: a NANP business reads
 * "(415) 234-5678" and "3:05 PM", anyone else E.164 and a 24-hour clock.
 */

export type DisplayLocale = "en-US" | "en-GB";

/** A NANP number as "(415) 234-5678"; anything else stays E.164 (the bundle carries no national formats). */
export function formatPhone(e164: string): string {
  const m = /^\+1(\d{3})(\d{3})(\d{4})$/.exec(e164);
  return m ? `(${m[1]}) ${m[2]}-${m[3]}` : e164;
}

/**
 * A person as stored beside what they did ("Sam (+17372345601)", or a bare phone), as people read it.
 *
 * @example personWords("Sam (+17372345601)") // "Sam, (737) 234-5601"
 */
export function personWords(stored: string): string {
  const m = /^(.*\S) \((\+\d{6,15})\)$/.exec(stored);
  return m ? `${m[1]}, ${formatPhone(m[2]!)}` : formatPhone(stored);
}

/** The names a business knows a caller by: the contact it saved, and the name on their lead. */
export interface CallerNames {
  contact?: string | null;
  lead?: string | null;
}

/** A caller as the admin shows them: `name` (null: none known) with `phone` beside it, or `phone` alone. */
export interface ShownCaller {
  name: string | null;
  /** Whose name it is: the business's contact's or their lead's. */
  nameFrom: "contact" | "lead" | null;
  /** The phone as people read it. */
  phone: string;
  /** Both on one line, for a list's option: "Tom Becker · (415) 234-5678", or the phone. */
  oneLine: string;
}

/**
 * Who a caller is wherever the admin shows one: the business's contact's name (the business chose
 * it), else the name on their lead (they gave it, or caller ID did), else none. A blank name is none.
 *
 * @example shownCaller("+14152345678", { contact: "Tom Becker", lead: "Tommy" }).oneLine // "Tom Becker · (415) 234-5678"
 */
export function shownCaller(e164: string, names: CallerNames): ShownCaller {
  const contact = names.contact?.trim() || null;
  const lead = names.lead?.trim() || null;
  const name = contact ?? lead;
  const phone = formatPhone(e164);
  return { name, nameFrom: contact ? "contact" : lead ? "lead" : null, phone, oneLine: name ? `${name} · ${phone}` : phone };
}

/** The locale a business reads: by the country of its number. */
export function localeOf(businessNumber: string): DisplayLocale {
  return businessNumber.startsWith("+1") ? "en-US" : "en-GB";
}

const clocks = new Map<string, Intl.DateTimeFormat>();

/** "3:05 PM" (en-US) or "15:05" (en-GB) in the business's time zone. */
export function clockTime(at: number, timeZone: string, locale: DisplayLocale): string {
  const key = `${locale}|${timeZone}`;
  let f = clocks.get(key);
  if (!f) {
    f = new Intl.DateTimeFormat(locale, { timeZone, hour: "numeric", minute: "2-digit", hourCycle: locale === "en-US" ? "h12" : "h23" });
    clocks.set(key, f);
  }
  return f.format(at);
}

const dates = new Map<string, Intl.DateTimeFormat>();

/** "Dec 7, 2026" (en-US) or "7 Dec 2026" (en-GB) in the business's time zone. */
export function calendarDate(at: number, timeZone: string, locale: DisplayLocale): string {
  const key = `${locale}|${timeZone}`;
  let f = dates.get(key);
  if (!f) {
    f = new Intl.DateTimeFormat(locale, { timeZone, month: "short", day: "numeric", year: "numeric" });
    dates.set(key, f);
  }
  return f.format(at);
}

/**
 * A wall-clock "HH:MM" from the business's hours as its locale writes it: "8 AM", "12:30 PM",
 * "noon" stays "12 PM" (en-US); "8:00", "17:30" (en-GB).
 *
 * @example wallClock("17:30", "en-US") // "5:30 PM"
 */
export function wallClock(hhmm: string, locale: DisplayLocale): string {
  const [h, m] = hhmm.split(":").map(Number) as [number, number];
  if (locale === "en-GB") return `${h}:${String(m).padStart(2, "0")}`;
  const hour = h % 12 === 0 ? 12 : h % 12;
  return `${hour}${m === 0 ? "" : `:${String(m).padStart(2, "0")}`} ${h < 12 || h === 24 ? "AM" : "PM"}`;
}
