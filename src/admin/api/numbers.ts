/** `/businesses/:id/numbers`: list them, add a number, change its credentials or mode, remove it. */
import { drizzle } from "drizzle-orm/d1";
import { Hono } from "hono";
import { HTTPException } from "hono/http-exception";
import { SetupError } from "../../carriers/setup-error";
import { checkNumberSetup } from "../../carrier-setup/number-setup";
import { configureNumberSetup, placeTestCall, undoNumberSetup } from "../number-setup";
import { publicBase } from "../../public-base";
import { routeBusiness } from "../businesses";
import { removeNumber, updateNumber } from "../number-changes";
import { patchNumberSchemas } from "../number-schemas";
import { addNumber, findNumber, listNumbers, webhookUrlMap } from "../numbers";
import { addNumberSchema } from "../schemas";
import { jsonBody, type ApiContext, type ApiEnv } from "./input";

export const numbersApi = new Hono<ApiEnv>();

/** The business's numbers, oldest first, as `GET /businesses/:id` shows them: never their credentials. */
numbersApi.get("/businesses/:id/numbers", async (c) => {
  const business = await routeBusiness(c);
  const numbers = await listNumbers(drizzle(c.env.DB), business.id);
  return c.json({ numbers: numbers.map((n) => presentNumber(c, n)) });
});

numbersApi.post("/businesses/:id/numbers", async (c) => {
  const business = await routeBusiness(c);
  const input = await jsonBody(c, addNumberSchema);
  return c.json(presentNumber(c, await addNumber(c.env, business, input)), 201);
});

/** New credentials (checked by the number's carrier's schema) and/or mode; 400 names the field and changes nothing. */
numbersApi.patch("/businesses/:id/numbers/:numberId", async (c) => {
  const business = await routeBusiness(c);
  const number = await findNumber(drizzle(c.env.DB), business.id, c.req.param("numberId"));
  const input = await jsonBody(c, patchNumberSchemas[number.carrier]);
  return c.json(presentNumber(c, await updateNumber(c.env, business, number, input)));
});

/** Removes the number; its calls and texts stay. */
numbersApi.delete("/businesses/:id/numbers/:numberId", async (c) => {
  const business = await routeBusiness(c);
  const number = await findNumber(drizzle(c.env.DB), business.id, c.req.param("numberId"));
  await removeNumber(c.env, business, number);
  return c.body(null, 204);
});

/** The carrier's settings for the number beside what its mode needs: `{ checks: [{ name, expected, actual, ok }] }`. */
numbersApi.get("/businesses/:id/numbers/:numberId/check", async (c) => {
  const { number } = await routeNumber(c);
  return c.json(await carrierSetup(c, () => checkNumberSetup(c.env, publicBase(c), number)));
});

/** Sets the wrong ones through the carrier's API; the old values go to the audit log for undo. */
numbersApi.post("/businesses/:id/numbers/:numberId/configure", async (c) => {
  const { business, number } = await routeNumber(c);
  return c.json(await carrierSetup(c, () => configureNumberSetup(c.env, publicBase(c), business, number)));
});

numbersApi.post("/businesses/:id/numbers/:numberId/configure/undo", async (c) => {
  const { business, number } = await routeNumber(c);
  return c.json(await carrierSetup(c, () => undoNumberSetup(c.env, publicBase(c), business, number)));
});

/** The number calls the business's own phone, to watch the forwarding work. */
numbersApi.post("/businesses/:id/numbers/:numberId/test-call", async (c) => {
  const { business, number } = await routeNumber(c);
  return c.json(await carrierSetup(c, () => placeTestCall(c.env, publicBase(c), business, number)), 202);
});

async function routeNumber(c: ApiContext) {
  const business = await routeBusiness(c);
  return { business, number: await findNumber(drizzle(c.env.DB), business.id, c.req.param("numberId") ?? "") };
}

/** A carrier that refuses is the carrier's answer, not ours: 502 with its words (409 when there is nothing to do). */
async function carrierSetup<T>(c: ApiContext, run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (e) {
    if (!(e instanceof SetupError)) throw e;
    throw new HTTPException(e.carrierStatus === 409 ? 409 : 502, { res: c.json({ error: e.message, carrierStatus: e.carrierStatus }, e.carrierStatus === 409 ? 409 : 502) });
  }
}

/** A number with what to paste into the carrier console for it; never its credentials. */
export function presentNumber(c: ApiContext, n: { id: string; e164: string; carrier: string; mode: string }) {
  return { id: n.id, e164: n.e164, carrier: n.carrier, mode: n.mode, webhookUrls: webhookUrlMap(publicBase(c), n.carrier, n.mode) };
}
