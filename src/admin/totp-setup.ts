/** Turning an authenticator app on (proved with a code from the new secret) and off (with the password). */
import { eq } from "drizzle-orm";
import { drizzle } from "drizzle-orm/d1";
import { HTTPException } from "hono/http-exception";
import { renderSVG } from "uqr";
import { verifyPassword } from "../crypto/password-hash";
import { encryptSecret } from "../crypto/secrets";
import { base32Decode, matchTotp, otpauthUri } from "../crypto/totp";
import { users, type UserRow } from "../db/team-schema";
import type { Env } from "../env";
import { audit } from "./audit";

/** The QR code of the otpauth:// URI, as an SVG element drawn on the server (no script, no image request). */
export function totpQrSvg(secret: string, email: string): string {
  return renderSVG(otpauthUri(secret, email), { border: 2 });
}

/**
 * Turns TOTP on: the secret the page showed (posted back with the form, over the session's CSRF
 * check) counts only once a code made from it matches, so a mistyped scan cannot lock anyone out.
 */
export async function enableTotp(env: Pick<Env, "DB" | "DATA_KEY">, user: UserRow, secret: string, code: string, now = Date.now()): Promise<void> {
  let bytes: Uint8Array<ArrayBuffer>;
  try {
    bytes = base32Decode(secret);
  } catch {
    throw new HTTPException(400, { message: "secret: reload the page and scan the new code" });
  }
  if (bytes.length < 16) throw new HTTPException(400, { message: "secret: reload the page and scan the new code" });
  const step = await matchTotp(bytes, code, Math.floor(now / 1000), null);
  if (step === null) throw new HTTPException(400, { message: "code: that code does not match; check the app's clock and type the newest code" });
  const db = drizzle(env.DB);
  await db.batch([
    db.update(users).set({ totpSecret: await encryptSecret(env.DATA_KEY, secret), totpLastStep: step, updatedAt: now }).where(eq(users.id, user.id)),
    audit(db, "user.totp_on", "user", user.id, {}),
  ]);
}

export async function disableTotp(env: Pick<Env, "DB">, user: UserRow, password: string, now = Date.now()): Promise<void> {
  if (!user.passwordHash || !(await verifyPassword(user.passwordHash, password))) throw new HTTPException(400, { message: "password: that is not your password" });
  const db = drizzle(env.DB);
  await db.batch([
    db.update(users).set({ totpSecret: null, totpLastStep: null, updatedAt: now }).where(eq(users.id, user.id)),
    audit(db, "user.totp_off", "user", user.id, {}),
  ]);
}
