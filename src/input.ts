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

type Issue = z.core.$ZodIssue;

/** One line per wrong field, named by its path (under `prefix`): `settings.followUp.afterHours: …`. */
export function describeIssues(issues: readonly Issue[], prefix: readonly PropertyKey[] = []): string {
  const name = (path: readonly PropertyKey[]) => [...prefix, ...path].map(String).join(".") || "body";
  return issues
    .flatMap((i) => (i.code === "unrecognized_keys" ? i.keys.map((k) => `${name([...i.path, k])}: is not a known field`) : [`${name(i.path)}: ${i.message}`]))
    .join("; ");
}

/** Validate input against a schema, or answer 400 naming every field that is wrong (and change nothing). */
export function parseInput<T extends z.ZodMiniType>(schema: T, value: unknown): z.infer<T> {
  const r = schema.safeParse(value);
  if (!r.success) throw new HTTPException(400, { message: describeIssues(r.error.issues) });
  return r.data;
}
