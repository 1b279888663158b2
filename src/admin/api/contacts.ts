/** `/businesses/:id/contacts` (DESIGN.md §6.4): list and search, one contact by phone, PUT and DELETE, CSV import and export. */
import { drizzle } from "drizzle-orm/d1";
import { Hono } from "hono";
import { HTTPException } from "hono/http-exception";
import { decodeCsvBytes } from "../../csv-read";
import { routeBusiness } from "../businesses";
import { contactListQuerySchema, contactPutSchema } from "../contact-schemas";
import { contactsCsv, countryOf, deleteContact, findContact, importContacts, listContacts, phoneParam, presentContact, putContact } from "../contacts";
import { jsonBody, queryParams, type ApiEnv } from "./input";

export const contactsApi = new Hono<ApiEnv>();

contactsApi.get("/businesses/:id/contacts", async (c) => {
  const business = await routeBusiness(c);
  const query = queryParams(c, contactListQuerySchema);
  // One more than a page tells whether there is a next one.
  const rows = await listContacts(drizzle(c.env.DB), business.id, { ...query, limit: query.limit + 1 });
  const page = rows.slice(0, query.limit);
  return c.json({ contacts: page.map(presentContact), nextCursor: rows.length > query.limit ? (page.at(-1)?.phone ?? null) : null });
});

contactsApi.get("/businesses/:id/contacts.csv", async (c) => {
  const business = await routeBusiness(c);
  const { csv, headers } = await contactsCsv(drizzle(c.env.DB), business.id);
  return c.body(csv, 200, headers);
});

/**
 * A CSV file (`text/csv`, header `name,phone,tags`, or another tool's columns: rules/contact-columns.ts)
 * or a vCard export (`text/vcard`): `{ imported, updated, rejected: [{ line, name, reason }] }` (`name`: the row's, when it has one).
 */
contactsApi.post("/businesses/:id/contacts/import", async (c) => {
  const business = await routeBusiness(c);
  const type = (c.req.header("content-type") ?? "").toLowerCase();
  if (!/^(text\/csv|application\/csv|text\/plain|text\/vcard|text\/x-vcard|text\/directory)\b/.test(type)) {
    throw new HTTPException(415, { message: "content-type: send the file as text/csv (a header line name,phone,tags, then one contact a line) or text/vcard" });
  }
  const file = decodeCsvBytes(new Uint8Array(await c.req.arrayBuffer()));
  return c.json(await importContacts(c.env, business, file));
});

contactsApi.get("/businesses/:id/contacts/:phone", async (c) => {
  const business = await routeBusiness(c);
  const db = drizzle(c.env.DB);
  const contact = await findContact(db, business.id, phoneParam(c.req.param("phone"), await countryOf(db, business)));
  if (!contact) throw new HTTPException(404, { message: "no such contact" });
  return c.json(presentContact(contact));
});

/** The whole contact: what the body leaves out is cleared (PUT without `blocked` unblocks). 201 when new. */
contactsApi.put("/businesses/:id/contacts/:phone", async (c) => {
  const business = await routeBusiness(c);
  const db = drizzle(c.env.DB);
  const phone = phoneParam(c.req.param("phone"), await countryOf(db, business));
  const input = await jsonBody(c, contactPutSchema);
  const { contact, created } = await putContact(c.env, business.id, phone, input);
  return c.json(presentContact(contact), created ? 201 : 200);
});

contactsApi.delete("/businesses/:id/contacts/:phone", async (c) => {
  const business = await routeBusiness(c);
  const db = drizzle(c.env.DB);
  await deleteContact(db, business.id, phoneParam(c.req.param("phone"), await countryOf(db, business)));
  return c.body(null, 204);
});
