import { HTTPException } from "hono/http-exception";

/**
 * A lone UTF-16 surrogate (half of an emoji's pair: "\uD800"). JSON's `\u` escapes can spell one,
 * but UTF-8, which D1 stores, cannot: it would be kept as U+FFFD, a name or a text changed without
 * a word. In `u` mode a whole pair is one code point, so only an unpaired half matches.
 * (Forms cannot carry one: their bytes are decoded as UTF-8, where invalid ones already are U+FFFD.)
 */
const LONE_SURROGATE = /\p{Cs}/u;

interface Visit {
  value: unknown;
  key: string | number | null;
  parent: Visit | null;
}

function pathOf(visit: Visit): string {
  const keys: Array<string | number> = [];
  for (let v: Visit | null = visit; v && v.key !== null; v = v.parent) keys.unshift(v.key);
  return keys.join(".") || "body";
}

/**
 * The path of the first string, or field name, in a parsed JSON body that holds a lone surrogate,
 * in document order; null when there is none. Walked with a stack, not recursion: a 64 KB body can
 * nest thousands of levels deep.
 *
 * @example loneSurrogateAt({ name: "Acme \uD800" }) // "name"
 */
export function loneSurrogateAt(body: unknown): string | null {
  const stack: Visit[] = [{ value: body, key: null, parent: null }];
  while (stack.length > 0) {
    const visit = stack.pop()!;
    const { value } = visit;
    if (typeof value === "string") {
      if (LONE_SURROGATE.test(value)) return pathOf(visit);
    } else if (typeof value === "object" && value !== null) {
      const entries: Array<[string | number, unknown]> = Array.isArray(value) ? value.map((v, i) => [i, v]) : Object.entries(value);
      for (let i = entries.length - 1; i >= 0; i--) {
        const [key, child] = entries[i]!;
        if (typeof key === "string" && LONE_SURROGATE.test(key)) return pathOf({ value: child, key, parent: visit });
        stack.push({ value: child, key, parent: visit });
      }
    }
  }
  return null;
}

/** Answer 400 naming the field when an admin JSON body holds a lone surrogate anywhere (see above). */
export function refuseLoneSurrogates(body: unknown): void {
  const at = loneSurrogateAt(body);
  if (at !== null) throw new HTTPException(400, { message: `${at}: contains an invalid character (half of a UTF-16 surrogate pair)` });
}
