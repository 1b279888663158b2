/**
 * Texts a business's lines hold for a caller until their time (a delayed text-back, a follow-up):
 * when each goes out, and cancelling one. The line's storage is where the time is kept (a follow-up
 * outside the caller's quiet-hours window moves), so the line is asked, one call per number.
 */
import { eq } from "drizzle-orm";
import { drizzle } from "drizzle-orm/d1";
import { HTTPException } from "hono/http-exception";
import { messages, type MessageRow } from "../db/schema";
import type { Env } from "../env";
import { lineStub } from "../line/stub";
import { textFate } from "../rules/text-fate";
import { audit } from "./audit";

/**
 * When each of a caller's held texts goes out, by message id; `texts` are the caller's texts (only
 * the scheduled ones are asked about), or (`page`) the pages sent about the caller's emergency.
 */
export async function heldTextTimes(env: Pick<Env, "LINE">, phone: string, texts: readonly MessageRow[], which: "texts" | "page" = "texts"): Promise<Map<string, number>> {
  // An outbound text comes from the business number whose line holds it.
  const lines = [...new Set(texts.filter((m) => m.status === "scheduled" && m.direction === "outbound").map((m) => m.fromPhone))];
  const held = await Promise.all(lines.map((e164) => lineStub(env, e164).heldTexts(phone, which)));
  return new Map(held.flat().map((h) => [h.messageId, h.due]));
}

/**
 * Cancel a held text of this business (or of any, for the API's `/messages/:id`): 404 when there is
 * no such text, 409 when it is not held (it went out, failed, or was canceled already).
 */
export async function cancelHeldText(env: Pick<Env, "DB" | "LINE">, args: { messageId: string; businessId?: string }): Promise<MessageRow> {
  const db = drizzle(env.DB);
  const find = async () => (await db.select().from(messages).where(eq(messages.id, args.messageId)))[0];
  const row = await find();
  if (!row || row.direction !== "outbound" || (args.businessId !== undefined && row.businessId !== args.businessId)) {
    throw new HTTPException(404, { message: "no such text" });
  }
  const canceled = row.status === "scheduled" && (await lineStub(env, row.fromPhone).cancelHeldText(row.id));
  if (!canceled) {
    const now = await find();
    throw new HTTPException(409, { message: `this text is no longer held (${textFate(now ?? row).words.toLowerCase()}); only a scheduled text can be canceled` });
  }
  await audit(db, "message.cancel", "message", row.id, { to: row.toPhone, kind: row.kind });
  return (await find())!;
}
