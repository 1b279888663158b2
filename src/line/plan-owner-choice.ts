import { withBody, type NewText } from "../outbox/new-text";
import { chosenCaller, heldDroppedNote, heldDroppedText, whichCallerByNumber, withNote, type HeldReply } from "../rules/owner-choice";
import { replyTextId } from "./ids";
import type { InboundPlan, InboundPlanInput } from "./inbound-plan";
import type { OwnerReply, Send, StaffPlan } from "./plan-staff-answers";

/** Plans one of the owner's texts as before (plan-staff.ts), `over` changing what it meets. */
export type PlanOwnerReply = (addressed: OwnerReply, over?: Partial<InboundPlanInput>) => InboundPlan;

/**
 * The owner's text when it is not clear which caller it is for (rules/owner-choice.ts): two or more
 * callers reached their phone in the last 10 minutes and it names none. A number picks the caller
 * of the text held for that choice, and the held text goes as if it had named them ("+1… On our
 * way", "+1… W 450", "+1… OK"), always confirmed. An answer or a shortcut (OK included) is held
 * and the owner asked; `command` (STOP, START, HELP, OK all) never is. Anything else is planned as
 * before, and drops a text held, saying so in its answer. Pure.
 */
export function planOwnerText(input: InboundPlanInput, send: Send, addressed: OwnerReply, plan: StaffPlan, command: boolean, act: PlanOwnerReply): InboundPlan {
  const { held, reached } = input.ownerChoice;
  const picked = addressed.to ? null : chosenCaller(addressed.text, held);
  // Confirmed even to the caller they answered last: the owner did not see where it would go.
  if (picked && held) return { ...act({ to: picked, text: held.text }, { lastAnsweredCaller: null }), ownerHeld: null };
  const note = held ? heldDroppedNote(held.text) : "";
  if (!addressed.to && !command && reached.length > 1 && addressed.text !== "") {
    send(replyTextId(input, "which"), "command_reply", input.msg.from, withNote(whichCallerByNumber(reached), note));
    const ownerHeld = { text: addressed.text, at: input.now, choices: [...reached] };
    return { ...plan, decision: "owner:which_caller", ownerHeld, ...(note ? { answerNote: note } : {}) };
  }
  const planned = act(addressed);
  return held ? droppingHeld(planned, input, send, held) : planned;
}

const noted = (text: NewText, note: string) => withBody(text, withNote(text.row.body, note));

/** A plan whose text dropped the one held: its answer to the owner says so (or a note alone when it has none). */
function droppingHeld(planned: InboundPlan, input: InboundPlanInput, send: Send, held: HeldReply): InboundPlan {
  const note = heldDroppedNote(held.text);
  const { lead } = planned;
  const dropped = { ownerHeld: null, answerNote: note };
  // A shortcut's answer is one of two, as its lead turns out (record-inbound.ts).
  if (lead?.does === "command") return { ...planned, ...dropped, lead: { ...lead, reply: { applied: noted(lead.reply.applied, note), none: noted(lead.reply.none, note) } } };
  const answer = planned.texts.findIndex((t) => t.row.toPhone === input.msg.from);
  if (answer >= 0) planned.texts[answer] = noted(planned.texts[answer]!, note);
  else send(replyTextId(input, "held"), "command_reply", input.msg.from, heldDroppedText(held.text));
  return { ...planned, ...dropped };
}
