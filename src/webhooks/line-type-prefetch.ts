/**
 * A caller's line type asked as their call arrives (setting `lookupLineType`), while it rings the
 * business's phone: by the time the call is missed the answer is kept in D1, where the line reads
 * the caller before it answers (line/record-call.ts), so a landline is promised a call back
 * instead of a text, and never texted. After the webhook's answer (waitUntil), never on its path;
 * a caller with a fresh answer, or one that would not be texted anyway, is not asked.
 */
import { lineTypesStatement, saveLineTypeStatement } from "../db/line-types";
import type { Env } from "../env";
import { askLineType } from "../outbox/line-types";
import { lineTypeFresh } from "../rules/line-type";
import { callerNumberProblem } from "../rules/phone";
import type { LoadedLine } from "./line-config";

/**
 * Ask now what kind of line `caller` is, unless the business does not ask or already knows.
 *
 * @example c.executionCtx.waitUntil(prefetchLineType(c.env, req.line, p.From, Date.now()))
 */
export async function prefetchLineType(env: Env, line: LoadedLine, caller: string, now: number): Promise<void> {
  const { business } = line.context;
  if (!business.settings.lookupLineType || callerNumberProblem(caller, business.settings.allowedCountries) !== null) return;
  try {
    const known = await lineTypesStatement(env.DB, business.id, [caller]).first<{ checkedAt: number }>();
    if (known && lineTypeFresh(known.checkedAt, now)) return;
    const answer = await askLineType(env, line, business.id, caller);
    if ("lineType" in answer) await saveLineTypeStatement(env.DB, business.id, caller, answer.lineType, now).run();
  } catch {
    // Nothing is lost: the outbox asks before the first text, as it would have without this.
  }
}
