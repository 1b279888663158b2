/**
 * How a business forwards its own line's unanswered calls to its Textback number (a number in
 * `forwarded` mode), per US carrier. Pure data, shown on the number's page.
 *
 * Sources: AT&T and T-Mobile are GSM networks and take the standard supplementary-service codes of
 * 3GPP TS 22.030 (61 no reply, 67 busy, 62 not reachable, 004 all conditional; "**61*N**S#" sets
 * the no-reply timer in seconds, 5 to 30) as both carriers' support pages list them; Verizon's
 * "No Answer / Busy Transfer" is *71 + number, cancelled with *73 (Verizon support, "Call
 * Forwarding"); desk phones and VoIP systems mostly follow the Telcordia vertical service codes
 * (*92 forward on no answer, *90 on busy; *93 and *91 cancel) or set it in their web portal.
 */

export interface ForwardingGuide {
  id: "att" | "tmobile" | "verizon" | "other";
  carrier: string;
  /** What to dial (or do), in order. */
  steps: string[];
  /** What undoes it. */
  cancel: string;
  note?: string;
}

/** Seconds of ringing before the forward: short enough to beat the carrier's own voicemail (~25 s). */
export const FORWARD_AFTER_SECONDS = 15;

/**
 * The guides with the Textback number filled in (10 digits, as US phones dial it).
 *
 * @example forwardingGuides("4155550123")[0].steps // ["**61*4155550123**15#", "**67*4155550123#", "**62*4155550123#"]
 */
export function forwardingGuides(national: string): ForwardingGuide[] {
  const gsm = (carrier: string, id: "att" | "tmobile"): ForwardingGuide => ({
    id,
    carrier,
    steps: [`**61*${national}**${FORWARD_AFTER_SECONDS}#`, `**67*${national}#`, `**62*${national}#`],
    cancel: "##004#",
    note: "Dial each code and press call; the phone shows a confirmation. The first one forwards after 15 seconds of ringing, before voicemail answers.",
  });
  return [
    gsm("AT&T", "att"),
    gsm("T-Mobile", "tmobile"),
    {
      id: "verizon",
      carrier: "Verizon",
      steps: [`*71${national}`],
      cancel: "*73",
      note: "Forwards calls you don't answer and calls while you're busy. Verizon sets the ring time: if voicemail answers first, ask Verizon to shorten it or turn off voicemail.",
    },
    {
      id: "other",
      carrier: "Desk phone or VoIP system",
      steps: [`*92${national}`, `*90${national}`],
      cancel: "*93 and *91",
      note: "Most lines use these codes; VoIP systems (RingCentral, Ooma, Zoom Phone…) set \"forward when unanswered\" in their web portal. Pick 3 rings (about 15 seconds).",
    },
  ];
}
