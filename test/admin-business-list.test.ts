/**
 * The businesses list for an operator with many businesses: a page of 50 at a time in name order,
 * a search by name or by a number's digits, and the switcher's first 50 with a link to the rest.
 * Its reads walk businesses_name_idx in order, so a page costs the same with 10,000 businesses.
 */
import { env } from "cloudflare:workers";
import { drizzle } from "drizzle-orm/d1";
import { beforeAll, describe, expect, it } from "vitest";
import { businessPage } from "../src/admin/business-list";
import { api, apiJson, createTwilioLine } from "./support/app";
import { get, newSession, type Session } from "./support/admin-session";
import { recording, type Issued } from "./support/d1";

let session: Session;
const PREFIX = "Zeta Paging";

/** `n` businesses named `<PREFIX> 001`… straight in D1, in shuffled order so the list's order is its own. */
async function insertBusinesses(n: number) {
  const order = Array.from({ length: n }, (_, i) => i + 1).sort((a, b) => ((a * 7919) % n) - ((b * 7919) % n));
  const insert = env.DB.prepare("INSERT INTO businesses (id, name, timezone, settings, updated_at) VALUES (?1, ?2, 'America/Chicago', '{}', ?3)");
  await env.DB.batch(order.map((i) => insert.bind(`biz_zeta${String(i).padStart(3, "0")}`, `${PREFIX} ${String(i).padStart(3, "0")}`, Date.now())));
}

/** The business names in the page's table, in order. */
const listedNames = (html: string) => [...html.matchAll(/<a href="\/admin\/businesses\/[^"]+">([^<]+)<\/a><div class="cell-note">/g)].map((m) => m[1]);
const nextLink = (html: string) => /<a class="button secondary" href="([^"]+)">More businesses<\/a>/.exec(html)?.[1]?.replace(/&amp;/g, "&") ?? null;
const names = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => `${PREFIX} ${String(from + i).padStart(3, "0")}`);

beforeAll(async () => {
  session = await newSession();
  await insertBusinesses(120);
});

describe("the businesses list", () => {
  it("shows 50 a page by name, with how many there are and a link to the next page, to the last", async () => {
    const first = await (await get(session, `/admin/businesses?q=${encodeURIComponent(PREFIX)}`)).text();
    expect(first).toContain("120 businesses match “Zeta Paging”.");
    expect(listedNames(first)).toEqual(names(1, 50));
    const second = await (await get(session, nextLink(first)!)).text();
    expect(listedNames(second)).toEqual(names(51, 100));
    const third = await (await get(session, nextLink(second)!)).text();
    expect(listedNames(third)).toEqual(names(101, 120));
    expect(nextLink(third)).toBeNull();
  });

  it("without a search, counts every business and pages through them all", async () => {
    const html = await (await get(session, "/admin/businesses")).text();
    const total = Number(/([\d,]+) businesses, 50 a page by name\./.exec(html)?.[1]?.replace(/,/g, ""));
    expect(total).toBeGreaterThanOrEqual(120);
    expect(listedNames(html)).toHaveLength(50);
    expect(html).toContain('placeholder="Name or phone number"');
  });

  it("finds a business by part of its name, or by digits of its number however they are written", async () => {
    const line = await createTwilioLine({ name: "Harbor Dental Group" });
    const byName = await (await get(session, "/admin/businesses?q=harbor%20dental")).text();
    expect(listedNames(byName)).toContain("Harbor Dental Group");
    expect(listedNames(byName)).not.toContain(`${PREFIX} 001`);
    const national = `(${line.e164.slice(2, 5)}) ${line.e164.slice(5, 8)}-${line.e164.slice(8)}`;
    const byNumber = await (await get(session, `/admin/businesses?q=${encodeURIComponent(national)}`)).text();
    expect(listedNames(byNumber)).toEqual(["Harbor Dental Group"]);
    const none = await (await get(session, "/admin/businesses?q=no%20such%20business%20anywhere")).text();
    expect(none).toContain("No business matches.");
    expect(none).toContain("0 businesses match");
  });

  it("a search it cannot read (too long) says so and shows every business", async () => {
    const res = await get(session, `/admin/businesses?q=${"x".repeat(101)}`);
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain("That search is not one this page can read; showing every business.");
    expect(listedNames(html)).toHaveLength(50);
  });

  it("the switcher on a business's pages lists the first 50 others and links to the whole list", async () => {
    const html = await (await get(session, "/admin/businesses/biz_zeta060/templates")).text();
    const switcher = /<ul aria-label="Your other businesses">([\s\S]*?)<\/ul>/.exec(html)?.[1] ?? "";
    expect([...switcher.matchAll(/\/leads">/g)]).toHaveLength(50);
    expect(switcher).not.toContain("biz_zeta060/leads");
    expect(switcher).toContain('<a href="/admin/businesses">All businesses…</a>');
  });

  it("reads a page through businesses_name_idx in order, never sorting every business", async () => {
    const issued: Issued[] = [];
    const db = drizzle(recording(env.DB, issued));
    const first = await businessPage(db, null, {});
    await businessPage(db, null, { after: first.next! });
    await businessPage(db, null, { q: "zeta", after: "biz_zeta010" });
    const pages = issued.filter((q) => /order by "businesses"."name"/.test(q.sql));
    expect(pages).toHaveLength(3);
    for (const q of pages) {
      const { results } = await env.DB.prepare(`EXPLAIN QUERY PLAN ${q.sql}`)
        .bind(...q.params)
        .all<{ detail: string }>();
      const plan = results.map((r) => r.detail).join("\n");
      expect(plan, plan).toMatch(/(SCAN|SEARCH) businesses USING INDEX businesses_name_idx/);
      expect(plan, plan).not.toContain("USE TEMP B-TREE FOR ORDER BY");
    }
  });
});

describe("GET /api/businesses", () => {
  type Listed = { businesses: { id: string; name: string }[]; nextCursor: string | null };

  it("answers every business oldest first without limit, and the same ones a page at a time with it", async () => {
    const all = await apiJson<Listed>("GET", "/businesses");
    expect(all).not.toHaveProperty("nextCursor");
    expect(all.businesses.length).toBeGreaterThanOrEqual(120);
    const paged: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const page: Listed = await apiJson<Listed>("GET", `/businesses?limit=50${cursor ? `&cursor=${cursor}` : ""}`);
      expect(page.businesses.length).toBeLessThanOrEqual(50);
      paged.push(...page.businesses.map((b) => b.id));
      cursor = page.nextCursor;
      pages++;
    } while (cursor && pages < 100);
    expect(paged).toEqual(all.businesses.map((b) => b.id));
    expect(pages).toBe(Math.ceil(all.businesses.length / 50));
  });

  it("refuses a limit or cursor it cannot use, naming it", async () => {
    for (const [query, field] of [["limit=0", "limit"], ["limit=501", "limit"], ["limit=10&cursor=not%20a%20cursor", "cursor"]] as const) {
      const res = await api("GET", `/businesses?${query}`);
      expect(res.status, query).toBe(400);
      expect(await res.text()).toContain(field);
    }
  });
});
