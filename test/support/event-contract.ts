import { envelopeSchema, isEventType } from "../../src/notify/contract";

/** What is wrong with an event body against its type's schema (notify/contract.ts), or null. */
export function contractProblem(body: unknown): string | null {
  const type = (body as { type?: unknown } | null)?.type;
  if (typeof type !== "string" || !isEventType(type)) return `no known type: ${JSON.stringify(type)}`;
  const parsed = envelopeSchema(type).safeParse(body);
  if (parsed.success) return null;
  return `${type}: ${parsed.error.issues.map((i) => `${i.path.join(".") || "(body)"} ${i.message}`).join("; ")}`;
}
