/** What every API route shares: its Hono environment, and reading input the way the webhooks do. */
import type { Context } from "hono";
import { bodyText } from "../../body-text";
import type { Env } from "../../env";
import { parseInput, parseJsonBody } from "../../input";
import type * as z from "../../zod";

export interface ApiEnv {
  Bindings: Env;
}

export type ApiContext = Context<ApiEnv>;

/** The JSON body, validated: 400 when it is not JSON or names each field that is wrong. */
export async function jsonBody<T extends z.ZodMiniType>(c: ApiContext, schema: T): Promise<z.infer<T>> {
  return parseInput(schema, parseJsonBody(await bodyText(c.req)));
}

/** The query string, validated like a body. */
export function queryParams<T extends z.ZodMiniType>(c: ApiContext, schema: T): z.infer<T> {
  return parseInput(schema, c.req.query());
}
