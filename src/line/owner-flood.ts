import { clockTime, localeOf } from "../rules/display";
import { FOLDED_CODE, foldUntil } from "../rules/owner-digest";
import type { NewText } from "../outbox/new-text";
import { replyTextId } from "./ids";
import type { InboundPlan } from "./inbound-plan";
import type { DigestJob } from "./owner-digest-send";
import { staffCaller } from "./staff-caller";
import type { LineStore } from "./store";
import type { InboundText, LineContext } from "./types";

/**
 * The texts of a caller's message to the owner that only inform (the reply relayed, the voicemail's
 * words, the lead's summary, a lead closed, an opt-out or opt-in): a flood of them is folded. A
 * page, a danger's alert, a stand-down, a relay to whoever took a page, anything about an urgent
 * caller and every answer to the owner's own texts are not among them, and always go at once.
 */
const FOLDABLE = ["relay", "summary", "lost", "opted_out", "opted_in"] as const;

/** The texts of this kind of the owner's that quote the caller's own words. */
const QUOTES_WORDS = "relay";

/**
 * The owner's flood guard on a caller's message (rules/owner-digest.ts), synchronously, as part of
 * the decision: each informational text to the owner goes, or past the limit is folded into the
 * owner's digest, held by the line until the window ends (a `digest` pending row). A folded text is
 * written `canceled` with code FOLDED_CODE and the digest's time, so its page says where it went;
 * the owner did not get it, so it makes the caller neither the one the owner's bare reply goes to
 * nor reminded of the shortcuts (the digest notes its callers as it goes: owner-digest-send.ts).
 */
export function foldOwnerTexts(store: LineStore, plan: InboundPlan, msg: InboundText, ctx: LineContext, now: number): InboundPlan {
  const owner = ctx.business.notifyPhone;
  // What answers the business's own people's texts (a shortcut's confirmation, "Which caller?") is never folded.
  if (owner === null || plan.label === "owner" || plan.label === "staff") return plan;
  // Nor anything about an emergency: the caller's next words, or their calling it off (the owner's
  // relay is the stand-down when the owner was the one paged), must reach a phone that may be driving there.
  if (plan.calledOff || plan.urgent !== null || ctx.lead?.urgent === true) return plan;
  const ref = { msg, ctx };
  const foldable = new Map<string, string>(FOLDABLE.map((what) => [replyTextId(ref, what), what]));
  const folded = new Set<string>();
  const texts = plan.texts.map((t) => {
    const what = foldable.get(t.row.id!);
    if (what === undefined || t.row.toPhone !== owner) return t;
    const due = foldUntil(store.flood.sentTimes(owner, now), store.pendingRows.digestDue(owner), now);
    if (due === null) {
      store.flood.noteSent(owner, t.row.id!, now);
      return t;
    }
    if (store.pendingRows.digestDue(owner) === null) holdDigest(store, ctx, owner, due);
    const privateTexts = ctx.business.settings.privateTexts === true;
    const words = what === QUOTES_WORDS && !privateTexts && msg.body.trim() !== "" ? msg.body : null;
    const who = staffCaller(ctx, msg.from, plan.qualify?.lead.name ?? null).who;
    store.flood.fold(owner, t.row.id!, now, { caller: msg.from, who, words });
    folded.add(what);
    return foldedText(t, clockTime(Math.max(due, now), ctx.business.timezone, localeOf(ctx.number.e164)), now);
  });
  if (folded.size === 0) return plan;
  const reachedOwner = texts.some((t) => t.row.toPhone === owner && !isFolded(t));
  return {
    ...plan,
    texts,
    relayedCaller: reachedOwner ? plan.relayedCaller : null,
    relayHintDay: folded.has("relay") ? null : plan.relayHintDay,
  };
}

/** A text the flood guard folded: written, never queued. */
export function isFolded(t: NewText): boolean {
  return t.row.status === "canceled" && t.row.errorCode === FOLDED_CODE;
}

function foldedText(t: NewText, digestAt: string, now: number): NewText {
  return { ...t, row: { ...t.row, status: "canceled", errorCode: FOLDED_CODE, errorMessage: digestAt, updatedAt: now } };
}

/** The owner's digest, held until `due`: what it needs to be written then. */
function holdDigest(store: LineStore, ctx: LineContext, owner: string, due: number): void {
  const job: DigestJob = {
    businessId: ctx.business.id,
    numberId: ctx.number.id,
    from: ctx.number.e164,
    publicBaseUrl: ctx.publicBaseUrl,
    ...(ctx.business.settings.privateTexts ? { privateTexts: true as const } : {}),
  };
  const messageId = `m_${ctx.number.id}_digest_${due}`;
  store.pendingRows.putPending([{ message_id: messageId, kind: "digest", phone: owner, due, timezone: ctx.business.timezone, job: JSON.stringify(job) }]);
}
