/**
 * Who did a person's act, as people read it and as the audit log records it, from what is stored
 * with the act (vocabulary.ts ActedBy). Pure.
 */
import type { ActedBy } from "../vocabulary";
import { formatPhone } from "./display";

/**
 * The one who acted, inside a sentence ("Won $1,250 by Carla", "Note by the owner's phone").
 *
 * @example actedByWords({ kind: "user", id: "u_1", name: "Carla" }) // "Carla"
 * @example actedByWords({ kind: "token", id: "t_1", name: "Zapier", userId: "u_1" }) // "the token “Zapier”"
 * @example actedByWords({ kind: "on_call", phone: "+15122345601", name: null }) // "(512) 234-5601"
 */
export function actedByWords(by: ActedBy): string {
  switch (by.kind) {
    case "user":
      return by.name;
    case "token":
      return `the token “${by.name}”`;
    case "admin_token":
      return "the admin token";
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
export function actedByLabel(by: ActedBy): string {
  const words = actedByWords(by);
  return by.kind === "user" || by.kind === "on_call" ? words : words.charAt(0).toUpperCase() + words.slice(1);
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
