/** Integrations: the business's event subscribers, the deliveries they refused, replay and removal. */
import { drizzle } from "drizzle-orm/d1";
import { Hono } from "hono";
import type { EventHookRow } from "../../db/hooks-schema";
import type { BusinessRow } from "../../db/schema";
import { routeBusiness } from "../businesses";
import { deleteHook, listHooks, replayDelivery, troubleCounts, troubledDeliveries } from "../hooks";
import type { AdminPagesEnv, PageContext } from "./env";
import { formatTime } from "./format";
import { formRefusal } from "./forms";
import { businessPath, DataTable, PostForm, renderPage, type PageOptions } from "./layout";

export const integrationPages = new Hono<AdminPagesEnv>();

const hostOf = (url: string) => new URL(url).host;

const ORIGIN_LABELS: Record<EventHookRow["origin"], string> = {
  setting: "CRM webhook URL (Settings)",
  api: "API (Zapier, Make…)",
  hubspot: "HubSpot private app (API)",
};

function HookRow(props: { h: EventHookRow; trouble: number; csrf: string }) {
  const { h } = props;
  return (
    <tr>
      <td class="wrap">{h.origin === "hubspot" ? "HubSpot" : h.url}</td>
      <td>{h.origin === "hubspot" ? "lead events" : h.events.join(", ")}</td>
      <td>{ORIGIN_LABELS[h.origin]}</td>
      <td class="wrap">{h.lastError ? <strong>{h.lastError}</strong> : "—"}</td>
      <td class="num">{props.trouble}</td>
      <td>
        <PostForm action={businessPath(h.businessId, `/hooks/${encodeURIComponent(h.id)}/delete`)} csrf={props.csrf}>
          <button type="submit" aria-label={`Remove the subscriber at ${hostOf(h.url)}`}>
            Remove
          </button>
        </PostForm>
      </td>
    </tr>
  );
}

async function integrationsPage(c: PageContext, business: BusinessRow, opts: { errors?: string[]; status?: PageOptions["status"] } = {}) {
  const db = drizzle(c.env.DB);
  const [hooks, trouble, troubled] = await Promise.all([listHooks(db, business.id), troubleCounts(db, business.id), troubledDeliveries(db, business.id)]);
  const urls = new Map(hooks.map((h) => [h.id, h.url]));
  const csrf = c.get("session").csrfToken;
  return renderPage(
    c,
    { title: "Integrations", business, tab: "integrations", errors: opts.errors, status: opts.status },
    <>
      <h1>Integrations</h1>
      <p class="sub">Systems that receive this business's events, each signed with its own secret. Zapier and Make subscribe here by themselves; see the README's "Connect your CRM".</p>
      {hooks.length === 0 ? (
        <p class="card">No subscribers. Set a CRM webhook URL in Settings, or connect Zapier or Make.</p>
      ) : (
        <DataTable columns={["Sends to", "Events", "Added by", "Last error", { label: "Refused", num: true }, { label: <span class="visually-hidden">Action</span> }]}>
          {hooks.map((h) => (
            <HookRow h={h} trouble={trouble.get(h.id) ?? 0} csrf={csrf} />
          ))}
        </DataTable>
      )}
      <h2>Refused deliveries</h2>
      {troubled.length === 0 ? (
        <p class="card">None. Every event reached its subscribers or is on its way.</p>
      ) : (
        <DataTable columns={["Created", "Event", "To", "Last error", { label: "Attempts", num: true }, { label: <span class="visually-hidden">Action</span> }]}>
          {troubled.map((d) => (
            <tr>
              <td class="nowrap">{formatTime(d.createdAt, business.timezone)}</td>
              <td>{d.event}</td>
              <td>{d.hookId && urls.has(d.hookId) ? hostOf(urls.get(d.hookId)!) : "removed subscriber"}</td>
              <td>{d.status === "dead" ? `Gave up after retries: ${d.lastError ?? "—"}` : (d.lastError ?? "—")}</td>
              <td class="num">{d.attempts}</td>
              <td>
                {d.hookId && urls.has(d.hookId) ? (
                  <PostForm action={businessPath(business.id, `/deliveries/${encodeURIComponent(d.id)}/replay`)} csrf={csrf}>
                    <button type="submit" aria-label={`Replay ${d.event}`}>
                      Replay
                    </button>
                  </PostForm>
                ) : null}
              </td>
            </tr>
          ))}
        </DataTable>
      )}
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

integrationPages.post("/businesses/:id/hooks/:hookId/delete", async (c) => {
  const business = await routeBusiness(c);
  const refused = await formRefusal([404], () => deleteHook(c.env, c.req.param("hookId"), business.id));
  if (refused) return integrationsPage(c, business, refused);
  return c.redirect(`${businessPath(business.id, "/integrations")}?done=unsubscribed`, 303);
});
