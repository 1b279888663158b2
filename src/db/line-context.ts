import { and, desc, eq, inArray, or } from "drizzle-orm";
import { drizzle } from "drizzle-orm/d1";
import { TEMPLATE_KINDS, type TemplateKind } from "../rules/reasons";
import { hoursSchema } from "../rules/schedule";
import { parseSettings } from "../settings";
import type { LineContext } from "../line/types";
import { businesses, consentEvents, numbers, templates, undeliverable } from "./schema";

export interface LoadedLine {
  context: Omit<LineContext, "publicBaseUrl">;
  carrier: string;
  mode: string;
  /** Ciphertext; decrypted only to verify a signature or send. */
  credentials: string;
  /** Ciphertext of the AI receptionist's signing secret, when the business has one. */
  voiceAiSecret: string | null;
}

const OPT_KINDS = ["opt_out", "opt_in"];

/**
 * Everything a webhook needs about the called number, in one D1 round trip: the number and its
 * business, the business's templates and numbers, and the caller's newest opt-in/opt-out event.
 */
export async function loadLine(
  d1: D1Database,
  e164: string,
  caller: string | null,
): Promise<LoadedLine | null> {
  const db = drizzle(d1);
  const businessOf = db.select({ id: numbers.businessId }).from(numbers).where(eq(numbers.e164, e164));
  const [row, tpls, nums, consent, flagged] = await db.batch([
    db
      // Explicit, distinct column names: drizzle maps D1 batch rows by name, so a second `id` would clobber the first.
      .select({
        numberId: numbers.id,
        e164: numbers.e164,
        carrier: numbers.carrier,
        mode: numbers.mode,
        credentials: numbers.credentials,
        businessId: numbers.businessId,
        name: businesses.name,
        timezone: businesses.timezone,
        bookingUrl: businesses.bookingUrl,
        forwardTo: businesses.forwardTo,
        notifyPhone: businesses.notifyPhone,
        notifyWebhookUrl: businesses.notifyWebhookUrl,
        voiceAiSecret: businesses.voiceAiSecret,
        hours: businesses.hours,
        settings: businesses.settings,
      })
      .from(numbers)
      .innerJoin(businesses, eq(businesses.id, numbers.businessId))
      .where(eq(numbers.e164, e164))
      .limit(1),
    db
      .select({ kind: templates.kind, body: templates.body })
      .from(templates)
      .where(inArray(templates.businessId, businessOf)),
    db.select({ e164: numbers.e164 }).from(numbers).where(inArray(numbers.businessId, businessOf)),
    db
      .select({ kind: consentEvents.kind, at: consentEvents.at })
      .from(consentEvents)
      .where(
        and(
          inArray(consentEvents.businessId, businessOf),
          eq(consentEvents.phone, caller ?? ""),
          or(...OPT_KINDS.map((k) => eq(consentEvents.kind, k))),
        ),
      )
      .orderBy(desc(consentEvents.at), desc(consentEvents.id))
      .limit(1),
    db
      .select({ code: undeliverable.errorCode })
      .from(undeliverable)
      .where(and(inArray(undeliverable.businessId, businessOf), eq(undeliverable.phone, caller ?? "")))
      .limit(1),
  ]);
  const found = row[0];
  if (!found) return null;
  const hours = found.hours ? hoursSchema.safeParse(found.hours) : null;
  const byKind: Partial<Record<TemplateKind, string>> = {};
  for (const t of tpls) {
    if ((TEMPLATE_KINDS as readonly string[]).includes(t.kind)) byKind[t.kind as TemplateKind] = t.body;
  }
  const own = nums.map((n) => n.e164);
  if (found.forwardTo) own.push(found.forwardTo);
  return {
    carrier: found.carrier,
    mode: found.mode,
    credentials: found.credentials,
    voiceAiSecret: found.voiceAiSecret,
    context: {
      business: {
        id: found.businessId,
        name: found.name,
        timezone: found.timezone,
        bookingUrl: found.bookingUrl,
        forwardTo: found.forwardTo,
        notifyPhone: found.notifyPhone,
        hours: hours?.success ? hours.data : null,
        settings: parseSettings(found.settings),
      },
      number: { id: found.numberId, e164: found.e164 },
      ownNumbers: own,
      templates: byKind,
      optedOut: consent[0]?.kind === "opt_out",
      consentAt: consent[0]?.at ?? null,
      hasWebhook: found.notifyWebhookUrl !== null,
      undeliverable: flagged.length > 0,
    },
  };
}
