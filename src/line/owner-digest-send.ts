import { messages } from "../db/schema";
import { insertRow } from "../db/statements";
import type { Env } from "../env";
import { newText } from "../outbox/new-text";
import { clockTime, localeOf } from "../rules/display";
import { digestText } from "../rules/owner-digest";
import type { LineStore, PendingRow } from "./store";

/** What a held digest needs to be written when it goes (its pending row's `job`). */
export interface DigestJob {
  businessId: string;
  numberId: string;
  /** The business number it goes from. */
  from: string;
  publicBaseUrl: string;
  /** The business keeps callers' words off its phones (absent: it does not). */
  privateTexts?: true;
}

/**
 * A business phone's digest, at the end of its window: the texts folded for it, in one text written
 * to D1 and queued. The owner has now heard from each of its callers, so their bare reply is no
 * longer "to the last caller" (rules/owner-choice.ts asks which). A digest that could not be
 * written or queued puts its texts back and throws, so the alarm tries again; the row's id makes
 * it one text however often.
 */
export async function sendDigest(store: LineStore, env: Pick<Env, "DB" | "SMS_OUT">, p: PendingRow, now: number): Promise<void> {
  const job = JSON.parse(p.job) as DigestJob;
  const taken = store.flood.takeFolded(p.phone, now);
  if (taken.texts.length === 0 || taken.firstAt === null) return;
  const locale = localeOf(job.from);
  const inbox = `${job.publicBaseUrl.replace(/\/$/, "")}/admin/businesses/${encodeURIComponent(job.businessId)}/conversations`;
  const body = digestText(taken.texts, { since: clockTime(taken.firstAt, p.timezone, locale), inbox, privateTexts: job.privateTexts === true });
  const text = newText({ id: p.message_id, businessId: job.businessId, numberId: job.numberId, kind: "digest", from: job.from, to: p.phone, body, now, publicBaseUrl: job.publicBaseUrl });
  try {
    await insertRow(env.DB, messages, text.row, "ON CONFLICT DO NOTHING").run();
    await env.SMS_OUT.send(text.job);
  } catch (e) {
    store.flood.restore(p.phone, taken);
    throw e;
  }
  store.transaction(() => {
    for (const t of taken.texts) store.noteOwnerCaller(t.caller, "relay", now);
  });
}
