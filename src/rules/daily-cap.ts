/**
 * The business's daily text cap reached (setting `dailyTextCap`, rules/outbound-guard.ts): what the
 * owner is told by text, once a day, when the cap first stops a text, and what the dashboard says
 * while texts stopped by it are in the last 24 hours. Both say what still goes and what to do. Pure.
 */
import { clockTime, type DisplayLocale } from "./display";
import { RUNAWAY_CAP_MULTIPLE } from "./outbound-guard";

/** The setting's name on the Settings page (admin/pages/business-form-values.ts labels it so). */
export const DAILY_TEXT_CAP_LABEL = "Most texts of any kind in 24 hours";

const texts = (n: number) => `${n.toLocaleString("en-US")} ${n === 1 ? "text" : "texts"}`;

/**
 * The id of the owner's cap alert on the business's local day `date`: one a day, however many
 * texts the cap stops and however many outbox batches see it.
 *
 * @example capAlertId("b_1", "2026-12-07") // "m_alert_b_1_daily_text_cap_2026-12-07"
 */
export function capAlertId(businessId: string, date: string): string {
  return `m_alert_${businessId}_daily_text_cap_${date}`;
}

export interface CapAlertInput {
  business: string;
  cap: number;
  /** When the cap first stopped a text today. */
  at: number;
  timeZone: string;
  locale: DisplayLocale;
  /** The business's Settings page on the admin, when the public address is known. */
  settingsUrl: string | null;
}

/**
 * The owner's text: what happened, what still goes, and how to send more.
 *
 * @example capAlertText({ business: "Summit Roofing", cap: 195, at, timeZone: "America/Chicago", locale: "en-US", settingsUrl: null })
 * // "Textback alert: Summit Roofing reached its daily cap of 195 texts at 2:57 PM. Texts to callers (text-backs, questions, answers) are not being sent; pages and texts to you still go. To send more, raise \"Most texts of any kind in 24 hours\" in Settings."
 */
export function capAlertText(a: CapAlertInput): string {
  const when = clockTime(a.at, a.timeZone, a.locale);
  const where = a.settingsUrl ? ` in Settings: ${a.settingsUrl}` : " in Settings.";
  return (
    `Textback alert: ${a.business} reached its daily cap of ${texts(a.cap)} at ${when}. ` +
    "Texts to callers (text-backs, questions, answers) are not being sent; pages and texts to you still go. " +
    `To send more, raise "${DAILY_TEXT_CAP_LABEL}"${where}`
  );
}

/** What the dashboard knows of the cap over the last 24 hours (admin/daily-cap.ts reads it). */
export interface CapState {
  /** The business's `dailyTextCap` now. */
  cap: number;
  /** Texts of every kind the carrier took in the last 24 hours (what the cap counts). */
  sentLastDay: number;
  /** Texts the cap stopped in the last 24 hours (`business_daily_cap`, `business_runaway_cap`). */
  stopped: number;
  /** When the first of them was stopped. */
  firstAt: number | null;
  /** Of them, stopped past the runaway bound (texts to the business's own people too). */
  runaway: number;
}

export interface CapNotice {
  /** `bad` while the cap still stops texts, `warn` once it lets them go again. */
  tone: "bad" | "warn";
  title: string;
  words: string;
}

/**
 * The dashboard's notice, or null when the cap stopped nothing in the last 24 hours.
 *
 * @example capNotice({ cap: 195, sentLastDay: 195, stopped: 12, firstAt, runaway: 0 }, "America/Chicago", "en-US")
 * // { tone: "bad", title: "Daily text cap reached", words: "Since 2:57 PM, 12 texts were not sent: … " }
 */
export function capNotice(s: CapState, timeZone: string, locale: DisplayLocale): CapNotice | null {
  if (s.stopped === 0) return null;
  const since = s.firstAt === null ? "In the last 24 hours" : `Since ${clockTime(s.firstAt, timeZone, locale)}`;
  const stopped = `${since}, ${texts(s.stopped)} ${s.stopped === 1 ? "was" : "were"} not sent because the business reached its daily cap`;
  if (s.sentLastDay < s.cap) {
    const now = `Texts go again now: ${texts(s.sentLastDay)} of the cap of ${s.cap.toLocaleString("en-US")} in the last 24 hours.`;
    return { tone: "warn", title: "Daily text cap reached earlier", words: `${stopped}. ${now}` };
  }
  const still =
    s.runaway > 0
      ? ` Past ${RUNAWAY_CAP_MULTIPLE} times the cap even pages, texts to you and urgent answers stop; only the answers to STOP, START and HELP go.`
      : " Pages, texts to you and your people on call, urgent answers and the answers to STOP, START and HELP still go; text-backs, follow-ups, questions and texts written to callers do not.";
  const what = `${stopped} (${texts(s.cap)} in 24 hours, every kind counted).`;
  return { tone: "bad", title: "Daily text cap reached", words: `${what}${still} To send more, raise "${DAILY_TEXT_CAP_LABEL}" in Settings.` };
}
