/**
 * Texts: a business's messages, texts an admin writes by hand (a reply, a test of a number) and
 * dead letters sent again. Sending only queues an outbox job; the outbox sends.
 */
import { and, desc, eq, or } from "drizzle-orm";
import { drizzle } from "drizzle-orm/d1";
import { HTTPException } from "hono/http-exception";
import { messages, type MessageRow } from "../db/schema";
import type { Env } from "../env";
import { newText } from "../outbox/new-text";
import { log } from "../log";
import type { OutboundTextJob } from "../outbox/jobs";
import { currentActedBy } from "./actor";
import { audit } from "./audit";
import { callsFrom } from "./calls";
import { isOptedOut } from "./consent";
import { newId, type Db } from "./db";
import { olderThan, type ListCursor } from "./list-cursor";
import { listNumbers } from "./numbers";
import type { MessageStatus } from "../vocabulary";
import { humanReplyLeadWrites } from "../leads/record";
import { asStatement } from "../db/statements";
import { refuseGuardedText } from "./outbound-check";
import { automationStopped } from "../line/automation-stopped";

/** Texts an admin sends by hand: a reply in a conversation, or a check that a number works. */
export type AdminTextKind = "manual" | "test";

/** Longest body we accept from an admin; the carrier refuses more (Twilio 21617). */
export const MAX_TEXT_LENGTH = 1600;

/** Messages of a business, newest first, optionally of one status (e.g. `dead`), `after` a page's last message. */
export function listMessages(db: Db, businessId: string, opts: { status?: MessageStatus; limit: number; after?: ListCursor }) {
  return db
    .select()
    .from(messages)
    .where(
      and(
        eq(messages.businessId, businessId),
        opts.status ? eq(messages.status, opts.status) : undefined,
        opts.after ? olderThan(messages.createdAt, messages.id, opts.after) : undefined,
      ),
    )
    .orderBy(desc(messages.createdAt), desc(messages.id))
    .limit(opts.limit);
}

/** The texts between a business and one person, either way, newest first. */
export function textsWith(db: Db, businessId: string, phone: string, limit: number) {
  return db
    .select()
    .from(messages)
    .where(and(eq(messages.businessId, businessId), or(eq(messages.toPhone, phone), eq(messages.fromPhone, phone))))
    .orderBy(desc(messages.createdAt))
    .limit(limit);
}

/**
 * The number to text `to` from: the one named, else the number this person last called or was
 * texted from (so the reply lands in the same thread on their phone), else the business's first.
 */
async function senderNumber(db: Db, businessId: string, to: string, fromE164: string | undefined) {
  const own = await listNumbers(db, businessId);
  if (own.length === 0) throw new HTTPException(409, { message: "this business has no phone number to text from; add one first" });
  if (fromE164) {
    const named = own.find((n) => n.e164 === fromE164);
    if (!named) throw new HTTPException(400, { message: `from: ${fromE164} is not one of this business's numbers` });
    return named;
  }
  const [[call], [text]] = await db.batch([callsFrom(db, businessId, to, 1), textsWith(db, businessId, to, 1)]);
  // The newer of the two; a call wins a tie.
  const recent = !text || (call && call.at >= text.createdAt) ? call?.numberId : text.numberId;
  return own.find((n) => n.id === recent) ?? own[0]!;
}

/** A body an admin wrote, trimmed; 400 when it is empty or longer than a carrier takes. */
function adminTextBody(raw: string): string {
  const body = raw.trim();
  if (body === "") throw new HTTPException(400, { message: "body: write the text to send" });
  if (body.length > MAX_TEXT_LENGTH) {
    throw new HTTPException(400, { message: `body: at most ${MAX_TEXT_LENGTH} characters (this is ${body.length})` });
  }
  return body;
}

/**
 * Queue a text an admin wrote, from one of the business's numbers, recorded as kind `manual` or
 * `test`. Refused (409) when the recipient opted out, and when the cost guard would refuse it (400
 * for the number, 409 at the business's daily cap); the outbox checks both again at send time.
 * `requestKey` makes a double submit send once: the message id is derived from it.
 */
export async function sendAdminText(
  env: Pick<Env, "DB" | "SMS_OUT" | "LINE">,
  args: {
    businessId: string;
    to: string;
    body: string;
    kind: AdminTextKind;
    publicBaseUrl: string;
    fromE164?: string;
    requestKey?: string;
  },
): Promise<{ message: MessageRow; duplicate: boolean }> {
  const db = drizzle(env.DB);
  const body = adminTextBody(args.body);
  if (await isOptedOut(env.DB, args.businessId, args.to)) {
    throw new HTTPException(409, { message: `${args.to} opted out of texts from this business; it cannot be texted until they text START` });
  }
  await refuseGuardedText(env.DB, { businessId: args.businessId, to: args.to, kind: args.kind, now: Date.now() });
  const from = await senderNumber(db, args.businessId, args.to, args.fromE164);
  const id = args.requestKey ? `m_admin_${args.businessId}_${args.requestKey}` : newId("m_admin");
  const text = newText({
    id,
    businessId: args.businessId,
    numberId: from.id,
    kind: args.kind,
    from: from.e164,
    to: args.to,
    body,
    now: Date.now(),
    publicBaseUrl: args.publicBaseUrl,
  });
  // Who wrote it stays with it: the conversation and the lead name them.
  const by = currentActedBy();
  // A person writing to a caller hands their lead over: automation asks nothing more.
  const lead = args.kind === "manual" ? humanReplyLeadWrites(env.DB, { businessId: args.businessId, phone: args.to, messageId: id, at: text.row.createdAt, by }) : null;
  const [inserted] = await env.DB.batch([
    asStatement(env.DB, db.insert(messages).values({ ...text.row, actedBy: by }).onConflictDoNothing()),
    // Who and which kind, never the body: texts are personal data and the audit log is kept longer.
    asStatement(env.DB, audit(db, `message.${args.kind}`, "message", id, { to: args.to, from: from.e164 })),
    ...(lead?.statements ?? []),
  ]);
  const message = await findMessage(db, id);
  if (inserted!.meta.changes === 0) return { message, duplicate: true };
  await enqueueOrBury(env, db, id, text.job);
  // A person answered: the caller's follow-up and any text-back still held would talk over them.
  if (args.kind === "manual") await automationStopped(env, args.businessId, args.to, "handed_over");
  return { message, duplicate: false };
}

async function findMessage(db: Db, id: string): Promise<MessageRow> {
  const [row] = await db.select().from(messages).where(eq(messages.id, id));
  return row!;
}

/**
 * Enqueue a job for a row already marked queued. If the queue refuses, the row is marked dead so it
 * shows up under dead letters (and can be retried) instead of sitting "queued" forever.
 */
async function enqueueOrBury(env: Pick<Env, "SMS_OUT">, db: Db, messageId: string, job: OutboundTextJob): Promise<void> {
  try {
    await env.SMS_OUT.send(job);
  } catch (e) {
    await db
      .update(messages)
      .set({ status: "dead", errorMessage: "could not be queued; retry it", updatedAt: Date.now() })
      .where(and(eq(messages.id, messageId), eq(messages.status, "queued")));
    log.error("admin.enqueue_failed", { messageId, error: String(e) });
    throw new HTTPException(503, { message: "the text could not be queued; it is listed under dead letters, retry it there" });
  }
}

/**
 * Send a dead message again: back to `queued` (attempts are kept, so the history stays true) and
 * one outbox job. The conditional UPDATE is the guard: of two clicks, only one finds it dead.
 */
export async function retryDeadMessage(
  env: Pick<Env, "DB" | "SMS_OUT">,
  args: { messageId: string; businessId?: string; publicBaseUrl: string },
): Promise<MessageRow> {
  const db = drizzle(env.DB);
  const [row] = await db.select().from(messages).where(eq(messages.id, args.messageId));
  if (!row || (args.businessId !== undefined && row.businessId !== args.businessId)) {
    throw new HTTPException(404, { message: "no such message" });
  }
  const res = await db
    .update(messages)
    .set({ status: "queued", updatedAt: Date.now() })
    .where(and(eq(messages.id, row.id), eq(messages.status, "dead")));
  if (res.meta.changes === 0) {
    throw new HTTPException(409, { message: `this message is ${row.status === "queued" ? "already queued again" : row.status}, not dead; only dead messages can be retried` });
  }
  await audit(db, "message.retry", "message", row.id, { attempts: row.attempts });
  await enqueueOrBury(env, db, row.id, {
    messageId: row.id,
    businessId: row.businessId,
    ...(args.publicBaseUrl ? { callbackOrigin: args.publicBaseUrl } : {}),
  });
  return findMessage(db, row.id);
}
