import { formatPhone } from "../rules/display";
import { callerWho, conversationLink, shortName, type CallerOnPhone } from "../rules/staff-texts";
import type { LineContext } from "./types";

/** A caller as this line's texts to the business's own phones speak of them. */
export interface StaffCaller extends CallerOnPhone {
  /** The conversation on the admin page when the business keeps callers' words off its phones (settings.privateTexts); null: the texts quote them. */
  link: string | null;
}

/**
 * The caller named as the business knows them: its contact's name first (the business chose it),
 * else the name they gave just now (`given`), else their lead's. Pure.
 */
export function staffCaller(ctx: Pick<LineContext, "business" | "contact" | "lead" | "publicBaseUrl">, phone: string, given: string | null = null): StaffCaller {
  const name = shortName(ctx.contact?.name) ?? shortName(given) ?? shortName(ctx.lead?.name);
  const link = ctx.business.settings.privateTexts ? conversationLink(ctx.publicBaseUrl, ctx.business.id, phone) : null;
  return { ...callerWho(formatPhone(phone), name), link };
}
