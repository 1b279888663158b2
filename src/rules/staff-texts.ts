/**
 * How texts to the business's own phones (the owner's `notifyPhone`, the on-call list) speak of a
 * caller: by a short name beside their number, and, when the business keeps callers' words off
 * those phones (`settings.privateTexts`), with a link to the conversation on the admin page
 * instead of what the caller wrote or answered. The link needs a login to show anything. Pure.
 */
import type { PresetId } from "../presets";
import { shortcutReminder } from "./business-kind";
import { firstNameOf } from "./contacts";
import { countSegments } from "./encoding";
import { pageHead, pageTail, type PageNotes } from "./triage";
import { photoCount } from "./media";

/** Lead-ins of a name typed as an answer ("My name is Maria Garcia"): not part of the name. */
const NAME_LEAD_IN = /^(?:(?:hi|hello|hey)\b[\s,.!]*)?(?:(?:my name is|my name's|name is|name's|this is|it is|it's|i am|i'm|im)\s+)?/i;
const SUFFIXES = new Set(["jr", "sr", "ii", "iii", "iv", "md", "dds", "esq"]);
/** A name of more words than this is a sentence, not a name. */
const MAX_NAME_WORDS = 4;
const MAX_FIRST_NAME = 20;

/**
 * A caller's name as the business's phones show it: the first name and the initial of the last
 * ("Maria G."), enough to tell two callers apart beside their numbers without spelling out who
 * they are on a lock screen. Null when the name is none, or reads like a sentence rather than a name.
 *
 * @example shortName("Maria Garcia") // "Maria G."
 * @example shortName("Garcia, Maria") // "Maria G."
 * @example shortName("My name is Tom Nguyen") // "Tom N."
 * @example shortName("I have severe pain in my tooth") // null
 */
export function shortName(name: string | null | undefined): string | null {
  const text = (name ?? "").replace(/\s+/g, " ").trim().replace(NAME_LEAD_IN, "").replace(/[.!?]+$/, "");
  if (text === "" || /\d/.test(text) || text.split(" ").length > MAX_NAME_WORDS) return null;
  const first = firstNameOf(text)?.replace(/[,.]+$/, "");
  if (!first || !/^\p{L}[\p{L}'-]+$/u.test(first) || first.length > MAX_FIRST_NAME) return null;
  const comma = text.indexOf(",");
  const family = comma >= 0 ? text.slice(0, comma).split(" ") : text.split(" ").slice(text.split(" ").indexOf(first) + 1);
  const last = family.filter((w) => w !== "" && !SUFFIXES.has(w.replace(/\./g, "").toLowerCase())).at(comma >= 0 ? 0 : -1);
  const initial = last ? /\p{L}/u.exec(last)?.[0] : undefined;
  const given = first.charAt(0).toUpperCase() + first.slice(1);
  return initial ? `${given} ${initial.toUpperCase()}.` : given;
}

/** A caller as a text to the business's phones names them, and by their number alone. */
export interface CallerOnPhone {
  /** "Maria G. (512) 555-0100", or the number alone when no name is known. */
  who: string;
  /** "(512) 555-0100". */
  phone: string;
}

/**
 * The caller by short name (shortName) and number.
 *
 * @example callerWho("(512) 555-0100", "Maria G.").who // "Maria G. (512) 555-0100"
 */
export function callerWho(phone: string, name: string | null): CallerOnPhone {
  return { who: name ? `${name} ${phone}` : phone, phone };
}

/**
 * The text `write` makes naming the caller, unless their name alone turns it from GSM-7 into
 * UCS-2 (a name in characters GSM-7 lacks): that would halve what fits in the text's segment
 * budget, so such a text names them by number.
 *
 * @example namingCaller(callerWho("(512) 555-0100", "Жанна К."), (who) => `Textback: ${who} replied: Hi`)
 * // "Textback: (512) 555-0100 replied: Hi"
 */
export function namingCaller(caller: CallerOnPhone, write: (who: string) => string): string {
  const named = write(caller.who);
  if (caller.who === caller.phone) return named;
  const plain = write(caller.phone);
  return countSegments(named).encoding === countSegments(plain).encoding ? named : plain;
}

/**
 * The admin page of the caller's conversation (calls, texts, their lead), on the app's public
 * origin. Without a session it shows the login form, then this page.
 *
 * @example conversationLink("https://tb.example.com", "biz_1", "+15125550100") // "https://tb.example.com/admin/businesses/biz_1/conversations/+15125550100"
 */
export function conversationLink(publicBaseUrl: string, businessId: string, phone: string): string {
  return `${publicBaseUrl.replace(/\/$/, "")}/admin/businesses/${encodeURIComponent(businessId)}/conversations/${phone}`;
}

/**
 * A lead's own page on the admin page (where a person reopens, marks or reads it), on the app's
 * public origin. Without a session it shows the login form, then this page.
 *
 * @example leadLink("https://tb.example.com", "biz_1", "l_in_n1_SM1") // "https://tb.example.com/admin/businesses/biz_1/leads/l_in_n1_SM1"
 */
export function leadLink(publicBaseUrl: string, businessId: string, leadId: string): string {
  return `${publicBaseUrl.replace(/\/$/, "")}/admin/businesses/${encodeURIComponent(businessId)}/leads/${encodeURIComponent(leadId)}`;
}

/** A caller's reply, relayed without its words. `missedAt`: " (missed call 3:05 PM)" or ""; `photos`: "[1 photo]" or "". */
export const replyNotice = (who: string, link: string, missedAt: string, photos = ""): string => `Textback: new reply from ${who}${missedAt}${photos ? ` ${photos}` : ""}. Open: ${link}`;

/** A voicemail's words read, without them. */
export const voicemailNotice = (who: string, link: string): string => `Textback: new voicemail from ${who}. Open: ${link}`;

/** The qualified lead's summary, without the answers. */
export const qualifiedNotice = (who: string, link: string, kind: PresetId | null = null): string =>
  `Textback: new lead qualified: ${who}. Open: ${link}. Reply to text them, ${shortcutReminder(kind, false)}.`;

/** An urgent page (and each escalation: `notes`, as pageText's), without the caller's words or address. */
export const pageNotice = (who: string, link: string, notes: PageNotes = {}): string =>
  `${pageHead(notes, false)}: ${who} needs help now${counted(notes.photos?.count ?? 0)}. Open: ${link}.${pageTail(notes, false)}`;

/** A danger named on a paged emergency, without the caller's words. */
export const dangerNotice = (who: string, link: string, photos = 0): string => `DANGER: ${who} named a danger and got the safety message${counted(photos)}. Open: ${link}`;

/** " [2 photos]" in a notice without the caller's words: the link it gives shows them. */
const counted = (photos: number): string => (photos > 0 ? ` ${photoCount(photos)}` : "");

/** A caller's opt-out, without what they texted to ask for it. */
export const optedOutNotice = (who: string, business: string): string =>
  `Textback: ${who} opted out: no more texts to them from ${business}, from any of its numbers.`;

/** A caller's opt-in after an opt-out, without what they texted. */
export const optedInNotice = (who: string, business: string): string => `Textback: ${who} opted back in: texts to them from ${business} can go out again.`;
