import { runDurableObjectAlarm, runInDurableObject } from "cloudflare:test";
import { env } from "cloudflare:workers";
import type { BusinessLine } from "../../src/line/business-line";

/**
 * Runs the line's alarm as if it were `at` (ms): the line's own clock is set first, so whatever
 * it schedules (held texts, escalations, follow-ups) comes due without a test sleeping for it.
 * Resolves to whether an alarm was set.
 */
export async function lineAlarmAt(e164: string, at: number): Promise<boolean> {
  const stub = env.LINE.get(env.LINE.idFromName(e164));
  await runInDurableObject(stub, (instance) => {
    (instance as unknown as BusinessLine).clock = () => at;
  });
  return runDurableObjectAlarm(stub);
}
