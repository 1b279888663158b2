/**
 * Closing a business down (offboarding): what must be true before it may close, in words the one
 * closing it can act on. Deleting and keeping rows is the edge's job (admin/business-close.ts).
 */

/** Why a close's confirmation is refused, naming the field; null when it names the business exactly. */
export function closeConfirmRefusal(businessName: string, confirm: unknown): string | null {
  if (typeof confirm !== "string" || confirm === "") return "confirm: required, the business's exact name";
  if (confirm !== businessName) return "confirm: does not match the business's name exactly (case and spaces count)";
  return null;
}

/**
 * Why a business with numbers still attached cannot close: the carrier keeps sending a number's
 * calls and texts to its webhook URLs until the number is removed and, at the carrier, released or
 * pointed elsewhere. Removing a number here does not change anything at the carrier.
 */
export function numbersAttachedRefusal(e164s: readonly string[]): string | null {
  if (e164s.length === 0) return null;
  return (
    `numbers: ${e164s.join(", ")} still attached. Remove each first (DELETE /api/businesses/:id/numbers/:numberId), ` +
    "then release it or point its webhooks elsewhere in the carrier's console: removing a number here changes nothing " +
    "at the carrier, whose calls and texts for it are refused from then on."
  );
}
