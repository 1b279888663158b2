import { withBody, type NewText } from "../outbox/new-text";
import { whichCallerQuestion } from "../rules/choice-question";
import { formatPhone } from "../rules/display";
import { chosenCaller, clearCaller, heldDroppedNote, heldDroppedText, pickChoices, withNote, type HeldReply } from "../rules/owner-choice";
import { nearMiss } from "../rules/shortcut-like";
import { isAcknowledgement } from "../rules/triage";
import { WORDS_ONLY_NOTE } from "../rules/media";
import { replyTextId } from "./ids";
import type { InboundPlan, InboundPlanInput } from "./inbound-plan";
import type { OwnerReply, Send, StaffPlan } from "./plan-staff-answers";

/** Plans one of the owner's texts as before (plan-staff.ts), `over` changing what it meets. */
export type PlanOwnerReply = (addressed: OwnerReply, over?: Partial<InboundPlanInput>) => InboundPlan;

/**
 * Where the owner's unaddressed text goes: an OK to the page it takes (as if it named the caller),
 * the question, or to a caller as the one the owner dealt with last (`answers`), or as before.
 */
type Route = { page: string } | { ask: { choices: string[]; more: number } } | { answers: string } | null;

/** A yes answers a question as often as it takes a page: after a newer relay it answers that (a bare OK or 1 still takes the page). */
const YES = /^\s*(?:yes|y|yep)\s*[.!]*\s*$/i;

/**
 * The owner's text when it names no caller (rules/owner-choice.ts). A number picks the caller of
 * the text held for that choice, and the held text goes as if it had named them ("+1… On our way",
 * "+1… W 450", "+1… OK"), always confirmed. An OK takes the one page open (a yes only while no
 * relay came after the page); with two or more open, the owner is asked which. An answer or a shortcut goes to the caller the owner dealt with alone
 * in the last 2 minutes, or the one caller left to offer; with two or more to offer it is held and
 * the owner asked. `command` (STOP, START, HELP, OK all, UNDO) and a text that only looks like a
 * shortcut never are. Anything else is planned as before, and drops a text held, saying so in its
 * answer. Pure.
 */
export function planOwnerText(input: InboundPlanInput, send: Send, addressed: OwnerReply, plan: StaffPlan, command: boolean, act: PlanOwnerReply): InboundPlan {
  const { held } = input.ownerChoice;
  const picked = addressed.to ? null : chosenCaller(addressed.text, held);
  // Confirmed even to the caller they answered last: the owner did not see where it would go.
  if (picked && held) return { ...act({ to: picked, text: held.text }, { lastAnsweredCaller: null }), ownerHeld: null };
  const note = held ? heldDroppedNote(held.text) : "";
  const route = addressed.to || command || addressed.text === "" ? null : ownerRoute(input, addressed.text);
  if (route && "ask" in route) {
    const { choices, more } = route.ask;
    const callers = input.ownerChoice.callers ?? {};
    const question = whichCallerQuestion(choices.map((c) => ({ phone: formatPhone(c), hint: callers[c]?.hint ?? null })), more);
    // The held words go alone once the owner picks: they hear of their photos now, while they can still send them.
    const photos = (input.msg.media?.length ?? 0) > 0 ? WORDS_ONLY_NOTE : "";
    send(replyTextId(input, "which"), "command_reply", input.msg.from, withNote(question, `${note}${photos}`));
    const ownerHeld = { text: addressed.text, at: input.now, choices, ...(more > 0 ? { more } : {}) };
    return { ...plan, decision: "owner:which_caller", ownerHeld, ...(note ? { answerNote: note } : {}) };
  }
  const planned = !route
    ? act(addressed)
    : "page" in route
      ? act({ to: route.page, text: addressed.text })
      : act(addressed, { lastRelayedCaller: route.answers, ownerLastCaller: route.answers });
  return held ? droppingHeld(planned, input, send, held) : planned;
}

/**
 * Where an unaddressed text of the owner's goes. Only callers the business may offer count
 * (not blocked, lead open, page not taken by another phone: InboundPlanInput.ownerChoice.callers).
 */
function ownerRoute(input: InboundPlanInput, text: string): Route {
  const { reached, lastAct = null, callers = {} } = input.ownerChoice;
  const offerable = (caller: string) => callers[caller]?.offer !== false;
  if (isAcknowledgement(text) && !(YES.test(text) && input.pagedCaller === null)) {
    const pages = input.openPages.filter(offerable);
    if (pages.length === 1) return { page: pages[0]! };
    if (pages.length > 1) return { ask: pickChoices([...pages].reverse(), pages) };
  }
  const offered = reached.filter((r) => offerable(r.caller));
  const clear = clearCaller(offered, lastAct, input.now);
  // Not sent to anyone: its answer names whom it would have gone to.
  if (nearMiss(text, false) !== null) return clear ? { answers: clear } : null;
  if (clear) return { answers: clear };
  if (offered.length === 1 && reached.length > 1) return { answers: offered[0]!.caller };
  if (offered.length < 2) return null;
  const newestFirst = [...offered].sort((a, b) => b.at - a.at).map((r) => r.caller);
  return { ask: pickChoices(offered.map((r) => r.caller), newestFirst) };
}

const noted = (text: NewText, note: string) => withBody(text, withNote(text.row.body, note));

/** A plan whose text dropped the one held: its answer to the owner says so (or a note alone when it has none). */
function droppingHeld(planned: InboundPlan, input: InboundPlanInput, send: Send, held: HeldReply): InboundPlan {
  const note = heldDroppedNote(held.text);
  const { lead } = planned;
  const dropped = { ownerHeld: null, answerNote: note };
  // A shortcut's (or UNDO's) answer is one of two, as its lead turns out (record-inbound.ts).
  if (lead?.does === "command" || lead?.does === "undo") {
    const reply = { applied: noted(lead.reply.applied, note), none: noted(lead.reply.none, note) };
    return { ...planned, ...dropped, lead: { ...lead, reply } };
  }
  const answer = planned.texts.findIndex((t) => t.row.toPhone === input.msg.from);
  if (answer >= 0) planned.texts[answer] = noted(planned.texts[answer]!, note);
  else send(replyTextId(input, "held"), "command_reply", input.msg.from, heldDroppedText(held.text));
  return { ...planned, ...dropped };
}
