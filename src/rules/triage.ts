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
import { photoCount } from "./media";

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

/** Who is paged, in order, and when: the on-call list one after another, then the owner. Each at most once. `onCall`: those on call now (rules/on-call.ts onCallAt). */
export function pageSchedule(
  settings: Pick<UrgentSettings, "onCall" | "escalateAfterMinutes">,
  ownerPhone: string | null,
  now: number,
): { phone: string; name: string | null; at: number }[] {
  const people: { phone: string; name: string | null }[] = settings.onCall.map((p) => ({ phone: p.phone, name: p.name }));
  if (ownerPhone && !people.some((p) => p.phone === ownerPhone)) people.push({ phone: ownerPhone, name: null });
  const step = settings.escalateAfterMinutes * 60_000;
  return people.map((p, i) => ({ ...p, at: now + i * step }));
}

/** How every page ends: how to take it. */
export const PAGE_ASK = "Reply OK to take it.";

/** What a page says beside the caller's words: the danger they named (its safety words), and who was paged before and did not take it. */
export interface PageNotes {
  /** The safety words the caller said: the page says it is a danger, and that they got the safety message. */
  danger?: readonly string[];
  /** An escalation: whom the page went to before (their name, else their number). */
  before?: string | null;
  /** The photos the caller's text carried, and the conversation where they are: the page counts them ("[2 photos]") beside the link. */
  photos?: PhotosSeen;
}

/** A caller's photos as a text to the business's phones points to them: how many, and the conversation that shows them. */
export interface PhotosSeen {
  count: number;
  link: string;
}

/**
 * " [2 photos] <link>" after a caller's words, "" without photos: the page and the alert are texts,
 * the photos are on the conversation.
 *
 * @example photosWords({ count: 2, link: "https://tb.example.com/c" }) // " [2 photos] https://tb.example.com/c"
 */
export function photosWords(photos: PhotosSeen | undefined): string {
  return photos && photos.count > 0 ? ` ${photoCount(photos.count)} ${photos.link}` : "";
}

/**
 * The page: who (name and number, so whoever reads it can call back), in their words, where (unless
 * their words say it already), what they need (their answer to what the job is, unless these words
 * say it: "asap" or "it's leaking" alone tells a technician nothing of the job), a danger and who
 * did not take it before, and how to take it; within the page's segment cap, which cuts their words
 * before the count of their photos and the link to them.
 *
 * @example pageText({ phone: "(612) 234-7003", name: "Margaret Olson", address: "4521 Bryant Ave N", need: null }, "No heat", { before: "Sam" })
 * // 'URGENT Margaret Olson (612) 234-7003: "No heat" 4521 Bryant Ave N. Escalated: Sam didn't take it. Reply OK to take it.'
 * @example pageText({ phone: "(469) 230-8710", name: null, address: null, need: "Hail damage on the roof" }, "water is pouring in now")
 * // 'URGENT (469) 230-8710: "water is pouring in now". Need: Hail damage on the roof. Reply OK to take it.'
 */
export function pageText(caller: { phone: string; name: string | null; address: string | null; need?: string | null }, words: string, notes: PageNotes = {}): string {
  const quoted = quote(words);
  const where = caller.address && !saysAlready(quoted, caller.address) ? ` ${caller.address}` : "";
  const need = caller.need && !saysAlready(quoted, caller.need) ? needWords(caller.need) : "";
  const who = caller.name ? `${caller.name} ${caller.phone}` : caller.phone;
  const head = `${pageHead(notes)} ${who}: "${quoted}"${where}.${need}`;
  return truncateToSegments(head, RELAY_MAX_SEGMENTS, pageTail(notes, true));
}

/** Most of the caller's answer about the job a page quotes beside their words: the page's 3 segments hold both. */
const NEED_MAX = 100;

/** " Need: <the job>." as a page says it; "" for an empty answer. */
function needWords(need: string): string {
  const job = quote(need.trim().replace(/[\s.!?]+$/, ""), NEED_MAX);
  return job === "" ? "" : ` Need: ${job}${job.endsWith("...") ? "" : "."}`;
}

/** How a page begins: "URGENT", a danger's "URGENT, DANGER (gas)"; `words` false (privateTexts): without the caller's words. */
export function pageHead(notes: PageNotes, words = true): string {
  if (!notes.danger?.length) return "URGENT";
  return words ? `URGENT, DANGER (${notes.danger.join(", ")})` : "URGENT, DANGER";
}

/**
 * What a page says after the caller: their photos (`words` false, privateTexts: counted in the
 * notice itself, whose link is the conversation), a danger's safety message given, whom it escalates
 * from, how to take it.
 */
export function pageTail(notes: PageNotes, words = true): string {
  const danger = notes.danger?.length ? (words ? " They got the safety message." : " They named a danger and got the safety message.") : "";
  return `${words ? photosWords(notes.photos) : ""}${danger}${notes.before ? ` ${ESCALATED}${notes.before} didn't take it.` : ""} ${PAGE_ASK}`;
}

/** How an escalation says who did not take it: fixed words, so a danger added later goes before them. */
const ESCALATED = "Escalated: ";

/** Whether the caller's words already say `what` (an address, the job): compared without case, punctuation or spacing. */
function saysAlready(words: string, what: string): boolean {
  const plain = (text: string) => ` ${text.toLowerCase().replace(/[^\p{L}\p{N}]+/gu, " ").trim()} `;
  return plain(what).trim() !== "" && plain(words).includes(plain(what));
}

/**
 * What a page held for escalation adds once the caller names a danger (DESIGN.md §6.3): their
 * words and the photos their text carried, or (`privateTexts`: no caller's words on the business's
 * phones) the danger as such and the count of photos.
 *
 * @example pageDangerWords("I smell gas now", false) // 'DANGER: "I smell gas now". They got the safety message.'
 * @example pageDangerWords("Sparks", false, { count: 1, link: "https://tb.example.com/c" }) // 'DANGER: "Sparks". They got the safety message. [1 photo] https://tb.example.com/c'
 */
export function pageDangerWords(words: string, privateTexts: boolean, photos?: PhotosSeen): string {
  if (privateTexts) return `DANGER: they named a danger and got the safety message${photos && photos.count > 0 ? ` ${photoCount(photos.count)}` : ""}.`;
  return `DANGER: "${quote(words)}". They got the safety message.${photosWords(photos)}`;
}

/**
 * A held page with the danger named since (pageDangerWords) before who did not take it (an
 * escalation) and how to take it: the caller's first words stay, cut if the page's segment cap
 * needs room. Unchanged when it already says it.
 *
 * @example pageWithDanger('URGENT Maria: "Basement is flooding". Reply OK to take it.', 'DANGER: "gas". They got the safety message.')
 * // 'URGENT Maria: "Basement is flooding". DANGER: "gas". They got the safety message. Reply OK to take it.'
 */
export function pageWithDanger(page: string, danger: string): string {
  if (page.includes(danger)) return page;
  const ask = ` ${PAGE_ASK}`;
  const body = page.endsWith(ask) ? page.slice(0, -ask.length) : page;
  // An escalation's "Escalated: Sam didn't take it." stays with the ask, after the danger.
  const at = body.lastIndexOf(` ${ESCALATED}`);
  const [words, escalated] = at >= 0 && body.endsWith(" didn't take it.") ? [body.slice(0, at), body.slice(at)] : [body, ""];
  // The photos' link stays whole before the danger: only the caller's words are cut.
  const photos = PHOTOS_AT_END.exec(words)?.[0] ?? "";
  const head = words.slice(0, words.length - photos.length);
  return truncateToSegments(head, RELAY_MAX_SEGMENTS, `${photos} ${danger}${escalated}${ask}`);
}

/** Where a page's caller part ends: what pageText and pageWithDanger put after it. */
const PAGE_TAIL_MARKS = [" Need: ", " DANGER: ", " They got the safety message.", ` ${ESCALATED}`, ` ${PAGE_ASK}`];
/** The photos a page counts, and their link (photosWords): where they are in it, and when they end what comes before a danger. */
const PHOTOS_MARK = / \[\d+ photos?\] https:\/\/\S+/;
const PHOTOS_AT_END = new RegExp(`${PHOTOS_MARK.source}$`);

/**
 * A held page with the address the caller gave since it was written, after their words, as pageText
 * puts one (DESIGN.md §6.3): whoever is paged next knows where to go. Unchanged when the page says it
 * already, or is not one pageText wrote (a private page names no address).
 *
 * @example pageWithAddress('URGENT (612) 234-7003: "No heat". Escalated: Sam didn't take it. Reply OK to take it.', "4521 Bryant Ave N")
 * // 'URGENT (612) 234-7003: "No heat" 4521 Bryant Ave N. Escalated: Sam didn't take it. Reply OK to take it.'
 */
export function pageWithAddress(page: string, address: string): string {
  const where = address.replace(/\s+/g, " ").trim();
  if (where === "" || saysAlready(page, where)) return page;
  const at = Math.min(...[...PAGE_TAIL_MARKS.map((m) => page.indexOf(m)), page.search(PHOTOS_MARK)].filter((i) => i >= 0));
  if (!Number.isFinite(at)) return page;
  const head = page.slice(0, at);
  if (!head.startsWith("URGENT") || !head.endsWith('".')) return page;
  return truncateToSegments(`${head.slice(0, -1)} ${where}.`, RELAY_MAX_SEGMENTS, page.slice(at));
}

const quote = (words: string, max = 160) => (words.length > max ? `${words.slice(0, max - 3)}...` : words);

/** The pages sent about one caller's emergency: who got one (oldest first), and who took it, if anyone. */
export interface CallerPages {
  paged: string[];
  /** `by`: the phone whose OK took it, or the on-call phone of whoever took it on the admin page; null, a person there with none on the list. */
  taken: { by: string | null } | null;
}

/**
 * Who hears of a danger the caller names once their emergency is paged: whoever took the page (by
 * an OK from their phone, or on the admin page as someone on call; taken there by anyone else: the
 * owner), else everyone paged so far, else the owner. Never a phone that texted STOP: with nobody else left, the owner is told.
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
 * The alert of a new danger: who, in their words, that the caller was told to get safe, and the
 * photos their text carried.
 *
 * @example dangerText({ phone: "+14155550100", name: null }, "I smell gas now")
 * // 'DANGER (415) 555-0100: "I smell gas now". They got the safety message.'
 * @example dangerText({ phone: "+14155550100", name: null }, "Smoke from the panel", { count: 1, link: "https://tb.example.com/c" })
 * // 'DANGER (415) 555-0100: "Smoke from the panel". They got the safety message. [1 photo] https://tb.example.com/c'
 */
export function dangerText(caller: { phone: string; name: string | null }, words: string, photos?: PhotosSeen): string {
  return `DANGER ${callerLabel(formatPhone(caller.phone), caller.name)}: "${quote(words)}". They got the safety message.${photosWords(photos)}`;
}

/** Words that say "got it" (one of them, or "on it" / "got it", must be there), and the thanks that may come with them. */
const ACK_CORE = /^(?:ok|okay|k|kk|1|yes|y|yep|yup|yeah|roger|copy|omw)$/;
const ACK_EXTRA: ReadonlySet<string> = new Set(["on", "it", "got", "thanks", "thx", "ty", "thank", "you", "u", "sure", "will", "do"]);

/**
 * Whether an on-call person's text takes the page: an OK, alone or with thanks ("Ok thanks", "k
 * thx", "ok got it", "on it"). Anything more is words for the caller.
 *
 * @example isAcknowledgement("ok!") // true
 * @example isAcknowledgement("Ok thanks") // true
 * @example isAcknowledgement("OK but I'm 40 minutes out") // false
 */
export function isAcknowledgement(body: string): boolean {
  const words = body.toLowerCase().replace(/[.,!]+/g, " ").trim().split(/\s+/);
  if (words.length === 0 || words.length > 4) return false;
  const said = words.join(" ");
  const core = words.some((w) => ACK_CORE.test(w)) || /\b(?:on|got) it\b/.test(said);
  return core && words.every((w) => ACK_CORE.test(w) || ACK_EXTRA.has(w));
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
