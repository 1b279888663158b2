import type { Context } from "hono";
import { HTTPException } from "hono/http-exception";
import type { RequestIdVariables } from "hono/request-id";
import type { LoadedLine } from "./line-config";
import { lineStub } from "../line/stub";
import { toWire } from "../line/wire-context";
import type { Env } from "../env";
import type { CallEvent, LineDecision } from "../line/types";
import { log } from "../log";

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
  const decision = await stub.handleCall(event, toWire(line.context, publicBaseUrl));
  if (!decision.stale) return { decision, line };
  const current = await stored();
  return { decision: await stub.handleCall(event, toWire(current.context, publicBaseUrl)), line: current };
}

/** What a voice webhook answers from when its line could not be reached: the carrier's own word. */
export const UNREACHED: LineDecision = { final: false, duplicate: false, callId: null, outcome: null, decision: null, explanation: null, messageId: null };

/** A verified voice webhook's request: its number's line as loaded, our origin, and the stored line to check again. */
export interface CallRequest {
  line: LoadedLine;
  base: string;
  stored: () => Promise<LoadedLine>;
}

/**
 * The line's decision for a voice webhook, logged; `req.line` becomes the configuration it was made
 * with. A caller may be on the line, so a line that cannot be reached is UNREACHED (the route answers
 * from the carrier's own facts) rather than a 5xx the carrier would play as an application error.
 */
export async function decideForCaller(c: Context<{ Bindings: Env; Variables: RequestIdVariables }>, req: CallRequest, event: CallEvent): Promise<LineDecision> {
  const started = Date.now();
  let decided: Awaited<ReturnType<typeof decideCall>>;
  try {
    decided = await decideCall(c.env, req.line, event, req.base, req.stored);
  } catch (e) {
    if (e instanceof HTTPException && e.status < 500) throw e;
    log.error("webhook.line_unreachable", { route: c.req.path, requestId: c.get("requestId"), number: req.line.context.number.e164, callId: event.carrierCallId, error: String(e) });
    return UNREACHED;
  }
  const { decision: d, line } = decided;
  req.line = line;
  const ctx = line.context;
  log.info("webhook.call", {
    route: c.req.path,
    requestId: c.get("requestId"),
    businessId: ctx.business.id,
    number: ctx.number.e164,
    callId: event.carrierCallId,
    decision: d.decision,
    duplicate: d.duplicate,
    latencyMs: Date.now() - started,
  });
  return d;
}
