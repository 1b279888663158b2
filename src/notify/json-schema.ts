import { NOTIFY_EVENTS, type NotifyEvent } from "../vocabulary";
import * as z from "../zod";
import { envelopeSchema, EVENT_MEANINGS } from "./contract";

/**
 * The JSON Schema (draft 2020-12) of every event type, derived from the contract's zod schemas: what
 * `GET /api/events/schema` serves. The Worker does not run this (zod's JSON Schema code is 7 KB of
 * the bundle's gzip): scripts/event-schema.mjs writes its result to event-schemas.ts at build time,
 * CI fails when that file is stale, and test/event-contract.test.ts checks that the two agree.
 */
export function deriveEventJsonSchemas(): Record<string, unknown> {
  return {
    $schema: "https://json-schema.org/draft/2020-12/schema",
    title: "Textback events",
    description: "Signed with X-Textback-Signature: t=<unix>,v1=<hex HMAC-SHA256(secret, \"<t>.<raw body>\")>. `id` is the idempotency key.",
    events: Object.fromEntries(NOTIFY_EVENTS.map((type) => [type, schemaOf(type)])),
  };
}

function schemaOf(type: NotifyEvent) {
  const schema = z.toJSONSchema(envelopeSchema(type), {
    target: "draft-2020-12",
    // Our tests refuse undocumented fields; a consumer's validator must not refuse the fields a later
    // version adds, so the published schema leaves objects open.
    override: ({ jsonSchema }) => {
      if (jsonSchema.additionalProperties === false) delete jsonSchema.additionalProperties;
    },
  });
  return { ...schema, title: type, description: EVENT_MEANINGS[type] };
}
