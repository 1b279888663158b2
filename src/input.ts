import { HTTPException } from "hono/http-exception";
import type * as z from "./zod";

/** Parse a JSON body (a carrier's webhook, an admin request), or answer 400: never a 500. */
export function parseJsonBody(raw: string): unknown {
  try {
    return JSON.parse(raw);
  } catch {
    throw new HTTPException(400, { message: "body must be JSON" });
  }
}

/** Validate input against a schema, or answer 400 naming every field that is wrong (and change nothing). */
export function parseInput<T extends z.ZodMiniType>(schema: T, value: unknown): z.infer<T> {
  const r = schema.safeParse(value);
  if (!r.success) {
    throw new HTTPException(400, { message: r.error.issues.map((i) => `${i.path.join(".") || "body"}: ${i.message}`).join("; ") });
  }
  return r.data;
}
