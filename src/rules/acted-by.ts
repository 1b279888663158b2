/**
 * Who did a person's act, as people read it and as the audit log records it, from what is stored
 * with the act (vocabulary.ts ActedBy). Pure.
 */
import type { ActedBy } from "../vocabulary";
import { formatPhone } from "./display";

/** Someone logged in with ADMIN_TOKEN, which is no user's: the business's owner, by their key. */
export const OWNER_BY_ADMIN_TOKEN = "the owner (admin token)";

/** How acts with ADMIN_TOKEN were named before: read as the owner's too. */
const OLD_ADMIN_TOKEN_WORDS = "the admin token";

/**
 * The owner's name, when the business has one for them: the on-call list naming the owner's phone
 * (its notify phone). Null otherwise.
 *
 * @example ownerName("+15122345699", [{ phone: "+15122345699", name: "Dana Reyes" }]) // "Dana Reyes"
 */
export function ownerName(notifyPhone: string | null, onCall: readonly { phone: string; name: string }[]): string | null {
  if (!notifyPhone) return null;
  return onCall.find((p) => p.phone === notifyPhone)?.name.trim() || null;
}

/**
 * The one who acted, inside a sentence ("Won $1,250 by Carla", "Note by the owner's phone"). The
 * admin token is the owner: by `owner`'s name when the business has one, else "the owner (admin token)".
 *
 * @example actedByWords({ kind: "user", id: "u_1", name: "Carla" }) // "Carla"
 * @example actedByWords({ kind: "token", id: "t_1", name: "Zapier", userId: "u_1" }) // "the token “Zapier”"
 * @example actedByWords({ kind: "on_call", phone: "+15122345601", name: null }) // "(512) 234-5601"
 * @example actedByWords({ kind: "admin_token" }) // "the owner (admin token)"
 * @example actedByWords({ kind: "admin_token" }, "Dana Reyes") // "Dana Reyes"
 */
export function actedByWords(by: ActedBy, owner: string | null = null): string {
  switch (by.kind) {
    case "user":
      return by.name;
    case "token":
      return `the token “${by.name}”`;
    case "admin_token":
      return owner ?? OWNER_BY_ADMIN_TOKEN;
    case "owner_phone":
      return "the owner's phone";
    case "on_call":
      return by.name ?? formatPhone(by.phone);
    case "crm":
      return "the CRM";
  }
}

/**
 * The same, where it begins a label: the name of whoever wrote a text ("Carla", "The owner's phone").
 *
 * @example actedByLabel({ kind: "crm" }) // "The CRM"
 */
export function actedByLabel(by: ActedBy, owner: string | null = null): string {
  const words = actedByWords(by, owner);
  const named = by.kind === "user" || by.kind === "on_call" || (by.kind === "admin_token" && owner !== null);
  return named ? words : words.charAt(0).toUpperCase() + words.slice(1);
}

/**
 * Who took a page, as stored (`acknowledgedBy`: a phone, "Sam (+1…)", a name), with an act of the
 * admin token stored in its old words read as the owner's.
 *
 * @example storedActorWords("the admin token") // "the owner (admin token)"
 */
export function storedActorWords(stored: string): string {
  return stored === OLD_ADMIN_TOKEN_WORDS ? OWNER_BY_ADMIN_TOKEN : stored;
}

/**
 * The audit log's `actor` for it (also a lead entry's): `admin` for ADMIN_TOKEN, a user's id (a token
 * acts as its user; its own id is the audit's `actorToken`), a phone, or `crm`.
 *
 * @example actorOf({ kind: "token", id: "t_1", name: "Zapier", userId: "u_1" }) // "u_1"
 */
export function actorOf(by: ActedBy): string {
  switch (by.kind) {
    case "user":
      return by.id;
    case "token":
      return by.userId;
    case "admin_token":
      return "admin";
    case "owner_phone":
    case "on_call":
      return by.phone;
    case "crm":
      return "crm";
  }
}

const KINDS: readonly ActedBy["kind"][] = ["user", "token", "admin_token", "owner_phone", "on_call", "crm"];

/**
 * A stored value read back: the ActedBy it is, or null for a row from before it was kept (or
 * anything else), which then reads as it always did.
 *
 * @example storedActedBy(null) // null
 */
export function storedActedBy(value: unknown): ActedBy | null {
  if (typeof value !== "object" || value === null) return null;
  const v = value as Record<string, unknown>;
  if (!KINDS.includes(v.kind as ActedBy["kind"])) return null;
  const text = (k: string) => typeof v[k] === "string" && v[k] !== "";
  const ok: Record<ActedBy["kind"], boolean> = {
    user: text("id") && text("name"),
    token: text("id") && text("name") && text("userId"),
    admin_token: true,
    owner_phone: text("phone"),
    on_call: text("phone"),
    crm: true,
  };
  return ok[v.kind as ActedBy["kind"]] ? (value as ActedBy) : null;
}
