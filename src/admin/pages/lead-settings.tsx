/** Settings › Leads: the questions asked by text (with a preview of what the caller sees), urgent words, who is on call, job values. */
import { Hono } from "hono";
import type { BusinessRow } from "../../db/schema";
import { PRESET_IDS, PRESETS } from "../../presets";
import { parseSettings } from "../../settings";
import { mergeSettings } from "../../settings-patch";
import { routeBusiness, updateBusiness } from "../businesses";
import { patchBusinessSchema } from "../schemas";
import type { AdminPagesEnv, PageContext } from "./env";
import { formFields, issueMessages } from "./forms";
import { DataTable } from "./data-table";
import { businessPath, PostForm, renderPage } from "./layout";
import { invalidMark, MarkInvalid, type FormRefusal } from "./invalid";
import { leadFieldLabel, leadFieldNames, leadFormValues, leadSettingsFrom, ON_CALL_ROWS, QUESTION_ROWS, type LeadFormValues } from "./lead-settings-values";

export const leadSettingsPages = new Hono<AdminPagesEnv>();

/**
 * As the caller will see it: each question in turn, then the thanks; nothing asked while asking is
 * off. The page renders it from the saved settings (previewOf); the script below redraws it the same
 * way as the form changes.
 */
const PREVIEW_SCRIPT = `
const form = document.getElementById("lead-settings");
const list = document.getElementById("qualify-preview");
const enabled = form.querySelector("[name='qualify.enabled']");
function render() {
  list.replaceChildren();
  const add = (text, side) => { const li = document.createElement("li"); li.className = side; const b = document.createElement("span"); b.className = side === "event" ? "note" : "bubble"; b.textContent = text.replaceAll("{business}", list.dataset.business); li.append(b); list.append(li); };
  if (!enabled.checked) { add(list.dataset.off, "event"); return; }
  const rows = [...form.querySelectorAll("[data-ask]")].map((i) => ({ ask: i.value.trim(), required: form.querySelector("[name='" + i.name.replace(".ask", ".required") + "']")?.checked })).filter((r) => r.ask);
  const last = rows.map((r) => r.required).lastIndexOf(true);
  rows.slice(0, last + 1).forEach((r, i) => { add(i === 0 ? r.ask + " (asked by your text-back)" : r.ask, "out"); add("…", "in"); });
  const done = form.querySelector("[name='qualify.doneMessage']").value.trim();
  if (last < 0) add("…", "in");
  if (done) add(done, "out");
  for (const r of rows.slice(last + 1)) add(list.dataset.unasked.replace("%s", r.ask), "event");
}
form.addEventListener("input", render);
form.addEventListener("change", render);
render();
`;

const PREVIEW_OFF = "Asking is off: callers get your text-back and no questions.";
const PREVIEW_UNASKED = "Not asked: “%s” is optional and comes after the last required question. A reply that answers it is kept; make it required or move it up to ask it.";

/** The preview's entries for the form's values, as the script draws them. */
function previewOf(v: LeadFormValues, business: string): { text: string; side: "in" | "out" | "event" }[] {
  const fill = (text: string) => text.replaceAll("{business}", business);
  if (v["qualify.enabled"] !== "on") return [{ text: PREVIEW_OFF, side: "event" }];
  const rows = Array.from({ length: QUESTION_ROWS }, (_, i) => ({ ask: (v[`q.${i}.ask`] ?? "").trim(), required: v[`q.${i}.required`] === "on" })).filter((r) => r.ask);
  // Asking stops once every required question is answered (rules/qualify.ts nextQuestion): an
  // optional question after the last required one is never asked, only kept if a reply gives it.
  const last = rows.map((r) => r.required).lastIndexOf(true);
  const questions = rows.slice(0, last + 1).flatMap((r, i) => [
    { text: fill(i === 0 ? `${r.ask} (asked by your text-back)` : r.ask), side: "out" as const },
    { text: "…", side: "in" as const },
  ]);
  const done = (v["qualify.doneMessage"] ?? "").trim();
  const unasked = rows.slice(last + 1).map((r) => ({ text: PREVIEW_UNASKED.replace("%s", fill(r.ask)), side: "event" as const }));
  // With no required question the caller's first reply is the last: the thanks follows it.
  const first = last < 0 ? [{ text: "…", side: "in" as const }] : [];
  return [...questions, ...first, ...(done ? [{ text: fill(done), side: "out" as const }] : []), ...unasked];
}

const Preview = (props: { v: LeadFormValues; business: string }) => (
  <ul class="timeline" id="qualify-preview" data-business={props.business} data-off={PREVIEW_OFF} data-unasked={PREVIEW_UNASKED} aria-live="polite">
    {previewOf(props.v, props.business).map((entry) => (
      <li class={entry.side}>
        <span class={entry.side === "event" ? "note" : "bubble"}>{entry.text}</span>
      </li>
    ))}
  </ul>
);

const Row = (props: { label: string; name: string; v: LeadFormValues; hint?: string; area?: boolean; type?: string }) => (
  <>
    <label for={props.name}>
      {props.label}
      {props.hint ? <span class="hint">{props.hint}</span> : null}
    </label>
    {props.area ? (
      <textarea id={props.name} name={props.name} rows={3} {...invalidMark(props.name)}>
        {props.v[props.name] ?? ""}
      </textarea>
    ) : (
      <input id={props.name} name={props.name} type={props.type ?? "text"} value={props.v[props.name] ?? ""} step={props.type === "number" ? "any" : undefined} {...invalidMark(props.name)} />
    )}
  </>
);

function QualifyFieldset({ v }: { v: LeadFormValues }) {
  return (
    <fieldset>
      <legend>Questions by text</legend>
      <label class="check">
        <input type="checkbox" name="qualify.enabled" checked={v["qualify.enabled"] === "on"} /> Ask missed callers these questions, one at a time
      </label>
      <DataTable
        class="questions"
        columns={["Saved as", { label: "Question", wide: true }, "Required"]}
        caption="Questions"
        rows={Array.from({ length: QUESTION_ROWS }, (_, i) => [
          <input aria-label={`Question ${i + 1} saved as`} name={`q.${i}.key`} value={v[`q.${i}.key`] ?? ""} {...invalidMark(`q.${i}.key`)} />,
          // A box that wraps: a question is a sentence or two, never cut off at the field's edge.
          <textarea aria-label={`Question ${i + 1}`} name={`q.${i}.ask`} rows={2} maxlength={480} data-ask="" {...invalidMark(`q.${i}.ask`)}>
            {v[`q.${i}.ask`] ?? ""}
          </textarea>,
          <input aria-label={`Question ${i + 1} required`} type="checkbox" name={`q.${i}.required`} checked={v[`q.${i}.required`] === "on"} />,
        ])}
      />
      <p class="hint">“Saved as” names the answer on the lead, one word. service, address, zip, urgency, preferredTime, name and patientStatus are understood: an answer to one can come in any reply, and is not asked again.</p>
      <Row label="Thanks message" name="qualify.doneMessage" v={v} area />
      <Row label="Service area ZIP codes" name="qualify.zips" v={v} hint="Separated by spaces; empty: anywhere." />
      <Row label="Out-of-area message" name="qualify.outOfAreaMessage" v={v} area />
      <label for="relay">Replies to you</label>
      <select id="relay" name="relay" {...invalidMark("relay")}>
        <option value="" selected={!v.relay}>A summary once the questions are answered (with questions on), else every reply</option>
        <option value="summary" selected={v.relay === "summary"}>Only the summary, pages, and replies after someone takes over</option>
        <option value="every_reply" selected={v.relay === "every_reply"}>Every reply</option>
      </select>
    </fieldset>
  );
}

function UrgentFieldset({ v }: { v: LeadFormValues }) {
  return (
    <fieldset>
      <legend>Urgent</legend>
      <label class="check">
        <input type="checkbox" name="urgent.enabled" checked={v["urgent.enabled"] === "on"} /> Watch replies for emergencies and page whoever is on call
      </label>
      <Row label="Urgent words" name="urgent.words" v={v} area hint="One per line; other forms count too (swelling: swollen; severe pain: pain is severe). 'No leak' is not urgent; 'nothing stops the leak' is." />
      <Row label="Safety words" name="urgent.safetyWords" v={v} area hint="One per line: the safety message goes first." />
      {Array.from({ length: ON_CALL_ROWS }, (_, i) => (
        <div class="inline">
          <div>
            <label for={`onCall.${i}.name`}>{i === 0 ? "On call first" : `Then ${i + 1}.`}</label>
            <input id={`onCall.${i}.name`} name={`onCall.${i}.name`} value={v[`onCall.${i}.name`] ?? ""} placeholder="Name" {...invalidMark(`onCall.${i}.name`)} />
          </div>
          <div>
            <label for={`onCall.${i}.phone`}>Phone</label>
            <input id={`onCall.${i}.phone`} name={`onCall.${i}.phone`} type="tel" value={v[`onCall.${i}.phone`] ?? ""} placeholder="(512) 555-0100" {...invalidMark(`onCall.${i}.phone`)} />
          </div>
        </div>
      ))}
      <Row label="Escalate after (minutes)" name="urgent.escalateAfterMinutes" v={v} type="number" hint="Nobody replied OK: the next person, then you." />
      <Row label="Message to an urgent caller" name="urgent.callerMessage" v={v} area />
      <Row label="Safety message" name="urgent.safetyMessage" v={v} area />
    </fieldset>
  );
}

/** The preset whose questions the business asks now, so the list never offers another industry's first. */
function presetInUse(business: BusinessRow): (typeof PRESET_IDS)[number] | undefined {
  const asked = parseSettings(business.settings).qualify.questions.map((q) => q.key).join(",");
  return PRESET_IDS.find((id) => PRESETS[id].settings.qualify.questions.map((q) => q.key).join(",") === asked);
}

function leadSettingsPage(c: PageContext, business: BusinessRow, v: LeadFormValues, refusal?: FormRefusal) {
  const csrf = c.get("session").csrfToken;
  const action = businessPath(business.id, "/settings/leads");
  return renderPage(
    c,
    { title: "Leads settings", business, tab: "settings", errors: refusal?.errors, status: refusal ? 400 : 200, script: PREVIEW_SCRIPT },
    <>
      <p class="sub">
        <a href={businessPath(business.id, "/settings")}>Business settings</a> · Leads and urgent
      </p>
      <h1>Leads and urgent</h1>
      <PostForm action={`${action}/preset`} csrf={csrf} class="inline card">
        <div>
          <label for="preset">Start from a preset</label>
          <select id="preset" name="preset">
            <option value="" selected={presetInUse(business) === undefined}>
              Choose a kind of business
            </option>
            {PRESET_IDS.map((id) => (
              <option value={id} selected={presetInUse(business) === id}>
                {PRESETS[id].name}
              </option>
            ))}
          </select>
        </div>
        <button type="submit" class="secondary">
          Use its questions and words
        </button>
      </PostForm>
      <div class="editor">
        <MarkInvalid names={refusal?.invalid}>
          <PostForm action={action} csrf={csrf} id="lead-settings">
            <QualifyFieldset v={v} />
            <UrgentFieldset v={v} />
            <fieldset>
              <legend>Job values</legend>
              <Row label="By service" name="jobValues" v={v} area hint="One per line, like water heater = 1800. A lead's estimate is the first named in its service answer." />
              <Row label="Default job value ($)" name="defaultJobValue" v={v} type="number" />
            </fieldset>
            <div class="actions">
              <button type="submit">Save</button>
            </div>
          </PostForm>
        </MarkInvalid>
        <section>
          <h2>What the caller sees</h2>
          <Preview v={v} business={business.name} />
        </section>
      </div>
    </>,
  );
}

leadSettingsPages.get("/businesses/:id/settings/leads", async (c) => {
  const business = await routeBusiness(c);
  return leadSettingsPage(c, business, leadFormValues(parseSettings(business.settings)));
});

leadSettingsPages.post("/businesses/:id/settings/leads", async (c) => {
  const business = await routeBusiness(c);
  const v = await formFields(c);
  const { patch, problems, rows } = leadSettingsFrom(v);
  const parsed = patchBusinessSchema.safeParse({ settings: patch });
  // The merged settings too: rules across fields (a question to ask) hold for what will be stored.
  const merged = parsed.success ? mergeSettings(parseSettings(business.settings), parsed.data.settings) : undefined;
  const invalid = !parsed.success ? parsed.error : merged?.success === false ? merged.error : undefined;
  if (problems.length > 0 || !parsed.success || invalid) {
    const issues = invalid?.issues ?? [];
    // The one problem found before zod is a job-values line.
    const fields = [...(problems.length > 0 ? ["jobValues"] : []), ...issues.flatMap((i) => leadFieldNames(i.path, rows))];
    return leadSettingsPage(c, business, v, { errors: [...problems, ...(invalid ? issueMessages(invalid, leadFieldLabel) : [])], invalid: new Set(fields) });
  }
  await updateBusiness(c.env, business, parsed.data);
  return c.redirect(`${businessPath(business.id, "/settings/leads")}?done=saved`, 303);
});

/** A preset's questions, words, messages and job values; the on-call list and escalation stay. */
leadSettingsPages.post("/businesses/:id/settings/leads/preset", async (c) => {
  const business = await routeBusiness(c);
  const id = (await formFields(c)).preset;
  const preset = PRESET_IDS.find((p) => p === id);
  if (!preset) {
    const refusal = { errors: ["Start from a preset: choose a kind of business from the list"], invalid: new Set<string>() };
    return leadSettingsPage(c, business, leadFormValues(parseSettings(business.settings)), refusal);
  }
  const current = parseSettings(business.settings);
  const { qualify, urgent, jobValues, defaultJobValueCents } = PRESETS[preset].settings;
  const settings = { qualify, jobValues, defaultJobValueCents, urgent: { ...current.urgent, ...urgent } };
  await updateBusiness(c.env, business, patchBusinessSchema.parse({ settings }));
  return c.redirect(`${businessPath(business.id, "/settings/leads")}?done=saved`, 303);
});
