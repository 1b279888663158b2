/** `/businesses/:id/templates`: read them with the checker's verdict, and replace one. */
import { drizzle } from "drizzle-orm/d1";
import { Hono } from "hono";
import { HTTPException } from "hono/http-exception";
import { TEMPLATE_KINDS } from "../../rules/reasons";
import { checkTemplate } from "../../rules/template-check";
import { routeBusiness } from "../businesses";
import { putTemplateSchema } from "../schemas";
import { publicBase } from "../../public-base";
import { isTemplateKind, listTemplates, refusalMessage, saveTemplate, templateSample } from "../templates";
import { jsonBody, type ApiEnv } from "./input";

export const templatesApi = new Hono<ApiEnv>();

templatesApi.get("/businesses/:id/templates", async (c) => {
  const business = await routeBusiness(c);
  const db = drizzle(c.env.DB);
  const [rows, sample] = await Promise.all([listTemplates(db, business.id), templateSample(db, business, publicBase(c))]);
  return c.json({
    templates: rows.map((t) => ({ kind: t.kind, body: t.body, ...checkTemplate(t.kind, t.body, sample) })),
  });
});

templatesApi.put("/businesses/:id/templates/:kind", async (c) => {
  const business = await routeBusiness(c);
  const kind = c.req.param("kind");
  if (!isTemplateKind(kind)) {
    throw new HTTPException(400, { message: `unknown template kind "${kind}"; one of ${TEMPLATE_KINDS.join(", ")}` });
  }
  const { body: text } = await jsonBody(c, putTemplateSchema);
  const check = checkTemplate(kind, text, await templateSample(drizzle(c.env.DB), business, publicBase(c)));
  // `rules` names each rule broken (opt_out_required, too_many_segments…), for a client to act on.
  if (check.errors.length > 0) return c.json({ error: refusalMessage(check), rules: check.errors.map((e) => e.code) }, 400);
  await saveTemplate(c.env, business, kind, text, check);
  return c.json({ kind, body: text, encoding: check.encoding, segments: check.segments, warnings: check.warnings });
});
