/**
 * Importing a business's existing contacts as their tools export them, through the real routes into
 * D1: a Google Contacts export and an Outlook export through the API, a phone's .vcf, and the admin
 * page's preview (the columns read in words, a column picked by the owner, a sheet whose phone
 * column only the owner can name) before the import writes what it showed.
 */
import { env, exports } from "cloudflare:workers";
import { beforeAll, describe, expect, it } from "vitest";
import { ADMIN, apiJson, createTwilioLine, ORIGIN } from "./support/app";
import { newSession, type Session } from "./support/admin-session";

const GOOGLE_HEADER =
  "First Name,Middle Name,Last Name,Phonetic First Name,Phonetic Middle Name,Phonetic Last Name,Name Prefix,Name Suffix,Nickname,File As,Organization Name,Organization Title,Organization Department,Birthday,Notes,Photo,Labels,E-mail 1 - Label,E-mail 1 - Value,Phone 1 - Label,Phone 1 - Value,Phone 2 - Label,Phone 2 - Value,Address 1 - Label,Address 1 - Formatted,Address 1 - Street,Address 1 - City,Address 1 - PO Box,Address 1 - Region,Address 1 - Postal Code,Address 1 - Country,Address 1 - Extended Address,Website 1 - Label,Website 1 - Value".split(",");
const OUTLOOK_HEADER =
  "First Name,Middle Name,Last Name,Title,Suffix,Nickname,Given Yomi,Surname Yomi,E-mail Address,E-mail 2 Address,E-mail 3 Address,Home Phone,Home Phone 2,Business Phone,Business Phone 2,Mobile Phone,Car Phone,Other Phone,Primary Phone,Pager,Business Fax,Home Fax,Other Fax,Company Main Phone,Callback,Radio Phone,Telex,TTY/TDD Phone,IMAddress,Job Title,Department,Company,Office Location,Manager's Name,Assistant's Name,Assistant's Phone,Company Yomi,Business Street,Business City,Business State,Business Postal Code,Business Country/Region,Home Street,Home City,Home State,Home Postal Code,Home Country/Region,Personal Web Page,Spouse,Birthday,Anniversary,Notes".split(",");

const quoted = (v: string) => (/[",\r\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);
/** A CSV as the tool writes it: every column of its header, the given cells filled, CRLF. */
const exportOf = (header: string[], rows: Record<string, string>[]) =>
  [header, ...rows.map((r) => header.map((h) => r[h] ?? ""))].map((cells) => cells.map(quoted).join(",")).join("\r\n") + "\r\n";

const GOOGLE_EXPORT = exportOf(GOOGLE_HEADER, [
  // the number labelled Mobile is taken, though it is the second
  { "First Name": "Maria", "Last Name": "Lopez", Notes: "Gate code 1234", Labels: "* myContacts", "Phone 1 - Label": "Work", "Phone 1 - Value": "+1 512-234-0200", "Phone 2 - Label": "Mobile", "Phone 2 - Value": "(512) 234-0201" },
  { "First Name": "Bob", "Middle Name": "J", "Last Name": "Stone", "Phone 1 - Label": "* Mobile", "Phone 1 - Value": "512.234.0202 ::: 512.234.0203", Labels: "Customers ::: * myContacts" },
  // a company without a person's name, and a number without its country code
  { "Organization Name": "Acme Supply", "Phone 1 - Label": "Work", "Phone 1 - Value": "512 234 0204" },
  { "First Name": "Email", "Last Name": "Only", "E-mail 1 - Value": "only@example.com" },
  { "First Name": "Typo", "Phone 1 - Label": "Mobile", "Phone 1 - Value": "234-0205" },
  // already a contact: updated, its tags kept
  { "First Name": "Ann", "Last Name": "Lee", "Phone 1 - Label": "Mobile", "Phone 1 - Value": "+15122340206", Labels: "Friends ::: * starred" },
]);

const OUTLOOK_EXPORT = exportOf(OUTLOOK_HEADER, [
  { "First Name": "Carla", "Last Name": "Diaz", "Business Phone": "(512) 234-0300", "Mobile Phone": "(512) 234-0301", "Home Phone": "(512) 234-0302", Notes: "Prefers texts" },
  { "First Name": "Dan", "Last Name": "Wu", "Home Phone": "(512) 234-0303", "Business Fax": "(512) 234-0309" },
  { Company: "Wu Plumbing Supply", "Company Main Phone": "(512) 234-0304" },
  // the same phone twice in the file: one contact, updated by the second row
  { "First Name": "Dan", "Last Name": "Wu Jr", "Mobile Phone": "512-234-0303" },
]);

type Row = { phone: string; name: string | null; tags: string; notes: string | null };
const stored = async (businessId: string) =>
  (await env.DB.prepare("SELECT phone, name, tags, notes FROM contacts WHERE business_id = ? ORDER BY phone").bind(businessId).all<Row>()).results.map((r) => ({ ...r, tags: JSON.parse(r.tags) as string[] }));

function apiImport(businessId: string, body: string, type = "text/csv") {
  return exports.default.fetch(`${ORIGIN}/api/businesses/${businessId}/contacts/import`, { method: "POST", headers: { authorization: ADMIN.authorization, "content-type": type }, body });
}

describe("the API's import of other tools' exports", () => {
  it("imports a Google Contacts export: the mobile of each contact, first + last names, a company's name, national numbers in the business's country", async () => {
    const { businessId: id } = await createTwilioLine();
    await apiJson("PUT", `/businesses/${id}/contacts/%2B15122340206`, { name: "Ann", tags: ["vip"] });
    const res = await apiImport(id, GOOGLE_EXPORT);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({
      imported: 3,
      updated: 1,
      rejected: [
        { line: 5, name: "Email Only", reason: "phone: missing" },
        { line: 6, name: "Typo", reason: 'phone: "234-0205" is not a valid phone number (national numbers are read as US)' },
      ],
    });
    expect(await stored(id)).toEqual([
      { phone: "+15122340201", name: "Maria Lopez", tags: [], notes: "Gate code 1234" },
      // Google's labels are tags: "Customers" is the customer tag, its own groups ("* starred") none
      { phone: "+15122340202", name: "Bob J Stone", tags: ["customer"], notes: null },
      { phone: "+15122340204", name: "Acme Supply", tags: [], notes: null },
      { phone: "+15122340206", name: "Ann Lee", tags: ["friends", "vip"], notes: null },
    ]);
  });

  it("imports an Outlook export: Mobile Phone before the others, never a fax, a phone twice in the file updated", async () => {
    const { businessId: id } = await createTwilioLine();
    const res = await apiImport(id, OUTLOOK_EXPORT);
    expect(await res.json()).toEqual({ imported: 3, updated: 1, rejected: [] });
    expect(await stored(id)).toEqual([
      { phone: "+15122340301", name: "Carla Diaz", tags: [], notes: "Prefers texts" },
      { phone: "+15122340303", name: "Dan Wu Jr", tags: [], notes: null },
      { phone: "+15122340304", name: "Wu Plumbing Supply", tags: [], notes: null },
    ]);
  });

  it("imports a dental practice's patient export, whose cell phones are its Wireless (Phone) column", async () => {
    const { businessId: id } = await createTwilioLine();
    const file = "First Name,Last Name,Wireless Phone,Email\r\nJennifer,Alvarez,(512) 444-1001,jen@example.com\r\nTom,Nguyen,512.234.8803,\r\n";
    const res = await apiImport(id, file);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ imported: 2, updated: 0, rejected: [] });
    expect(await stored(id)).toEqual([
      { phone: "+15122348803", name: "Tom Nguyen", tags: [], notes: null },
      { phone: "+15124441001", name: "Jennifer Alvarez", tags: [], notes: null },
    ]);
    // Another practice's export: the cell ("Wireless") before the home landline, whichever comes first.
    const other = (await createTwilioLine()).businessId;
    const both = "Patient,Home Phone,Wireless\r\nRobert Garcia,(512) 234-0400,(512) 234-0401\r\nAnna Smith,(512) 234-0402,\r\n";
    expect(await (await apiImport(other, both)).json()).toEqual({ imported: 2, updated: 0, rejected: [] });
    expect(await stored(other)).toEqual([
      { phone: "+15122340401", name: "Robert Garcia", tags: [], notes: null },
      { phone: "+15122340402", name: "Anna Smith", tags: [], notes: null },
    ]);
  });

  it("imports a phone's .vcf sent as text/vcard", async () => {
    const { businessId: id } = await createTwilioLine();
    const vcf = "BEGIN:VCARD\r\nVERSION:3.0\r\nN:Lopez;Maria;;;\r\nFN:Maria Lopez\r\nTEL;type=HOME:(512) 234-0400\r\nTEL;type=CELL:(512) 234-0401\r\nEND:VCARD\r\n";
    const res = await apiImport(id, vcf, "text/vcard");
    expect(await res.json()).toEqual({ imported: 1, updated: 0, rejected: [] });
    expect(await stored(id)).toEqual([{ phone: "+15122340401", name: "Maria Lopez", tags: [], notes: null }]);
  });

  it("refuses a sheet with no column it can read as phones (400, nothing imported)", async () => {
    const { businessId: id } = await createTwilioLine();
    const res = await apiImport(id, "Who,Digits\r\nAnn,5122340500\r\n");
    expect(res.status).toBe(400);
    expect((await res.json<{ error: string }>()).error).toMatch(/^header: the first line must name the columns name,phone,tags .*the first line is "Who,Digits"/);
    expect(await stored(id)).toEqual([]);
  });
});

describe("the import page's preview", () => {
  let session: Session;
  beforeAll(async () => {
    session = await newSession();
  });

  /** The import form posted as a browser does: multipart, the file as a file or as the preview's text. */
  function post(businessId: string, fields: Record<string, string>, file?: string) {
    const form = new FormData();
    form.set("_csrf", session.csrf);
    for (const [k, v] of Object.entries(fields)) form.set(k, v);
    if (file !== undefined) form.set("file", new File([file], "contacts.csv", { type: "text/csv" }));
    return exports.default.fetch(`${ORIGIN}/admin/businesses/${businessId}/contacts/import`, { method: "POST", headers: { cookie: session.cookie, origin: ORIGIN }, body: form, redirect: "manual" });
  }
  const text = (html: string) => html.replace(/<[^>]+>/g, "").replace(/&#39;/g, "'").replace(/&quot;/g, '"').replace(/&amp;/g, "&").replace(/\s+/g, " ");
  const fileIn = (html: string) => /<textarea name="csv" hidden="">([\s\S]*?)<\/textarea>/.exec(html)![1]!.replace(/&quot;/g, '"').replace(/&lt;/g, "<").replace(/&gt;/g, ">").replace(/&#39;/g, "'").replace(/&amp;/g, "&");

  it("says which columns it reads and why rows have no usable phone, writing nothing", async () => {
    const { businessId: id } = await createTwilioLine();
    const res = await post(id, { step: "preview" }, OUTLOOK_EXPORT);
    expect(res.status).toBe(200);
    const page = text(await res.text());
    expect(page).toContain("Name ← First Name + Middle Name + Last Name, else Company");
    expect(page).toContain("Phone ← Mobile Phone, else the first valid of Home Phone, Home Phone 2, Business Phone");
    expect(page).toContain("Notes ← Notes");
    expect(page).toContain("Not imported: Title, Suffix, Nickname, Given Yomi");
    expect(page).toContain("3 contacts to import or update, 0 lines rejected");
    expect(await stored(id)).toEqual([]);

    const google = text(await (await post(id, { step: "preview" }, GOOGLE_EXPORT)).text());
    expect(google).toContain("2 rows have no usable phone: 1 with no number in the phone columns read, 1 with no valid phone number (numbers without a country code are read as US)");
  });

  it("previews again with a column the owner picked, and imports with it what it showed", async () => {
    const { businessId: id } = await createTwilioLine();
    const first = await (await post(id, { step: "preview" }, OUTLOOK_EXPORT)).text();
    const file = fileIn(first);
    const home = String(OUTLOOK_HEADER.indexOf("Home Phone"));
    expect(first).toContain(`<option value="${home}">Home Phone (e.g. &quot;(512) 234-0302&quot;)</option>`);

    // Import pressed after changing a select: the preview with the new column, nothing written.
    const changed = await post(id, { step: "import", previewed: "auto,auto,auto,auto", column_phone: home, csv: file });
    const changedPage = text(await changed.text());
    expect(changedPage).toContain("You changed the columns: this is the preview with them.");
    expect(changedPage).toContain("Phone ← Home Phone");
    expect(changedPage).toContain("2 contacts to import or update, 2 lines rejected");
    expect(await stored(id)).toEqual([]);

    const imported = await post(id, { step: "import", previewed: `auto,${home},auto,auto`, column_phone: home, column_notes: "none", csv: file });
    expect(text(await imported.text())).toContain("You changed the columns");
    const done = await post(id, { step: "import", previewed: `auto,${home},auto,none`, column_phone: home, column_notes: "none", csv: file });
    expect(text(await done.text())).toContain("2 new contacts, 0 updates, 2 lines rejected.");
    expect(await stored(id)).toEqual([
      { phone: "+15122340302", name: "Carla Diaz", tags: [], notes: null },
      { phone: "+15122340303", name: "Dan Wu", tags: [], notes: null },
    ]);
  });

  it("asks for the phone column of a sheet it cannot tell, then reads it", async () => {
    const { businessId: id } = await createTwilioLine();
    const sheet = "Who,Digits,Extra\r\nAnn Lee,(512) 234-0600,x\r\n";
    const asked = await post(id, { step: "import" }, sheet);
    expect(asked.status).toBe(400);
    const html = await asked.text();
    expect(text(html)).toContain('No column of this file is one the import knows holds phone numbers: pick it under "Phone from"');
    expect(html).toContain('<option value="1">Digits (e.g. &quot;(512) 234-0600&quot;)</option>');
    const read = await post(id, { step: "preview", previewed: "auto,auto,auto,auto", column_name: "0", column_phone: "1", csv: fileIn(html) });
    expect(text(await read.text())).toContain("Name ← Who");
    expect(await stored(id)).toEqual([]);
  });

  it("previews a .vcf by what it reads from the cards, with no columns to pick, then imports it", async () => {
    const { businessId: id } = await createTwilioLine();
    const vcf = "BEGIN:VCARD\r\nVERSION:2.1\r\nFN;CHARSET=UTF-8;ENCODING=QUOTED-PRINTABLE:=4A=6F=73=C3=A9\r\nTEL;HOME:5122340800\r\nTEL;CELL:5122340801\r\nEND:VCARD\r\n";
    const html = await (await post(id, { step: "preview" }, vcf)).text();
    expect(text(html)).toContain("Read from the contact cards");
    expect(text(html)).toContain("Phone ← Phone 1 - Value or Phone 2 - Value (the one labelled mobile, else the first valid)");
    expect(html).not.toContain("<select");
    const done = await post(id, { step: "import", previewed: "auto,auto,auto,auto", csv: fileIn(html) });
    expect(text(await done.text())).toContain("1 new contact, 0 updates, 0 lines rejected.");
    expect(await stored(id)).toEqual([{ phone: "+15122340801", name: "José", tags: [], notes: null }]);
  });

  it("a column that is not one of the file's is the contacts page naming the field", async () => {
    const { businessId: id } = await createTwilioLine();
    for (const column_phone of ["9", "none", "mobile"]) {
      const res = await post(id, { step: "preview", column_phone }, "name,phone\r\nAnn,5122340700\r\n");
      expect(res.status).toBe(400);
      expect(text(await res.text())).toMatch(/Phone column: ("9" is not one of the file's columns|"none" is not one of the file's columns|"mobile" is not one of the file's columns|the file has no column 10)/);
    }
    expect(await stored(id)).toEqual([]);
  });
});
