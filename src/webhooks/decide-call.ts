import { loadLineForCall } from "./line-lookup";
import type { LoadedLine } from "./line-config";
import { lineStub } from "../line/stub";
import type { Env } from "../env";
import type { CallEvent, LineDecision } from "../line/types";

/**
 * Hand a call event to its number's line. A line that finds the configuration older than its
 * business's last admin change answers `stale` without deciding; it is asked again with the stored
 * configuration, which the caller gets back to answer the carrier with.
 */
export async function decideCall(
  env: Pick<Env, "DB" | "LINE">,
  line: LoadedLine,
  event: CallEvent,
  publicBaseUrl: string,
): Promise<{ decision: LineDecision; line: LoadedLine }> {
  const stub = lineStub(env, line.context.number.e164);
  const decision = await stub.handleCall(event, { ...line.context, publicBaseUrl });
  if (!decision.stale) return { decision, line };
  const stored = (await loadLineForCall(env.DB, line.context.number.e164, true))?.line;
  // Removed between the signature check and now: fail, and let the carrier's retry find it gone.
  if (!stored) throw new Error(`number ${line.context.number.e164} is no longer configured`);
  return { decision: await stub.handleCall(event, { ...stored.context, publicBaseUrl }), line: stored };
}
