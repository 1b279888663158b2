import { index, integer, primaryKey, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";
import { ROLES } from "../vocabulary";

const ms = (name: string) => integer(name, { mode: "number" });

/**
 * People with their own login (DESIGN.md §7). `email` is stored lowercased, so it is unique as
 * people type it. `passwordHash` is null until the invite is used (src/crypto/password-hash.ts
 * says its form, iterations included, so they can be raised). `totpSecret` is encrypted under
 * DATA_KEY like carrier credentials; `totpLastStep` refuses a code used twice.
 */
export const users = sqliteTable(
  "users",
  {
    id: text("id").primaryKey(),
    email: text("email").notNull(),
    name: text("name").notNull(),
    role: text("role", { enum: ROLES }).notNull(),
    passwordHash: text("password_hash"),
    totpSecret: text("totp_secret"),
    totpLastStep: integer("totp_last_step"),
    createdAt: ms("created_at").notNull(),
    updatedAt: ms("updated_at").notNull(),
  },
  (t) => [uniqueIndex("users_email_idx").on(t.email)],
);

/** The businesses a manager, agent or viewer works for; an owner works for all and has no rows here. */
export const userBusinesses = sqliteTable(
  "user_businesses",
  {
    userId: text("user_id").notNull(),
    businessId: text("business_id").notNull(),
  },
  (t) => [primaryKey({ columns: [t.userId, t.businessId] }), index("user_businesses_business_idx").on(t.businessId)],
);

/** One-use invites: only the SHA-256 of the URL's token is kept, so a copy of D1 invites nobody. */
export const invites = sqliteTable(
  "invites",
  {
    id: text("id").primaryKey(),
    userId: text("user_id").notNull(),
    tokenHash: text("token_hash").notNull(),
    expiresAt: ms("expires_at").notNull(),
    usedAt: ms("used_at"),
    createdBy: text("created_by").notNull(),
    createdAt: ms("created_at").notNull(),
  },
  (t) => [uniqueIndex("invites_token_idx").on(t.tokenHash), index("invites_user_idx").on(t.userId)],
);

/**
 * Admin page sessions, looked up on every request so that ending one (logout, a password or role
 * change, removal) takes effect at once. `userId` null is the ADMIN_TOKEN owner. The cookie is
 * still signed (src/admin/session.ts): a forged id is refused before D1 is asked.
 */
export const sessions = sqliteTable(
  "sessions",
  {
    id: text("id").primaryKey(),
    userId: text("user_id"),
    createdAt: ms("created_at").notNull(),
    lastSeenAt: ms("last_seen_at").notNull(),
    expiresAt: ms("expires_at").notNull(),
  },
  (t) => [index("sessions_user_idx").on(t.userId)],
);

/** Personal API tokens (`tb_…`): only their SHA-256 is kept; read on every request, never cached. */
export const apiTokens = sqliteTable(
  "api_tokens",
  {
    id: text("id").primaryKey(),
    userId: text("user_id").notNull(),
    name: text("name").notNull(),
    tokenHash: text("token_hash").notNull(),
    createdAt: ms("created_at").notNull(),
    lastUsedAt: ms("last_used_at"),
  },
  (t) => [uniqueIndex("api_tokens_hash_idx").on(t.tokenHash), index("api_tokens_user_idx").on(t.userId)],
);

/**
 * Failed logins per account key (`email:<lowercased>`), known account or not, so a lockout says
 * nothing about whether the address has an account.
 */
export const loginFailures = sqliteTable("login_failures", {
  key: text("key").primaryKey(),
  failures: integer("failures").notNull(),
  windowStart: ms("window_start").notNull(),
  lockedUntil: ms("locked_until"),
});

export type UserRow = typeof users.$inferSelect;
export type SessionRow = typeof sessions.$inferSelect;
export type ApiTokenRow = typeof apiTokens.$inferSelect;
export type InviteRow = typeof invites.$inferSelect;
