/**
 * The line's memory of which callers reached the owner lately (src/line/owner-records.ts), moved
 * back in time: a test about whom an unaddressed text goes to when only one caller's text is
 * recent (two within 10 minutes are asked about: test/owner-which-caller.test.ts).
 */
import { runInDurableObject } from "cloudflare:test";
import { env } from "cloudflare:workers";

/** Every caller who reached the owner so far, as if 11 minutes earlier. */
export async function ownerReachesAged(lineE164: string): Promise<void> {
  const stub = env.LINE.get(env.LINE.idFromName(lineE164));
  await runInDurableObject(stub, (_instance, state) => {
    state.storage.sql.exec("UPDATE owner_reaches SET at = at - ?", 11 * 60_000);
  });
}
