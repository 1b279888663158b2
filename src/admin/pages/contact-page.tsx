/** One contact: change their name, tags and notes, forget them, and see their leads and conversation. */
import { and, desc, eq } from "drizzle-orm";
import { drizzle } from "drizzle-orm/d1";
import { Hono } from "hono";
import type { CountryCode } from "libphonenumber-js";
import { leads } from "../../db/leads-schema";
import { normalizePhone } from "../../rules/phone";
import { CONTACT_TAGS } from "../../vocabulary";
import { routeBusiness } from "../businesses";
import { contactPutSchema, type ContactPut } from "../contact-schemas";
import { countryOf, deleteContact, findContact, phoneParam, putContact } from "../contacts";
import { tagsFromField } from "./contact-format";
import type { AdminPagesEnv } from "./env";
import { countOf, formatPhone, formatTime } from "./format";
import { formFields, issueMessages } from "./forms";
import { LeadStatusChip } from "./lead-format";
import { DataTable } from "./data-table";
import { businessPath, PostForm, renderPage } from "./layout";

export const contactPagePages = new Hono<AdminPagesEnv>();

const LABELS: Record<string, string> = { phone: "Phone number", name: "Name", tags: "Tags", notes: "Notes" };

/** The contact's fields; `withPhone` for a new one (an existing one's number is its key). */
export const ContactForm = (props: { action: string; csrf: string; values: Record<string, string>; withPhone?: boolean }) => (
  <PostForm action={props.action} csrf={props.csrf} class="card">
    {props.withPhone ? (
      <>
        <label for="contact-phone">Phone number</label>
        <input id="contact-phone" name="phone" type="tel" required value={props.values.phone ?? ""} />
      </>
    ) : null}
    <label for="contact-name">Name</label>
    <input id="contact-name" name="name" maxlength={200} value={props.values.name ?? ""} />
    <label for="contact-tags">
      Tags
      <span class="hint">Separated by commas: customer, vip, internal, blocked, or your own.</span>
    </label>
    <input id="contact-tags" name="tags" value={props.values.tags ?? ""} list="contact-known-tags" />
    <datalist id="contact-known-tags">
      {CONTACT_TAGS.map((t) => (
        <option value={t} />
      ))}
    </datalist>
    <label for="contact-notes">Notes</label>
    <textarea id="contact-notes" name="notes" maxlength={2000} rows={3}>
      {props.values.notes ?? ""}
    </textarea>
    <div class="actions">
      <button type="submit">Save contact</button>
    </div>
  </PostForm>
);

/** A posted contact form, read by the API's own schema; the sentences naming each field that is wrong. */
export function contactFromForm(f: Record<string, string>, country: CountryCode, withPhone: boolean): { phone: string; contact: ContactPut } | { errors: string[] } {
  const phone = withPhone ? normalizePhone(f.phone ?? "", country) : (f.phone ?? "");
  const parsed = contactPutSchema.safeParse({ name: f.name ?? null, tags: tagsFromField(f.tags), notes: f.notes ?? null });
  const errors = [
    ...(phone ? [] : [`Phone number: "${(f.phone ?? "").slice(0, 40)}" is not a valid phone number.`]),
    ...(parsed.success ? [] : issueMessages(parsed.error, (path) => LABELS[String(path[0])] ?? "Contact")),
  ];
  return errors.length > 0 || !parsed.success || !phone ? { errors } : { phone, contact: parsed.data };
}

contactPagePages.get("/businesses/:id/contacts/:phone", async (c) => {
  const business = await routeBusiness(c);
  const db = drizzle(c.env.DB);
  const phone = phoneParam(c.req.param("phone"), await countryOf(db, business));
  const contact = await findContact(db, business.id, phone);
  const theirLeads = await db.select().from(leads).where(and(eq(leads.businessId, business.id), eq(leads.phone, phone))).orderBy(desc(leads.createdAt)).limit(20);
  const path = businessPath(business.id, `/contacts/${encodeURIComponent(phone)}`);
  const csrf = c.get("session").csrfToken;
  const values = { name: contact?.name ?? "", tags: contact?.tags.join(", ") ?? "", notes: contact?.notes ?? "" };
  return renderPage(
    c,
    { title: contact?.name ?? formatPhone(phone), business, tab: "contacts" },
    <>
      <p class="sub">
        <a href={businessPath(business.id, "/contacts")}>← Contacts</a>
      </p>
      <h1>{contact?.name ?? formatPhone(phone)}</h1>
      <p class="sub">
        {formatPhone(phone)} · <a href={businessPath(business.id, `/conversations/${encodeURIComponent(phone)}`)}>calls and texts</a>
        {contact ? null : " · not a contact yet: save to make them one"}
      </p>
      <ContactForm action={path} csrf={csrf} values={{ ...values, phone }} />
      <h2>Leads</h2>
      {theirLeads.length === 0 ? (
        <p class="card">No leads from this number.</p>
      ) : (
        <DataTable
          phone="table"
          columns={["Opened", "Status", "Calls"]}
          caption="Their leads"
          rows={theirLeads.map((l) => [
            <a href={businessPath(business.id, `/leads/${encodeURIComponent(l.id)}`)}>{formatTime(l.createdAt, business.timezone)}</a>,
            <LeadStatusChip status={l.status} />,
            countOf(l.calls, "call"),
          ])}
        />
      )}
      {contact ? (
        <PostForm action={`${path}/delete`} csrf={csrf} class="actions">
          <button type="submit" class="danger">
            Forget this contact
          </button>
        </PostForm>
      ) : null}
    </>,
  );
});

contactPagePages.post("/businesses/:id/contacts/:phone", async (c) => {
  const business = await routeBusiness(c);
  const db = drizzle(c.env.DB);
  const phone = phoneParam(c.req.param("phone"), await countryOf(db, business));
  const read = contactFromForm({ ...(await formFields(c)), phone }, "US", false);
  if ("errors" in read) {
    const contact = await findContact(db, business.id, phone);
    const back = businessPath(business.id, `/contacts/${encodeURIComponent(phone)}`);
    return renderPage(
      c,
      { title: contact?.name ?? formatPhone(phone), business, tab: "contacts", errors: read.errors, status: 400 },
      <ContactForm action={back} csrf={c.get("session").csrfToken} values={{ name: contact?.name ?? "", tags: contact?.tags.join(", ") ?? "", notes: contact?.notes ?? "" }} />,
    );
  }
  await putContact(c.env, business.id, phone, read.contact);
  return c.redirect(`${businessPath(business.id, `/contacts/${encodeURIComponent(phone)}`)}?done=saved`, 303);
});

contactPagePages.post("/businesses/:id/contacts/:phone/delete", async (c) => {
  const business = await routeBusiness(c);
  const db = drizzle(c.env.DB);
  await deleteContact(db, business.id, phoneParam(c.req.param("phone"), await countryOf(db, business)));
  return c.redirect(`${businessPath(business.id, "/contacts")}?done=contact_forgotten`, 303);
});
