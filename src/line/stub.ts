import type { Env } from "../env";

/** The line (Durable Object) of a business number: one per number, named by its E.164. */
export function lineStub(env: Pick<Env, "LINE">, e164: string) {
  return env.LINE.get(env.LINE.idFromName(e164));
}
