/** Settings › Leads: the questions asked by text (with a preview of what the caller sees: lead-preview.tsx), urgent words, who is on call, job values. */
import { drizzle } from "drizzle-orm/d1";
import { Hono } from "hono";
import type { BusinessRow } from "../../db/schema";
import { MAX_SAFETY_WORDS, MAX_URGENT_WORDS } from "../../lead-settings";
import { PRESET_IDS, PRESETS } from "../../presets";
import { businessKind } from "../../rules/business-kind";
import { publicBase } from "../../public-base";
import { withOptOutWording } from "../../rules/opt-out-wording";
import { renderTemplate } from "../../rules/templates";
import { parseSettings } from "../../settings";
import { mergeSettings } from "../../settings-patch";
import { routeBusiness, updateBusiness } from "../businesses";
import { listTemplates, templateSample } from "../templates";
import { patchBusinessSchema } from "../schemas";
import type { AdminPagesEnv, PageContext } from "./env";
import { formFields, issueMessages } from "./forms";
import { DataTable } from "./data-table";
import { businessPath, PostForm, renderPage } from "./layout";
import { invalidMark, MarkInvalid, type FormRefusal } from "./invalid";
import { LeadPreview, PREVIEW_SCRIPT, type TextBackPreview } from "./lead-preview";
import { leadFieldLabel, leadFieldNames, leadFormValues, leadSettingsFrom, ON_CALL_ROWS, QUESTION_ROWS, type LeadFormValues } from "./lead-settings-values";

export const leadSettingsPages = new Hono<AdminPagesEnv>();

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
      <Row label="Service area ZIP codes" name="qualify.zips" v={v} hint="Separated by spaces; empty: anywhere. A caller whose ZIP is outside them gets the out-of-area message and their lead is lost; you get a text saying so, to reopen it if that is wrong." />
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
      <Row
        label="Urgent words"
        name="urgent.words"
        v={v}
        area
        hint={`The emergencies that page whoever is on call, one per line, at most ${MAX_URGENT_WORDS}; other forms count too (swelling: swollen; severe pain: pain is severe); furnace/boiler died: either. 'No leak' is not urgent; 'nothing stops the leak' is. 'below 60 degrees inside' hears a cold house. Words that say only how soon (asap, right away, urgent, today) answer how urgent it is and page nobody.`}
      />
      <Row label="Safety words" name="urgent.safetyWords" v={v} area hint={`One per line, at most ${MAX_SAFETY_WORDS}: the safety message goes first.`} />
      <p class="hint on-call-hint" id="onCall-hours-hint">
        Hours, in the business's time zone: empty is always on call; “Weekdays 8 AM-6 PM”, “Weekends all day”, “Mon-Thu 6 PM-8 AM; Sat 9 AM-1 PM”, or “outside weekdays 8 AM-6 PM” (nights and weekends). An emergency pages whoever is on call at the time, in this order, then you; when nobody is, you.
      </p>
      {Array.from({ length: ON_CALL_ROWS }, (_, i) => (
        // One person per group, named by their place in the order: on a phone the three fields stack, and the line and legend tell whose they are.
        <fieldset class="on-call">
          <legend>{i === 0 ? "On call first" : `Then ${i + 1}.`}</legend>
          <div class="inline">
            <div>
              <label for={`onCall.${i}.name`}>Name</label>
              <input id={`onCall.${i}.name`} name={`onCall.${i}.name`} value={v[`onCall.${i}.name`] ?? ""} {...invalidMark(`onCall.${i}.name`)} />
            </div>
            <div>
              <label for={`onCall.${i}.phone`}>Phone</label>
              <input id={`onCall.${i}.phone`} name={`onCall.${i}.phone`} type="tel" value={v[`onCall.${i}.phone`] ?? ""} placeholder="(512) 234-5678" {...invalidMark(`onCall.${i}.phone`)} />
            </div>
            <div class="hours">
              <label for={`onCall.${i}.hours`}>Hours</label>
              <input id={`onCall.${i}.hours`} name={`onCall.${i}.hours`} value={v[`onCall.${i}.hours`] ?? ""} placeholder="Always" aria-describedby="onCall-hours-hint" {...invalidMark(`onCall.${i}.hours`)} />
            </div>
          </div>
        </fieldset>
      ))}
      <Row label="Escalate after (minutes)" name="urgent.escalateAfterMinutes" v={v} type="number" hint="Nobody replied OK: the next person, then you." />
      <Row label="Message to an urgent caller" name="urgent.callerMessage" v={v} area />
      <Row label="Safety message" name="urgent.safetyMessage" v={v} area />
    </fieldset>
  );
}

/** The business's kind, so the list never offers another industry's preset first. */
const presetInUse = (business: BusinessRow) => businessKind(parseSettings(business.settings)) ?? undefined;

/** The missed-call text-back as a caller gets it (the line adds how to stop when it lacks it), with the business's own values. */
async function textBackPreview(c: PageContext, business: BusinessRow): Promise<TextBackPreview> {
  const db = drizzle(c.env.DB);
  const [rows, sample] = await Promise.all([listTemplates(db, business.id), templateSample(db, business, publicBase(c))]);
  const body = rows.find((r) => r.kind === "missed_call")?.body;
  return { text: body ? withOptOutWording(renderTemplate(body, sample)) : null, href: businessPath(business.id, "/templates/missed_call") };
}

async function leadSettingsPage(c: PageContext, business: BusinessRow, v: LeadFormValues, refusal?: FormRefusal) {
  const textBack = await textBackPreview(c, business);
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
              <Row label="By service" name="jobValues" v={v} area hint="One per line, like water heater = 1800. A lead's estimate is the one its service answer names; of several, the longest name (water heater over heater)." />
              <Row label="Default job value ($)" name="defaultJobValue" v={v} type="number" />
            </fieldset>
            <div class="actions">
              <button type="submit">Save</button>
            </div>
          </PostForm>
        </MarkInvalid>
        <LeadPreview v={v} business={business.name} textBack={textBack} />
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
    const fields = [...problems.map((p) => p.field), ...issues.flatMap((i) => leadFieldNames(i.path, rows))];
    return leadSettingsPage(c, business, v, { errors: [...problems.map((p) => p.message), ...(invalid ? issueMessages(invalid, leadFieldLabel) : [])], invalid: new Set(fields) });
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
  const settings = { kind: preset, qualify, jobValues, defaultJobValueCents, urgent: { ...current.urgent, ...urgent } };
  await updateBusiness(c.env, business, patchBusinessSchema.parse({ settings }));
  return c.redirect(`${businessPath(business.id, "/settings/leads")}?done=saved`, 303);
});
