/** What every API route shares: its Hono environment, and reading input the way the webhooks do. */
import type { Context } from "hono";
import { bodyText } from "../../body-text";
import type { Env } from "../../env";
import type { Principal } from "../principal";
import { parseInput, parseJsonBody } from "../../input";
import type * as z from "../../zod";
import { refuseLoneSurrogates } from "./lone-surrogates";

export interface ApiEnv {
  Bindings: Env;
  /** Set by the bearer check (auth.ts): who is asking, with their role and businesses. */
  Variables: { principal: Principal };
}

export type ApiContext = Context<ApiEnv>;

/**
 * The JSON body, validated: 400 when it is not JSON, names each field that is wrong, or names the
 * one holding a character D1 cannot store (every admin write reads its body here).
 */
export async function jsonBody<T extends z.ZodMiniType>(c: ApiContext, schema: T): Promise<z.infer<T>> {
  const body = parseJsonBody(await bodyText(c.req));
  refuseLoneSurrogates(body);
  return parseInput(schema, body);
}

/** The query string, validated like a body. */
export function queryParams<T extends z.ZodMiniType>(c: ApiContext, schema: T): z.infer<T> {
  return parseInput(schema, c.req.query());
}
