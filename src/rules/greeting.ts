/**
 * What a caller hears when nobody can answer: the text is on its way while they listen. Said by
 * Twilio's `<Say>` and Telnyx's `speak`, so it stays plain words (no SSML).
 *
 * @example missedGreeting("Acme Plumbing", false)
 * // "Sorry, nobody at Acme Plumbing can take your call right now. We'll text you in a moment."
 */
export function missedGreeting(business: string, voicemail: boolean): string {
  const base = `Sorry, nobody at ${business} can take your call right now. We'll text you in a moment.`;
  return voicemail ? `${base} You can also leave a message after the tone.` : base;
}
