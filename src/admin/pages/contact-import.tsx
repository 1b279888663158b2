/** What an import of a contacts file shows: before, its first rows as read and its rejected lines; after, what it did. */
import type { ContactsFile } from "../contacts-csv";
import type { ImportResult as Result } from "../contacts";
import { TagChips } from "./contact-format";
import { countOf, formatPhone } from "./format";
import { DataTable } from "./data-table";
import { businessPath } from "./layout";

const FIRST_ROWS = 10;

const Rejected = (props: { rejected: ContactsFile["rejected"]; title: string }) =>
  props.rejected.length === 0 ? null : (
    <>
      <h2>{props.title}</h2>
      <DataTable phone="table" columns={[{ label: "Line", num: true }, "Why"]} caption="Rejected lines" rows={props.rejected.map((r) => [r.line, r.reason])} />
    </>
  );

/** The file read but not written: its first contacts as they will be stored, the lines refused, and the button that imports it. */
export const ImportPreview = (props: { read: ContactsFile; file: string; businessId: string; csrf: string }) => (
  <>
    <h1>Preview of the import</h1>
    <p class="sub">
      {countOf(props.read.contacts.length, "contact")} to import or update, {countOf(props.read.rejected.length, "line")} rejected. Nothing is saved until you import.
    </p>
    <DataTable
      columns={["Name", { label: "Number", cell: "nowrap" }, "Tags", "Notes"]}
      caption={`The first ${Math.min(FIRST_ROWS, props.read.contacts.length)} contacts as they will be stored`}
      rows={props.read.contacts.slice(0, FIRST_ROWS).map((c) => [c.name ?? "(no name)", formatPhone(c.phone), <TagChips tags={c.tags} />, c.notes ?? ""])}
    />
    <Rejected rejected={props.read.rejected} title="Lines that will not be imported" />
    {/* multipart: the file's text goes as it is, where a urlencoded post would triple its commas and line ends */}
    <form method="post" action={businessPath(props.businessId, "/contacts/import")} enctype="multipart/form-data" class="actions">
      <input type="hidden" name="_csrf" value={props.csrf} />
      <input type="hidden" name="step" value="import" />
      <textarea name="csv" hidden>
        {props.file}
      </textarea>
      <button type="submit" disabled={props.read.contacts.length === 0}>
        Import {countOf(props.read.contacts.length, "contact")}
      </button>
      <a class="button secondary" href={businessPath(props.businessId, "/contacts")}>
        Cancel
      </a>
    </form>
  </>
);

export const ImportResult = (props: { result: Result; businessId: string }) => (
  <>
    <h1>Contacts imported</h1>
    <p class="flash" role="status">
      {countOf(props.result.imported, "new contact")}, {countOf(props.result.updated, "update")}, {countOf(props.result.rejected.length, "line")} rejected.
    </p>
    <Rejected rejected={props.result.rejected} title="Lines that were not imported" />
    <p>
      <a class="button secondary" href={businessPath(props.businessId, "/contacts")}>
        Back to the contacts
      </a>
    </p>
  </>
);
