/** Read-only text to paste somewhere else (a URL into a console, a command into a terminal), with a Copy button. */
import type { FC } from "hono/jsx";

/** One line: a URL to paste. */
export const CopyField: FC<{ id: string; label: string; value: string }> = ({ id, label, value }) => (
  <div>
    <label for={id}>{label}</label>
    <div class="copy-row">
      <input id={id} type="text" readonly value={value} />
      {/* Shown by COPY_BUTTONS_SCRIPT; without it the field is still there to select and copy. */}
      <button type="button" class="secondary" data-copy={id} hidden>
        Copy
      </button>
    </div>
  </div>
);

/** Several lines: a command to run, kept as written (no wrapping into the text itself). */
export const CopyBlock: FC<{ id: string; label: string; value: string; rows: number }> = ({ id, label, value, rows }) => (
  <div class="copy-block">
    <label for={id}>{label}</label>
    <textarea id={id} readonly rows={rows} spellcheck={false} wrap="off">
      {value}
    </textarea>
    <button type="button" class="secondary" data-copy={id} hidden>
      Copy
    </button>
  </div>
);
