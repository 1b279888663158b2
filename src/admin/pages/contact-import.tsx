/** What an import of a contacts file shows: before, the columns read, its first rows as read and its rejected lines; after, what it did. */
import type { ColumnChoices } from "../../rules/contact-columns";
import type { ContactsFile } from "../contacts-csv";
import type { ImportResult as Result } from "../contacts";
import { ColumnsForm, IMPORT_FORM_ID } from "./contact-columns";
import { TagChips } from "./contact-format";
import { countOf, formatPhone } from "./format";
import { DataTable } from "./data-table";
import { businessPath } from "./layout";

const FIRST_ROWS = 10;

const Rejected = (props: { rejected: ContactsFile["rejected"]; title: string }) =>
  props.rejected.length === 0 ? null : (
    <>
      <h2>{props.title}</h2>
      <DataTable phone="table" columns={[{ label: "Line", num: true }, "Who", "Why"]} caption="Rejected lines" rows={props.rejected.map((r) => [r.line, r.name ?? "", r.reason])} />
    </>
  );

/** Why rows have no usable phone, in one sentence, or null when every row has one. */
function unusableWords(read: ContactsFile, country: string): string | null {
  const { missing, invalid } = read.unusable;
  const total = missing + invalid;
  if (total === 0) return null;
  const reasons = [
    missing > 0 ? `${missing} with no number in the phone columns read` : null,
    invalid > 0 ? `${invalid} with no valid phone number (numbers without a country code are read as ${country})` : null,
  ].filter((r) => r !== null);
  return `${countOf(total, "row")} ${total === 1 ? "has" : "have"} no usable phone: ${reasons.join(", ")}. Their lines are listed below.`;
}

/** The file read but not written: where each field comes from, its first contacts as they will be stored, the lines refused, and the button that imports it. */
export const ImportPreview = (props: { read: ContactsFile; choices: ColumnChoices; file: string; country: string; businessId: string; csrf: string; notice?: string }) => {
  const { read } = props;
  const unusable = unusableWords(read, props.country);
  return (
    <>
      <h1>Preview of the import</h1>
      <p class="sub">
        {countOf(read.contacts.length, "contact")} to import or update, {countOf(read.rejected.length, "line")} rejected. Nothing is saved until you import.
      </p>
      {props.notice ? (
        <p class="flash" role="status">
          {props.notice}
        </p>
      ) : null}
      <ColumnsForm read={read} choices={props.choices} file={props.file} businessId={props.businessId} csrf={props.csrf} />
      {unusable ? <p class="unusable">{unusable}</p> : null}
      {read.contacts.length === 0 ? null : (
        <DataTable
          columns={["Name", { label: "Number", cell: "nowrap" }, "Tags", "Notes"]}
          caption={`The first ${Math.min(FIRST_ROWS, read.contacts.length)} contacts as they will be stored`}
          rows={read.contacts.slice(0, FIRST_ROWS).map((c) => [c.name ?? "(no name)", formatPhone(c.phone), <TagChips tags={c.tags} />, c.notes ?? ""])}
        />
      )}
      <Rejected rejected={read.rejected} title="Lines that will not be imported" />
      <div class="actions">
        <button type="submit" form={IMPORT_FORM_ID} name="step" value="import" disabled={read.contacts.length === 0}>
          Import {countOf(read.contacts.length, "contact")}
        </button>
        <a class="button secondary" href={businessPath(props.businessId, "/contacts")}>
          Cancel
        </a>
      </div>
    </>
  );
};

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
