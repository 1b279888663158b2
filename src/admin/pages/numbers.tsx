/** Phone numbers on the admin page: add one, send it a test text, change its mode or credentials, remove it. */
import { awaitCarrierAnswer } from "../test-text";
import { drizzle } from "drizzle-orm/d1";
import { Hono } from "hono";
import { publicBase } from "../../public-base";
import { routeBusiness } from "../businesses";
import { removeNumber, updateNumber } from "../number-changes";
import { patchNumberSchemas } from "../number-schemas";
import { addNumber, findNumber } from "../numbers";
import { addNumberSchema } from "../schemas";
import type * as z from "../../zod";
import { sendAdminText } from "../texts";
import { numberFieldLabel, numberFieldName, postedCredentials } from "./carrier-fields";
import type { AdminPagesEnv, PageContext } from "./env";
import { formatPhone } from "./format";
import { formFields, formRefusal, issueMessages, phoneField, postedRequestKey } from "./forms";
import { businessPath } from "./layout";
import { numbersPage } from "./numbers-page";
import { SetupError } from "../../carriers/setup-error";
import type { SetupCheck } from "../../rules/number-setup";
import type { Registration } from "../../rules/registration";
import { canUndoSetup, checkNumberSetup } from "../../carrier-setup/number-setup";
import { configureNumberSetup, placeTestCall, undoNumberSetup } from "../number-setup";
import type { SetupResult } from "./number-setup";
import { lastCall } from "../../db/last-call";
import { lastCallWords } from "../number-pulse";

export const numberPages = new Hono<AdminPagesEnv>();

const done = (businessId: string, what: string) => `${businessPath(businessId, "/numbers")}?done=${what}`;

/** A refused number form: the problems in words and the posted fields they name. */
function refusedBy(error: z.core.$ZodError) {
  const invalid = new Set(error.issues.map((i) => numberFieldName(i.path)).filter((n) => n !== undefined));
  return { errors: issueMessages(error, numberFieldLabel), invalid, status: 400 as const };
}

/** The business and the number a route's `:id` and `:numberId` name; 404 when either is not there. */
async function routeNumber(c: PageContext) {
  const business = await routeBusiness(c);
  return { business, number: await findNumber(drizzle(c.env.DB), business.id, c.req.param("numberId") ?? "") };
}

numberPages.get("/businesses/:id/numbers", async (c) => {
  const business = await routeBusiness(c);
  const checkId = c.req.query("check");
  if (!checkId) return numbersPage(c, business);
  const number = await findNumber(drizzle(c.env.DB), business.id, checkId);
  return numbersPage(c, business, { setup: await setupResult(c, number.id, () => checkNumberSetup(c.env, publicBase(c), number)) });
});

/** What the number's page polls while it waits for the first call. */
numberPages.get("/businesses/:id/numbers/:numberId/last-call", async (c) => {
  const { business, number } = await routeNumber(c);
  const last = await lastCall(drizzle(c.env.DB), number.id);
  return c.json({ at: last?.at ?? null, words: lastCallWords(last, number.e164, business.timezone) });
});

/** "Configure for me": only with the box ticked, since it changes the carrier's settings. */
numberPages.post("/businesses/:id/numbers/:numberId/configure", async (c) => {
  const { business, number } = await routeNumber(c);
  const f = await formFields(c);
  if (f.confirm !== "yes") {
    return numbersPage(c, business, { errors: ["Tick the box to let Textback change the settings at the carrier."], invalid: new Set(["confirm"]), status: 400 });
  }
  const setup = await setupResult(c, number.id, async () => {
    const r = await configureNumberSetup(c.env, publicBase(c), business, number);
    return { checks: r.checks, registration: r.registration, said: r.changed.length > 0 ? `Changed ${r.changed.length} setting${r.changed.length === 1 ? "" : "s"} at the carrier.` : "Nothing to change." };
  });
  return numbersPage(c, business, { setup });
});

numberPages.post("/businesses/:id/numbers/:numberId/configure/undo", async (c) => {
  const { business, number } = await routeNumber(c);
  const setup = await setupResult(c, number.id, async () => {
    const r = await undoNumberSetup(c.env, publicBase(c), business, number);
    return { checks: r.checks, registration: r.registration, said: "The carrier's settings are back to what they were." };
  });
  return numbersPage(c, business, { setup });
});

numberPages.post("/businesses/:id/numbers/:numberId/test-call", async (c) => {
  const { business, number } = await routeNumber(c);
  const setup = await setupResult(c, number.id, async () => {
    const r = await placeTestCall(c.env, publicBase(c), business, number);
    return { said: `Calling ${formatPhone(r.to)} now: let it ring. When your line forwards it here, this number turns green.` };
  });
  return numbersPage(c, business, { setup });
});

/** A check, configure or undo for the page: the carrier's refusal in words instead of an error page. */
async function setupResult(
  c: PageContext,
  numberId: string,
  run: () => Promise<{ checks: SetupCheck[]; said?: string; registration?: Registration | null } | { said: string }>,
): Promise<SetupResult> {
  try {
    const r = await run();
    return { numberId, ...r, canUndo: await canUndoSetup(drizzle(c.env.DB), numberId) };
  } catch (e) {
    if (!(e instanceof SetupError)) throw e;
    return { numberId, error: e.message, canUndo: await canUndoSetup(drizzle(c.env.DB), numberId) };
  }
}

numberPages.post("/businesses/:id/numbers", async (c) => {
  const business = await routeBusiness(c);
  const values = await formFields(c);
  const parsed = addNumberSchema.safeParse({ e164: values.e164 ?? "", carrier: values.carrier, mode: values.mode, credentials: postedCredentials(values, values.carrier) });
  if (!parsed.success) return numbersPage(c, business, { values, ...refusedBy(parsed.error) });
  let added: { id: string } | undefined;
  const refused = await formRefusal([409], async () => {
    added = await addNumber(c.env, business, parsed.data);
  });
  if (refused || !added) return numbersPage(c, business, { values, ...refused, invalid: new Set(["e164"]) });
  // Straight to the carrier check: the owner sees at once whether the webhooks are pasted right.
  return c.redirect(`${done(business.id, "number_added")}&check=${encodeURIComponent(added.id)}#setup-${added.id}`, 303);
});

numberPages.post("/businesses/:id/numbers/:numberId/test", async (c) => {
  const { business, number } = await routeNumber(c);
  const f = await formFields(c);
  const values = { [`to-${number.id}`]: f.to ?? "" };
  const to = phoneField("Send a test text to", f.to ?? "");
  const invalid = new Set(["to"]);
  if (to.error !== undefined) return numbersPage(c, business, { values, errors: [to.error], invalid, status: 400 });
  let sent: Awaited<ReturnType<typeof sendAdminText>> | undefined;
  const refused = await formRefusal([409, 400, 503], async () => {
    sent = await sendAdminText(c.env, {
      businessId: business.id,
      to: to.phone,
      body: `${business.name}: this is a test text from Textback. Your number works. Reply STOP to opt out.`,
      kind: "test",
      fromE164: number.e164,
      publicBaseUrl: publicBase(c),
      requestKey: postedRequestKey(f),
    });
  });
  // The number refused (premium-rate, opted out…) is the field to fix; a queue that is down is not.
  if (refused) return numbersPage(c, business, { values, ...refused, invalid: refused.status === 503 ? undefined : invalid });
  if (!sent) return numbersPage(c, business, { values, status: 409, errors: [] });
  const answer = await awaitCarrierAnswer(c.env.DB, sent.message.id);
  if (answer.answered === "refused") {
    const code = answer.code ? ` (${answer.code})` : "";
    const error = `The test text was not sent: ${answer.words}${code}.${answer.retrying ? " Textback will keep trying; fix the number's credentials below if they are wrong." : ""}`;
    return numbersPage(c, business, { values, errors: [error], status: 502 });
  }
  return c.redirect(done(business.id, answer.answered === "accepted" ? "test_sent" : "test_queued"), 303);
});

/** Forward or status, checked like the API's PATCH. */
numberPages.post("/businesses/:id/numbers/:numberId/mode", async (c) => {
  const { business, number } = await routeNumber(c);
  const f = await formFields(c);
  const parsed = patchNumberSchemas[number.carrier].safeParse({ mode: f.mode ?? "" });
  if (!parsed.success) {
    return numbersPage(c, business, { values: { numberId: number.id, form: "mode" }, ...refusedBy(parsed.error) });
  }
  await updateNumber(c.env, business, number, parsed.data);
  return c.redirect(done(business.id, "number_updated"), 303);
});

/** New credentials, all of them, checked by the number's carrier's schema like the API's PATCH. */
numberPages.post("/businesses/:id/numbers/:numberId/credentials", async (c) => {
  const { business, number } = await routeNumber(c);
  const f = await formFields(c);
  const parsed = patchNumberSchemas[number.carrier].safeParse({ credentials: postedCredentials(f, number.carrier) });
  if (!parsed.success) {
    return numbersPage(c, business, { values: { ...f, numberId: number.id, form: "credentials" }, ...refusedBy(parsed.error) });
  }
  await updateNumber(c.env, business, number, parsed.data);
  return c.redirect(done(business.id, "number_updated"), 303);
});

/** Removes the number once the box naming it is ticked (a stray click removes nothing). */
numberPages.post("/businesses/:id/numbers/:numberId/remove", async (c) => {
  const { business, number } = await routeNumber(c);
  const f = await formFields(c);
  if (f.confirm !== number.e164) {
    const errors = [`Tick "Yes, remove ${formatPhone(number.e164)}" to remove this number.`];
    return numbersPage(c, business, { values: { numberId: number.id, form: "remove" }, errors, invalid: new Set(["confirm"]), status: 400 });
  }
  await removeNumber(c.env, business, number);
  return c.redirect(done(business.id, "number_removed"), 303);
});
