/**
 * What a caller hears when nobody can answer: the text is on its way while they listen. Said by
 * Twilio's `<Say>` and Telnyx's `speak`, so it stays plain words (no SSML). `beep`: the carrier
 * plays a tone before recording a voicemail.
 *
 * @example missedGreeting("Acme Plumbing", false)
 * // "Sorry, nobody at Acme Plumbing can take your call right now. We'll text you in a moment."
 */
export function missedGreeting(business: string, voicemail: boolean, beep = true): string {
  const base = `Sorry, nobody at ${business} can take your call right now. We'll text you in a moment.`;
  if (!voicemail) return base;
  // Bandwidth's <Record> plays no tone: promising one would leave the caller waiting for it.
  return beep ? `${base} You can also leave a message after the tone.` : `${base} You can also leave a message now.`;
}

/**
 * What the business's phone hears when it answers Textback's test call (it should not: the test is
 * the call going unanswered and its forwarding sending it back). Plain words, for every carrier's
 * text-to-speech.
 *
 * @example testCallWords("Acme Plumbing")
 * // "This is a test call from Textback for Acme Plumbing. To test the forwarding, let it ring: do not answer."
 */
export function testCallWords(business: string): string {
  return `This is a test call from Textback for ${business}. To test the forwarding, let it ring: do not answer.`;
}
