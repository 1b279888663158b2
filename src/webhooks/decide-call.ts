import type { LoadedLine } from "./line-config";
import { lineStub } from "../line/stub";
import type { Env } from "../env";
import type { CallEvent, LineDecision } from "../line/types";

/**
 * Hand a call event to its number's line. A line that finds the configuration older than its
 * business's last admin change answers `stale` without deciding; it is asked again with the stored
 * configuration, which `stored` reads and checks the request against again (it throws the route's
 * refusal when the number is gone or its new credentials do not verify the request), and which the
 * caller gets back to answer the carrier with.
 */
export async function decideCall(
  env: Pick<Env, "LINE">,
  line: LoadedLine,
  event: CallEvent,
  publicBaseUrl: string,
  stored: () => Promise<LoadedLine>,
): Promise<{ decision: LineDecision; line: LoadedLine }> {
  const stub = lineStub(env, line.context.number.e164);
  const decision = await stub.handleCall(event, { ...line.context, publicBaseUrl });
  if (!decision.stale) return { decision, line };
  const current = await stored();
  return { decision: await stub.handleCall(event, { ...current.context, publicBaseUrl }), line: current };
}
