/**
 * Landlines (setting `lookupLineType`, DESIGN.md §6.4): what each carrier's number lookup calls a
 * phone, in our words, and when a text asks. Pure: no I/O.
 */
import { LINE_TYPE_TTL_MS, TEXT_BACK_KINDS, type DecisionCode, type LineType } from "../vocabulary";
import { formatPhone } from "./display";

export { LINE_TYPE_TTL_MS };

/** The longest a text waits for the carrier's lookup; past it, it is sent as if there were none. */
export const LINE_LOOKUP_TIMEOUT_MS = 1_500;

/** A lookup's answer: the line type, or why the carrier did not give one (the caller is then texted). */
export type LineTypeAnswer = { lineType: LineType } | { why: string };

/**
 * A carrier's type field in our words, or that its answer had none.
 *
 * @example lineTypeOf("fixed", plivoLineType) // { lineType: "landline" }
 */
export function lineTypeOf(type: string | null | undefined, ours: (type: string) => LineType): LineTypeAnswer {
  return type ? { lineType: ours(type) } : { why: "no line type in the answer" };
}

/**
 * Twilio Lookup v2 `line_type_intelligence.type`: `mobile`, `landline`, `fixedVoip`,
 * `nonFixedVoip`, `personal`, `tollFree`, `premium`, `sharedCost`, `uan`, `voicemail`, `pager`,
 * `unknown`.
 *
 * @example twilioLineType("landline") // "landline"
 */
export function twilioLineType(type: string | null | undefined): LineType {
  if (type === "mobile") return "mobile";
  if (type === "landline") return "landline";
  if (type === "fixedVoip" || type === "nonFixedVoip") return "voip";
  return "other";
}

/**
 * Telnyx number lookup `carrier.type`: `mobile`, `fixed line`, `voip`, `fixed line or mobile`,
 * `toll free`, … ("fixed line or mobile" may be a mobile: it is texted).
 *
 * @example telnyxLineType("fixed line") // "landline"
 */
export function telnyxLineType(type: string | null | undefined): LineType {
  const t = (type ?? "").trim().toLowerCase();
  if (t === "mobile") return "mobile";
  if (t === "fixed line" || t === "landline") return "landline";
  if (t === "voip") return "voip";
  return "other";
}

/**
 * SignalWire's lookup `carrier.linetype`: `wireless`, `landline`, `voip`, …
 *
 * @example signalwireLineType("wireless") // "mobile"
 */
export function signalwireLineType(type: string | null | undefined): LineType {
  const t = (type ?? "").trim().toLowerCase();
  if (t === "wireless" || t === "mobile") return "mobile";
  if (t === "landline") return "landline";
  if (t === "voip") return "voip";
  return "other";
}

/**
 * Plivo's lookup `carrier.type`: `mobile`, `fixed`, `voip`, `toll-free`, `premium`, `unknown`, …
 *
 * @example plivoLineType("fixed") // "landline"
 */
export function plivoLineType(type: string | null | undefined): LineType {
  const t = (type ?? "").trim().toLowerCase();
  if (t === "mobile") return "mobile";
  if (t === "fixed" || t === "landline") return "landline";
  if (t === "voip") return "voip";
  return "other";
}

/**
 * Vonage Identity Insights `current_carrier.network_type`: `MOBILE`, `LANDLINE`, `TOLLFREE`,
 * `PREMIUM`, `VIRTUAL` (an extensible enum; the SDKs spell it in either case). A premium or
 * toll-free number is `other`, as Twilio's `premium` and `tollFree` are: only a plain landline goes
 * untexted.
 *
 * @example vonageLineType("LANDLINE") // "landline"
 */
export function vonageLineType(type: string | null | undefined): LineType {
  const t = (type ?? "").trim().toLowerCase();
  if (t === "mobile") return "mobile";
  if (t === "landline") return "landline";
  if (t === "virtual") return "voip";
  return "other";
}

/** Per-insight status codes whose attributes are answers: `OK`, or `PARTIAL_SUCCESS` (some attributes omitted). */
const VONAGE_ANSWERED = new Set(["ok", "partial_success"]);

type VonageInsight = { status?: { code?: string | null } | null; network_type?: string | null } | null | undefined;

/** One insight's answer, or why it gives none: its own status inside an HTTP 200, then its network type. */
function insightLineType(name: string, insight: VonageInsight): LineTypeAnswer {
  if (!insight) return { why: `no ${name} in the answer` };
  const code = (insight.status?.code ?? "").trim().toLowerCase();
  if (!VONAGE_ANSWERED.has(code)) return { why: `${name} ${code || "without a status"}` };
  if (!insight.network_type) return { why: `${name} without a network_type` };
  return { lineType: vonageLineType(insight.network_type) };
}

/**
 * What Vonage's carrier insights say a phone is, or why they say nothing. Current Carrier follows a
 * number ported from a landline to a mobile, but Vonage documents it for mobile numbers: a landline
 * may get `NOT_FOUND` or `UNSUPPORTED_NETWORK_TYPE` there. Original Carrier (the numbering plan's
 * assignment, landlines included) answers then. Neither answering is a lookup that could not tell
 * (the caller is texted).
 *
 * @example vonageInsightLineType({ current_carrier: { status: { code: "OK" }, network_type: "MOBILE" } }) // { lineType: "mobile" }
 * @example vonageInsightLineType({ current_carrier: { status: { code: "NOT_FOUND" } }, original_carrier: { status: { code: "OK" }, network_type: "LANDLINE" } }) // { lineType: "landline" }
 */
export function vonageInsightLineType(insights: { current_carrier?: VonageInsight; original_carrier?: VonageInsight } | null | undefined): LineTypeAnswer {
  const current = insightLineType("current_carrier", insights?.current_carrier);
  if ("lineType" in current) return current;
  const original = insightLineType("original_carrier", insights?.original_carrier);
  return "lineType" in original ? original : { why: `${current.why}, ${original.why}` };
}

/**
 * Bandwidth's phone number lookup `lineType`: `MOBILE`, `FIXED`, `VOIP`, `VOIP-FIXED`. A fixed
 * VoIP line is `voip` (texted), as Twilio's `fixedVoip` is.
 *
 * @example bandwidthLineType("FIXED") // "landline"
 */
export function bandwidthLineType(type: string | null | undefined): LineType {
  const t = (type ?? "").trim().toUpperCase();
  if (t === "MOBILE") return "mobile";
  if (t === "FIXED") return "landline";
  if (t === "VOIP" || t === "VOIP-FIXED") return "voip";
  return "other";
}

/** Texts that ask first: a call's text-back, the first text a caller gets. Replies go to someone who texted. */
export function asksLineType(kind: string, settings: { lookupLineType: boolean }): boolean {
  return settings.lookupLineType && (TEXT_BACK_KINDS as readonly string[]).includes(kind);
}

/** Whether a stored answer, looked up at `checkedAt`, still holds at `now`. */
export function lineTypeFresh(checkedAt: number, now: number): boolean {
  return now - checkedAt < LINE_TYPE_TTL_MS;
}

/**
 * What the outbox does about the line type before sending a text: `lookup` (a text-back to a
 * number it has no fresh answer for), `skip` (a landline: a text-back, or the follow-up after one),
 * or `send`.
 *
 * @example landlineAction("missed_call", { lookupLineType: true }, null, now) // "lookup"
 * @example landlineAction("follow_up", { lookupLineType: true }, { lineType: "landline", checkedAt: now }, now) // "skip"
 */
export function landlineAction(
  kind: string,
  settings: { lookupLineType: boolean },
  known: { lineType: string; checkedAt: number } | null,
  now: number,
): "lookup" | "skip" | "send" {
  if (!settings.lookupLineType || (kind !== "follow_up" && !asksLineType(kind, settings))) return "send";
  const fresh = known !== null && lineTypeFresh(known.checkedAt, now);
  if (fresh) return known.lineType === "landline" ? "skip" : "send";
  return kind === "follow_up" ? "send" : "lookup";
}

/**
 * The decisions of a missed call from a landline: known by the lookup, or by the carrier's refusal
 * of an earlier text as a landline's. Nobody texts them; the owner is told to call them back.
 */
export const LANDLINE_DECISIONS = ["skipped:landline", "skipped:undeliverable_landline"] as const satisfies readonly DecisionCode[];

/** How the lists (leads, calls, conversations) mark a caller who can only be called back. */
export const LANDLINE_CHIP = "Landline · call back";

/** What the chip means, for its title. */
export const LANDLINE_MEANS = "The caller's number is a landline, which cannot get texts: nobody texted them, so call them back";

/**
 * The owner's alert of a missed call from a landline, sent as soon as it is known: who, when (the
 * business's clock), and what to do. It carries nothing the caller said, so `privateTexts` leaves
 * it as it is.
 *
 * @example landlineAlertBody("+16122340000", "2:04 AM") // "Textback: missed call from a landline (612) 234-0000 at 2:04 AM: call them back"
 */
export function landlineAlertBody(phone: string, at: string | null): string {
  return `Textback: missed call from a landline ${formatPhone(phone)}${at ? ` at ${at}` : ""}: call them back`;
}
