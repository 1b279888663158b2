/**
 * The contacts pages (issue 23, items 4 and 6): list, search and tag filter, a contact added and
 * changed by form, unblocking a number the owner blocked by text, forgetting a contact, and a file
 * imported with a preview of its first rows and rejected lines before anything is written.
 */
import { exports } from "cloudflare:workers";
import { afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { apiJson, createTwilioLine, dialStatus, eventually, ORIGIN, twilioWebhook } from "./support/app";
import { mockTwilio } from "./support/carriers";
import { get, newSession, post, type Session } from "./support/admin-session";

afterEach(() => vi.restoreAllMocks());

let session: Session;
beforeAll(async () => {
  session = await newSession();
});

const contactsOf = async (id: string) => (await apiJson("GET", `/businesses/${id}/contacts`)).contacts as { phone: string; name: string | null; tags: string[] }[];

/** The file form posted as a browser does: multipart, with the session's token. */
function upload(path: string, file: string, step: "preview" | "import") {
  const form = new FormData();
  form.set("_csrf", session.csrf);
  form.set("step", step);
  form.set("file", new File([file], "contacts.csv", { type: "text/csv" }));
  return exports.default.fetch(`${ORIGIN}${path}`, { method: "POST", headers: { cookie: session.cookie, origin: ORIGIN }, body: form, redirect: "manual" });
}

describe("the contacts page", () => {
  it("lists contacts with their tags, searches and filters by tag", async () => {
    const { businessId: id } = await createTwilioLine();
    await apiJson("PUT", `/businesses/${id}/contacts/%2B14152341100`, { name: "Maria Lopez", tags: ["customer", "vip"] });
    await apiJson("PUT", `/businesses/${id}/contacts/%2B14152341101`, { name: "Bob Supplies", tags: ["internal"] });
    const all = await (await get(session, `/admin/businesses/${id}/contacts`)).text();
    expect(all).toContain("Maria Lopez");
    expect(all).toContain("(415) 234-1100");
    expect(all).toContain('title="VIP: the owner is told to call back">vip</span>');
    const vip = await (await get(session, `/admin/businesses/${id}/contacts?tag=vip`)).text();
    expect(vip).toContain("Maria Lopez");
    expect(vip).not.toContain("Bob Supplies");
    const searched = await (await get(session, `/admin/businesses/${id}/contacts?q=supplies`)).text();
    expect(searched).toContain("Bob Supplies");
    expect(searched).not.toContain("Maria Lopez");
  });

  it("adds a contact from the form, national number and tags as typed; a bad tag is the page again naming the field", async () => {
    const { businessId: id } = await createTwilioLine();
    const added = await post(session, `/admin/businesses/${id}/contacts`, { phone: "(415) 234-1200", name: "Ann", tags: "Customer, garden", notes: "" });
    expect(added.status).toBe(303);
    expect(await contactsOf(id)).toMatchObject([{ phone: "+14152341200", name: "Ann", tags: ["customer", "garden"] }]);
    const refused = await post(session, `/admin/businesses/${id}/contacts`, { phone: "(415) 234-1201", name: "Bo", tags: "x".repeat(41) });
    expect(refused.status).toBe(400);
    expect(await refused.text()).toMatch(/Tags: &quot;x{41}&quot; is not a tag/);
    expect(await contactsOf(id)).toHaveLength(1);
  });

  it("unblocks a number the owner blocked: the tag goes, the rest of the contact stays; a bare blocked number goes entirely", async () => {
    const { businessId: id } = await createTwilioLine();
    await apiJson("PUT", `/businesses/${id}/contacts/%2B14152341300`, { name: "Maria", tags: ["blocked", "customer"] });
    await apiJson("PUT", `/businesses/${id}/contacts/%2B14152341301`, { tags: ["blocked"] });
    const page = await (await get(session, `/admin/businesses/${id}/contacts`)).text();
    expect(page).toContain(`action="/admin/businesses/${id}/contacts/%2B14152341300/unblock"`);
    expect((await post(session, `/admin/businesses/${id}/contacts/%2B14152341300/unblock`, {})).headers.get("location")).toMatch(/done=unblocked$/);
    expect((await post(session, `/admin/businesses/${id}/contacts/%2B14152341301/unblock`, {})).status).toBe(303);
    expect(await contactsOf(id)).toMatchObject([{ phone: "+14152341300", name: "Maria", tags: ["customer"] }]);
  });

  it("a contact's page changes them (a tag left out is removed) and forgets them", async () => {
    const { businessId: id } = await createTwilioLine();
    await apiJson("PUT", `/businesses/${id}/contacts/%2B14152341400`, { name: "Maria", tags: ["vip"] });
    const path = `/admin/businesses/${id}/contacts/%2B14152341400`;
    expect(await (await get(session, path)).text()).toContain('value="vip"');
    expect((await post(session, path, { name: "Maria Lopez", tags: "customer", notes: "Gate code 12" })).status).toBe(303);
    expect(await contactsOf(id)).toMatchObject([{ name: "Maria Lopez", tags: ["customer"] }]);
    expect((await post(session, `${path}/delete`, {})).headers.get("location")).toMatch(/done=contact_forgotten$/);
    expect(await contactsOf(id)).toEqual([]);
  });
});

describe("a caller's tags on calls and leads", () => {
  it("show beside the number on the calls list, the leads list and the lead's card", async () => {
    mockTwilio();
    const line = await createTwilioLine({ settings: { cooldownHours: 0 } });
    const caller = "+14152341700";
    await apiJson("PUT", `/businesses/${line.businessId}/contacts/${encodeURIComponent(caller)}`, { name: "Maria", tags: ["customer", "garden"] });
    await twilioWebhook("/webhooks/twilio/dial-status", dialStatus(line, caller, "no-answer"), line.authToken);
    const lead = await eventually(async () => (await apiJson("GET", `/businesses/${line.businessId}/leads`)).leads[0]);
    const chips = /title="Customer: gets the customers&#39; text, no questions">customer<\/span><span class="chip">garden<\/span>/;
    for (const path of ["/calls", "/leads", `/leads/${lead.id}`]) {
      expect(await (await get(session, `/admin/businesses/${line.businessId}${path}`)).text(), path).toMatch(chips);
    }
  });

  it("come with every call and lead in the API (callerTags), empty for a stranger", async () => {
    mockTwilio();
    const line = await createTwilioLine({ settings: { cooldownHours: 0 } });
    const [known, stranger] = ["+14152341701", "+14152341702"];
    await apiJson("PUT", `/businesses/${line.businessId}/contacts/${encodeURIComponent(known)}`, { name: "Maria", tags: ["garden", "vip"] });
    for (const caller of [known, stranger]) await twilioWebhook("/webhooks/twilio/dial-status", dialStatus(line, caller, "no-answer"), line.authToken);
    const leads = await eventually(async () => {
      const l = (await apiJson("GET", `/businesses/${line.businessId}/leads`)).leads as { id: string; phone: string; callerTags: string[] }[];
      return l.length === 2 && l;
    });
    const tagsByPhone = (rows: { phone?: string; from?: string; callerTags: string[] }[]) => Object.fromEntries(rows.map((r) => [r.phone ?? r.from, r.callerTags]));
    expect(tagsByPhone(leads)).toEqual({ [known]: ["garden", "vip"], [stranger]: [] });
    const { calls } = await apiJson("GET", `/businesses/${line.businessId}/calls`);
    expect(tagsByPhone(calls)).toEqual({ [known]: ["garden", "vip"], [stranger]: [] });
    const card = await apiJson("GET", `/leads/${leads.find((l) => l.phone === known)!.id}`);
    expect(card.callerTags).toEqual(["garden", "vip"]);
  });
});

describe("the customers' template", () => {
  it("is previewed with the business's priority line, with a name and without one (\"Hi there, it's …\")", async () => {
    const { businessId: id } = await createTwilioLine({ name: "Pages Plumbing" });
    await apiJson("PATCH", `/businesses/${id}`, { priorityPhone: "(312) 234-1900" });
    const res = await exports.default.fetch(`${ORIGIN}/admin/businesses/${id}/templates/existing_customer/preview`, {
      method: "POST",
      headers: { cookie: session.cookie, "content-type": "application/json", "x-csrf-token": session.csrf },
      body: JSON.stringify({ body: "Hi {callerFirstName}, it's {business}.\nPriority line: {priorityPhone}\nReply STOP to opt out." }),
    });
    expect(await res.json()).toMatchObject({
      rendered: "Hi there, it's Pages Plumbing.\nPriority line: (312) 234-1900\nReply STOP to opt out.",
      previews: {
        withName: "Hi Christopher, it's Pages Plumbing.\nPriority line: (312) 234-1900\nReply STOP to opt out.",
        withoutName: "Hi there, it's Pages Plumbing.\nPriority line: (312) 234-1900\nReply STOP to opt out.",
      },
      errors: [],
    });
  });
});

describe("importing a file from the page", () => {
  const file = "name,phone,tags\r\nMaria Lopez,(415) 234-1500,customer;vip\r\nNo Number,,customer\r\nBob,415.234.1501,internal\r\n";

  it("previews the first rows as they will be stored and the rejected lines, writing nothing; then imports what it showed", async () => {
    const { businessId: id } = await createTwilioLine();
    const preview = await upload(`/admin/businesses/${id}/contacts/import`, file, "preview");
    expect(preview.status).toBe(200);
    const html = await preview.text();
    expect(html).toContain("2 contacts to import or update, 1 line rejected");
    expect(html).toContain("(415) 234-1500");
    expect(html).toMatch(/<td[^>]* data-label="Line"><div class="cell-value">3<\/div><\/td><td[^>]* data-label="Who"><div class="cell-value">No Number<\/div><\/td><td[^>]* data-label="Why"><div class="cell-value">phone: missing<\/div><\/td>/);
    expect(await contactsOf(id)).toEqual([]);
    // The confirmation posts the file's text back, as the page holds it.
    const csv = /<textarea name="csv" hidden="">([\s\S]*?)<\/textarea>/.exec(html)![1]!;
    const imported = await post(session, `/admin/businesses/${id}/contacts/import`, { step: "import", csv: csv.replace(/&quot;/g, '"').replace(/&amp;/g, "&") });
    expect(imported.status).toBe(200);
    expect(await imported.text()).toContain("2 new contacts, 0 updates, 1 line rejected.");
    expect((await contactsOf(id)).map((c) => c.phone)).toEqual(["+14152341500", "+14152341501"]);
  });

  it("a malformed file is the page again saying why, nothing imported", async () => {
    const { businessId: id } = await createTwilioLine();
    const res = await upload(`/admin/businesses/${id}/contacts/import`, 'name,phone\n"Maria,4152341600\n', "import");
    expect(res.status).toBe(400);
    expect(await res.text()).toContain("a quoted field is never closed");
    expect(await contactsOf(id)).toEqual([]);
  });
});
