/**
 * The texts Textback sends the business's own phones about a caller (a relay of their reply, a
 * page, a repeat-call or danger alert…): which texts they are, and each in words for the caller's
 * lead card and conversation, "Alerted Sam (on call): urgent page". Why a text went is read from its
 * id (line/ids.ts and the line's `…_relay`, `…_page1`, `…_repeat0` suffixes), so older texts say it too.
 */
import type { MessageKind } from "../vocabulary";
import { formatPhone } from "./display";

/** Kinds that go only to the business's phones and are about one caller. */
export const CALLER_ALERT_KINDS = ["relay", "page", "alert"] as const satisfies readonly MessageKind[];

/**
 * The caller a text is about: the one whose text or call caused it, when it goes to someone else
 * and is a relay, a page or an alert; null for any other text (a reply to the caller, an answer
 * to the owner's shortcut).
 *
 * @example aboutCaller("relay", "+15122345699", "+15122345601") // "+15122345601"
 * @example aboutCaller("qualify", "+15122345601", "+15122345601") // null
 */
export function aboutCaller(kind: MessageKind, to: string, caller: string): string | null {
  return (CALLER_ALERT_KINDS as readonly string[]).includes(kind) && to !== caller ? caller : null;
}

export const isCallerAlert = (kind: string): boolean => (CALLER_ALERT_KINDS as readonly string[]).includes(kind);

/** Why a text was sent, by the suffix of its id: checked in order, the first that matches says. */
const REASONS: readonly [RegExp, string][] = [
  [/_page0$/, "urgent page"],
  [/_page\d+$/, "urgent page, escalated"],
  [/_danger\d+$/, "danger"],
  [/_repeat\d+$/, "called again"],
  [/_vip$/, "VIP called: call them back"],
  [/_landline$/, "landline caller: call them back"],
  [/_lost$/, "out of the service area"],
  [/_summary$/, "new lead summary"],
  [/_opted_out$/, "they texted STOP"],
  [/_opted_in$/, "they texted START"],
  [/_stand_down_\d+$/, "they called it off"],
];

/** Who a text went to: the owner, a person on call by name, else the number. */
export function alertRecipient(to: string, people: { ownerPhone: string | null; onCall: readonly { phone: string; name: string }[] }): string {
  if (to === people.ownerPhone) return "the owner";
  const person = people.onCall.find((p) => p.phone === to);
  return person ? `${person.name} (on call)` : formatPhone(to);
}

/**
 * A text to the business's phones in words: to whom and why; one the line still holds (a page's
 * escalation) as what it will do.
 *
 * @example callerAlertWords({ id: "m_n1_SM1_page0", kind: "page", toPhone: "+15122345601" }, { ownerPhone: null, onCall: [{ phone: "+15122345601", name: "Sam" }] }) // "Alerted Sam (on call): urgent page"
 * @example callerAlertWords({ id: "c_n1_CA1_repeat0", kind: "alert", toPhone: "+15122345699" }, { ownerPhone: "+15122345699", onCall: [] }) // "Told the owner: called again"
 * @example callerAlertWords({ id: "m_n1_SM1_relay", kind: "relay", toPhone: "+15122345699" }, { ownerPhone: "+15122345699", onCall: [] }) // "Relayed to the owner"
 */
export function callerAlertWords(m: { id: string; kind: string; toPhone: string; status?: string }, people: Parameters<typeof alertRecipient>[1]): string {
  const who = alertRecipient(m.toPhone, people);
  const why = REASONS.find(([suffix]) => suffix.test(m.id))?.[1];
  const held = m.status === "scheduled";
  if (m.kind === "page" || why === "danger") return `${held ? "Will alert" : "Alerted"} ${who}: ${why ?? "urgent page"}`;
  if (why) return `${held ? "Will tell" : "Told"} ${who}: ${why}`;
  return m.kind === "relay" ? `${held ? "Will relay" : "Relayed"} to ${who}` : `${held ? "Will tell" : "Told"} ${who}`;
}
