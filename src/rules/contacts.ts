/**
 * Contacts (DESIGN.md §6.4): what a contact's tags make of a call, the words used for them, and
 * the country a business's national numbers are read in. Pure: no I/O.
 */
import type { CountryCode } from "libphonenumber-js";
import { CONTACT_TAGS, type ContactTag } from "../vocabulary";
import { formatPhone } from "./display";
import { describeNumber } from "./phone";

/** A caller the business knows, as the line reads it. */
export interface CallerContact {
  name: string | null;
  tags: readonly string[];
}

/** Tags are free text, compared without case: at most this long, and at most MAX_TAGS of them. */
export const MAX_TAG_LENGTH = 40;
export const MAX_TAGS = 20;

/**
 * A tag as stored: trimmed, inner blanks collapsed, lowercase ("VIP " and "vip" are one tag). Null
 * when it cannot be one: empty, too long, or holding a separator (`;` `,`) or a control character.
 *
 * @example normalizeTag(" Plumbing  Supplier ") // "plumbing supplier"
 * @example normalizeTag("a;b") // null
 */
export function normalizeTag(raw: string): string | null {
  const tag = raw.trim().replace(/\s+/g, " ").toLowerCase();
  if (tag === "" || tag.length > MAX_TAG_LENGTH || /[;,\p{Cc}]/u.test(tag)) return null;
  return tag;
}

/** Labels people give groups in their address books, for the tag that decides what a call does. */
const GROUP_LABELS: Record<string, ContactTag> = { customers: "customer", vips: "vip" };

/**
 * A tag read from another tool's export: as normalizeTag, and a group's plural label ("Customers",
 * "VIPs", as Google Contacts' labels are usually named) read as the tag it means.
 *
 * @example importedTag("Customers") // "customer"
 * @example importedTag("Plumbing Supplier") // "plumbing supplier"
 */
export function importedTag(raw: string): string | null {
  const tag = normalizeTag(raw);
  return tag === null ? null : (GROUP_LABELS[tag] ?? tag);
}

/** Tags as stored: unique and sorted, so two spellings of one set are one value. */
export function tagSet(tags: Iterable<string>): string[] {
  return [...new Set(tags)].sort();
}

/**
 * What the contact is to the business when a call comes in: the first of CONTACT_TAGS it has
 * (internal, then blocked, then vip, then customer: a VIP who is also a customer is a VIP), or
 * null for a contact whose tags are all the business's own.
 *
 * @example standingOf({ name: "Ann", tags: ["customer", "vip"] }) // "vip"
 */
export function standingOf(contact: CallerContact | null): ContactTag | null {
  if (!contact) return null;
  return CONTACT_TAGS.find((t) => contact.tags.includes(t)) ?? null;
}

/** Honorifics that are not a first name ("Dr. Jane Smith" is greeted as Jane). */
const TITLES = new Set(["mr", "mrs", "ms", "miss", "mx", "dr", "prof", "sir", "madam"]);

/**
 * The name a text greets a contact by: the first word of their name, after a "Last, First" comma
 * and past a title. Null when there is none (the template then renders without it).
 *
 * @example firstNameOf("Maria Lopez") // "Maria"
 * @example firstNameOf("Lopez, Maria") // "Maria"
 * @example firstNameOf("Dr. Jane Smith") // "Jane"
 */
export function firstNameOf(name: string | null | undefined): string | null {
  if (!name) return null;
  const comma = name.indexOf(",");
  const given = comma >= 0 ? name.slice(comma + 1) : name;
  const words = given.trim().split(/\s+/).filter((w) => w !== "");
  const first = words.find((w, i) => !(TITLES.has(w.replace(/\.$/, "").toLowerCase()) && i < words.length - 1));
  return first ?? null;
}

/**
 * The owner's call-back alert for a VIP who got no answer (DESIGN.md §6.4).
 *
 * @example vipAlertBody({ name: "Maria Lopez", tags: ["vip"] }, "+14155552671")
 * // "Textback: VIP Maria Lopez ((415) 555-2671) called and got no answer: call back"
 */
export function vipAlertBody(contact: CallerContact | null, phone: string): string {
  const name = contact?.name?.replace(/\s+/g, " ").trim();
  const shown = formatPhone(phone);
  return name ? `Textback: VIP ${name} (${shown}) called and got no answer: call back` : `Textback: VIP ${shown} called and got no answer: call back`;
}

/**
 * The country a business's contacts are read in when a file gives national numbers ("(415)
 * 555-0100", "07400 123456"): where its own first number is, else its forward-to phone, else the
 * owner's phone, else the first of its allowed countries. A time zone would not do: many span
 * several countries (America/New_York is also Canada's Toronto time), a phone number does not.
 *
 * @example businessCountry(["+442071234567"], { forwardTo: null, notifyPhone: null, allowedCountries: ["US"] }) // "GB"
 */
export function businessCountry(
  numbers: readonly string[],
  business: { forwardTo: string | null; notifyPhone: string | null; allowedCountries: readonly string[] },
): CountryCode {
  for (const phone of [...numbers, business.forwardTo, business.notifyPhone]) {
    const country = phone ? describeNumber(phone)?.country : undefined;
    if (country) return country as CountryCode;
  }
  return (business.allowedCountries[0] ?? "US") as CountryCode;
}
