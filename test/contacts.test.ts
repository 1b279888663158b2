/**
 * Contacts (DESIGN.md §6.4) through the admin API in workerd: a CSV import as people's tools export
 * it (one bad row rejected with its line, a malformed file refused whole, 10,000 rows), the list
 * with search, tag filter and pages, PUT and DELETE one contact, and the export.
 */
import { env, exports } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { ADMIN, api, apiJson, createTwilioLine, ORIGIN } from "./support/app";

type Contact = { phone: string; name: string | null; tags: string[]; notes: string | null };

function upload(businessId: string, body: string | Uint8Array, type = "text/csv") {
  return exports.default.fetch(`${ORIGIN}/api/businesses/${businessId}/contacts/import`, {
    method: "POST",
    headers: { authorization: ADMIN.authorization, "content-type": type },
    body,
  });
}

async function imported(businessId: string, body: string | Uint8Array) {
  const res = await upload(businessId, body);
  expect(res.status, await res.clone().text()).toBe(200);
  return res.json() as Promise<{ imported: number; updated: number; rejected: { line: number; name: string | null; reason: string }[] }>;
}

async function all(businessId: string, query = ""): Promise<Contact[]> {
  return (await apiJson("GET", `/businesses/${businessId}/contacts?limit=500${query}`)).contacts;
}

const business = async () => (await createTwilioLine()).businessId;

describe("CSV import", () => {
  it("reads national, international and dotted numbers, quoted names with commas, tags split on ;, with a BOM and CRLF", async () => {
    const id = await business();
    const file = '\uFEFFname,phone,tags\r\n"Lopez, Maria",(415) 234-0100,customer;VIP\r\nBob Stone,+1 415 234 0101,internal\r\nAnn,415.234.0102,\r\n';
    expect(await imported(id, file)).toEqual({ imported: 3, updated: 0, rejected: [] });
    expect(await all(id)).toMatchObject([
      { phone: "+14152340100", name: "Lopez, Maria", tags: ["customer", "vip"], notes: null },
      { phone: "+14152340101", name: "Bob Stone", tags: ["internal"] },
      { phone: "+14152340102", name: "Ann", tags: [] },
    ]);
  });

  it("rejects a bad row with its line while the rest import", async () => {
    const id = await business();
    const file = [
      "name,phone,tags",
      "Good One,4152340200,customer",
      "No Number,,customer",
      '"Two\nLines",555-1234,',
      "Sci,4.15234E+09,",
      "Shifted,Smith, John,4152340201",
      "Bad Tag,4152340202,ok;" + "x".repeat(41),
      "Good Two,4152340203,",
    ].join("\n");
    const result = await imported(id, file);
    expect(result.imported).toBe(2);
    expect(result.updated).toBe(0);
    expect(result.rejected).toEqual([
      { line: 3, name: "No Number", reason: "phone: missing" },
      { line: 4, name: "Two Lines", reason: 'phone: "555-1234" is not a valid phone number (national numbers are read as US)' },
      { line: 6, name: "Sci", reason: expect.stringMatching(/^phone: "4.15234E\+09" is a number in scientific notation/) },
      { line: 7, name: "Shifted", reason: "has 4 fields, the header has 3: quote a field that holds a comma" },
      { line: 8, name: "Bad Tag", reason: expect.stringMatching(/^tags: "x{41}" is not a tag/) },
    ]);
    expect((await all(id)).map((c) => c.phone)).toEqual(["+14152340200", "+14152340203"]);
  });

  it("updates the contacts it already has, and a phone given twice in a file: names replaced, tags added", async () => {
    const id = await business();
    await imported(id, "name,phone,tags\nMaria,4152340300,customer\n");
    const again = await imported(id, "name,phone,tags\nMaria Lopez,+14152340300,vip\nNew,4152340301,\n,4152340301,customer\n");
    expect(again).toEqual({ imported: 1, updated: 2, rejected: [] });
    expect(await all(id)).toMatchObject([
      { phone: "+14152340300", name: "Maria Lopez", tags: ["customer", "vip"] },
      { phone: "+14152340301", name: "New", tags: ["customer"] },
    ]);
  });

  it.each([
    ["an unterminated quote", 'name,phone,tags\nAnn,4152340400,\n"Bob,4152340401,\n', /^file: not valid CSV, nothing imported: line 3: a quoted field is never closed/],
    ["text after a closing quote", 'name,phone,tags\n"Ann" Lee,4152340400,\n', /^file: not valid CSV, nothing imported: line 2: text after a closing quote/],
    ["no header", "Ann,4152340400,customer\n", /^header: the first line must name the columns name,phone,tags/],
    ["an empty file", "", /^header: .*the file is empty/],
    ["a column named twice", "phone,name,phone\n4152340400,Ann,4152340401\n", /^header: the column "phone" appears twice/],
  ])("refuses %s with a 400 and imports nothing", async (_name, file, message) => {
    const id = await business();
    const res = await upload(id, file);
    expect(res.status).toBe(400);
    expect((await res.json<{ error: string }>()).error).toMatch(message);
    expect(await all(id)).toEqual([]);
  });

  it("refuses a body that is not text/csv (415)", async () => {
    const id = await business();
    const res = await upload(id, "name,phone\nAnn,4152340400\n", "application/x-www-form-urlencoded");
    expect(res.status).toBe(415);
    expect((await res.json<{ error: string }>()).error).toMatch(/^content-type: send the file as text\/csv/);
  });

  it("reads Excel's exports: Windows-1252 text, ; as the delimiter, =\"…\" cells, extra columns and rows of empty cells", async () => {
    const id = await business();
    // "José" in Windows-1252 (é = 0xE9), as Excel's "CSV (Comma delimited)" writes it.
    const cp1252 = Uint8Array.from([..."name,phone,email\r\nJos", "\u00e9", ',="4152340500",jose@example.com\r\n,,\r\n'].join("").split(""), (ch) => ch.charCodeAt(0));
    expect(await imported(id, cp1252)).toEqual({ imported: 1, updated: 0, rejected: [] });
    expect(await imported(id, 'name;phone;tags\r\n"Smith, Jo";4152340501;customer,vip\r\n')).toEqual({ imported: 1, updated: 0, rejected: [] });
    expect(await all(id)).toMatchObject([
      { phone: "+14152340500", name: "José", tags: [] },
      { phone: "+14152340501", name: "Smith, Jo", tags: ["customer", "vip"] },
    ]);
  });

  it("reads national numbers in the country of the business's own number", async () => {
    const line = await createTwilioLine({ forwardTo: null });
    await env.DB.prepare("UPDATE numbers SET e164 = ? WHERE id = ?").bind("+442071838750", line.numberId).run();
    expect(await imported(line.businessId, "name,phone\nNigel,07400 123456\n")).toEqual({ imported: 1, updated: 0, rejected: [] });
    expect((await all(line.businessId)).map((c) => c.phone)).toEqual(["+447400123456"]);
  });

  it("imports 10,000 rows in one request, and updates them all in the next", async () => {
    const id = await business();
    const rows = Array.from({ length: 10_000 }, (_, i) => `"Customer ${i}, Jr",(415) 234-${String(i).padStart(4, "0")},customer;import-${i % 7}`);
    const file = `name,phone,tags\r\n${rows.join("\r\n")}\r\n`;
    const started = Date.now();
    expect(await imported(id, file)).toEqual({ imported: 10_000, updated: 0, rejected: [] });
    const tookMs = Date.now() - started;
    expect(await imported(id, file)).toEqual({ imported: 0, updated: 10_000, rejected: [] });
    const { results } = await env.DB.prepare("SELECT count(*) AS n FROM contact_tags WHERE business_id = ? AND tag = 'customer'").bind(id).all<{ n: number }>();
    expect(results[0]!.n).toBe(10_000);
    console.info(`10,000 contacts imported in ${tookMs} ms`);
  }, 60_000);
});

describe("the contacts API", () => {
  it("lists by phone a page at a time, searches names and digits, and filters by tag", async () => {
    const id = await business();
    await imported(id, "name,phone,tags\nMaria Lopez,4152340600,customer;vip\nBob,4152340601,internal\nAnn Lee,4152340602,customer\n");
    const first = await apiJson("GET", `/businesses/${id}/contacts?limit=2`);
    expect(first.contacts.map((c: Contact) => c.phone)).toEqual(["+14152340600", "+14152340601"]);
    const second = await apiJson("GET", `/businesses/${id}/contacts?limit=2&cursor=${encodeURIComponent(first.nextCursor)}`);
    expect(second).toMatchObject({ contacts: [{ phone: "+14152340602" }], nextCursor: null });
    expect((await all(id, "&q=lopez")).map((c) => c.name)).toEqual(["Maria Lopez"]);
    expect((await all(id, `&q=${encodeURIComponent("(415) 234-0601")}`)).map((c) => c.name)).toEqual(["Bob"]);
    expect((await all(id, "&tag=Customer")).map((c) => c.name)).toEqual(["Maria Lopez", "Ann Lee"]);
    expect((await all(id, "&tag=customer&q=ann")).map((c) => c.name)).toEqual(["Ann Lee"]);
    const paged = await apiJson("GET", `/businesses/${id}/contacts?tag=customer&limit=1`);
    expect(paged).toMatchObject({ contacts: [{ name: "Maria Lopez" }], nextCursor: "+14152340600" });
  });

  it("PUT stores the whole contact (201 new, 200 replaced: a tag left out is removed), DELETE forgets it", async () => {
    const id = await business();
    const path = `/businesses/${id}/contacts/${encodeURIComponent("+14152340700")}`;
    const created = await api("PUT", path, { name: " Maria  ", tags: ["VIP", "blocked", "vip"], notes: "gate code 1234" });
    expect(created.status).toBe(201);
    expect(await created.json()).toMatchObject({ phone: "+14152340700", name: "Maria", tags: ["blocked", "vip"], notes: "gate code 1234" });
    const replaced = await api("PUT", `/businesses/${id}/contacts/${encodeURIComponent("(415) 234-0700")}`, { tags: ["vip"] });
    expect(replaced.status).toBe(200);
    expect(await replaced.json()).toMatchObject({ name: null, tags: ["vip"], notes: null });
    expect(await apiJson("GET", path)).toMatchObject({ tags: ["vip"] });
    expect((await all(id, "&tag=blocked"))).toEqual([]);
    expect((await api("DELETE", path)).status).toBe(204);
    expect((await api("DELETE", path)).status).toBe(404);
    expect((await api("GET", path)).status).toBe(404);
  });

  it.each([
    ["a bad tag", { tags: ["ok", "a;b"] }, /^tags\.1: "a;b" is not a tag/],
    ["an unknown field", { name: "Ann", colour: "red" }, /^colour: is not a known field/],
    ["a name too long", { name: "x".repeat(201) }, /^name: /],
    ["tags not a list", { tags: "vip" }, /^tags: /],
  ])("PUT with %s is a 400 naming the field, and nothing changes", async (_name, body, message) => {
    const id = await business();
    const path = `/businesses/${id}/contacts/${encodeURIComponent("+14152340800")}`;
    await apiJson("PUT", path, { name: "Ann", tags: ["customer"] });
    const res = await api("PUT", path, body);
    expect(res.status).toBe(400);
    expect((await res.json<{ error: string }>()).error).toMatch(message);
    expect(await apiJson("GET", path)).toMatchObject({ name: "Ann", tags: ["customer"] });
  });

  it("a phone in the path that is not a number is a 400", async () => {
    const id = await business();
    const res = await api("PUT", `/businesses/${id}/contacts/555-1234`, { tags: [] });
    expect(res.status).toBe(400);
    expect((await res.json<{ error: string }>()).error).toBe('phone: "555-1234" is not a valid phone number');
  });

  it("exports CSV that imports back as it was: no apostrophe before a phone, one before a formula", async () => {
    const id = await business();
    await imported(id, 'name,phone,tags,notes\n"=HYPERLINK(""x"")",4152340900,customer;vip,"Line one\nline two"\nAnn,4152340901,,\n');
    const res = await api("GET", `/businesses/${id}/contacts.csv`);
    expect(res.headers.get("content-type")).toBe("text/csv; charset=utf-8");
    const csv = await res.text();
    expect(csv).toBe('name,phone,tags,notes\r\n"\'=HYPERLINK(""x"")",+14152340900,customer;vip,"Line one\nline two"\r\nAnn,+14152340901,,\r\n');
    const other = await business();
    expect(await imported(other, csv)).toEqual({ imported: 2, updated: 0, rejected: [] });
    expect(await all(other)).toMatchObject([{ name: "'=HYPERLINK(\"x\")", tags: ["customer", "vip"], notes: "Line one\nline two" }, { name: "Ann" }]);
  });
});
