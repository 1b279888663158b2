/** `/businesses/:id/consent`: one number's ledger and status, the whole ledger as CSV, changes by hand. */
import { drizzle } from "drizzle-orm/d1";
import { Hono } from "hono";
import { HTTPException } from "hono/http-exception";
import { consentStatus } from "../../rules/consent";
import { normalizePhone } from "../../rules/phone";
import { routeBusiness } from "../businesses";
import { storedActedBy } from "../../rules/acted-by";
import { checkConsentRole, consentCsv, consentLedger, recordConsent } from "../consent";
import { manualConsentSchema } from "../schemas";
import { jsonBody, type ApiEnv } from "./input";

export const consentApi = new Hono<ApiEnv>();

consentApi.get("/businesses/:id/consent/:phone", async (c) => {
  const business = await routeBusiness(c);
  const phone = normalizePhone(c.req.param("phone"));
  if (!phone) throw new HTTPException(400, { message: "phone is not a valid phone number" });
  const events = await consentLedger(drizzle(c.env.DB), business.id, phone);
  return c.json({
    phone,
    status: consentStatus(events),
    events: events.map((e) => ({
      kind: e.kind,
      source: e.source,
      evidenceId: e.evidenceId,
      evidenceText: e.evidenceText,
      at: new Date(e.at).toISOString(),
      actedBy: storedActedBy(e.actedBy),
    })),
  });
});

consentApi.get("/businesses/:id/consent.csv", async (c) => {
  const business = await routeBusiness(c);
  const { csv, headers } = await consentCsv(drizzle(c.env.DB), business.id);
  return c.body(csv, 200, headers);
});

/** A manual opt-out (anyone who acts) or opt-in (owner or manager) by a person: a caller asked by phone, a written request… */
consentApi.post("/businesses/:id/consent", async (c) => {
  const business = await routeBusiness(c);
  const input = await jsonBody(c, manualConsentSchema);
  checkConsentRole(c.get("principal").role, input.kind);
  const { at } = await recordConsent(c.env, c.executionCtx, business.id, input);
  return c.json({ phone: input.phone, kind: input.kind, at: new Date(at).toISOString() }, 201);
});
