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

/**
 * What is wrong, without the field's name: whoever shows it names the field first (`secret: …`,
 * or the form's label). A message that starts with its own field anyway (`questions: give at
 * least one…`, `callbackPassword must be…`) loses that start, so the field is named once.
 *
 * @example issueWords({ path: ["secret"], message: "secret must be at least 16 characters" }) // "must be at least 16 characters"
 */
export function issueWords(issue: Pick<Issue, "path" | "message">): string {
  const path = issue.path.map(String);
  for (const name of new Set([path.join("."), path.at(-1)])) {
    if (!name) continue;
    const rest = issue.message.startsWith(name) ? issue.message.slice(name.length) : undefined;
    if (rest !== undefined && /^(: | )\S/.test(rest)) return rest.replace(/^:? /, "");
  }
  return issue.message;
}

/** One line per wrong field, named by its path (under `prefix`): `settings.followUp.afterHours: …`. */
export function describeIssues(issues: readonly Issue[], prefix: readonly PropertyKey[] = []): string {
  const name = (path: readonly PropertyKey[]) => [...prefix, ...path].map(String).join(".") || "body";
  return issues
    .flatMap((i) => (i.code === "unrecognized_keys" ? i.keys.map((k) => `${name([...i.path, k])}: is not a known field`) : [`${name(i.path)}: ${issueWords({ path: [...prefix, ...i.path], message: i.message })}`]))
    .join("; ");
}

/**
 * Validate input against a schema, or answer 400 naming every field that is wrong (and change
 * nothing). `name` names a value that is not a body (a header): its problems are its own.
 */
export function parseInput<T extends z.ZodMiniType>(schema: T, value: unknown, name?: string): z.infer<T> {
  const r = schema.safeParse(value);
  if (!r.success) throw new HTTPException(400, { message: describeIssues(r.error.issues, name === undefined ? [] : [name]) });
  return r.data;
}
