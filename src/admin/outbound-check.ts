/**
 * The outbound cost guard, asked before an admin's text is queued: the outbox would refuse it
 * anyway (and does, for anything queued before a limit was reached), but the person who wrote it
 * should hear why at once instead of finding a suppressed text later.
 */
import { and, eq } from "drizzle-orm";
import { drizzle } from "drizzle-orm/d1";
import { HTTPException } from "hono/http-exception";
import { businessTextsSinceSql } from "../db/outbound-counts";
import { businesses, numbers } from "../db/schema";
import { asStatement } from "../db/statements";
import { DAY_MS, isNumberRefusal, outboundRefusal, refusalAnswer, staffPhones } from "../rules/outbound-guard";
import { settingsFromJson } from "../settings";
import type { MessageKind } from "../vocabulary";

/**
 * Throws 400 naming the number's problem (premium-rate, a country not allowed, the business's own
 * number…) or 409 when the business reached its `dailyTextCap` (a text to its own people goes
 * past it: rules/outbound-guard.ts dailyLimit); one D1 round trip. The
 * per-recipient limit is for keyword answers, never for a person's text.
 */
export async function refuseGuardedText(d1: D1Database, args: { businessId: string; to: string; kind: MessageKind; now: number }): Promise<void> {
  const db = drizzle(d1);
  const [business, own, counted] = await d1.batch<Record<string, unknown>>([
    asStatement(d1, db.select({ settings: businesses.settings, notifyPhone: businesses.notifyPhone }).from(businesses).where(eq(businesses.id, args.businessId))),
    asStatement(d1, db.select({ id: numbers.id }).from(numbers).where(and(eq(numbers.e164, args.to), eq(numbers.businessId, args.businessId)))),
    d1.prepare(businessTextsSinceSql(1)).bind(args.now - DAY_MS, args.businessId),
  ]);
  const row = business!.results[0] as { settings: string; notifyPhone: string | null } | undefined;
  if (!row) throw new HTTPException(404, { message: "no such business" });
  const settings = settingsFromJson(row.settings);
  const reason = outboundRefusal({
    kind: args.kind,
    to: args.to,
    settings,
    staffPhones: staffPhones(row.notifyPhone, settings),
    toOwnNumber: own!.results.length > 0,
    recipientLastHour: 0,
    businessLastDay: Number((counted!.results[0] as { sent?: number } | undefined)?.sent ?? 0),
  });
  if (reason) throw new HTTPException(isNumberRefusal(reason) ? 400 : 409, { message: refusalAnswer(reason, args.to, settings) });
}
