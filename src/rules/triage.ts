/**
 * Urgent triage (DESIGN.md §6.3): whether a caller's words are an emergency or a danger, who is
 * paged when, and how an on-call person takes it. Pure: no I/O.
 */
import type { UrgentSettings } from "../lead-settings";
import { formatPhone } from "./display";
import { truncateToSegments } from "./encoding";
import { RELAY_MAX_SEGMENTS } from "./outbound-guard";
import { classifyUrgency, findPhrases } from "./extract/urgency";
import { callerLabel } from "./owner-commands";

export interface Triage {
  /** Safety words said (gas, smoke, fire…): the safety message goes first. */
  safety: string[];
  /** Urgent words said, not negated. */
  urgent: string[];
}

/**
 * What a reply says about urgency. Null when it is neither urgent nor a danger.
 *
 * @example triage("Pipe burst, basement flooding", { words: ["burst pipe", "flooding"], safetyWords: ["gas"] } as UrgentSettings)
 * // { safety: [], urgent: ["flooding"] }
 */
export function triage(reply: string, settings: Pick<UrgentSettings, "words" | "safetyWords">): Triage | null {
  const safety = findPhrases(reply, settings.safetyWords);
  const { matched } = classifyUrgency(reply, settings.words);
  return safety.length > 0 || matched.length > 0 ? { safety, urgent: matched } : null;
}

/**
 * What an urgent or dangerous reply does (DESIGN.md §6.3). A lead not urgent yet: `page` (the
 * caller is told help is coming, a danger's safety message first, and the on-call is paged). A lead
 * already urgent was paged already: a danger the caller was not warned of in this emergency gets the
 * safety message alone (`warn`); anything else, nothing more. A business that does not triage
 * (`paging` false) still warns of a danger: "call 911" is never a setting away.
 *
 * @example urgentResponse({ safety: ["smell gas"], urgent: [] }, { urgent: true, warned: false }) // "warn"
 */
export function urgentResponse(found: Triage, lead: { urgent: boolean; warned: boolean }, paging = true): "page" | "warn" | null {
  if (!lead.urgent && paging) return "page";
  return found.safety.length > 0 && !lead.warned ? "warn" : null;
}

/** Who is paged, in order, and when: the on-call list one after another, then the owner. Each at most once. */
export function pageSchedule(
  settings: Pick<UrgentSettings, "onCall" | "escalateAfterMinutes">,
  ownerPhone: string | null,
  now: number,
): { phone: string; name: string | null; at: number }[] {
  const people: { phone: string; name: string | null }[] = [...settings.onCall];
  if (ownerPhone && !people.some((p) => p.phone === ownerPhone)) people.push({ phone: ownerPhone, name: null });
  const step = settings.escalateAfterMinutes * 60_000;
  return people.map((p, i) => ({ ...p, at: now + i * step }));
}

/** How every page ends: how to take it. */
export const PAGE_ASK = "Reply OK to take it.";

/** The page: who, in their words, where, and how to take it. */
export function pageText(caller: { phone: string; name: string | null; address: string | null }, words: string): string {
  return `URGENT ${caller.name ?? caller.phone}: "${quote(words)}"${caller.address ? ` ${caller.address}` : ""}. ${PAGE_ASK}`;
}

/**
 * What a page held for escalation adds once the caller names a danger (DESIGN.md §6.3): their
 * words, or (`privateTexts`: no caller's words on the business's phones) the danger as such.
 *
 * @example pageDangerWords("I smell gas now", false) // 'DANGER: "I smell gas now". They got the safety message.'
 */
export function pageDangerWords(words: string, privateTexts: boolean): string {
  return privateTexts ? "DANGER: they named a danger and got the safety message." : `DANGER: "${quote(words)}". They got the safety message.`;
}

/**
 * A held page with the danger named since (pageDangerWords) before how to take it: the caller's
 * first words stay, cut if the page's segment cap needs room. Unchanged when it already says it.
 *
 * @example pageWithDanger('URGENT Maria: "Basement is flooding". Reply OK to take it.', 'DANGER: "gas". They got the safety message.')
 * // 'URGENT Maria: "Basement is flooding". DANGER: "gas". They got the safety message. Reply OK to take it.'
 */
export function pageWithDanger(page: string, danger: string): string {
  if (page.includes(danger)) return page;
  const ask = ` ${PAGE_ASK}`;
  const head = page.endsWith(ask) ? page.slice(0, -ask.length) : page;
  return truncateToSegments(head, RELAY_MAX_SEGMENTS, ` ${danger}${ask}`);
}

const quote = (words: string) => (words.length > 160 ? `${words.slice(0, 157)}...` : words);

/** The pages sent about one caller's emergency: who got one (oldest first), and who took it, if anyone. */
export interface CallerPages {
  paged: string[];
  /** `by`: the phone whose OK took it; null, a person on the admin page. */
  taken: { by: string | null } | null;
}

/**
 * Who hears of a danger the caller names once their emergency is paged: whoever took the page (by
 * an OK from their phone; taken on the admin page: the owner), else everyone paged so far, else
 * the owner. Never a phone that texted STOP: with nobody else left, the owner is told.
 *
 * @example dangerAlertTo({ paged: [sam, alex], taken: { by: sam } }, owner, []) // [sam]
 * @example dangerAlertTo({ paged: [sam], taken: null }, owner, [sam]) // [owner]
 */
export function dangerAlertTo(pages: CallerPages, owner: string | null, paused: readonly string[]): string[] {
  const reachable = (phone: string | null): phone is string => phone !== null && !paused.includes(phone);
  const holders = [...new Set((pages.taken ? [pages.taken.by] : pages.paged).filter(reachable))];
  if (holders.length > 0) return holders;
  return reachable(owner) ? [owner] : [];
}

/**
 * The alert of a new danger: who, in their words, and that the caller was told to get safe.
 *
 * @example dangerText({ phone: "+14155550100", name: null }, "I smell gas now")
 * // 'DANGER (415) 555-0100: "I smell gas now". They got the safety message.'
 */
export function dangerText(caller: { phone: string; name: string | null }, words: string): string {
  return `DANGER ${callerLabel(formatPhone(caller.phone), caller.name)}: "${quote(words)}". They got the safety message.`;
}

/**
 * Whether an on-call person's text takes the page.
 *
 * @example isAcknowledgement("ok!") // true
 * @example isAcknowledgement("OK but I'm 40 minutes out") // false
 */
export function isAcknowledgement(body: string): boolean {
  return /^\s*(?:ok|okay|k|1|yes|y|yep|on it)\s*[.!]*\s*$/i.test(body);
}

/**
 * Whether a text from one of the business's people takes every page still open for their phone.
 *
 * @example isTakeAll("OK all") // true
 * @example isTakeAll("okall!") // true
 * @example isTakeAll("OK all of them are fixed") // false
 */
export function isTakeAll(body: string): boolean {
  return /^\s*(?:ok|okay)\s*,?\s*all\s*[.!]*\s*$/i.test(body);
}
