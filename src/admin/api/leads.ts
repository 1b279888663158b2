/**
 * Leads (DESIGN.md §6.1): `/businesses/:id/leads`, `/leads/:id` with its timeline, and a person's
 * changes. Each lead carries its caller's contact tags (`callerTags`, empty for a stranger).
 */
import { drizzle } from "drizzle-orm/d1";
import { Hono } from "hono";
import { routeBusiness } from "../businesses";
import { updateLead } from "../lead-changes";
import { contactTagsOf } from "../contacts";
import { findLead, leadCursor, leadTimeline, listLeads } from "../leads";
import { leadsCsv } from "../../reports/leads-csv";
import { resolvePeriod } from "../report-period";
import { leadListQuerySchema, leadPatchSchema, reportQuerySchema } from "../schemas";
import { jsonBody, queryParams, type ApiEnv } from "./input";

export const leadsApi = new Hono<ApiEnv>();

leadsApi.get("/businesses/:id/leads", async (c) => {
  const business = await routeBusiness(c);
  const query = queryParams(c, leadListQuerySchema);
  // One more than a page tells whether there is a next one.
  const rows = await listLeads(drizzle(c.env.DB), business.id, { ...query, limit: query.limit + 1 });
  const page = rows.slice(0, query.limit);
  const last = page.at(-1);
  const tags = await contactTagsOf(c.env.DB, business.id, page.map((l) => l.phone));
  const leads = page.map((l) => ({ ...l, callerTags: tags.get(l.phone) ?? [] }));
  return c.json({ leads, nextCursor: rows.length > query.limit && last ? leadCursor(last) : null });
});

leadsApi.get("/leads/:id", async (c) => {
  const db = drizzle(c.env.DB);
  const lead = await findLead(db, c.req.param("id"));
  const [timeline, tags] = await Promise.all([leadTimeline(db, lead), contactTagsOf(c.env.DB, lead.businessId, [lead.phone])]);
  return c.json({ ...lead, callerTags: tags.get(lead.phone) ?? [], timeline });
});

leadsApi.patch("/leads/:id", async (c) => {
  const patch = await jsonBody(c, leadPatchSchema);
  return c.json(await updateLead(c.env, c.req.param("id"), patch));
});

/** The leads as CSV: those opened in `from`..`to` (as the report reads them), or every lead without either. */
leadsApi.get("/businesses/:id/leads.csv", async (c) => {
  const business = await routeBusiness(c);
  const query = queryParams(c, reportQuerySchema);
  const period = query.from || query.to ? resolvePeriod(query, business.timezone, Date.now()) : {};
  const { csv, headers } = await leadsCsv(drizzle(c.env.DB), business.id, period);
  return c.body(csv, 200, headers);
});
