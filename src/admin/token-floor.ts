/**
 * ADMIN_TOKEN is all that stands between the internet and every caller's number and text, and a
 * short one can be guessed (the per-address limit slows one guesser, not a thousand addresses).
 * Below this length, or unset, the admin API and pages answer 503 saying why instead of running
 * behind it. 32 characters is 128 bits as hex: what `npm start` wrote before it generated 32 bytes,
 * so older local setups keep working; `npm run setup` asks for 32 bytes (43+ characters).
 */
export const MIN_ADMIN_TOKEN_LENGTH = 32;

/** How to make one that passes; told with every refusal. */
export const ADMIN_TOKEN_FIX =
  "Set a generated one: openssl rand -hex 32 | npx wrangler secret put ADMIN_TOKEN (locally: ADMIN_TOKEN in .dev.vars), or run npm run setup";

/**
 * Why the admin must stay off with this token, or null when it may run.
 *
 * @example adminTokenProblem("hunter2") // "ADMIN_TOKEN is shorter than 32 characters"
 */
export function adminTokenProblem(token: string | undefined): string | null {
  if (!token) return "this deployment has no ADMIN_TOKEN secret";
  if (token.length < MIN_ADMIN_TOKEN_LENGTH) return `ADMIN_TOKEN is shorter than ${MIN_ADMIN_TOKEN_LENGTH} characters`;
  return null;
}
