/** Text templates: one per kind and business, checked before they are saved. */
import { eq } from "drizzle-orm";
import { drizzle } from "drizzle-orm/d1";
import { HTTPException } from "hono/http-exception";
import { templates, type BusinessRow } from "../db/schema";
import type { Env } from "../env";
import { linesChanged } from "../line/config-changed";
import { TEMPLATE_KINDS, type TemplateKind } from "../rules/reasons";
import { checkTemplate, type TemplateCheck } from "../rules/template-check";
import { renderTemplate } from "../rules/template-render";
import type { TemplateVars } from "../rules/placeholders";
import { sampleTrackedLink } from "../rules/booking-link";
import { localeOf } from "../rules/display";
import { hoursSchema, hoursToday } from "../rules/schedule";
import { parseSettings } from "../settings";
import { audit } from "./audit";
import type { Db } from "./db";
import { listNumbers } from "./numbers";

/** The sample the editor previews with: the business's own details and a made-up caller. */
export const SAMPLE_CALLER = "+14155550123";

export function isTemplateKind(kind: string): kind is TemplateKind {
  return (TEMPLATE_KINDS as readonly string[]).includes(kind);
}

/** A business's stored templates (a kind without one is absent). */
export function listTemplates(db: Db, businessId: string) {
  return db.select({ kind: templates.kind, body: templates.body }).from(templates).where(eq(templates.businessId, businessId));
}

/**
 * What `{bookingUrl}` stands for in the checker and the preview: a tracked link of the real length
 * (rules/booking-link.ts) when the business tracks links, so the segments counted are the ones sent.
 */
export function sampleBookingUrl(business: BusinessRow, publicBaseUrl: string): string | null {
  if (!business.bookingUrl || !parseSettings(business.settings).trackLinks || !publicBaseUrl) return business.bookingUrl;
  return sampleTrackedLink(publicBaseUrl);
}

/**
 * The values a template is checked and previewed with: the business's own (name, booking link at
 * the length it is sent, priority line, today's hours), its first number and a made-up caller. A
 * text always has both numbers when it is sent, so a template is never judged without them; what
 * the business has not set stays empty, for the checker to warn about.
 */
export async function templateSample(db: Db, business: BusinessRow, publicBaseUrl: string, now = Date.now()): Promise<TemplateVars> {
  const [first] = await listNumbers(db, business.id);
  const businessPhone = first?.e164 ?? null;
  const hours = hoursSchema.safeParse(business.hours);
  return {
    business: business.name,
    bookingUrl: sampleBookingUrl(business, publicBaseUrl),
    businessPhone,
    callerPhone: SAMPLE_CALLER,
    priorityPhone: business.priorityPhone,
    hoursToday: hoursToday(hours.success ? hours.data : null, business.timezone, now, businessPhone ? localeOf(businessPhone) : undefined),
  };
}

/** What the editor's preview shows: the checker's verdict, and the text as the sample caller would get it. */
export function previewTemplate(kind: TemplateKind, body: string, sample: TemplateVars): TemplateCheck & { rendered: string } {
  return { ...checkTemplate(kind, body, sample), rendered: renderTemplate(body, sample) };
}

/** The checker's errors as one refusal: each sentence leads with the rule it names. */
export function refusalMessage(check: TemplateCheck): string {
  return check.errors.map((e) => e.message).join(" ");
}

/**
 * Saves a template that passes the checker (warnings allowed); 400 with the checker's errors otherwise.
 * `check` is the checker's verdict on it with the business's {@link templateSample}.
 */
export async function saveTemplate(
  env: Pick<Env, "DB" | "LINE">,
  business: BusinessRow,
  kind: TemplateKind,
  body: string,
  check: TemplateCheck,
): Promise<TemplateCheck> {
  if (check.errors.length > 0) throw new HTTPException(400, { message: refusalMessage(check) });
  const db = drizzle(env.DB);
  const now = Date.now();
  await db.batch([
    db
      .insert(templates)
      .values({ businessId: business.id, kind, body, updatedAt: now })
      .onConflictDoUpdate({ target: [templates.businessId, templates.kind], set: { body, updatedAt: now } }),
    audit(db, "template.put", "template", `${business.id}/${kind}`, { length: body.length }),
  ]);
  await linesChanged(env, business.id);
  return check;
}
