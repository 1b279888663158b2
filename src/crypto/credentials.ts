import { BoundedMap } from "../bounded-map";
import { decryptSecret } from "./secrets";

/**
 * Decrypted credentials by their stored ciphertext (a new value has a new IV, so a changed
 * credential is a new key): one AES-GCM decrypt per number per isolate, not per webhook or text.
 * Shared by every carrier's webhooks and the outbox. Callers only read the result.
 */
const cache = new BoundedMap<string, unknown>(10_000);

/** The credentials JSON stored encrypted in `numbers.credentials`, parsed. */
export async function decryptCredentials(dataKey: string, ciphertext: string): Promise<unknown> {
  let creds = cache.get(ciphertext);
  if (creds === undefined) {
    creds = JSON.parse(await decryptSecret(dataKey, ciphertext)) as unknown;
    cache.set(ciphertext, creds);
  }
  return creds;
}
