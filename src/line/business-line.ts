import { DurableObject } from "cloudflare:workers";
import type { Env } from "../env";
import { classifyOutcome, withProgress } from "../rules/outcome";
import { localTime } from "../rules/schedule";
import { PendingTexts } from "./pending";
import { callEventId, planCall } from "./plan-call";
import { planInboundText } from "./plan-inbound";
import { plannedDecision, recordContext, type LineParts } from "./record-call";
import { takeInbound } from "./record-inbound";
import { LineStore, type Reservation } from "./store";
import { tookTexts, writeTookTexts, type TookOnAdmin } from "./page-took";
import { factsOfChoices, fromStaff, lastShortcutOf, ledgerOfCandidates, ownerChoiceInput, pageInput, senderCallers, targetConsent } from "./staff-input";
import { keepUnrecorded, recordOrDefer, retryUnrecorded } from "./unrecorded";
import type { CallEvent, InboundResult, InboundText, LineContext, LineDecision } from "./types";
import { fromWire, type WireContext } from "./wire-context";
import type { StopReason } from "../vocabulary";

const NOT_FINAL: LineDecision = { final: false, duplicate: false, callId: null, outcome: null, decision: null, explanation: null, messageId: null };

/**
 * One per business number (`idFromName(e164)`): the only place that decides about calls to that
 * number, so "have we seen this call?", "was this caller texted recently?" and "how many texts today?"
 * are answered against one serialised SQLite, never against a racing read of D1.
 *
 * The invariant: every check-then-write happens synchronously, before the first `await`. RPCs into a
 * Durable Object interleave at any non-storage await (fetch, queue, D1), so a decision made after an
 * await could be made twice by two copies of the same webhook. Planning is pure (plan-call.ts,
 * plan-inbound.ts), the line's storage is store.ts, and the writes to D1 and the queue that follow
 * the decision are record-call.ts (kept until done by unrecorded.ts) and record-inbound.ts.
 */
export class BusinessLine extends DurableObject<Env> {
  /** The alarm's notion of now; tests swap it to land on a chosen local time. */
  clock: () => number = Date.now;
  private readonly store: LineStore;
  private readonly pending: PendingTexts;
  private readonly parts: LineParts;
  /** Call events being decided right now, by event id (see handleCall). */
  private readonly inflight = new Map<string, Promise<LineDecision>>();

  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env);
    // SQL storage is synchronous, so this runs to the end before any call is delivered: no
    // blockConcurrencyWhile.
    this.store = new LineStore(ctx.storage);
    this.pending = new PendingTexts(this.store, ctx.storage, env);
    this.parts = { env, store: this.store, pending: this.pending, waitUntil: (p) => ctx.waitUntil(p) };
    // A line that stopped between deciding and recording (or holding a text) sets its alarm again.
    if (this.store.nextDue() !== null) void ctx.blockConcurrencyWhile(() => this.pending.arm());
  }

  /**
   * An admin change to this number's business (settings, hours, templates, numbers), made through
   * any isolate: from now on a configuration cached before `at` is refused as stale. Kept in the
   * line's storage, so a restarted line still knows.
   */
  async configChanged(at: number): Promise<void> {
    if (at > this.store.configChangedAt) this.store.setConfigChangedAt(at);
  }

  /** Decide about a call event; a duplicate (carrier retry) gets the first answer back. */
  async handleCall(event: CallEvent, wire: WireContext): Promise<LineDecision> {
    const ctx = fromWire(wire);
    // A cached configuration read no later than the business's last change (both on D1's clock) is
    // not decided on; one read for this very request is.
    if (!ctx.config.fresh && ctx.config.loadedAt <= this.store.configChangedAt) return { ...NOT_FINAL, stale: true };
    const eventId = callEventId(event);
    // A carrier retry that arrives while the first delivery is still being handled waits for it and
    // then answers with its decision.
    for (let first = this.inflight.get(eventId); first; first = this.inflight.get(eventId)) await first.catch(() => undefined);
    const attempt = this.decideOnCall(event, ctx, eventId);
    this.inflight.set(eventId, attempt);
    try {
      return await attempt;
    } finally {
      if (this.inflight.get(eventId) === attempt) this.inflight.delete(eventId);
    }
  }

  private async decideOnCall(event: CallEvent, ctx: LineContext, eventId: string): Promise<LineDecision> {
    const facts = event.mergeProgress ? withProgress(event.facts, this.store.progressOf(event.carrierCallId), event.at) : event.facts;
    const outcome = classifyOutcome(facts, ctx.business.settings.minAnsweredSeconds);
    if (!outcome) return NOT_FINAL;
    const seen = this.store.seenEvent(eventId);
    // An AI receptionist answers every call it takes, so the carrier's callback says "answered"; the
    // AI's own "caller hung up on me" is the better witness and may turn that into a miss, once.
    const aiOverrides = seen !== undefined && seen.outcome === "answered" && event.facts.source === "ai" && outcome !== "answered";
    if (aiOverrides) this.store.forgetEvent(eventId);
    else if (seen) {
      const { call_id: callId, decision, explanation, message_id: messageId } = seen;
      return { final: true, duplicate: true, callId, outcome: seen.outcome as LineDecision["outcome"], decision, explanation, messageId };
    }

    // --- synchronous: decide and reserve (no await until the reservation is written) ---
    const now = Date.now();
    // A STOP or START one of the business's people texted to another of its numbers (a VIP's alert).
    this.store.staff.takeNewer(ctx.staffConsent);
    const day = localTime(now, ctx.business.timezone).date;
    // Recorded when the carrier says it ended, never later than we heard of it: a sender's clock ahead
    // of ours (the simulator's compressed ring, a skewed carrier) would date the call after its own
    // text-back. Talk time above is still measured on the carrier's clock, between its own stamps.
    const heard = event.at > now ? { ...event, at: now } : event;
    const answeredName = () => this.store.qualifying(event.from)?.fields.name ?? null;
    const textBackHeld = () => this.store.pendingRows.textBackHeld(event.from);
    const plan = planCall({ event: heard, ctx, outcome, facts, caller: this.store.callerState(event.from, day), now, day, answeredName, textBackHeld });
    this.store.transaction(() => {
      const { callId, code, explanation, messageId } = plan;
      this.store.insertEvent({ id: eventId, callId, outcome, decision: code, explanation, messageId, at: now });
      if (plan.reservation) this.store.reserve(event.from, day, now);
      if (plan.repeatAlert) this.store.noteRepeatAlert(event.from, now);
      this.store.prune(now);
    });
    // An answered call means the business reached this caller: pending texts are moot.
    const canceled = outcome === "answered" ? [...this.pending.take(event.from), ...this.pending.takePages(event.from)] : [];
    const job = { kind: "call", plan, ctx: recordContext(ctx), canceled } as const;
    keepUnrecorded(this.store, job, now);
    // --- asynchronous: record in D1, then enqueue; what they refuse, the alarm carries out later ---
    return (await recordOrDefer(this.parts, job)) ?? plannedDecision(plan);
  }

  /** A text to the business number: see planInboundText. */
  async handleInboundText(msg: InboundText, ctx: LineContext): Promise<InboundResult> {
    const eventId = `sms:${msg.carrierMessageId}`;
    let seen = this.store.seenEvent(eventId);
    if (seen) return { duplicate: true, decision: seen.decision, replyMessageId: seen.message_id };
    // One of the business's people may be answering a caller who opted out through another number
    // or an admin, and the owner may be asked which caller: D1 is asked first, and a copy of this
    // text decided meanwhile is a duplicate.
    const staff = fromStaff(msg, ctx);
    const [ledger, facts] = staff ? await Promise.all([ledgerOfCandidates(this.env.DB, this.store, msg, ctx), factsOfChoices(this.env.DB, this.store, msg, ctx)]) : [{}, {}];
    if (staff && (seen = this.store.seenEvent(eventId))) return { duplicate: true, decision: seen.decision, replyMessageId: seen.message_id };
    // --- synchronous: classify, decide, reserve ---
    const now = Date.now();
    const today = localTime(now, ctx.business.timezone).date;
    this.store.staff.takeNewer(ctx.staffConsent);
    const callers = senderCallers(this.store, msg, ctx);
    const ownerChoice = ownerChoiceInput(this.store, msg, ctx, now, facts);
    const plan = planInboundText({
      msg,
      ctx,
      consent: this.store.consentOf(msg.from),
      ...callers,
      targetConsent: staff ? targetConsent(this.store, msg, callers, ownerChoice, ledger) : {},
      ownerChoice,
      lastShortcut: staff ? lastShortcutOf(this.store, msg) : null,
      ...pageInput(this.store, msg, ctx, now),
      pausedStaff: this.store.staff.paused(),
      lastTextedAt: this.store.lastTextedAt(msg.from),
      qualifying: this.store.qualifying(msg.from),
      warned: this.store.warned(msg.from),
      today,
      remindedToday: this.store.meta("relay_hint_day") === today,
      now,
    });
    const job = { kind: "text", ...takeInbound(this.parts, plan, msg, ctx, now) } as const;
    keepUnrecorded(this.store, job, now);
    // --- asynchronous: what D1 or the queue refuses, the alarm carries out later ---
    await recordOrDefer(this.parts, job);
    return { duplicate: false, decision: plan.decision, replyMessageId: plan.texts[0]?.row.id ?? null };
  }

  /**
   * The outbox found that D1 would not take a written-behind text (the caller is a contact not to
   * text, opted out or cannot receive texts; see consumeOutbound): the call's event says so from
   * now on, and the text's cooldown and daily-cap reservation is given back. Idempotent: a later
   * report changes nothing. Answers the business's phones that paused Textback's texts (STOP), so
   * a VIP's alert is not sent to one.
   */
  async refuseText(eventId: string, refusal: { decision: string; explanation: string } & Reservation): Promise<string[]> {
    this.store.transaction(() => {
      if (this.store.correctEvent(eventId, refusal.decision, refusal.explanation)) this.store.giveBack(refusal);
    });
    return this.store.staff.paused();
  }

  /** A caller's texts the line holds (a delayed text-back, a follow-up; or the pages held for their emergency) and when each goes out. */
  async heldTexts(phone: string, which: "texts" | "page" = "texts"): Promise<{ messageId: string; due: number }[]> {
    return this.pending.heldFor(phone, which).map((r) => ({ messageId: r.message_id, due: r.due }));
  }

  /** A person cancels a held text: false when it is held no more (it went out, or was canceled). */
  async cancelHeldText(messageId: string): Promise<boolean> {
    return this.pending.cancelOne(messageId);
  }

  /**
   * Automation stopped for this caller for good (a person wrote to them from the admin, their lead
   * was won, lost or booked there): what it stops of theirs is canceled, and the text says why
   * (rules/automation-stops.ts). How many held texts it canceled.
   */
  async stopAutomation(phone: string, reason: StopReason): Promise<number> {
    return this.pending.stopFor(phone, reason);
  }

  /**
   * A person took this caller's urgent page on the admin page, after D1 recorded it (admin/page-take.ts):
   * the pages held for escalation are canceled, so nobody else is paged. Whoever was paged keeps the
   * page in mind, so their late OK is told who took it (record-ack.ts), and (`took`) is told now,
   * once: only while this line's record says nobody had taken it. A taker on call holds it as if by
   * their OK: the caller's texts and a new danger reach their phone (plan-inbound.ts, plan-urgent.ts).
   * How many pages it canceled.
   */
  async pageTaken(caller: string, took?: TookOnAdmin): Promise<number> {
    const now = Date.now();
    const before = this.store.pages.about(caller, now);
    this.store.pages.taken(caller, took?.phone ?? null, now);
    const told = took && before.taken === null ? tookTexts(caller, before.paged, took, this.store.staff.paused(), now) : [];
    const canceled = await this.pending.pagesTakenFor(caller);
    if (told.length > 0 && took) {
      await writeTookTexts(this.env.DB, told);
      await this.pending.queueOrDefer(told, took.timezone);
    }
    return canceled;
  }

  /** Delayed text-backs and follow-ups come due here (PendingTexts). */
  async alarm(): Promise<void> {
    await retryUnrecorded(this.parts, this.clock());
    await this.pending.sendDue(this.clock());
  }

  /**
   * Remember what happened on a call before it ended (connected, machine answered), for carriers that
   * report it in separate events. Idempotent: a redelivered event writes the same values.
   */
  async noteCallProgress(carrierCallId: string, note: { connectedAt?: number; answeredBy?: string }): Promise<void> {
    this.store.noteProgress(carrierCallId, note, Date.now());
  }
}
