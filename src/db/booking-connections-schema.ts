import { integer, primaryKey, sqliteTable, text } from "drizzle-orm/sqlite-core";
import { BOOKING_PROVIDERS, BOOKING_RECEIPTS, BOOKING_REFUSALS } from "../vocabulary";

const ms = (name: string) => integer(name, { mode: "number" });

/**
 * A business's connection to each booking provider, as its Integrations page shows it: when its
 * signing key was last set (the key itself stays on `businesses`, encrypted), and the last webhook
 * that verified and the last one refused, each with what happened. Never a body, never a key: an
 * owner reads this to tell whether the provider's setup works.
 */
export const bookingConnections = sqliteTable(
  "booking_connections",
  {
    businessId: text("business_id").notNull(),
    provider: text("provider", { enum: BOOKING_PROVIDERS }).notNull(),
    /** When the key was set or replaced; null once it is removed. */
    secretSetAt: ms("secret_set_at"),
    lastVerifiedAt: ms("last_verified_at"),
    lastVerifiedResult: text("last_verified_result", { enum: BOOKING_RECEIPTS }),
    lastRefusedAt: ms("last_refused_at"),
    lastRefusedReason: text("last_refused_reason", { enum: BOOKING_REFUSALS }),
  },
  (t) => [primaryKey({ columns: [t.businessId, t.provider] })],
);
