/**
 * What a line reads for a text from the business's own people (the owner, an on-call person)
 * beyond the webhook's context: whom the sender dealt with last, and whether the callers their
 * text may go to opted out, by the line's own record or D1's ledger (a STOP to another of the
 * business's numbers, an admin's opt-out).
 */
import { consentOfPhones, type ConsentRecord } from "../db/consent";
import { log } from "../log";
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

/**
 * What the owner's text meets (rules/owner-choice.ts): the callers who reached their phone lately,
 * and the text held for their choice. Nothing for anyone else's text.
 */
export function ownerChoiceInput(store: LineStore, msg: InboundText, ctx: LineContext, now: number): InboundPlanInput["ownerChoice"] {
  if (msg.from !== ctx.business.notifyPhone) return { reached: [], held: null };
  return { reached: store.owner.recent(now), held: store.owner.held(now) };
}

/** Whom the text may go to: the caller it names, the one the sender dealt with last, and the one it picks for a held text. */
function candidates(msg: InboundText, callers: SenderCallers, choice: InboundPlanInput["ownerChoice"]): string[] {
  const picked = chosenCaller(msg.body, choice.held);
  return [...new Set([parseOwnerReply(msg.body).to, callers.lastRelayedCaller, picked].filter((p): p is string => p !== null))];
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
