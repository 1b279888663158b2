import { describe, expect, it } from "vitest";
import { bytesToBase64, decryptSecret, encryptSecret } from "../src/crypto/secrets";

const key = () => bytesToBase64(crypto.getRandomValues(new Uint8Array(32)));

describe("secrets at rest", () => {
  it("uses a fresh IV per value and opens only under its key", async () => {
    const k = key();
    const a = await encryptSecret(k, "tok_123");
    const b = await encryptSecret(k, "tok_123");
    expect(a).not.toBe(b);
    expect(await decryptSecret(k, a)).toBe("tok_123");
    await expect(decryptSecret(key(), a)).rejects.toThrow();
  });

  it("keeps working during a rotation: DATA_KEY=\"NEW,OLD\" reads both and writes under NEW", async () => {
    const oldKey = key();
    const newKey = key();
    const stored = await encryptSecret(oldKey, "tok_old");
    const both = `${newKey},${oldKey}`;
    expect(await decryptSecret(both, stored)).toBe("tok_old");
    const fresh = await encryptSecret(both, "tok_new");
    expect(await decryptSecret(newKey, fresh)).toBe("tok_new");
    await expect(decryptSecret(oldKey, fresh)).rejects.toThrow();
  });
});
