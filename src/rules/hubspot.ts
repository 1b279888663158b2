/**
 * What a lead becomes in HubSpot (CRM v3): the contact's properties, the deal's, the conversation
 * note, and which pipeline stage each lead status means. Pure: the sync (crm/hubspot-sync.ts) sends
 * what these return. HubSpot takes every property value as a string.
 */
import type { LeadStatus } from "../vocabulary";
import * as z from "../zod";

/** HubSpot's own association types (HUBSPOT_DEFINED): deal → contact, note → contact. */
export const DEAL_TO_CONTACT = 3;
export const NOTE_TO_CONTACT = 202;

/** The stages of HubSpot's default sales pipeline a lead moves through, by lead status. */
export const DEFAULT_STAGES: Record<LeadStatus, string> = {
  new: "appointmentscheduled",
  engaged: "appointmentscheduled",
  qualified: "qualifiedtobuy",
  booked: "presentationscheduled",
  won: "closedwon",
  lost: "closedlost",
};

/** A business's choice of pipeline and stages (any status left out keeps its default). */
export const hubspotConfigSchema = z.strictObject({
  pipelineId: z.optional(z.string().check(z.minLength(1), z.maxLength(100))),
  stages: z.optional(z.partialRecord(z.enum(["new", "engaged", "qualified", "booked", "won", "lost"]), z.string().check(z.minLength(1), z.maxLength(100)))),
});
export type HubspotConfig = z.infer<typeof hubspotConfigSchema>;

/** The lead fields the sync reads (the event's `data`, notify/contract.ts). */
export interface LeadForCrm {
  id: string;
  phone: string;
  name: string | null;
  status: LeadStatus;
  fields: Record<string, string>;
  estimatedCents: number | null;
  wonCents: number | null;
  createdAt: number;
}

/** Cents as HubSpot's amount: dollars with two decimals, as a string ("452.50"). */
export function hubspotAmount(cents: number): string {
  return (cents / 100).toFixed(2);
}

/**
 * The contact's properties: phone, the name split at its first space, and the address the caller
 * gave (`address`, `zip`, `city`, `state` answers); nothing the lead does not know, so a name typed
 * in HubSpot is not overwritten with a blank.
 *
 * @example contactProperties({ phone: "+14155550123", name: "Dana Whitfield", fields: { zip: "94612" }, … })
 * // { phone: "+14155550123", firstname: "Dana", lastname: "Whitfield", zip: "94612" }
 */
export function contactProperties(lead: Pick<LeadForCrm, "phone" | "name" | "fields">): Record<string, string> {
  const props: Record<string, string> = { phone: lead.phone };
  const name = lead.name?.trim();
  if (name) {
    const [first, ...rest] = name.split(/\s+/);
    props.firstname = first!;
    if (rest.length > 0) props.lastname = rest.join(" ");
  }
  for (const key of ["address", "city", "state", "zip"] as const) {
    const value = lead.fields[key]?.trim();
    if (value) props[key] = value;
  }
  return props;
}

/** The deal's stage and amount for the lead as it stands: won with what was won, else the estimate. */
export function dealProperties(lead: LeadForCrm, config: HubspotConfig | null, businessName: string): Record<string, string> {
  const props: Record<string, string> = {
    dealname: `${businessName}: ${lead.fields.service ?? "job"} for ${lead.name?.trim() || lead.phone}`.slice(0, 200),
    pipeline: config?.pipelineId ?? "default",
    dealstage: config?.stages?.[lead.status] ?? DEFAULT_STAGES[lead.status],
  };
  const cents = lead.status === "won" ? lead.wonCents : (lead.estimatedCents ?? null);
  if (cents !== null) props.amount = hubspotAmount(cents);
  return props;
}

/** The contact search that finds a caller by phone. */
export function phoneSearch(phone: string) {
  return { filterGroups: [{ filters: [{ propertyName: "phone", operator: "EQ", value: phone }] }], properties: ["phone", "firstname", "lastname"], limit: 1 };
}

export interface ConversationLine {
  direction: "inbound" | "outbound";
  body: string;
  at: number;
}

/** HubSpot's limit on a note's body. */
const NOTE_LIMIT = 65_536;

/**
 * The conversation as one note, oldest first, HTML as HubSpot shows notes: a line per text, who
 * wrote it and when (UTC). Kept under HubSpot's limit by dropping the oldest texts.
 */
export function conversationNote(lines: ConversationLine[], businessName: string): string {
  const escape = (s: string) => s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
  const rows = lines.map((l) => `<p><strong>${l.direction === "inbound" ? "Caller" : escape(businessName)}</strong> ${new Date(l.at).toISOString().slice(0, 16).replace("T", " ")} UTC: ${escape(l.body)}</p>`);
  const head = `<p>Textback conversation</p>`;
  while (rows.length > 0 && head.length + rows.join("").length > NOTE_LIMIT) rows.shift();
  return head + rows.join("");
}
