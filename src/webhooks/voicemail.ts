/** A voicemail's words, from whichever carrier transcribed them, handed to the number's line. */
import type { Env } from "../env";
import type { CarrierName } from "../vocabulary";
import type { LineContext } from "../line/types";
import { lineStub } from "../line/stub";
import { log } from "../log";
import type { LoadedLine } from "./line-config";

export interface Transcript {
  carrier: CarrierName;
  /** The caller's call (its leg's id at the carrier): a retried callback carries the same one. */
  callId: string;
  /** The caller, empty when withheld. */
  from: string;
  text: string;
}

/**
 * Triaged like a reply (an emergency pages the on-call, otherwise the owner gets the words), once per
 * call however often the carrier retries: the line dedupes on `vm_<call id>`. Words from nobody (a
 * withheld caller) or no words at all do nothing. Returns whether the line was asked.
 */
export async function transcriptToLine(env: Pick<Env, "LINE">, line: LoadedLine, base: string, t: Transcript): Promise<boolean> {
  const text = t.text.trim();
  if (text === "" || t.from === "") return false;
  const ctx: LineContext = { ...line.context, publicBaseUrl: base };
  const msg = { carrier: t.carrier, carrierMessageId: `vm_${t.callId}`, from: t.from, to: ctx.number.e164, body: text, carrierConfirmed: false, transcript: true, at: Date.now() } as const;
  const r = await lineStub(env, ctx.number.e164).handleInboundText(msg, ctx);
  log.info("webhook.voicemail_transcription", { carrier: t.carrier, businessId: ctx.business.id, callId: t.callId, decision: r.decision, duplicate: r.duplicate });
  return true;
}
