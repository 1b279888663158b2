/** Businesses: the admin's home, creating one, editing its details and settings, pausing it (the list: business-list-page.tsx). */
import { drizzle } from "drizzle-orm/d1";
import { Hono } from "hono";
import { HTTPException } from "hono/http-exception";
import type { BusinessRow } from "../../db/schema";
import { businessKind } from "../../rules/business-kind";
import { parseSettings } from "../../settings";
import { createBusiness, onlyBusinessId, routeBusiness, updateBusiness } from "../businesses";
import { closeBusiness } from "../business-close";
import { listNumbers } from "../numbers";
import { CloseBusinessSection } from "./business-close";
import { createBusinessSchema, patchBusinessSchema } from "../schemas";
import { BusinessForm } from "./business-form";
import { blockedNumbers, setBlocked } from "../contacts";
import { parseBusinessForm } from "./business-form-parse";
import { valuesFromBusiness, type BusinessFormValues } from "./business-form-values";
import type { AdminPagesEnv, PageContext } from "./env";
import { formFields } from "./forms";
import { MarkInvalid, type FormRefusal } from "./invalid";
import { lastChanges } from "../change-history";
import { ChangedBy } from "./changed-by";
import { staffStops, StaffStops } from "./staff-stops";
import { businessPath, PostForm, renderPage } from "./layout";

export const businessPages = new Hono<AdminPagesEnv>();

/**
 * The admin's home: with one business, its leads; with several (an agency, an operator), the list of
 * businesses, which says where someone is needed; with none yet, the list too.
 */
businessPages.get("/", async (c) => {
  const only = await onlyBusinessId(drizzle(c.env.DB), c.get("principal"));
  return c.redirect(only ? businessPath(only, "/leads") : "/admin/businesses", 303);
});

/** Whether texts go out: the chip of the list and the dashboard. */
export function TextingChip(props: { settings: { paused: boolean; shadow: boolean }; on: string; paused: string; shadow: string }) {
  const { paused, shadow } = props.settings;
  return <span class={`chip ${paused ? "bad" : shadow ? "warn" : "ok"}`}>{paused ? props.paused : shadow ? props.shadow : props.on}</span>;
}

function newBusinessPage(c: PageContext, values: BusinessFormValues, refusal?: FormRefusal) {
  return renderPage(
    c,
    { title: "New business", errors: refusal?.errors, status: refusal ? 400 : 200 },
    <>
      <h1>New business</h1>
      <p class="sub">It starts with ready-to-use texts and questions for its kind; you can edit them afterwards.</p>
      <MarkInvalid names={refusal?.invalid}>
        <BusinessForm action="/admin/businesses" csrf={c.get("session").csrfToken} values={values} submitLabel="Create business" chooseKind />
      </MarkInvalid>
    </>,
  );
}

businessPages.get("/businesses/new", (c) => newBusinessPage(c, valuesFromBusiness(null)));

businessPages.post("/businesses", async (c) => {
  const values = await formFields(c);
  const parsed = parseBusinessForm(createBusinessSchema, values);
  if (parsed.refusal) return newBusinessPage(c, values, parsed.refusal);
  const business = await createBusiness(c.env, parsed.data);
  await setBlocked(c.env.DB, business.id, parsed.blocked);
  return c.redirect(`${businessPath(business.id, "/numbers")}?done=created`, 303);
});

businessPages.get("/businesses/:id/settings", async (c) => {
  const business = await routeBusiness(c);
  return settingsPage(c, business, valuesFromBusiness(business, await blockedNumbers(c.env.DB, business.id)));
});

/** `closeRefused`: why closing the business was refused (the form's own refusals are `refusal`). */
async function settingsPage(c: PageContext, business: BusinessRow, values: BusinessFormValues, refusal?: FormRefusal, closeRefused?: HTTPException) {
  const db = drizzle(c.env.DB);
  const [changes, stops, nums] = await Promise.all([lastChanges(db, "business", [business.id]), staffStops(c.env.DB, business), listNumbers(db, business.id)]);
  const errors = closeRefused ? [closeRefused.message] : refusal?.errors;
  const change = changes.get(business.id);
  return renderPage(
    c,
    { title: "Settings", business, tab: "settings", errors, status: closeRefused?.status ?? (refusal ? 400 : 200) },
    <>
      <p class="sub">
        Business settings · <a href={businessPath(business.id, "/settings/leads")}>Leads and urgent</a>
      </p>
      <h1>Settings</h1>
      <ChangedBy change={change} tz={business.timezone} />
      <StaffStops notices={stops} />
      <MarkInvalid names={refusal?.invalid}>
        <BusinessForm
          action={businessPath(business.id, "/settings")}
          csrf={c.get("session").csrfToken}
          values={values}
          submitLabel="Save settings"
          webhookSecretSet={business.webhookSecret !== null}
          kind={businessKind(parseSettings(business.settings))}
        />
      </MarkInvalid>
      <CloseBusinessSection business={business} csrf={c.get("session").csrfToken} numbers={nums.length} refused={closeRefused !== undefined} />
    </>,
  );
}

businessPages.post("/businesses/:id/settings", async (c) => {
  const business = await routeBusiness(c);
  const values = await formFields(c);
  const parsed = parseBusinessForm(patchBusinessSchema, values);
  if (parsed.refusal) return settingsPage(c, business, values, parsed.refusal);
  await updateBusiness(c.env, business, parsed.data);
  await setBlocked(c.env.DB, business.id, parsed.blocked);
  return c.redirect(`${businessPath(business.id, "/settings")}?done=saved`, 303);
});

/** Closes the business (admin/business-close.ts); a refusal shows on the settings page, nothing changed. */
businessPages.post("/businesses/:id/close", async (c) => {
  const business = await routeBusiness(c);
  const { confirm } = await formFields(c);
  try {
    // A close that ran out of its request's budget is finished by posting again: the page says so.
    const outcome = await closeBusiness(c.env, business, confirm);
    if (!outcome.closed) throw new HTTPException(503, { message: "Partly closed: press Close again to finish." });
  } catch (e) {
    if (!(e instanceof HTTPException) || e.status === 404) throw e;
    return settingsPage(c, business, valuesFromBusiness(business, await blockedNumbers(c.env.DB, business.id)), undefined, e);
  }
  return c.redirect("/admin/businesses?done=business_closed", 303);
});

/** One-click pause and resume, from the dashboard. */
businessPages.post("/businesses/:id/pause", async (c) => {
  const business = await routeBusiness(c);
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
