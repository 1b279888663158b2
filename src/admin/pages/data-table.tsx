/**
 * The admin's tables. On a wide screen, a table; on a phone (under 40rem, style.ts), each row a card
 * of its cells, each cell labelled with its column's name: no column is ever pushed off the right
 * edge. Rows are given as data so that every cell gets its column's label (`data-label`) the same
 * way, in every table.
 *
 * @example
 * <DataTable columns={["When", { label: "Attempts", num: true }]} rows={items.map((i) => [formatTime(i.at, tz), i.attempts])} />
 */
import type { Child, FC } from "hono/jsx";

export interface ColumnSpec {
  /** The header, and on a phone each cell's label. */
  label: string;
  /** A column of numbers: right-aligned on a wide screen. */
  num?: boolean;
  /** `nowrap` keeps a short value on one line on a wide screen; `wrap` breaks a long one (a URL) anywhere. */
  cell?: "nowrap" | "wrap";
  /** Its cells need the whole width (fields, forms): on a phone, the label goes above them rather than beside. */
  wide?: boolean;
  /** Named for screen readers only, its cells unlabelled on a phone: a column of buttons that say what they do. */
  hideLabel?: boolean;
  /** Its cells name their rows (`th scope="row"`): on a phone, the card's heading. */
  rowHeader?: boolean;
}

/** A column: its label alone, or its label and how its cells show. */
export type Column = string | ColumnSpec;

/** One row: its cells in the columns' order. */
export type Row = readonly Child[];

const spec = (col: Column): ColumnSpec => (typeof col === "string" ? { label: col } : col);

const classOf = (col: ColumnSpec): string | undefined => [col.num ? "num" : null, col.cell ?? null, col.wide ? "wide" : null].filter(Boolean).join(" ") || undefined;

// The roles repeat what the elements are: a browser that lays cells out as blocks (the phone's cards)
// may otherwise stop telling a screen reader that this is a table.
const Cell: FC<{ col: ColumnSpec; value: Child }> = ({ col, value }) =>
  col.rowHeader ? (
    <th scope="row" role="rowheader" class={classOf(col)}>
      {value}
    </th>
  ) : (
    <td role="cell" class={classOf(col)} data-label={col.hideLabel ? undefined : col.label}>
      {/* One box for the value, so a phone can put it beside the label however many parts it has. */}
      <div class="cell-value">{value}</div>
    </td>
  );

export const DataTable: FC<{
  columns: readonly Column[];
  rows: readonly Row[];
  class?: string;
  caption?: string;
  /** On a phone: cards (the default), or the table as it is, for a few short columns that fit. */
  phone?: "cards" | "table";
}> = (props) => {
  const columns = props.columns.map(spec);
  const classes = [props.phone === "table" ? null : "cards", props.class ?? null].filter(Boolean).join(" ") || undefined;
  return (
    <div class="table-wrap">
      <table class={classes} role="table">
        {props.caption ? <caption class="visually-hidden">{props.caption}</caption> : null}
        <thead role="rowgroup">
          <tr role="row">
            {columns.map((col) => (
              <th scope="col" role="columnheader" class={col.num ? "num" : undefined}>
                {col.hideLabel ? <span class="visually-hidden">{col.label}</span> : col.label}
              </th>
            ))}
          </tr>
        </thead>
        <tbody role="rowgroup">
          {props.rows.map((row) => (
            <tr role="row">
              {columns.map((col, i) => (
                <Cell col={col} value={row[i]} />
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
};
