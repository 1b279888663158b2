/** Businesses: the list, creating one, editing its details and settings, pausing it. */
import { asc, count } from "drizzle-orm";
import { drizzle } from "drizzle-orm/d1";
import { Hono } from "hono";
import { createBusiness, findBusiness, updateBusiness } from "../actions";
import { businesses, numbers } from "../../db/schema";
import { parseSettings } from "../../settings";
import { createBusinessSchema, patchBusinessSchema } from "../schemas";
import { BusinessForm, businessFieldLabel, inputFromValues, valuesFromBusiness, type BusinessFormValues } from "./business-form";
import type { AdminPagesEnv, PageContext } from "./env";
import { formFields, issueMessages } from "./forms";
import { businessPath, PostForm, renderPage } from "./layout";

export const businessPages = new Hono<AdminPagesEnv>();

/** The admin's home: the first business's dashboard, or the list when there is none yet. */
businessPages.get("/", async (c) => {
  const [first] = await drizzle(c.env.DB).select({ id: businesses.id }).from(businesses).orderBy(asc(businesses.createdAt)).limit(1);
  return c.redirect(first ? businessPath(first.id) : "/admin/businesses", 303);
});

businessPages.get("/businesses", async (c) => {
  const db = drizzle(c.env.DB);
  const [rows, counts] = await db.batch([
    db.select().from(businesses).orderBy(asc(businesses.name)),
    db.select({ businessId: numbers.businessId, n: count() }).from(numbers).groupBy(numbers.businessId),
  ]);
  const numberCount = new Map(counts.map((r) => [r.businessId, r.n]));
  return renderPage(
    c,
    { title: "Businesses" },
    <>
      <h1>Businesses</h1>
      <p>
        <a class="button" href="/admin/businesses/new">
          New business
        </a>
      </p>
      {rows.length === 0 ? (
        <p class="card">No businesses yet. Create one to start texting back missed calls.</p>
      ) : (
        <div class="table-wrap">
          <table>
            <thead>
              <tr>
                <th scope="col">Name</th>
                <th scope="col">Time zone</th>
                <th scope="col" class="num">Numbers</th>
                <th scope="col">Texting</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((b) => {
                const s = parseSettings(b.settings);
                return (
                  <tr>
                    <td>
                      <a href={businessPath(b.id)}>{b.name}</a>
                    </td>
                    <td>{b.timezone}</td>
                    <td class="num">{numberCount.get(b.id) ?? 0}</td>
                    <td>
                      {s.paused ? <span class="chip bad">Paused</span> : s.shadow ? <span class="chip warn">Shadow mode</span> : <span class="chip ok">On</span>}
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
    </>,
  );
});

function newBusinessPage(c: PageContext, values: BusinessFormValues, errors: string[] = []) {
  return renderPage(
    c,
    { title: "New business", errors, status: errors.length ? 400 : 200 },
    <>
      <h1>New business</h1>
      <p class="sub">It starts with ready-to-use text templates; you can edit them afterwards.</p>
      <BusinessForm action="/admin/businesses" csrf={c.get("session").csrfToken} values={values} submitLabel="Create business" />
    </>,
  );
}

businessPages.get("/businesses/new", (c) => newBusinessPage(c, valuesFromBusiness(null)));

businessPages.post("/businesses", async (c) => {
  const values = await formFields(c);
  const { input, problems } = inputFromValues(values);
  const parsed = createBusinessSchema.safeParse({ ...input, defaultTemplates: true });
  const errors = [...problems, ...(parsed.success ? [] : issueMessages(parsed.error, businessFieldLabel))];
  if (!parsed.success || errors.length > 0) return newBusinessPage(c, values, errors);
  const business = await createBusiness(c.env, parsed.data);
  return c.redirect(`${businessPath(business.id, "/numbers")}?done=created`, 303);
});

businessPages.get("/businesses/:id/settings", async (c) => {
  const business = await findBusiness(drizzle(c.env.DB), c.req.param("id"));
  return settingsPage(c, business, valuesFromBusiness(business));
});

function settingsPage(c: PageContext, business: Awaited<ReturnType<typeof findBusiness>>, values: BusinessFormValues, errors: string[] = []) {
  return renderPage(
    c,
    { title: "Settings", business, tab: "settings", errors, status: errors.length ? 400 : 200 },
    <>
      <h1>Settings</h1>
      <BusinessForm
        action={businessPath(business.id, "/settings")}
        csrf={c.get("session").csrfToken}
        values={values}
        submitLabel="Save settings"
        webhookSecretSet={business.webhookSecret !== null}
      />
    </>,
  );
}

businessPages.post("/businesses/:id/settings", async (c) => {
  const business = await findBusiness(drizzle(c.env.DB), c.req.param("id"));
  const values = await formFields(c);
  const { input, problems } = inputFromValues(values);
  const parsed = patchBusinessSchema.safeParse(input);
  const errors = [...problems, ...(parsed.success ? [] : issueMessages(parsed.error, businessFieldLabel))];
  if (!parsed.success || errors.length > 0) return settingsPage(c, business, values, errors);
  await updateBusiness(c.env, business, parsed.data);
  return c.redirect(`${businessPath(business.id, "/settings")}?done=saved`, 303);
});

/** One-click pause and resume, from the dashboard. */
businessPages.post("/businesses/:id/pause", async (c) => {
  const business = await findBusiness(drizzle(c.env.DB), c.req.param("id"));
  const paused = (await formFields(c)).paused === "on";
  await updateBusiness(c.env, business, { settings: { paused } });
  return c.redirect(`${businessPath(business.id)}?done=${paused ? "paused" : "resumed"}`, 303);
});

/** The pause/resume button, for the dashboard. */
export function PauseForm(props: { businessId: string; paused: boolean; csrf: string }) {
  return (
    <PostForm action={businessPath(props.businessId, "/pause")} csrf={props.csrf}>
      <input type="hidden" name="paused" value={props.paused ? "off" : "on"} />
      <button type="submit" class={props.paused ? "" : "secondary"}>
        {props.paused ? "Resume texting" : "Pause texting"}
      </button>
    </PostForm>
  );
}
