/** The admin page during a DATA_KEY rotation (README: DATA_KEY="NEW,OLD" while `npm run rotate-key` runs). */
import { describe, expect, it } from "vitest";
import { createSession, readSession } from "../src/admin/session";
import { decryptSecret, encryptSecret } from "../src/crypto/secrets";

const key = (fill: number) => btoa(String.fromCharCode(...new Uint8Array(32).fill(fill)));
const OLD = key(7);
const NEW = key(9);
const ADMIN_TOKEN = "rotation-test-admin-token";

describe("admin sessions during a key rotation", () => {
  it("log in and stay logged in with DATA_KEY=NEW,OLD, and a session made under NEW alone carries on", async () => {
    const during = { DATA_KEY: `${NEW},${OLD}`, ADMIN_TOKEN };
    const { session, cookie } = await createSession(during);
    expect(await readSession(during, cookie)).toEqual(session);
    const before = await createSession({ DATA_KEY: NEW, ADMIN_TOKEN });
    expect(await readSession(during, before.cookie)).toEqual(before.session);
  });

  it("end when the rotation starts (a session under OLD alone is not valid under NEW,OLD)", async () => {
    const old = await createSession({ DATA_KEY: OLD, ADMIN_TOKEN });
    expect(await readSession({ DATA_KEY: `${NEW},${OLD}`, ADMIN_TOKEN }, old.cookie)).toBeNull();
  });

  it("a bad key fails each time it is tried, and a good one works at once after it", async () => {
    const bad = { DATA_KEY: "not base64!", ADMIN_TOKEN };
    await expect(createSession(bad)).rejects.toThrow();
    await expect(createSession(bad)).rejects.toThrow();
    expect((await createSession({ DATA_KEY: NEW, ADMIN_TOKEN })).cookie).toBeTruthy();
  });

  it("credentials stored under OLD open during the rotation and are rewritten under NEW", async () => {
    const stored = await encryptSecret(OLD, "auth-token");
    expect(await decryptSecret(`${NEW},${OLD}`, stored)).toBe("auth-token");
    expect(await decryptSecret(NEW, await encryptSecret(`${NEW},${OLD}`, "auth-token"))).toBe("auth-token");
  });
});
