import type { MessageMedia } from "../vocabulary";

/**
 * The photos (MMS) a caller's text carries, as each carrier's webhook gives them, and how the pages
 * and the owner's texts speak of them. Carriers send a URL per file: we keep the link, never the
 * file. A media field we cannot read is dropped, never the text it came with. Pure.
 */

/** The most files a text keeps: carriers deliver at most 10 per MMS. */
export const MAX_MEDIA = 10;

const MAX_URL_CHARS = 2000;
const CONTENT_TYPE = /^[a-z0-9][a-z0-9!#$&^_.+-]{0,63}\/[a-z0-9][a-z0-9!#$&^_.+-]{0,63}$/i;

/** What a text without words but with a photo reads as. */
export const PHOTO_WORD = "Photo";

/**
 * A file as we keep it, or null: only an https URL without credentials in it (the page links to it,
 * so `javascript:` or a plain-http tracker never gets there); a content type only when it is one.
 *
 * @example keptMedium("https://api.twilio.com/m/ME1", "image/jpeg") // { url: "https://api.twilio.com/m/ME1", contentType: "image/jpeg" }
 * @example keptMedium("http://x.example/a.jpg", "image/jpeg") // null
 */
export function keptMedium(url: unknown, contentType: unknown): MessageMedia | null {
  if (typeof url !== "string" || url.length > MAX_URL_CHARS) return null;
  let parsed: URL;
  try {
    parsed = new URL(url.trim());
  } catch {
    return null;
  }
  if (parsed.protocol !== "https:" || parsed.username !== "" || parsed.password !== "" || parsed.hostname === "") return null;
  const type = typeof contentType === "string" ? contentType.split(";")[0]!.trim().toLowerCase() : "";
  return { url: parsed.href, contentType: CONTENT_TYPE.test(type) ? type : null };
}

/** The files kept of candidates, in order, at most MAX_MEDIA (each checked by keptMedium). */
export function keptMedia(candidates: readonly { url: unknown; contentType?: unknown }[]): MessageMedia[] {
  const kept: MessageMedia[] = [];
  for (const c of candidates) {
    if (kept.length === MAX_MEDIA) break;
    const m = keptMedium(c.url, c.contentType);
    if (m) kept.push(m);
  }
  return kept;
}

/**
 * Twilio's and SignalWire's form fields: `NumMedia`, then `MediaUrl{N}` / `MediaContentType{N}` from 0.
 *
 * @example twilioMedia({ NumMedia: "1", MediaUrl0: "https://api.twilio.com/m/ME1", MediaContentType0: "image/jpeg" }) // [{ url: "https://api.twilio.com/m/ME1", contentType: "image/jpeg" }]
 */
export function twilioMedia(form: Readonly<Record<string, string | undefined>>): MessageMedia[] {
  const count = Number.parseInt(form.NumMedia ?? "0", 10);
  if (!Number.isFinite(count) || count <= 0) return [];
  const slots = Array.from({ length: Math.min(count, MAX_MEDIA) }, (_, i) => ({ url: form[`MediaUrl${i}`], contentType: form[`MediaContentType${i}`] }));
  return keptMedia(slots);
}

/** Telnyx's `data.payload.media`: `[{ url, content_type }]`; anything else is none. */
export function telnyxMedia(media: unknown): MessageMedia[] {
  if (!Array.isArray(media)) return [];
  return keptMedia(media.slice(0, MAX_MEDIA * 2).map((m: unknown) => (isObject(m) ? { url: m.url, contentType: m.content_type } : { url: null })));
}

/**
 * Bandwidth's `message.media`: a list of URLs (no content types). Bandwidth lists the `.smil` file
 * that lays out an MMS beside its photos: not something a person opens, so it is not kept.
 */
export function bandwidthMedia(media: unknown): MessageMedia[] {
  if (!Array.isArray(media)) return [];
  const urls = media.slice(0, MAX_MEDIA * 2).filter((u): u is string => typeof u === "string" && !/\.smil$/i.test(u.split("?")[0]!));
  return keptMedia(urls.map((url) => ({ url })));
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null;

/**
 * What the owner's relay adds for the photos: "[1 photo]", "[2 photos]", or nothing.
 *
 * @example photoCount(2) // "[2 photos]"
 */
export function photoCount(count: number): string {
  if (count <= 0) return "";
  return `[${count} ${count === 1 ? "photo" : "photos"}]`;
}

/**
 * A text's words as the pages show them: a text with no words but a photo reads "Photo", not blank.
 *
 * @example shownBody("", 1) // "Photo"
 * @example shownBody("Hail hit the roof", 2) // "Hail hit the roof"
 */
export function shownBody(body: string, mediaCount: number): string {
  return body.trim() === "" && mediaCount > 0 ? PHOTO_WORD : body;
}

/** A text that is only photos, no words: recorded, but no answer to a question asked in words. */
export function photoOnly(msg: { body: string; media?: readonly MessageMedia[] }): boolean {
  return msg.body.trim() === "" && (msg.media?.length ?? 0) > 0;
}

/**
 * How the conversation page names a file: "Photo 1", with its content type when the carrier said it.
 *
 * @example mediaLabel({ url: "https://x.example/1", contentType: "image/jpeg" }, 0) // "Photo 1 (image/jpeg)"
 */
export function mediaLabel(m: MessageMedia, index: number): string {
  return `${PHOTO_WORD} ${index + 1}${m.contentType ? ` (${m.contentType})` : ""}`;
}

/**
 * The answer to the owner or an on-call person who texted photos and no words to a caller: nothing
 * is sent. Textback keeps a carrier's link to a photo, never the file, and the link may need the
 * carrier's login: it cannot send a photo on. `to`: the caller as the phones show them; null, none known.
 *
 * @example photosNotPassed("(415) 555-0100") // "Textback can't pass photos on: text (415) 555-0100 from your own phone, or add words."
 */
export function photosNotPassed(to: string | null): string {
  return `Textback can't pass photos on: text ${to ?? "the caller"} from your own phone, or add words.`;
}

/**
 * The answer to the owner or an on-call person whose words went to a caller without the photos
 * they texted with them (photosNotPassed says why).
 *
 * @example photosLeftOut("(415) 555-0100", 1) // "Textback: sent to (415) 555-0100, without the photo: Textback can't pass photos on. Send it from your own phone."
 */
export function photosLeftOut(to: string, count: number): string {
  const them = count === 1 ? "the photo" : "the photos";
  return `Textback: sent to ${to}, without ${them}: Textback can't pass photos on. Send ${count === 1 ? "it" : "them"} from your own phone.`;
}

/** What the question "Which caller?" adds when the owner's held words came with photos: the answer sends the words alone. */
export const WORDS_ONLY_NOTE = " Only your words will go: Textback can't pass photos on.";
