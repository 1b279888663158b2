/** Fields whose values never enter the audit log: only the fact that they changed. */
const SECRET_FIELDS = new Set([
  "webhookSecret",
  "voiceAiSecret",
  "credentials",
  "authToken",
  "apiKey",
  "apiToken",
  "signingKey",
  "bookingSecretCalcom",
  "bookingSecretCalendly",
  "bookingSecretGeneric",
]);

/**
 * Before/after of the fields an admin change touched, with secrets masked, for the audit log.
 *
 * @example auditDiff({ name: "A", webhookSecret: "x" }, { name: "B", webhookSecret: "y" }, ["name", "webhookSecret"])
 * // { name: { before: "A", after: "B" }, webhookSecret: { before: "[set]", after: "[changed]" } }
 */
export function auditDiff(
  before: Record<string, unknown>,
  after: Record<string, unknown>,
  fields: readonly string[],
): Record<string, { before: unknown; after: unknown }> {
  const out: Record<string, { before: unknown; after: unknown }> = {};
  for (const f of fields) {
    if (SECRET_FIELDS.has(f)) {
      const had = before[f] !== null && before[f] !== undefined;
      const has = after[f] !== null && after[f] !== undefined;
      out[f] = { before: had ? "[set]" : null, after: has ? (had ? "[changed]" : "[set]") : null };
    } else {
      out[f] = { before: before[f] ?? null, after: after[f] ?? null };
    }
  }
  return out;
}
