/**
 * Bookings nobody could match (DESIGN.md §6.5): what the provider sent, and a form to attach each to
 * a lead. Reached from the Leads page, which says when there are any (a tab of its own would be empty
 * for most businesses).
 */
import { drizzle } from "drizzle-orm/d1";
import { Hono } from "hono";
import { attachBooking } from "../booking-attach";
import { listBookings, type BookingRow } from "../../db/bookings";
import type { BusinessRow } from "../../db/schema";
import { routeBusiness } from "../businesses";
import { callersOf, type KnownCaller } from "../callers";
import { listLeads, type LeadRow } from "../leads";
import type { AdminPagesEnv, PageContext } from "./env";
import { formatPhone, formatTime } from "./format";
import { leadShownCaller, leadStatusLabel } from "./lead-format";
import { formFields, formRefusal } from "./forms";
import { DataTable, type Row } from "./data-table";
import { businessPath, PostForm, renderPage, type PageOptions } from "./layout";

export const bookingPages = new Hono<AdminPagesEnv>();

const SHOWN = 100;
/** The leads offered to attach a booking to: the newest activity first. */
const LEADS_OFFERED = 100;

const PROVIDER_NAMES = { calcom: "Cal.com", calendly: "Calendly", generic: "Booking system" } as const;

/** "Tom Becker · (415) 234-5678 · Replied": who, in the names the pages use, and where the lead stands in the leads list's words. */
const leadLabel = (l: LeadRow, caller: KnownCaller | undefined) => `${leadShownCaller(l, caller).oneLine} · ${leadStatusLabel(l.status)}`;

/** The lead a booking most likely belongs to: the attendee's phone's, unless that one is booked already (a second booking is another job). */
const likelyLead = (b: BookingRow, leads: readonly LeadRow[]) => (b.phone ? leads.find((l) => l.phone === b.phone && l.status !== "booked") : undefined);

function bookingCells(b: BookingRow, props: { leads: LeadRow[]; callers: ReadonlyMap<string, KnownCaller>; business: BusinessRow; csrf: string }): Row {
  const { business } = props;
  const likely = likelyLead(b, props.leads);
  const selectId = `lead-${b.id}`;
  return [
    b.startsAt === null ? "—" : formatTime(b.startsAt, business.timezone),
    <>
      {[b.name, b.phone ? formatPhone(b.phone) : null, b.email].filter(Boolean).join(" · ") || "—"}
      <span class="hint">
        {PROVIDER_NAMES[b.provider]} · {b.status === "canceled" ? "canceled" : "booked"}
      </span>
    </>,
    props.leads.length === 0 ? (
      <span class="hint">No leads yet</span>
    ) : (
      <PostForm action={businessPath(business.id, `/bookings/${encodeURIComponent(b.id)}/attach`)} csrf={props.csrf}>
        <label class="visually-hidden" for={selectId}>
          Lead for this booking
        </label>
        <select id={selectId} name="leadId" required>
          {/* Nothing chosen unless a lead is likely: a person picks, never the list's first by accident. */}
          <option value="" selected={!likely}>
            Choose a lead…
          </option>
          {props.leads.map((l) => (
            <option value={l.id} selected={l.id === likely?.id}>
              {leadLabel(l, props.callers.get(l.phone))}
            </option>
          ))}
        </select>{" "}
        <button type="submit">Attach</button>
      </PostForm>
    ),
  ];
}

async function bookingsPage(c: PageContext, business: BusinessRow, opts: { errors?: string[]; status?: PageOptions["status"] } = {}) {
  const [rows, leads] = await Promise.all([
    listBookings(c.env.DB, business.id, { unmatched: true, limit: SHOWN }),
    listLeads(drizzle(c.env.DB), business.id, { limit: LEADS_OFFERED }),
  ]);
  const callers = rows.length > 0 ? await callersOf(c.env.DB, business.id, leads.map((l) => l.phone)) : new Map<string, KnownCaller>();
  const csrf = c.get("session").csrfToken;
  return renderPage(
    c,
    { title: "Unmatched bookings", business, tab: "leads", errors: opts.errors, status: opts.status },
    <>
      <h1>Unmatched bookings</h1>
      <p class="sub">
        Bookings from your booking system that came without our link's code and from a phone with no open lead. Attach each to the lead it belongs to: the
        lead is then booked for that time.
      </p>
      {rows.length === 0 ? (
        <p class="card">None. Every booking found its lead.</p>
      ) : (
        <DataTable columns={[{ label: "When", cell: "nowrap" }, "Who", { label: "Attach to", wide: true }]} rows={rows.map((b) => bookingCells(b, { leads, callers, business, csrf }))} />
      )}
    </>,
  );
}

bookingPages.get("/businesses/:id/bookings", async (c) => bookingsPage(c, await routeBusiness(c)));

bookingPages.post("/businesses/:id/bookings/:bookingId/attach", async (c) => {
  const business = await routeBusiness(c);
  const f = await formFields(c);
  if (!f.leadId) return bookingsPage(c, business, { status: 400, errors: ["Lead for this booking: choose the lead it belongs to"] });
  const refused = await formRefusal([400, 404, 409], () => attachBooking(c.env, c.req.param("bookingId"), f.leadId ?? "", business.id));
  if (refused) return bookingsPage(c, business, refused);
  return c.redirect(`${businessPath(business.id, "/bookings")}?done=attached`, 303);
});
