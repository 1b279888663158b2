/**
 * The import preview's columns: which of the file's columns each field is read from, in words
 * ("Name ← First Name + Last Name"), and a select per field to pick another before importing. The
 * form holds the file's text, so picking and previewing again needs no script (the CSP has none).
 */
import { HTTPException } from "hono/http-exception";
import { AUTO_CHOICES, CONTACT_FIELDS, columnName, guessColumns, mappingInWords, unreadColumns, type ColumnChoice, type ColumnChoices, type ContactField } from "../../rules/contact-columns";
import type { ContactsFile } from "../contacts-csv";
import { businessPath } from "./layout";

const LABELS: Record<ContactField, string> = { name: "Name", phone: "Phone", tags: "Tags", notes: "Notes" };

/** The form's id: the Import button below the preview's tables submits it (`form="contact-import"`). */
export const IMPORT_FORM_ID = "contact-import";

/**
 * The columns the preview's form picked: `column_name`, `column_phone`, `column_tags`,
 * `column_notes`, each `auto`, `none` (not for the phone) or a column's index; absent is `auto`.
 * 400 naming the field for anything else.
 */
export function choicesFromForm(body: Record<string, unknown>): ColumnChoices {
  const choices: ColumnChoices = { ...AUTO_CHOICES };
  for (const field of CONTACT_FIELDS) {
    const value = body[`column_${field}`];
    if (value === undefined || value === "" || value === "auto") continue;
    if (value === "none" && field !== "phone") choices[field] = "none";
    else if (typeof value === "string" && /^\d{1,4}$/.test(value)) choices[field] = Number(value);
    else throw new HTTPException(400, { message: `${LABELS[field]} column: "${String(value).slice(0, 20)}" is not one of the file's columns` });
  }
  return choices;
}

/** The choices as one string, kept in the form to tell whether the owner changed them since this preview. */
export const choicesKey = (choices: ColumnChoices) => CONTACT_FIELDS.map((f) => String(choices[f])).join(",");

/** "Ann Lee" → ' (e.g. "Ann Lee")', cut short: a column's first value beside its name in a select. */
const sample = (value: string | undefined) => (value ? ` (e.g. "${value.length > 24 ? `${value.slice(0, 23)}…` : value}")` : "");

/** A field's select: the automatic reading in words, nothing, or any column with its first value. */
function ColumnSelect(props: { field: ContactField; read: ContactsFile; chosen: ColumnChoice; auto: string | null }) {
  const id = `column-${props.field}`;
  return (
    <div>
      <label for={id}>{LABELS[props.field]} from</label>
      <select id={id} name={`column_${props.field}`}>
        <option value="auto" selected={props.chosen === "auto"}>
          {props.auto ? `Automatic: ${props.auto}` : "Automatic: none found"}
        </option>
        {props.field === "phone" ? null : (
          <option value="none" selected={props.chosen === "none"}>
            Nothing
          </option>
        )}
        {props.read.headers.map((_, i) => (
          <option value={String(i)} selected={props.chosen === i}>
            {columnName(props.read.headers, i)}
            {sample(props.read.samples[i])}
          </option>
        ))}
      </select>
    </div>
  );
}

const MOST_UNREAD_SHOWN = 8;

/** What the import reads each field from; for a CSV file, the selects to change it and the button to preview again. */
export function ColumnsForm(props: { read: ContactsFile; choices: ColumnChoices; file: string; businessId: string; csrf: string }) {
  const { read } = props;
  const words = mappingInWords(read.headers, read.mapping);
  const guessed = mappingInWords(read.headers, guessColumns(read.headers));
  const unread = unreadColumns(read.headers, read.mapping);
  return (
    // multipart: the file's text goes as it is, where a urlencoded post would triple its commas and line ends
    <form id={IMPORT_FORM_ID} method="post" action={businessPath(props.businessId, "/contacts/import")} enctype="multipart/form-data" class="card">
      <h2>{read.format === "vcard" ? "Read from the contact cards" : "Columns read"}</h2>
      <ul class="mapping">
        {words.map((w) => (
          <li>
            <strong>{w.field}</strong> ← {w.from ?? <span class="muted">nothing</span>}
          </li>
        ))}
      </ul>
      {unread.length > 0 && read.format === "csv" ? (
        <p class="hint">
          Not imported: {unread.slice(0, MOST_UNREAD_SHOWN).join(", ")}
          {unread.length > MOST_UNREAD_SHOWN ? ` and ${unread.length - MOST_UNREAD_SHOWN} more` : ""}.
        </p>
      ) : null}
      <input type="hidden" name="_csrf" value={props.csrf} />
      <input type="hidden" name="previewed" value={choicesKey(props.choices)} />
      <textarea name="csv" hidden>
        {props.file}
      </textarea>
      {read.format === "csv" ? (
        <>
          <div class="grid columns">
            {CONTACT_FIELDS.map((field, i) => (
              <ColumnSelect field={field} read={read} chosen={props.choices[field]} auto={guessed[i]!.from} />
            ))}
          </div>
          <div class="actions">
            <button type="submit" name="step" value="preview" class="secondary">
              Preview with these columns
            </button>
          </div>
        </>
      ) : null}
    </form>
  );
}
