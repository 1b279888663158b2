/**
 * A caller who calls off their own request ("nvm found my spare key": rules/extract/no-longer-needed.ts),
 * as the line plans it (DESIGN.md §6.2, §6.3): their words answer no question and name nobody, the
 * questions stop, the pages held for escalation are canceled, and everyone already paged about them
 * hears they need no help, so nobody drives out. The lead's status stays (a person closes a lead:
 * §6.1); its timeline says what the caller said. Pure.
 */
import { replyTextId } from "./ids";
import { textSender, type InboundPlanInput } from "./inbound-plan";
import { saysNoLongerNeeded } from "../rules/extract/no-longer-needed";
import { namingCaller } from "../rules/staff-texts";
import { triage } from "../rules/triage";
import { staffCaller } from "./staff-caller";
import type { Qualifying } from "./store";

/**
 * Whether this caller's reply calls off their request: they have an open lead, their words say so,
 * and name no emergency or danger of the business's ("nvm got in, but I smell gas" still gets "call 911").
 */
export function callsOff({ msg, ctx }: InboundPlanInput): boolean {
  if (!ctx.lead || !saysNoLongerNeeded(msg.body)) return false;
  return triage(msg.body, ctx.business.settings.urgent) === null;
}

/** What the owner's relay adds: what automation did with it. */
export const CALLED_OFF_NOTE = "\n(They say they no longer need help: we asked them nothing more and stood down any page.)";

/** The stand-down to a paged person: no caller's words, so it is the same for a private business. */
export const standDownText = (who: string) => `Textback: ${who} says they no longer need help. No need to go; reply to text them.`;

/**
 * The stand-down texts: to whoever took the caller's page, else everyone paged so far; never the
 * owner (`owner`: their relay says it) nor a phone that texted STOP. Whom they went to.
 */
export function standDown(input: InboundPlanInput, send: ReturnType<typeof textSender>, owner: string | null): string[] {
  const { ctx, msg, callerPages, pausedStaff } = input;
  const taken = callerPages.taken?.by ?? null;
  const paged = taken ? [taken] : callerPages.paged;
  const to = [...new Set(paged)].filter((p) => p !== owner && p !== ctx.business.notifyPhone && !pausedStaff.includes(p));
  const body = namingCaller(staffCaller(ctx, msg.from), standDownText);
  to.forEach((phone, i) => send(replyTextId(input, `stand_down_${i}`), "relay", phone, body));
  return to;
}

/** The questions over for this lead: no more are asked, whatever the caller texts next. */
export function questionsOver({ ctx, qualifying }: InboundPlanInput): Qualifying | undefined {
  if (qualifying && qualifying.leadId === ctx.lead?.id) return { ...qualifying, done: true };
  return ctx.lead ? { leadId: ctx.lead.id, fields: {}, asked: null, done: true, missed: [] } : undefined;
}
