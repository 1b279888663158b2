/**
 * Who takes an urgent page on the admin page, as the business's phones know them (DESIGN.md §6.3):
 * a person on the on-call list gets the caller's texts on the phone listed there, as after an OK
 * by text. Users have no phone of their own; the on-call list names its people, so a user is that
 * entry when the names agree. Pure.
 */
import type { ActedBy } from "../vocabulary";

export interface OnCallEntry {
  phone: string;
  name: string;
}

/** A name as people type it, compared without case or extra spaces. */
const plain = (name: string) => name.trim().replace(/\s+/g, " ").toLowerCase();

/**
 * The on-call entry of the person taking the page: the one named as the user is ("Sam Ortiz"),
 * else the one named by their first name alone ("Sam"); null when none is, when two are (nobody
 * can tell which), and for the admin token and API tokens, which are no person on the list.
 *
 * @example takerOnCall({ kind: "user", id: "u_1", name: "Sam Ortiz" }, [{ phone: "+17372345601", name: "Sam" }])
 * // { phone: "+17372345601", name: "Sam" }
 * @example takerOnCall({ kind: "user", id: "u_2", name: "Kim" }, [{ phone: "+17372345601", name: "Sam" }]) // null
 */
export function takerOnCall(by: ActedBy, onCall: readonly OnCallEntry[]): OnCallEntry | null {
  if (by.kind !== "user") return null;
  const full = plain(by.name);
  const first = full.split(" ")[0] ?? "";
  for (const name of [full, first]) {
    const named = onCall.filter((p) => plain(p.name) === name);
    // The same phone listed twice under one name is still one person.
    const phones = new Set(named.map((p) => p.phone));
    if (phones.size === 1) return named[0]!;
    if (phones.size > 1) return null;
  }
  return null;
}
