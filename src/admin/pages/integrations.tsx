/**
 * Integrations: the business's event subscribers, the deliveries they refused, replay (one or all),
 * enabling and removal; and its booking systems (booking-connections.tsx), connected and disconnected.
 */
import { drizzle } from "drizzle-orm/d1";
import { Hono } from "hono";
import { HTTPException } from "hono/http-exception";
import type { EventHookRow } from "../../db/hooks-schema";
import { bookingConnectionsOf } from "../../db/booking-connections";
import type { BusinessRow } from "../../db/schema";
import { publicBase } from "../../public-base";
import { isPageBookingProvider, setBookingSecret, typedBookingSecret, BOOKING_PROVIDER_NAMES } from "../booking-connections";
import { routeBusiness } from "../businesses";
import { deleteHook, enableHook, listHooks, replayDelivery, replayHookDeliveries, troubleCounts, troubledDeliveries } from "../hooks";
import type { AdminPagesEnv, PageContext } from "./env";
import { formatTime } from "./format";
import { BookingConnections, type PostedBookingForm } from "./booking-connections";
import { formFields, formRefusal } from "./forms";
import { MarkInvalid } from "./invalid";
import { DataTable, type Column, type Row } from "./data-table";
import { businessPath, PostForm, renderPage, type PageOptions } from "./layout";
import { COPY_BUTTONS_SCRIPT } from "./scripts";

export const integrationPages = new Hono<AdminPagesEnv>();

const hostOf = (url: string) => new URL(url).host;

const ACTION: Column = { label: "Action", hideLabel: true };

const ORIGIN_LABELS: Record<EventHookRow["origin"], string> = {
  setting: "CRM webhook URL (Settings)",
  api: "API (Zapier, Make…)",
  hubspot: "HubSpot private app (API)",
};

/** Disabled (a 410) with its reason and since when; else its last refusal, or that all is well. */
function hookState(h: EventHookRow, timeZone: string) {
  if (h.disabledAt !== null) {
    return (
      <>
        <strong>Disabled: {h.disabledReason ?? "by its owner"}</strong>
        <span class="cell-note"> since {formatTime(h.disabledAt, timeZone)}. Nothing is sent to it until it is enabled.</span>
      </>
    );
  }
  return h.lastError ? <strong>{h.lastError}</strong> : "Receiving";
}

function hookActions(h: EventHookRow, dead: number, csrf: string) {
  const host = hostOf(h.url);
  const action = (verb: string) => businessPath(h.businessId, `/hooks/${encodeURIComponent(h.id)}/${verb}`);
  return (
    <div class="actions status-buttons">
      {h.disabledAt !== null ? (
        <PostForm action={action("enable")} csrf={csrf}>
          <button type="submit" aria-label={`Enable the subscriber at ${host}`}>
            Enable
          </button>
        </PostForm>
      ) : dead > 0 ? (
        <PostForm action={action("replay")} csrf={csrf}>
          <button type="submit" class="secondary" aria-label={`Replay the ${dead} dead deliveries to ${host}`}>
            Replay {dead} dead
          </button>
        </PostForm>
      ) : null}
      <PostForm action={action("delete")} csrf={csrf}>
        <button type="submit" class="secondary" aria-label={`Remove the subscriber at ${host}`}>
          Remove
        </button>
      </PostForm>
    </div>
  );
}

function hookCells(h: EventHookRow, trouble: { dead: number; refused: number } | undefined, timeZone: string, csrf: string): Row {
  return [
    h.origin === "hubspot" ? "HubSpot" : h.url,
    h.origin === "hubspot" ? "lead events" : h.events.join(", "),
    ORIGIN_LABELS[h.origin],
    hookState(h, timeZone),
    trouble?.refused ?? 0,
    hookActions(h, trouble?.dead ?? 0, csrf),
  ];
}

interface PageState {
  errors?: string[];
  status?: PageOptions["status"];
  /** A refused booking form: its provider and form, whose fields the refusal marks. */
  posted?: PostedBookingForm;
  invalid?: ReadonlySet<string>;
}

async function integrationsPage(c: PageContext, business: BusinessRow, opts: PageState = {}) {
  const db = drizzle(c.env.DB);
  const [hooks, trouble, troubled, connections] = await Promise.all([
    listHooks(db, business.id),
    troubleCounts(db, business.id),
    troubledDeliveries(db, business.id),
    bookingConnectionsOf(c.env.DB, business.id),
  ]);
  const byId = new Map(hooks.map((h) => [h.id, h]));
  const csrf = c.get("session").csrfToken;
  return renderPage(
    c,
    { title: "Integrations", business, tab: "integrations", errors: opts.errors, status: opts.status, script: COPY_BUTTONS_SCRIPT },
    <>
      <h1>Integrations</h1>
      <p class="sub">
        Systems that receive this business's events, each signed with its own secret. Zapier and Make subscribe here by themselves; see the README's "Connect your CRM". A
        system that is down is retried for about a day; one that answers 410 Gone is disabled until you enable it. Cal.com and Calendly send their bookings
        here: see <a href="#bookings">Bookings</a>.
      </p>
      {hooks.length === 0 ? (
        <p class="card">No subscribers. Set a CRM webhook URL in Settings, or connect Zapier or Make.</p>
      ) : (
        <DataTable
          columns={[{ label: "Sends to", cell: "wrap" }, "Events", "Added by", { label: "State", cell: "wrap" }, { label: "Refused", num: true }, ACTION]}
          rows={hooks.map((h) => hookCells(h, trouble.get(h.id), business.timezone, csrf))}
        />
      )}
      <h2>Refused deliveries</h2>
      {troubled.length === 0 ? (
        <p class="card">None. Every event reached its subscribers or is on its way.</p>
      ) : (
        <DataTable
          columns={[{ label: "Created", cell: "nowrap" }, "Event", "To", "Last error", { label: "Attempts", num: true }, ACTION]}
          rows={troubled.map((d) => [
            formatTime(d.createdAt, business.timezone),
            d.event,
            d.hookId && byId.has(d.hookId) ? hostOf(byId.get(d.hookId)!.url) : "removed subscriber",
            d.status === "dead" ? `Gave up after retries: ${d.lastError ?? "—"}` : (d.lastError ?? "—"),
            d.attempts,
            // A disabled subscriber's are replayed once it is enabled again.
            d.hookId && byId.get(d.hookId)?.disabledAt === null ? (
              <PostForm action={businessPath(business.id, `/deliveries/${encodeURIComponent(d.id)}/replay`)} csrf={csrf}>
                <button type="submit" aria-label={`Replay ${d.event}`}>
                  Replay
                </button>
              </PostForm>
            ) : null,
          ])}
        />
      )}
      <MarkInvalid names={opts.invalid}>
        <BookingConnections business={business} base={publicBase(c)} csrf={csrf} rows={connections} posted={opts.posted} />
      </MarkInvalid>
    </>,
  );
}

integrationPages.get("/businesses/:id/integrations", async (c) => integrationsPage(c, await routeBusiness(c)));

integrationPages.post("/businesses/:id/deliveries/:deliveryId/replay", async (c) => {
  const business = await routeBusiness(c);
  const refused = await formRefusal([404, 409], () => replayDelivery(c.env, c.req.param("deliveryId"), business.id));
  if (refused) return integrationsPage(c, business, refused);
  return c.redirect(`${businessPath(business.id, "/integrations")}?done=replayed`, 303);
});

integrationPages.post("/businesses/:id/hooks/:hookId/replay", async (c) => {
  const business = await routeBusiness(c);
  const refused = await formRefusal([404, 409], () => replayHookDeliveries(c.env, c.req.param("hookId"), { status: "dead" }, business.id));
  if (refused) return integrationsPage(c, business, refused);
  return c.redirect(`${businessPath(business.id, "/integrations")}?done=replayed`, 303);
});

integrationPages.post("/businesses/:id/hooks/:hookId/enable", async (c) => {
  const business = await routeBusiness(c);
  const refused = await formRefusal([404], () => enableHook(c.env, c.req.param("hookId"), business.id));
  if (refused) return integrationsPage(c, business, refused);
  return c.redirect(`${businessPath(business.id, "/integrations")}?done=enabled`, 303);
});

integrationPages.post("/businesses/:id/hooks/:hookId/delete", async (c) => {
  const business = await routeBusiness(c);
  const refused = await formRefusal([404], () => deleteHook(c.env, c.req.param("hookId"), business.id));
  if (refused) return integrationsPage(c, business, refused);
  return c.redirect(`${businessPath(business.id, "/integrations")}?done=unsubscribed`, 303);
});

/** The provider a booking route names; 404 for any other (the generic webhook's key is the API's). */
function routeProvider(c: PageContext) {
  const provider = c.req.param("provider");
  if (!isPageBookingProvider(provider)) throw new HTTPException(404, { message: "no such booking system" });
  return provider;
}

const bookingsDone = (businessId: string, done: string, provider: string) => `${businessPath(businessId, "/integrations")}?done=${done}#booking-${provider}`;

/** Sets or replaces a provider's signing key, checked like the API's; a refusal names the field and changes nothing. */
integrationPages.post("/businesses/:id/integrations/bookings/:provider", async (c) => {
  const business = await routeBusiness(c);
  const provider = routeProvider(c);
  const typed = typedBookingSecret(provider, (await formFields(c)).secret);
  if (typed.errors) return integrationsPage(c, business, { errors: typed.errors, status: 400, posted: { provider, form: "secret" }, invalid: new Set(["secret"]) });
  await setBookingSecret(c.env, business, provider, typed.secret);
  return c.redirect(bookingsDone(business.id, "booking_secret_saved", provider), 303);
});

/** Removes a provider's key once the box naming it is ticked: its webhooks are refused from then on. */
integrationPages.post("/businesses/:id/integrations/bookings/:provider/disconnect", async (c) => {
  const business = await routeBusiness(c);
  const provider = routeProvider(c);
  if ((await formFields(c)).confirm !== provider) {
    const errors = [`Tick "Yes, disconnect ${BOOKING_PROVIDER_NAMES[provider]}" to disconnect it.`];
    return integrationsPage(c, business, { errors, status: 400, posted: { provider, form: "disconnect" }, invalid: new Set(["confirm"]) });
  }
  await setBookingSecret(c.env, business, provider, null);
  return c.redirect(bookingsDone(business.id, "booking_disconnected", provider), 303);
});
