/**
 * `PATCH /businesses/:id/numbers/:numberId`: a number's new credentials (all of them, checked by its
 * carrier's own schema, as when it was added) and its mode. The carrier is the stored number's, so
 * there is one schema per carrier; a number never changes carrier (remove it and add it again).
 */
import * as z from "../zod";
import { signalwireCredentialsSchema } from "../carriers/signalwire";
import { telnyxCredentialsSchema } from "../carriers/telnyx";
import { twilioCredentialsSchema } from "../carriers/twilio";
import { vonageCredentialsSchema } from "../carriers/vonage";
import { NUMBER_MODES, type CarrierName } from "../vocabulary";

const mode = z.enum(NUMBER_MODES, "must be forward, status or forwarded");

function patchNumber<C extends z.ZodMiniType>(credentials: C) {
  return z
    .strictObject({ credentials: z.optional(credentials), mode: z.optional(mode) })
    .check(z.refine((p) => p.credentials !== undefined || p.mode !== undefined, "give credentials, mode or both"));
}

export const patchNumberSchemas = {
  twilio: patchNumber(twilioCredentialsSchema),
  signalwire: patchNumber(signalwireCredentialsSchema),
  telnyx: patchNumber(telnyxCredentialsSchema),
  vonage: patchNumber(vonageCredentialsSchema),
} satisfies Record<CarrierName, z.ZodMiniType>;

export type PatchNumberInput = z.infer<(typeof patchNumberSchemas)[CarrierName]>;
