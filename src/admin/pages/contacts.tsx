/** Contacts: search and filter by tag, add one, unblock, export, and the form importing a file (contact-import-route.tsx). */
import { drizzle } from "drizzle-orm/d1";
import { Hono } from "hono";
import type { BusinessRow } from "../../db/schema";
import { CONTACT_TAGS } from "../../vocabulary";
import { routeBusiness } from "../businesses";
import { contactListQuerySchema } from "../contact-schemas";
import { contactsCsv, countryOf, deleteContact, findContact, listContacts, putContact, type ContactRow } from "../contacts";
import { TagChips } from "./contact-format";
import { ContactForm, contactFromForm } from "./contact-page";
import type { AdminPagesEnv, PageContext } from "./env";
import { formatPhone } from "./format";
import { formFields } from "./forms";
import { DataTable } from "./data-table";
import { businessPath, PostForm, renderPage } from "./layout";

export const contactPages = new Hono<AdminPagesEnv>();

const PAGE_SIZE = 50;

function Filters(props: { businessId: string; q?: string; tag?: string }) {
  return (
    <form method="get" action={businessPath(props.businessId, "/contacts")} class="inline filters" role="search">
      <div>
        <label for="contact-q">Search</label>
        <input id="contact-q" type="search" name="q" value={props.q ?? ""} placeholder="Name, notes or number" />
      </div>
      <div>
        <label for="contact-tag">Tag</label>
        <input id="contact-tag" name="tag" value={props.tag ?? ""} list="known-tags" placeholder="Any" />
        <datalist id="known-tags">
          {CONTACT_TAGS.map((t) => (
            <option value={t} />
          ))}
        </datalist>
      </div>
      <button type="submit" class="secondary">
        Show
      </button>
      <a class="button secondary" href={businessPath(props.businessId, "/contacts.csv")} download>
        Export all as CSV
      </a>
    </form>
  );
}

function ContactsTable(props: { rows: readonly ContactRow[]; businessId: string; csrf: string }) {
  const path = (phone: string, suffix = "") => businessPath(props.businessId, `/contacts/${encodeURIComponent(phone)}${suffix}`);
  return (
    <DataTable
      columns={["Name", { label: "Number", cell: "nowrap" }, "Tags", "Notes"]}
      caption="Contacts"
      rows={props.rows.map((c) => [
        <a href={path(c.phone)}>{c.name ?? "(no name)"}</a>,
        formatPhone(c.phone),
        <>
          <TagChips tags={c.tags} />
          {c.tags.includes("blocked") ? (
            <PostForm action={path(c.phone, "/unblock")} csrf={props.csrf}>
              <button type="submit" class="secondary">
                Unblock<span class="visually-hidden"> {formatPhone(c.phone)}</span>
              </button>
            </PostForm>
          ) : null}
        </>,
        c.notes ?? "",
      ])}
    />
  );
}

/** The file's form: Preview reads it and shows what would happen (contact-import-route.tsx); Import writes it at once. */
export const ImportForm = (props: { businessId: string; csrf: string }) => (
  <form method="post" action={businessPath(props.businessId, "/contacts/import")} enctype="multipart/form-data" class="card">
    <input type="hidden" name="_csrf" value={props.csrf} />
    <label for="contact-file">
      Contacts file (CSV or vCard)
      <span class="hint">
        A CSV from Google Contacts, Outlook, QuickBooks, Jobber, Housecall Pro or a spreadsheet (a first line naming the columns, such as name,phone,tags with tags separated by ;), or a
        phone's contacts exported as .vcf. You see which columns are read, and can pick others, before anything is saved.
      </span>
    </label>
    <input id="contact-file" name="file" type="file" accept=".csv,.vcf,text/csv,text/vcard,text/x-vcard" required />
    <div class="actions">
      <button type="submit" name="step" value="preview">
        Preview
      </button>
      <button type="submit" name="step" value="import" class="secondary">
        Import now
      </button>
    </div>
  </form>
);

export async function contactsPage(c: PageContext, business: BusinessRow, opts: { errors?: string[]; status?: 200 | 400; form?: Record<string, string> } = {}) {
  const query = contactListQuerySchema.safeParse({ q: c.req.query("q") || undefined, tag: c.req.query("tag") || undefined, cursor: c.req.query("cursor") || undefined });
  const q = query.success ? query.data : { limit: PAGE_SIZE };
  const rows = await listContacts(drizzle(c.env.DB), business.id, { ...q, limit: PAGE_SIZE + 1 });
  const more = rows.length > PAGE_SIZE ? rows[PAGE_SIZE - 1]!.phone : null;
  const params = new URLSearchParams({ ...(q.q ? { q: q.q } : {}), ...(q.tag ? { tag: q.tag } : {}), ...(more ? { cursor: more } : {}) });
  const errors = [...(opts.errors ?? []), ...(query.success ? [] : ["That search or tag is not one this page can read; showing every contact."])];
  const csrf = c.get("session").csrfToken;
  return renderPage(
    c,
    { title: "Contacts", business, tab: "contacts", errors, status: opts.status ?? 200 },
    <>
      <h1>Contacts</h1>
      <p class="sub">
        The people this business knows. Tagged <strong>internal</strong> or <strong>blocked</strong>: never texted. <strong>vip</strong>: you get a text to call them back.{" "}
        <strong>customer</strong>: they get the customers' text by name, and no questions.
      </p>
      <Filters businessId={business.id} q={q.q} tag={q.tag} />
      {rows.length === 0 ? <p class="card">{q.q || q.tag ? "No contacts match." : "No contacts yet: add one below or import a file."}</p> : <ContactsTable rows={rows.slice(0, PAGE_SIZE)} businessId={business.id} csrf={csrf} />}
      {more ? (
        <p>
          <a class="button secondary" href={`${businessPath(business.id, "/contacts")}?${params}`}>
            More contacts
          </a>
        </p>
      ) : null}
      <h2>Import a file</h2>
      <ImportForm businessId={business.id} csrf={csrf} />
      <h2>Add or change a contact</h2>
      <ContactForm action={businessPath(business.id, "/contacts")} csrf={csrf} values={opts.form ?? {}} withPhone />
    </>,
  );
}

contactPages.get("/businesses/:id/contacts", async (c) => contactsPage(c, await routeBusiness(c)));

contactPages.get("/businesses/:id/contacts.csv", async (c) => {
  const business = await routeBusiness(c);
  const { csv, headers } = await contactsCsv(drizzle(c.env.DB), business.id);
  return c.body(csv, 200, headers);
});

/** A contact typed into the form: stored whole, like the API's PUT. */
contactPages.post("/businesses/:id/contacts", async (c) => {
  const business = await routeBusiness(c);
  const f = await formFields(c);
  const db = drizzle(c.env.DB);
  const read = contactFromForm(f, await countryOf(db, business), true);
  if ("errors" in read) return contactsPage(c, business, { errors: read.errors, status: 400, form: f });
  await putContact(c.env, business.id, read.phone, read.contact);
  return c.redirect(`${businessPath(business.id, "/contacts")}?q=${encodeURIComponent(read.phone.slice(-10))}&done=saved`, 303);
});

/** Unblock: the tag goes, the rest of the contact stays (a number BLOCK made a contact of, with nothing else, goes with it). */
contactPages.post("/businesses/:id/contacts/:phone/unblock", async (c) => {
  const business = await routeBusiness(c);
  const db = drizzle(c.env.DB);
  const contact = await findContact(db, business.id, c.req.param("phone"));
  if (contact?.tags.includes("blocked")) {
    const tags = contact.tags.filter((t) => t !== "blocked");
    if (tags.length === 0 && !contact.name && !contact.notes) await deleteContact(db, business.id, contact.phone);
    else await putContact(c.env, business.id, contact.phone, { name: contact.name, tags, notes: contact.notes });
  }
  return c.redirect(`${businessPath(business.id, "/contacts")}?done=unblocked`, 303);
});
