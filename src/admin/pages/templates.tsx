/** Templates: one per kind, an editor with a live preview for a sample caller. */
import { drizzle } from "drizzle-orm/d1";
import { Hono } from "hono";
import { HTTPException } from "hono/http-exception";
import type { FC } from "hono/jsx";
import { bodyText } from "../../body-text";
import type { BusinessRow } from "../../db/schema";
import { toGsmSmart } from "../../rules/encoding";
import { TEMPLATE_KINDS, type TemplateKind } from "../../rules/reasons";
import { TEXT_BACK_KINDS } from "../../vocabulary";
import { OPT_OUT_LINE } from "../../rules/opt-out-wording";
import { checkTemplate, MAX_TEMPLATE_SEGMENTS, type TemplateCheck } from "../../rules/template-check";
import { PLACEHOLDERS } from "../../rules/templates";
import { routeBusiness } from "../businesses";
import { MAX_TEMPLATE_LENGTH, putTemplateSchema } from "../schemas";
import { publicBase } from "../../public-base";
import { isTemplateKind, listTemplates, previewTemplate, saveTemplate, SAMPLE_CALLER, templateSample } from "../templates";
import type { AdminPagesEnv, PageContext } from "./env";
import { countOf, formatPhone, kindLabel } from "./format";
import { formFields, formRefusal } from "./forms";
import { lastChanges } from "../change-history";
import { ChangedBy, changedByShort } from "./changed-by";
import { DataTable } from "./data-table";
import { businessPath, PostForm, renderPage } from "./layout";
import { TEMPLATE_PREVIEW_SCRIPT } from "./scripts";

export const templatePages = new Hono<AdminPagesEnv>();

const WHEN: Record<TemplateKind, string> = {
  missed_call: "After a missed call during opening hours.",
  after_hours: "After a missed call outside opening hours.",
  voicemail: "After the caller left a voicemail.",
  ai_abandoned: "When the caller hung up on the AI receptionist.",
  existing_customer: "Instead of those, after a missed call from a contact tagged customer ({callerFirstName}, {priorityPhone}).",
  follow_up: "Later, if the caller has not replied (when follow-ups are on).",
  help: "When someone texts HELP.",
  opt_out: "When someone texts STOP: the last text they get.",
  opt_in: "When someone texts START again.",
};

const FIRST_TEXT: ReadonlySet<string> = new Set(TEXT_BACK_KINDS);

/** "{business}, {bookingUrl}, …": what the editor's hints list. */
const PLACEHOLDER_LIST = PLACEHOLDERS.map((p) => `{${p}}`).join(", ");

function templateKind(kind: string): TemplateKind {
  if (!isTemplateKind(kind)) throw new HTTPException(404, { message: `there is no "${kind}" template` });
  return kind;
}

async function storedTemplates(c: PageContext, businessId: string): Promise<Map<string, string>> {
  const rows = await listTemplates(drizzle(c.env.DB), businessId);
  return new Map(rows.map((r) => [r.kind, r.body]));
}

/** A stored template's verdict in the list: its size, and its warnings if any. */
const CheckChips: FC<{ check: TemplateCheck }> = ({ check }) => (
  <>
    <span class="chip">
      {check.encoding} · {countOf(check.segments, "segment")}
    </span>{" "}
    {/* Stored before a rule existed: it would be refused now (and a text-back gets the opt-out line appended when sent). */}
    {check.errors.length > 0 ? (
      <span class="chip bad">Breaks a rule: edit it</span>
    ) : check.warnings.length > 0 ? (
      <span class="chip warn">{countOf(check.warnings.length, "warning")}</span>
    ) : (
      <span class="chip ok">OK</span>
    )}
  </>
);

templatePages.get("/businesses/:id/templates", async (c) => {
  const business = await routeBusiness(c);
  const db = drizzle(c.env.DB);
  const [stored, sample, changes] = await Promise.all([
    storedTemplates(c, business.id),
    templateSample(db, business, publicBase(c)),
    lastChanges(db, "template", TEMPLATE_KINDS.map((k) => `${business.id}/${k}`)),
  ]);
  return renderPage(
    c,
    { title: "Templates", business, tab: "templates" },
    <>
      <h1>Text templates</h1>
      <p class="sub">
        Placeholders: {PLACEHOLDER_LIST}. They are filled in when a text is sent.
      </p>
      <DataTable
        columns={["Template", "Sent", { label: "Check", cell: "nowrap" }, "Last changed"]}
        rows={TEMPLATE_KINDS.map((kind) => {
          const body = stored.get(kind);
          const check = body === undefined ? null : checkTemplate(kind, body, sample);
          return [
            <a href={businessPath(business.id, `/templates/${kind}`)}>{kindLabel(kind)}</a>,
            WHEN[kind],
            check === null ? <span class="chip bad">Missing</span> : <CheckChips check={check} />,
            changedByShort(changes.get(`${business.id}/${kind}`), business.timezone),
          ];
        })}
      />
    </>,
  );
});

const Preview: FC<{ p: TemplateCheck & { rendered: string } }> = ({ p }) => (
  <section aria-labelledby="preview-heading">
    <h2 id="preview-heading">Preview</h2>
    <p class="hint">As a caller at {formatPhone(SAMPLE_CALLER)} would see it.</p>
    <div class="bubble" id="preview-text">
      {p.rendered || "(empty)"}
    </div>
    {/* Shown while the text greets the caller by name: most callers have none, some do. */}
    <div id="preview-named" hidden={!p.previews}>
      <p class="hint">With a name (from their contact, their answers or caller ID):</p>
      <div class="bubble" id="preview-named-text">
        {p.previews?.withName ?? ""}
      </div>
    </div>
    {/* Announced when it changes, so typing shows its effect without looking away. */}
    <p class="meter" aria-live="polite">
      <span class="chip" id="preview-encoding">
        {p.encoding}
      </span>
      <span class="chip" id="preview-segments">
        {countOf(p.segments, "segment")}
      </span>
      <span class="chip" id="preview-length">
        {countOf(p.length, "character")}
      </span>
    </p>
    <p id="preview-ok" class="chip ok" hidden={p.errors.length + p.warnings.length > 0}>
      No problems found.
    </p>
    <ul class="warnings" id="preview-warnings" aria-live="polite">
      {p.errors.map((e) => (
        <li class="bad">{e.message}</li>
      ))}
      {p.warnings.map((w) => (
        <li>
          {w.message}{" "}
          {w.suggestion ? (
            <button type="submit" form="template-form" name="action" value="plain" class="secondary">
              Use plain characters
            </button>
          ) : null}
        </li>
      ))}
    </ul>
  </section>
);

async function editorPage(c: PageContext, business: BusinessRow, kind: TemplateKind, body: string, opts: { errors?: string[]; status?: 200 | 400 } = {}) {
  const db = drizzle(c.env.DB);
  const [sample, changes] = await Promise.all([templateSample(db, business, publicBase(c)), lastChanges(db, "template", [`${business.id}/${kind}`])]);
  const p = previewTemplate(kind, body, sample);
  const action = businessPath(business.id, `/templates/${kind}`);
  return renderPage(
    c,
    { title: kindLabel(kind), business, tab: "templates", errors: opts.errors, status: opts.status, script: TEMPLATE_PREVIEW_SCRIPT },
    <>
      <h1>{kindLabel(kind)}</h1>
      <p class="sub">{WHEN[kind]}</p>
      <ChangedBy change={changes.get(`${business.id}/${kind}`)} tz={business.timezone} />
      <div class="editor">
        <PostForm action={action} csrf={c.get("session").csrfToken} id="template-form" data-preview-url={`${action}/preview`}>
          <label for="body">
            Text
            <span class="hint">
              Placeholders: {PLACEHOLDER_LIST}. At most {MAX_TEMPLATE_SEGMENTS} parts once filled in.
              {FIRST_TEXT.has(kind) ? ` The first text a caller gets must say how to stop texts: "${OPT_OUT_LINE}"` : ""}
            </span>
          </label>
          <textarea id="body" name="body" rows={8} maxlength={MAX_TEMPLATE_LENGTH} required aria-invalid={opts.errors?.length ? "true" : undefined}>
            {body}
          </textarea>
          <div class="actions">
            <button type="submit" name="action" value="save">
              Save template
            </button>
            <button type="submit" name="action" value="preview" class="secondary">
              Preview without saving
            </button>
            <a href={businessPath(business.id, "/templates")}>Back to templates</a>
          </div>
        </PostForm>
        <Preview p={p} />
      </div>
    </>,
  );
}

templatePages.get("/businesses/:id/templates/:kind", async (c) => {
  const business = await routeBusiness(c);
  const kind = templateKind(c.req.param("kind"));
  const stored = await storedTemplates(c, business.id);
  return editorPage(c, business, kind, stored.get(kind) ?? "");
});

/** Save, or (without JavaScript) preview, or apply the plain-characters suggestion. */
templatePages.post("/businesses/:id/templates/:kind", async (c) => {
  const business = await routeBusiness(c);
  const kind = templateKind(c.req.param("kind"));
  const f = await formFields(c);
  // Kept whole: cutting it would lose the end of what was typed, or split an emoji in two.
  const body = f.body ?? "";
  if (body.length > MAX_TEMPLATE_LENGTH) {
    const errors = [`Text: it is ${body.length} characters long, and a template may have at most ${MAX_TEMPLATE_LENGTH}. Shorten it; nothing was saved.`];
    return editorPage(c, business, kind, body, { errors, status: 400 });
  }
  if (f.action === "preview") return editorPage(c, business, kind, body);
  if (f.action === "plain") return editorPage(c, business, kind, toGsmSmart(body));
  const sample = await templateSample(drizzle(c.env.DB), business, publicBase(c));
  const refused = await formRefusal([400], () => saveTemplate(c.env, business, kind, body, checkTemplate(kind, body, sample)));
  if (refused) return editorPage(c, business, kind, body, refused);
  return c.redirect(`${businessPath(business.id, `/templates/${kind}`)}?done=saved`, 303);
});

/** JSON for the live preview: the checker's verdict on text not yet saved. */
templatePages.post("/businesses/:id/templates/:kind/preview", async (c) => {
  const business = await routeBusiness(c);
  const kind = templateKind(c.req.param("kind"));
  const parsed = putTemplateSchema.safeParse(await bodyText(c.req).then(JSON.parse).catch(() => null));
  if (!parsed.success) return c.json({ error: `body: send { body } as JSON, at most ${MAX_TEMPLATE_LENGTH} characters` }, 400);
  const p = previewTemplate(kind, parsed.data.body, await templateSample(drizzle(c.env.DB), business, publicBase(c)));
  return c.json({ rendered: p.rendered, previews: p.previews ?? null, encoding: p.encoding, segments: p.segments, length: p.length, warnings: p.warnings, errors: p.errors });
});
