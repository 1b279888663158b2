/**
 * A conversation in the order things happened. Each call, text and consent change sits at the time
 * it happened: a text when it went out (or was canceled, or failed), a held text when it will go
 * out. At the same time, the cause comes before its effect: the call, then the caller's text, then
 * the consent change it made, then our texts, a text-back before a keyword answer before a
 * follow-up. Pure.
 */
import type { CallRow, ConsentEventRow, MessageRow } from "../db/schema";
import type { VoicemailTranscriptRow } from "../db/transcripts-schema";
import { TEXT_BACK_KINDS, type MessageKind } from "../vocabulary";

export type TimelineEntry =
  | { type: "call"; at: number; call: CallRow; textBack: MessageRow | null }
  | { type: "text"; at: number; text: MessageRow; goesOutAt: number | null }
  | { type: "consent"; at: number; event: ConsentEventRow }
  /** A voicemail whose words are read from the carrier and have not reached the conversation (yet, or ever). */
  | { type: "voicemail"; at: number; voicemail: VoicemailTranscriptRow }
  /** A text to the business's own phones about this caller (a relay, a page, an alert). */
  | { type: "alert"; at: number; text: MessageRow; goesOutAt: number | null };

/** Among things at the same time: causes first. */
const RANK = { call: 0, voicemail: 1, inbound: 2, consent: 3, outbound: 4, alert: 5 } as const;

/** Our texts at the same time, in the order one leads to the next; other kinds sit between. */
const OUTBOUND_ORDER: readonly MessageKind[] = [...TEXT_BACK_KINDS, "opt_out", "opt_in", "help", "urgent_reply", "qualify", "manual", "test", "follow_up"];

function outboundOrder(kind: string): number {
  const i = OUTBOUND_ORDER.indexOf(kind as MessageKind);
  return i === -1 ? OUTBOUND_ORDER.indexOf("manual") : i;
}

/**
 * When a text happened: received; went out; will go out (`goesOutAt`, from the line that holds it;
 * unknown, after everything else); or, never sent, when that was settled.
 */
export function textHappenedAt(m: MessageRow, goesOutAt: number | null): number {
  if (m.direction === "inbound") return m.createdAt;
  if (m.sentAt !== null) return m.sentAt;
  if (m.status === "scheduled") return goesOutAt ?? Number.MAX_SAFE_INTEGER;
  if (m.status === "queued" || m.status === "retrying" || m.status === "sending") return m.createdAt;
  return m.updatedAt;
}

function rankOf(e: TimelineEntry): [number, number, string] {
  if (e.type === "call") return [RANK.call, 0, e.call.id];
  if (e.type === "consent") return [RANK.consent, 0, String(e.event.id).padStart(12, "0")];
  if (e.type === "voicemail") return [RANK.voicemail, 0, e.voicemail.id];
  if (e.type === "alert") return [RANK.alert, 0, e.text.id];
  if (e.text.direction === "inbound") return [RANK.inbound, 0, e.text.id];
  return [RANK.outbound, outboundOrder(e.text.kind), e.text.id];
}

function compare(a: TimelineEntry, b: TimelineEntry): number {
  if (a.at !== b.at) return a.at - b.at;
  const [ra, ka, ia] = rankOf(a);
  const [rb, kb, ib] = rankOf(b);
  return ra - rb || ka - kb || (ia < ib ? -1 : ia > ib ? 1 : 0);
}

/**
 * Calls, texts (each call with its text-back), the consent ledger's opt-outs, opt-ins and HELP,
 * voicemails whose words did not arrive (when the carrier's callback came), and the texts to the
 * business's phones about the caller, oldest first. `held` says when the line sends each held text
 * and page.
 */
export function conversationTimeline(
  story: { calls: readonly CallRow[]; texts: readonly MessageRow[]; consent: readonly ConsentEventRow[]; voicemails?: readonly VoicemailTranscriptRow[]; alerts?: readonly MessageRow[] },
  held: ReadonlyMap<string, number>,
): TimelineEntry[] {
  const textBackOf = (call: CallRow) => story.texts.find((m) => m.callId === call.id && (TEXT_BACK_KINDS as readonly string[]).includes(m.kind)) ?? null;
  const entries: TimelineEntry[] = [
    ...story.calls.map((call) => ({ type: "call" as const, at: call.at, call, textBack: textBackOf(call) })),
    ...story.texts.map((text) => {
      const goesOutAt = text.status === "scheduled" ? (held.get(text.id) ?? null) : null;
      return { type: "text" as const, at: textHappenedAt(text, goesOutAt), text, goesOutAt };
    }),
    // Calls already show their implied consent; the ledger adds opt-outs, opt-ins and HELP.
    ...story.consent.filter((e) => e.kind !== "implied_by_call").map((event) => ({ type: "consent" as const, at: event.at, event })),
    // Delivered words show as the caller's text; only a voicemail without them needs its own line.
    ...(story.voicemails ?? []).filter((v) => v.status !== "delivered").map((voicemail) => ({ type: "voicemail" as const, at: voicemail.createdAt, voicemail })),
    ...(story.alerts ?? []).map((text) => {
      const goesOutAt = text.status === "scheduled" ? (held.get(text.id) ?? null) : null;
      return { type: "alert" as const, at: textHappenedAt(text, goesOutAt), text, goesOutAt };
    }),
  ];
  return entries.sort(compare);
}
