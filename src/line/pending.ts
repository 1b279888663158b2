import { and, eq, inArray } from "drizzle-orm";
import { drizzle } from "drizzle-orm/d1";
import { callerStanding } from "../db/caller-standing";
import { messages } from "../db/schema";
import type { Env } from "../env";
import { log } from "../log";
import type { OutboundTextJob } from "../outbox/jobs";
import { heldTextStop, stopsPages } from "../rules/automation-stops";
import { isInsideQuietHoursWindow, nextAllowedSendTime, recipientZones } from "../rules/quiet-hours";
import type { CancelReason, StopReason } from "../vocabulary";
import { sendDigest } from "./owner-digest-send";
import type { LineStore, PendingKind, PendingRow } from "./store";

/**
 * Texts a line holds until their time (a delayed text-back, a follow-up) or until the queue takes
 * them, and the alarm that sends them. A pending row is claimed (deleted) before the first await,
 * so a reply or STOP that arrives meanwhile cannot also act on it; a failure puts it back.
 */
export class PendingTexts {
  constructor(
    private readonly store: LineStore,
    private readonly storage: DurableObjectStorage,
    private readonly env: Pick<Env, "DB" | "SMS_OUT">,
  ) {}

  schedule(job: OutboundTextJob, kind: PendingKind, phone: string, due: number, timezone: string): void {
    this.store.pendingRows.putPending([{ message_id: job.messageId, kind, phone, due, timezone, job: JSON.stringify(job) }]);
  }

  /** Remove and return this caller's scheduled texts (synchronous: part of a decision). */
  take(phone: string): PendingRow[] {
    return this.store.pendingRows.takePendingOf(phone);
  }

  /** Remove and return the pages still held for this caller's emergency (someone took it). */
  takePages(caller: string): PendingRow[] {
    return this.store.pendingRows.takePendingOf(caller, "page");
  }

  /**
   * Remove and return what automation stopping for this caller cancels (synchronous: part of a
   * decision): their held texts, and the pages held for their emergency once the lead is over.
   */
  stop(phone: string, reason: StopReason): PendingRow[] {
    return [...this.take(phone), ...(stopsPages(reason) ? this.takePages(phone) : [])];
  }

  /**
   * What a shortcut (`W`, `L`, `B`, `BLOCK`) stops, claimed for its event rather than taken
   * (synchronous: part of the decision): neither sent nor canceled until D1 says whether the
   * shortcut changed a lead (endStop). A reply, a STOP or a person's act meanwhile takes them as usual.
   */
  claimStop(phone: string, reason: StopReason, claim: string): PendingRow[] {
    const rows = this.store.pendingRows;
    return [...rows.claimPendingOf(phone, "texts", claim), ...(stopsPages(reason) ? rows.claimPendingOf(phone, "page", claim) : [])];
  }

  /**
   * A shortcut's claim ends: it changed the caller's lead (or blocked them), so what it stopped is
   * canceled, and why; or D1 found no open lead ("Nothing changed"), so what it claimed and still
   * holds goes back to waiting for its time, as if the shortcut had never come.
   */
  async endStop(claim: string, applied: boolean, stopped: PendingRow[], reason: StopReason): Promise<void> {
    const mine = this.store.pendingRows.endClaim(claim, !applied);
    if (applied) await this.markCanceled(stopped, reason);
    else if (mine.length > 0) await this.arm();
  }

  /** The same, for a person's act the line hears of afterwards (BusinessLine.stopAutomation): canceled in D1 with why. */
  async stopFor(phone: string, reason: StopReason): Promise<number> {
    return this.cancelTaken(this.stop(phone, reason), reason);
  }

  /** The pages held for this caller's emergency, canceled: a person took it on the admin page (BusinessLine.pageTaken). */
  async pagesTakenFor(caller: string): Promise<number> {
    return this.cancelTaken(this.takePages(caller), "acknowledged");
  }

  /** Rows already taken from the line, canceled in D1; put back if D1 refuses, so the alarm still decides on them. */
  private async cancelTaken(rows: PendingRow[], reason: CancelReason): Promise<number> {
    if (rows.length === 0) return 0;
    try {
      await this.markCanceled(rows, reason);
    } catch (e) {
      this.restore(rows);
      throw e;
    }
    await this.arm();
    return rows.length;
  }

  restore(rows: PendingRow[]): void {
    this.store.pendingRows.putPending(rows);
  }

  drop(...messageIds: string[]): void {
    this.store.pendingRows.deletePending(...messageIds);
  }

  /** The alarm at the earliest due text, or none. */
  async arm(): Promise<void> {
    const next = this.store.nextDue();
    if (next === null) await this.storage.deleteAlarm();
    else await this.storage.setAlarm(next);
  }

  /** Send what is due at `now`; a failure puts the text back and throws, so the runtime retries the alarm. */
  async sendDue(now: number): Promise<void> {
    for (const p of this.store.pendingRows.pendingDue(now)) {
      if (p.kind === "follow_up") {
        // Follow-ups are marketing-adjacent: only inside the caller's quiet-hours window.
        const zones = recipientZones(p.phone, p.timezone);
        if (!isInsideQuietHoursWindow(now, zones)) {
          this.store.pendingRows.postpone(p.message_id, nextAllowedSendTime(now, zones) ?? now + 3_600_000);
          continue;
        }
      }
      this.store.pendingRows.deletePending(p.message_id);
      try {
        await this.sendOne(p, now);
      } catch (e) {
        this.restore([p]);
        await this.arm();
        throw e;
      }
    }
    await this.arm();
  }

  private async sendOne(p: PendingRow, now: number): Promise<void> {
    if (p.kind === "digest") return sendDigest(this.store, this.env, p, now);
    const job = JSON.parse(p.job) as OutboundTextJob;
    if (p.kind === "queue") {
      // Its row is already `queued`; the outbox sends a row once, however often it is queued.
      await this.env.SMS_OUT.send(job);
      return;
    }
    // A person's act the line was not told of (a booking, a contact blocked, a change it could not
    // be reached for) still stops it: the caller's standing is read now.
    const stop = heldTextStop(p.kind, await callerStanding(this.env.DB, job.businessId, p.phone));
    if (stop) {
      await this.markCanceled([p], stop);
      return;
    }
    const queued = await drizzle(this.env.DB)
      .update(messages)
      .set({ status: "queued", updatedAt: Date.now() })
      .where(and(eq(messages.id, p.message_id), eq(messages.status, "scheduled")))
      .returning({ to: messages.toPhone });
    if (queued.length === 0) return;
    await this.env.SMS_OUT.send(job);
    // An escalated page: its OK now takes this caller's emergency, and a paged owner's answer goes to them.
    if (p.kind === "page") {
      const to = queued[0]!.to;
      this.store.notePage(to, p.phone, Date.now());
      if (to === this.store.meta("owner_phone")) this.store.noteOwnerCaller(p.phone, "page");
    }
  }

  /**
   * Queue texts whose rows D1 has just written. If the queue refuses them, the message is still
   * handled (its rows and the caller's consent are written): a carrier's redelivery would be planned
   * against that new consent (no confirmation for a STOP already recorded), so the alarm queues them
   * instead, as `queue` entries that no later message cancels.
   */
  async queueOrDefer(texts: { row: { toPhone: string }; job: OutboundTextJob }[], timezone: string): Promise<void> {
    try {
      await this.env.SMS_OUT.sendBatch(texts.map((t) => ({ body: t.job })));
    } catch (e) {
      log.warn("line.queue_deferred", { texts: texts.length, error: String(e) });
      const now = Date.now();
      for (const t of texts) this.schedule(t.job, "queue", t.row.toPhone, now, timezone);
      await this.arm();
    }
  }

  /** This caller's held texts (or the pages held for their emergency) and when each goes out. */
  heldFor(phone: string, which: "texts" | "page" = "texts"): { message_id: string; due: number }[] {
    return this.store.pendingRows.heldFor(phone, which);
  }

  /** Cancel one held text by hand: taken before any await, so the alarm cannot send it meanwhile. */
  async cancelOne(messageId: string): Promise<boolean> {
    const row = this.store.pendingRows.takeHeld(messageId);
    if (!row) return false;
    try {
      await this.markCanceled([row], "admin");
    } catch (e) {
      this.restore([row]);
      throw e;
    }
    await this.arm();
    return true;
  }

  /** The D1 rows of texts taken from the line: canceled, and why (the pages put it in words: rules/text-fate.ts). */
  async markCanceled(rows: PendingRow[], reason: CancelReason): Promise<void> {
    await drizzle(this.env.DB)
      .update(messages)
      .set({ status: "canceled", errorCode: reason, updatedAt: Date.now() })
      .where(and(inArray(messages.id, rows.map((r) => r.message_id)), eq(messages.status, "scheduled")));
  }
}
