/**
 * What a carrier's forward mode cannot do, in words for the person choosing it. Plivo's `<Dial>` has
 * no answering-machine detection: a call the forwarded phone's voicemail picks up is an answered
 * call to Textback, so its caller gets no text (README, Plivo). Pure.
 */
import type { NumberMode } from "../vocabulary";

/**
 * The warning for `carrier` in `mode` (or, without `mode`, for when forward mode is chosen), or null
 * when there is none.
 *
 * @example forwardCaveat("plivo", "forward", 5) // "With Plivo, Textback cannot tell your voicemail from a person: …"
 * @example forwardCaveat("twilio", "forward", 5) // null
 */
export function forwardCaveat(carrier: string, mode: NumberMode | undefined, minAnsweredSeconds: number): string | null {
  if (carrier !== "plivo" || (mode !== undefined && mode !== "forward")) return null;
  return (
    "With Plivo, Textback cannot tell your voicemail from a person: in forward mode, a call your phone's voicemail picks up counts as answered " +
    `(unless it lasts under ${minAnsweredSeconds} seconds) and the caller gets no text. Turn voicemail off on the phone Textback rings, ` +
    "or choose Keep your number."
  );
}
