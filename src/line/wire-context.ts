import { BoundedMap } from "../bounded-map";
import type { LineContext } from "./types";

/** The business's part of a line context: the same for every call to the number while its configuration stands. */
type SharedPart = Pick<LineContext, "business" | "number" | "ownNumbers" | "templates" | "staffConsent" | "hasWebhook">;

/**
 * A line context as a call sends it to its line. Structured cloning the business's settings and
 * templates (~4 KB of nested objects) on both sides was a measurable share of every call's CPU; as
 * one string it is copied whole, and the line parses each distinct text once per isolate.
 */
export interface WireContext {
  shared: string;
  own: Omit<LineContext, keyof SharedPart>;
}

/** By context object: a cached line's context is one object for as long as it is cached. */
const sharedJson = new WeakMap<object, string>();

export function toWire(ctx: Omit<LineContext, "publicBaseUrl">, publicBaseUrl: string): WireContext {
  const { business, number, ownNumbers, templates, staffConsent, hasWebhook, ...own } = ctx;
  let shared = sharedJson.get(ctx);
  if (shared === undefined) {
    shared = JSON.stringify({ business, number, ownNumbers, templates, staffConsent, hasWebhook } satisfies SharedPart);
    sharedJson.set(ctx, shared);
  }
  return { shared, own: { ...own, publicBaseUrl } };
}

/** Parsed shared parts by their text; frozen, since every call to the number reads the same one. */
const parsed = new BoundedMap<string, SharedPart>(500);

export function fromWire(wire: WireContext): LineContext {
  let shared = parsed.get(wire.shared);
  if (shared === undefined) {
    shared = deepFreeze(JSON.parse(wire.shared) as SharedPart);
    parsed.set(wire.shared, shared);
  }
  return { ...shared, ...wire.own };
}

function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === "object" && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const v of Object.values(value)) deepFreeze(v);
  }
  return value;
}
