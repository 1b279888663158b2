/**
 * What a line reads for a text from the business's own people (the owner, an on-call person)
 * beyond the webhook's context: whom the sender dealt with last, and whether the callers their
 * text may go to opted out, by the line's own record or D1's ledger (a STOP to another of the
 * business's numbers, an admin's opt-out).
 */
import { choiceFacts } from "../db/caller-choices";
import { consentOfPhones, type ConsentRecord } from "../db/consent";
import { log } from "../log";
import { callerChoice, type ChoiceFacts } from "../rules/choice-question";
import { parseOwnerReply } from "../rules/inbound";
import { chosenCaller } from "../rules/owner-choice";
import { staffPhones } from "../rules/outbound-guard";
import { newestConsent, type PhoneConsent } from "../rules/staff-consent";
import type { InboundPlanInput } from "./inbound-plan";
import type { SenderCallers } from "./staff-records";
import type { LineStore } from "./store";
import type { InboundText, LineContext } from "./types";

/** One of the business's own phones: the owner's or an on-call one. */
export function fromStaff(msg: InboundText, ctx: LineContext): boolean {
  return staffPhones(ctx.business.notifyPhone, ctx.business.settings).includes(msg.from);
}

/** The callers the sender dealt with last: an on-call person's own, else the owner's. */
export function senderCallers(store: LineStore, msg: InboundText, ctx: LineContext): SenderCallers {
  const onCallOnly = msg.from !== ctx.business.notifyPhone && fromStaff(msg, ctx);
  return onCallOnly ? store.staff.callers(msg.from) : store.ownerCallers();
}

const isOwner = (msg: InboundText, ctx: LineContext) => msg.from === ctx.business.notifyPhone;

/**
 * What the owner's text meets (rules/owner-choice.ts): the callers who reached their phone lately,
 * the text held for their choice, their own last act with a caller, and (`facts`: read from D1
 * before the line decides) which callers may be offered and how each is told apart. A caller whose
 * urgent page another phone took is never offered. Nothing for anyone else's text.
 */
export function ownerChoiceInput(store: LineStore, msg: InboundText, ctx: LineContext, now: number, facts: Readonly<Record<string, ChoiceFacts>> = {}): InboundPlanInput["ownerChoice"] {
  if (!isOwner(msg, ctx)) return { reached: [], held: null };
  const owner = msg.from;
  const reached = store.owner.recent(now);
  const privateTexts = ctx.business.settings.privateTexts;
  const callers = Object.fromEntries(
    [...new Set([...reached.map((r) => r.caller), ...store.pages.openOf(owner, now)])].map((caller) => {
      const by = store.pages.about(caller, now).taken?.by ?? null;
      return [caller, callerChoice(facts[caller], by !== null && by !== owner, privateTexts)];
    }),
  );
  return { reached, held: store.owner.held(now), lastAct: store.owner.lastAct(), callers };
}

/** The callers the owner's unaddressed text may be asked about, when two or more may: the callers who reached them lately and their open pages. */
function choiceCandidates(store: LineStore, msg: InboundText, ctx: LineContext, now: number): string[] {
  if (!isOwner(msg, ctx) || parseOwnerReply(msg.body).to !== null) return [];
  const callers = [...new Set([...store.owner.recent(now).map((r) => r.caller), ...store.pages.openOf(msg.from, now)])];
  return callers.length > 1 ? callers : [];
}

/** What D1 knows of the callers the owner's text may be asked about, read before the line decides; without D1 each is offered by number. */
export async function factsOfChoices(d1: D1Database, store: LineStore, msg: InboundText, ctx: LineContext): Promise<Record<string, ChoiceFacts>> {
  const phones = choiceCandidates(store, msg, ctx, Date.now());
  if (phones.length === 0) return {};
  try {
    return await choiceFacts(d1, ctx.business.id, phones);
  } catch (e) {
    log.warn("line.choice_facts_read_failed", { businessId: ctx.business.id, error: String(e) });
    return {};
  }
}

/** The sender's last shortcut not taken back, for UNDO. */
export const lastShortcutOf = (store: LineStore, msg: InboundText) => store.staff.lastShortcut(msg.from);

/** Whom the text may go to: the caller it names, the one the sender dealt with last, the one it picks for a held text, and (the owner's) every caller it may be routed to. */
function candidates(msg: InboundText, callers: SenderCallers, choice: InboundPlanInput["ownerChoice"]): string[] {
  const picked = chosenCaller(msg.body, choice.held);
  const routed = [...choice.reached.map((r) => r.caller), ...(choice.lastAct ? [choice.lastAct.caller] : [])];
  return [...new Set([parseOwnerReply(msg.body).to, callers.lastRelayedCaller, picked, ...routed].filter((p): p is string => p !== null))];
}

/**
 * D1's newest opt-out/opt-in of whom the text may go to, read before the line decides. Without D1
 * the line decides on its own records (the outbox checks again before sending).
 */
export async function ledgerOfCandidates(d1: D1Database, store: LineStore, msg: InboundText, ctx: LineContext): Promise<Record<string, ConsentRecord>> {
  try {
    return await consentOfPhones(d1, ctx.business.id, candidates(msg, senderCallers(store, msg, ctx), ownerChoiceInput(store, msg, ctx, Date.now())));
  } catch (e) {
    log.warn("line.consent_read_failed", { businessId: ctx.business.id, error: String(e) });
    return {};
  }
}

/** The newer of the line's record and D1's for each caller the text may go to (read again after the await: the sender's callers may have moved). */
export function targetConsent(
  store: LineStore,
  msg: InboundText,
  callers: SenderCallers,
  choice: InboundPlanInput["ownerChoice"],
  ledger: Readonly<Record<string, ConsentRecord>>,
): Record<string, PhoneConsent> {
  const consent: Record<string, PhoneConsent> = {};
  for (const phone of candidates(msg, callers, choice)) {
    const newest = newestConsent(store.consentOf(phone), ledger[phone]);
    if (newest) consent[phone] = newest;
  }
  return consent;
}

/**
 * The pages a text is about (PageRecords): for one of the business's phones, the page a bare OK is
 * about (the owner's only while a page is the newest text they got: after a newer relay, even from
 * the same caller, an OK or a Yes answers it), every page "+14155552671 OK" may name, and the
 * sender's own still open; for a caller, the pages about their emergency.
 */
export function pageInput(store: LineStore, msg: InboundText, ctx: LineContext, now: number): Pick<InboundPlanInput, "pagedCaller" | "pagedCallers" | "openPages" | "pagesToTake" | "callerPages" | "pagedAbout"> {
  const staff = staffPhones(ctx.business.notifyPhone, ctx.business.settings);
  if (!staff.includes(msg.from)) return { pagedCaller: null, pagedCallers: [], openPages: [], pagesToTake: [], callerPages: store.pages.about(msg.from, now) };
  const relayNewer = msg.from === ctx.business.notifyPhone && store.meta("owner_newest") === "relay";
  const pagedCallers = store.pages.callers(staff, now);
  return {
    pagedCaller: relayNewer ? null : store.pages.newest(msg.from, now),
    pagedCallers,
    pagedAbout: Object.fromEntries(pagedCallers.map((caller) => [caller, store.pages.about(caller, now).paged])),
    openPages: store.pages.openOf(msg.from, now),
    pagesToTake: store.pages.notTakenBy(msg.from, now),
    callerPages: { paged: [], taken: null },
  };
}
