/**
 * The admin's tables (src/admin/pages/data-table.tsx): every cell carries its column's label, which
 * a phone shows beside it when the row becomes a card, and the table keeps its semantics for
 * screen readers once its cells are laid out as blocks.
 */
import { jsx } from "hono/jsx";
import { describe, expect, it } from "vitest";
import { DataTable, type Column, type Row } from "../src/admin/pages/data-table";

const render = (props: { columns: readonly Column[]; rows: readonly Row[]; phone?: "cards" | "table"; class?: string }) => String(jsx(DataTable, props));

/** Each body cell as [tag, its data-label or null, its text]. */
function cells(html: string): [string, string | null, string][] {
  const body = /<tbody[^>]*>([\s\S]*)<\/tbody>/.exec(html)![1]!;
  return [...body.matchAll(/<(td|th)\b([^>]*)>([\s\S]*?)<\/\1>/g)].map(([, tag, attrs, inner]) => [
    tag!,
    /data-label="([^"]*)"/.exec(attrs!)?.[1] ?? null,
    inner!.replace(/<[^>]+>/g, ""),
  ]);
}

describe("DataTable", () => {
  it("labels every cell with its column, in order, whatever the row holds", () => {
    const html = render({
      columns: [{ label: "When", cell: "nowrap" }, "Caller", { label: "What Textback did" }, { label: "Attempts", num: true }],
      rows: [
        ["Dec 7, 3:46 AM", jsx("a", { href: "/c" }, "(415) 234-5601"), "Texted: no answer", 3],
        ["Dec 8, 9:00 AM", null, "Not texted: they called back", 0],
      ],
    });
    expect(cells(html)).toEqual([
      ["td", "When", "Dec 7, 3:46 AM"],
      ["td", "Caller", "(415) 234-5601"],
      ["td", "What Textback did", "Texted: no answer"],
      ["td", "Attempts", "3"],
      ["td", "When", "Dec 8, 9:00 AM"],
      ["td", "Caller", ""],
      ["td", "What Textback did", "Not texted: they called back"],
      ["td", "Attempts", "0"],
    ]);
    expect(html).toContain('<td role="cell" class="nowrap" data-label="When">');
    expect(html).toContain('<td role="cell" class="num" data-label="Attempts">');
    expect(html).toContain('<th scope="col" role="columnheader" class="num">Attempts</th>');
  });

  it("escapes a label like any text", () => {
    expect(render({ columns: ['Say "hi" & <b>'], rows: [["x"]] })).toContain('data-label="Say &quot;hi&quot; &amp; &lt;b&gt;"');
  });

  it("names a column of buttons for screen readers only, and leaves its cells unlabelled", () => {
    const html = render({ columns: ["Name", { label: "Action", hideLabel: true }], rows: [["Zapier", jsx("button", {}, "Revoke")]] });
    expect(html).toContain('<th scope="col" role="columnheader"><span class="visually-hidden">Action</span></th>');
    expect(cells(html)).toEqual([
      ["td", "Name", "Zapier"],
      ["td", null, "Revoke"],
    ]);
  });

  it("makes a row-header column's cells th scope=row, and marks wide cells", () => {
    const html = render({ columns: [{ label: "Day", rowHeader: true }, { label: "Open", wide: true }], rows: [["Monday", "9–5"]] });
    expect(html).toContain('<th scope="row" role="rowheader">Monday</th>');
    expect(html).toContain('<td role="cell" class="wide" data-label="Open">');
  });

  it("keeps the table's roles, so cells laid out as cards still read as a table", () => {
    const html = render({ columns: ["A"], rows: [["1"]] });
    expect(html).toMatch(/<table class="cards" role="table"><thead role="rowgroup"><tr role="row">/);
    expect(html).toContain('<tbody role="rowgroup"><tr role="row"><td role="cell" data-label="A">');
  });

  it("becomes cards on a phone unless it is a few short columns that fit as a table", () => {
    expect(render({ columns: ["A"], rows: [], class: "hours" })).toContain('<table class="cards hours" role="table">');
    expect(render({ columns: ["A"], rows: [], phone: "table" })).toContain('<table role="table">');
  });
});
