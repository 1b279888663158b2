/** Importing a contacts file from the page: a preview first (the columns read, which the owner may change, and the first rows), then the import. */
import { drizzle } from "drizzle-orm/d1";
import { Hono } from "hono";
import { decodeCsvBytes } from "../../csv-read";
import { mappingFor, type ColumnChoices } from "../../rules/contact-columns";
import type { BusinessRow } from "../../db/schema";
import { routeBusiness } from "../businesses";
import { countryOf, importContacts } from "../contacts";
import { NoPhoneColumn, readContactsFile, type ContactsFile } from "../contacts-csv";
import { choicesFromForm, choicesKey } from "./contact-columns";
import { ImportPreview, ImportResult } from "./contact-import";
import { contactsPage } from "./contacts";
import type { AdminPagesEnv, PageContext } from "./env";
import { formRefusal } from "./forms";
import { renderPage } from "./layout";

export const contactImportPages = new Hono<AdminPagesEnv>();

const CHANGED = "You changed the columns: this is the preview with them. Import when it looks right.";
const PICK_PHONE = "No column of this file is one the import knows holds phone numbers: pick it under \"Phone from\", then press Preview with these columns.";

interface Upload {
  business: BusinessRow;
  file: string;
  choices: ColumnChoices;
  country: string;
}

/** What a file without a recognised phone column shows: its columns to pick from, no rows yet. */
const unread = (e: NoPhoneColumn, choices: ColumnChoices): ContactsFile => ({
  contacts: [],
  phones: [],
  rejected: [],
  format: "csv",
  headers: e.headers,
  samples: e.samples,
  mapping: mappingFor(e.headers, choices),
  unusable: { missing: 0, invalid: 0 },
});

/** The preview, or for a sheet whose phone column is not recognised, its columns with a request to pick it (400). */
async function preview(c: PageContext, u: Upload, read: () => ContactsFile, notice?: string): Promise<Response> {
  const page = (r: ContactsFile, errors: string[] = []) =>
    renderPage(
      c,
      { title: "Import contacts", business: u.business, tab: "contacts", errors, status: errors.length > 0 ? 400 : 200 },
      <ImportPreview read={r} choices={u.choices} file={u.file} country={u.country} businessId={u.business.id} csrf={c.get("session").csrfToken} notice={notice} />,
    );
  try {
    return await page(read());
  } catch (e) {
    if (e instanceof NoPhoneColumn && e.headers.length > 0) return page(unread(e, u.choices), [PICK_PHONE]);
    throw e;
  }
}

/**
 * A file: `step=preview` shows what would be imported with the columns picked (nothing written),
 * `step=import` writes it: at once from the first form ("Import now"), or as the preview showed
 * it. Columns changed since the preview (`previewed`) show the preview again instead of importing.
 */
contactImportPages.post("/businesses/:id/contacts/import", async (c) => {
  const business = await routeBusiness(c);
  const body = await c.req.parseBody();
  const file = body.file instanceof File ? decodeCsvBytes(new Uint8Array(await body.file.arrayBuffer())) : typeof body.csv === "string" ? body.csv : "";
  const country = await countryOf(drizzle(c.env.DB), business);
  let shown: Response | undefined;
  const refused = await formRefusal([400], async () => {
    const u: Upload = { business, file, choices: choicesFromForm(body), country };
    const changed = typeof body.previewed === "string" && body.previewed !== choicesKey(u.choices);
    if (body.step !== "import" || changed) {
      shown = await preview(c, u, () => readContactsFile(file, country, u.choices), body.step === "import" ? CHANGED : undefined);
      return;
    }
    try {
      const result = await importContacts(c.env, business, file, u.choices);
      shown = await renderPage(c, { title: "Import contacts", business, tab: "contacts" }, <ImportResult result={result} businessId={business.id} />);
    } catch (e) {
      // "Import now" on a sheet whose phone column is not recognised: the preview asks for it.
      if (!(e instanceof NoPhoneColumn) || e.headers.length === 0) throw e;
      shown = await preview(c, u, () => {
        throw e;
      });
    }
  });
  if (refused) return contactsPage(c, business, { errors: refused.errors, status: 400 });
  return shown!;
});
