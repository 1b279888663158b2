/** Figures: the deployment's metrics, a business's report, and the audit log. */
import { drizzle } from "drizzle-orm/d1";
import { Hono } from "hono";
import { buildMetrics } from "../../reports/metrics";
import { buildReport, reportScope } from "../../reports/report";
import { reportCsvFile } from "../../reports/report-csv";
import { listAudit } from "../audit";
import { routeBusiness } from "../businesses";
import { resolvePeriod } from "../report-period";
import { auditQuerySchema, reportQuerySchema } from "../schemas";
import { queryParams, type ApiEnv } from "./input";

export const reportsApi = new Hono<ApiEnv>();

/** Counts per decision and status, last hour and day: for dashboards and uptime checks. */
reportsApi.get("/metrics", async (c) => c.json(await buildMetrics(c.env.DB, Date.now())));

/**
 * Who changed what, newest first; filter by `entity` (business, number, template, consent, message…),
 * `entityId` and `actor` (`admin`, a user's id, a token's id). `actor` is who made the change,
 * `actorToken` the personal token it came through, if any.
 */
reportsApi.get("/audit", async (c) => {
  const rows = await listAudit(drizzle(c.env.DB), queryParams(c, auditQuerySchema));
  return c.json({
    entries: rows.map((r) => ({ id: r.id, actor: r.actor, actorToken: r.actorToken, action: r.action, entity: r.entity, entityId: r.entityId, detail: r.detail, at: new Date(r.at).toISOString() })),
  });
});

/** The report of a period, by default the last 30 days: every figure as src/reports/figures.ts defines it. */
reportsApi.get("/businesses/:id/report", async (c) => {
  const business = await routeBusiness(c);
  const { from, to } = resolvePeriod(queryParams(c, reportQuerySchema), business.timezone, Date.now());
  return c.json(await buildReport(c.env.DB, reportScope(business), from, to));
});

/** The same report as CSV: one figure a line, with its label and definition. */
reportsApi.get("/businesses/:id/report.csv", async (c) => {
  const business = await routeBusiness(c);
  const { from, to } = resolvePeriod(queryParams(c, reportQuerySchema), business.timezone, Date.now());
  const { csv, headers } = reportCsvFile(await buildReport(c.env.DB, reportScope(business), from, to), business.id);
  return c.body(csv, 200, headers);
});
