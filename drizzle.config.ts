import { defineConfig } from "drizzle-kit";

export default defineConfig({
  dialect: "sqlite",
  schema: [
    "./src/db/schema.ts",
    "./src/db/leads-schema.ts",
    "./src/db/contacts-schema.ts",
    "./src/db/bookings-schema.ts",
    "./src/db/inbox-schema.ts",
    "./src/db/hooks-schema.ts",
    "./src/db/team-schema.ts",
    "./src/db/line-types-schema.ts",
    "./src/db/transcripts-schema.ts",
    "./src/db/booking-connections-schema.ts",
  ],
  out: "./migrations",
});
