import { consentRecords } from "../db/consent";
import { readLineRow, type LineRow } from "../db/line-row";
import { BoundedMap } from "../bounded-map";
import type { LineContext, OpenLead } from "../line/types";
import type { CallerContact } from "../rules/contacts";
import { TEMPLATE_KINDS, type TemplateKind } from "../rules/reasons";
import { hoursSchema, type Hours } from "../rules/schedule";
import { settingsFromJson, type BusinessSettings } from "../settings";

/** A business number's configuration as a webhook uses it: the line's context and what verifies the request. */
export interface LoadedLine {
  context: Omit<LineContext, "publicBaseUrl">;
  carrier: LineRow["carrier"];
  mode: LineRow["mode"];
  /** Ciphertext; decrypted only to verify a signature or send. */
  credentials: string;
  /** Ciphertext of the AI receptionist's signing secret, when the business has one. */
  voiceAiSecret: string | null;
}

/**
 * Parsed hours and settings by their stored JSON: every webhook to a business reads the same text,
 * and validating it again each time is wasted work. Bounded; a changed setting is a new key.
 */
const parsedCache = new BoundedMap<string, { hours: Hours | null; settings: BusinessSettings }>(1000);

function parseConfig(hoursJson: string | null, settingsJson: string) {
  const key = `${settingsJson}\u0000${hoursJson ?? ""}`;
  let parsed = parsedCache.get(key);
  if (!parsed) {
    const hours = hoursJson ? hoursSchema.safeParse(JSON.parse(hoursJson)) : null;
    parsed = { hours: hours?.success ? hours.data : null, settings: settingsFromJson(settingsJson) };
    parsedCache.set(key, parsed);
  }
  return parsed;
}

/**
 * Templates by their stored JSON, for the same reason, and for memory: most businesses keep the
 * default texts, so thousands of cached lines share one object instead of a copy each (~1 KB).
 * Callers only read it.
 */
const templatesCache = new BoundedMap<string, Readonly<Partial<Record<TemplateKind, string>>>>(1000);

function parseTemplates(json: string): Readonly<Partial<Record<TemplateKind, string>>> {
  let byKind = templatesCache.get(json);
  if (!byKind) {
    const parsed: Partial<Record<TemplateKind, string>> = {};
    for (const [kind, body] of Object.entries(JSON.parse(json) as Record<string, string>)) {
      if ((TEMPLATE_KINDS as readonly string[]).includes(kind)) parsed[kind as TemplateKind] = body;
    }
    byKind = Object.freeze(parsed);
    templatesCache.set(json, byKind);
  }
  return byKind;
}

/** Everything a webhook needs about the called number and the caller, in one D1 round trip. */
export async function loadLine(
  d1: D1Database,
  e164: string,
  caller: string | null,
): Promise<LoadedLine | null> {
  const found = await readLineRow(d1, e164, caller);
  if (!found) return null;
  const { hours, settings } = parseConfig(found.hours, found.settings);
  const own = JSON.parse(found.ownNumbers) as string[];
  if (found.forwardTo) own.push(found.forwardTo);
  const consent = found.consent ? (JSON.parse(found.consent) as [string, number]) : null;
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
        priorityPhone: found.priorityPhone,
        hours,
        settings,
      },
      number: { id: found.numberId, e164: found.e164 },
      ownNumbers: own,
      templates: parseTemplates(found.templates),
      optedOut: consent?.[0] === "opt_out",
      consentAt: consent?.[1] ?? null,
      staffConsent: consentRecords(found.staffConsent),
      hasWebhook: found.hasWebhook === 1,
      undeliverable: found.undeliverableCode !== null,
      undeliverableCode: found.undeliverableCode,
      contact: found.contact ? (JSON.parse(found.contact) as CallerContact) : null,
      lead: found.lead ? openLead(found.lead) : null,
      hadLead: found.hadLead === 1,
      callerStatus: "known",
      config: { loadedAt: found.readAt, fresh: true },
    },
  };
}


function openLead(json: string): OpenLead {
  const l = JSON.parse(json) as Omit<OpenLead, "handedOver" | "urgent" | "acknowledged"> & { handedOver: number; urgent: number; acknowledged?: number };
  return { ...l, handedOver: l.handedOver === 1, urgent: l.urgent === 1, acknowledged: l.acknowledged === 1 };
}
