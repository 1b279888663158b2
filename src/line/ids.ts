/**
 * D1 ids of what a line records, derived from the carrier's id so a redelivered webhook writes
 * the same row. A carrier's id is unique only within what it numbers (an AI receptionist counts
 * calls per account; two Textback numbers may see one message), so each is scoped by the number
 * it came to: two businesses' "call 7" are two rows, and neither can overwrite the other.
 */
import type { InboundText } from "./types";

export const callRowId = (numberId: string, carrierCallId: string) => `c_${numberId}_${carrierCallId}`;

/** The text-back a call planned (and `…_fu`, its follow-up). */
export const callTextId = (numberId: string, carrierCallId: string) => `m_${numberId}_${carrierCallId}`;

interface InboundRef {
  msg: Pick<InboundText, "carrierMessageId">;
  ctx: { number: { id: string } };
}

/** The inbound text's own row. */
export const inboundId = ({ msg, ctx }: InboundRef) => `in_${ctx.number.id}_${msg.carrierMessageId}`;

/** A text an inbound text caused: its `relay`, `qualify`, `urgent`, `page0`… */
export const replyTextId = ({ msg, ctx }: InboundRef, what: string) => `m_${ctx.number.id}_${msg.carrierMessageId}_${what}`;
