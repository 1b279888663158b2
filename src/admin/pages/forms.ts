/** Reading posted forms, and turning validation failures and refusals into sentences that name the field. */
import { HTTPException } from "hono/http-exception";
import { issueWords } from "../../input";
import type * as z from "../../zod";
import { phoneInput } from "../schemas";
import type { PageContext } from "./env";

/** Every text field of a posted form (files are ignored: no admin form uploads one). */
export async function formFields(c: PageContext): Promise<Record<string, string>> {
  const body = await c.req.parseBody();
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(body)) if (typeof v === "string") out[k] = v;
  return out;
}

/**
 * One sentence per problem, led by the field's label as the form shows it:
 * `settings.cooldownHours` → "Cooldown (hours): Too small…".
 */
export function issueMessages(error: z.core.$ZodError, label: (path: readonly PropertyKey[]) => string): string[] {
  return error.issues.map((i) => `${label(i.path)}: ${issueWords(i)}`);
}

/**
 * A phone number typed into a form, as E.164, or the sentence saying it is not one (read by the
 * same schema as the API's phone fields).
 *
 * @example phoneField("Look up a number", "555") // { error: 'Look up a number: "555" is not a valid phone number.' }
 */
export function phoneField(label: string, typed: string): { phone: string; error?: undefined } | { phone?: undefined; error: string } {
  const r = phoneInput.safeParse(typed);
  return r.success ? { phone: r.data } : { error: `${issueMessages(r.error, () => label).join(" ")}.` };
}

/** A fresh key per rendered form, so a double submit of that form does its work once. */
export function formRequestKey(): string {
  return crypto.randomUUID().replace(/-/g, "");
}

/** The key a form posted back, if it is one {@link formRequestKey} made. */
export function postedRequestKey(f: Record<string, string>): string | undefined {
  return /^[a-f0-9]{32}$/.test(f.requestKey ?? "") ? f.requestKey : undefined;
}

/**
 * Does what a form asked for. A refusal with one of the `shown` statuses (the text is opted out,
 * the queue is down…) comes back to be shown on the form's own page; anything else propagates.
 */
export async function formRefusal<S extends number>(
  shown: readonly S[],
  action: () => Promise<unknown>,
): Promise<{ status: S; errors: string[] } | null> {
  try {
    await action();
    return null;
  } catch (e) {
    if (e instanceof HTTPException && (shown as readonly number[]).includes(e.status)) return { status: e.status as S, errors: [e.message] };
    throw e;
  }
}
