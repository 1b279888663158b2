/**
 * Settings › Leads, what the caller sees: after a missed call, the text-back exactly as it is sent
 * (it asks the first question, in the template's words), then each question asked by text and the
 * thanks; and what someone who texts first gets (question 1's own words, with who is writing and
 * how to stop). The page renders it from the form's values; the script redraws it the same way as
 * the form changes.
 */
import { automatedText, introWords } from "../../rules/first-reply";
import { OPT_OUT_LINE } from "../../rules/opt-out-wording";
import { QUESTION_ROWS, type LeadFormValues } from "./lead-settings-values";

/** The business's missed-call text-back as a caller gets it (null: it has none), and where to edit it. */
export interface TextBackPreview {
  text: string | null;
  href: string;
}

export const PREVIEW_SCRIPT = `
const form = document.getElementById("lead-settings");
const list = document.getElementById("qualify-preview");
const first = document.getElementById("texted-first-preview");
const edited = document.getElementById("first-question-edited");
const enabled = form.querySelector("[name='qualify.enabled']");
const q1 = form.querySelector("[name='q.0.ask']");
function render() {
  const d = list.dataset;
  const fill = (text) => text.replaceAll("{business}", d.business);
  const add = (target, text, side, meta) => { const li = document.createElement("li"); li.className = side; if (meta) { const m = document.createElement("span"); m.className = "meta"; m.textContent = meta; li.append(m); } const b = document.createElement("span"); b.className = side === "event" ? "note" : "bubble"; b.textContent = text; li.append(b); target.append(li); };
  list.replaceChildren(); first.replaceChildren();
  edited.hidden = q1.value === q1.defaultValue;
  if (d.textback) add(list, d.textback, "out", d.textbackMeta); else add(list, d.noTextback, "event");
  if (!enabled.checked) { add(list, d.off, "event"); add(first, d.firstOff, "event"); return; }
  const rows = [...form.querySelectorAll("[data-ask]")].map((i) => ({ ask: i.value.trim(), required: form.querySelector("[name='" + i.name.replace(".ask", ".required") + "']")?.checked })).filter((r) => r.ask);
  const last = rows.map((r) => r.required).lastIndexOf(true);
  add(list, "…", "in");
  for (const r of rows.slice(1, last + 1)) { add(list, fill(r.ask), "out"); add(list, "…", "in"); }
  const done = form.querySelector("[name='qualify.doneMessage']").value.trim();
  if (done) add(list, fill(done), "out");
  for (const r of rows.slice(Math.max(last + 1, 1))) add(list, d.unasked.replace("%s", fill(r.ask)), "event");
  add(first, "…", "in");
  const reply = last >= 0 ? rows[0].ask : done;
  if (reply) { const ask = fill(reply); const named = ask.toLowerCase().includes(d.business.toLowerCase()) ? ask : d.intro + " " + ask; add(first, /\\bSTOP\\b/i.test(named) ? named : named + "\\n" + d.stop, "out", last >= 0 ? d.firstMeta : d.firstThanksMeta); }
}
form.addEventListener("input", render);
form.addEventListener("change", render);
render();
`;

const PREVIEW_OFF = "Asking is off: callers get your text-back and no questions.";
const FIRST_OFF = "Asking is off: their text reaches you, and nothing automated answers it.";
const NO_TEXT_BACK = "You have no missed-call text-back template: a caller you miss gets no text.";
const PREVIEW_UNASKED = "Not asked: “%s” is optional and comes after the last required question. A reply that answers it is kept; make it required or move it up to ask it.";
const TEXT_BACK_META = "Your missed-call text-back, as sent: the first question";
const FIRST_META = "Question 1, as sent to someone who texts first";
const FIRST_THANKS_META = "Nothing is required: the thanks, as sent to someone who texts first";

type Entry = { text: string; side: "in" | "out" | "event"; meta?: string };

/** Each list's entries for the form's values, as the script draws them. */
export function previewOf(v: LeadFormValues, business: string, textBack: TextBackPreview): { missed: Entry[]; textedFirst: Entry[] } {
  const fill = (text: string) => text.replaceAll("{business}", business);
  const opening: Entry = textBack.text !== null ? { text: textBack.text, side: "out", meta: TEXT_BACK_META } : { text: NO_TEXT_BACK, side: "event" };
  if (v["qualify.enabled"] !== "on") return { missed: [opening, { text: PREVIEW_OFF, side: "event" }], textedFirst: [{ text: FIRST_OFF, side: "event" }] };
  const rows = Array.from({ length: QUESTION_ROWS }, (_, i) => ({ ask: (v[`q.${i}.ask`] ?? "").trim(), required: v[`q.${i}.required`] === "on" })).filter((r) => r.ask);
  // Asking stops once every required question is answered (rules/qualify.ts nextQuestion): an
  // optional question after the last required one is never asked, only kept if a reply gives it.
  // The text-back asks the first in its own words; the caller's reply answers it.
  const last = rows.map((r) => r.required).lastIndexOf(true);
  const asked = rows.slice(1, last + 1).flatMap((r) => [{ text: fill(r.ask), side: "out" as const }, { text: "…", side: "in" as const }]);
  const done = (v["qualify.doneMessage"] ?? "").trim();
  const unasked = rows.slice(Math.max(last + 1, 1)).map((r) => ({ text: PREVIEW_UNASKED.replace("%s", fill(r.ask)), side: "event" as const }));
  // Someone who texts first is asked the first question (nothing required: thanked at once).
  const reply = last >= 0 ? rows[0]!.ask : done;
  const firstAsk = reply ? automatedText(fill(reply), { business, introduce: true, questionNoted: false }) : null;
  return {
    missed: [opening, { text: "…", side: "in" }, ...asked, ...(done ? [{ text: fill(done), side: "out" as const }] : []), ...unasked],
    textedFirst: [{ text: "…", side: "in" }, ...(firstAsk ? [{ text: firstAsk, side: "out" as const, meta: last >= 0 ? FIRST_META : FIRST_THANKS_META }] : [])],
  };
}

const Timeline = (props: { id: string; entries: Entry[]; data?: Record<string, string> }) => (
  <ul class="timeline" id={props.id} aria-live="polite" {...props.data}>
    {props.entries.map((entry) => (
      <li class={entry.side}>
        {entry.meta ? <span class="meta">{entry.meta}</span> : null}
        <span class={entry.side === "event" ? "note" : "bubble"}>{entry.text}</span>
      </li>
    ))}
  </ul>
);

/** The preview section: after a missed call, then a text first; where the first question's words live. */
export function LeadPreview(props: { v: LeadFormValues; business: string; textBack: TextBackPreview }) {
  const { missed, textedFirst } = previewOf(props.v, props.business, props.textBack);
  const template = <a href={props.textBack.href}>missed-call text-back template</a>;
  const data = {
    "data-business": props.business,
    "data-textback": props.textBack.text ?? "",
    "data-textback-meta": TEXT_BACK_META,
    "data-no-textback": NO_TEXT_BACK,
    "data-off": PREVIEW_OFF,
    "data-first-off": FIRST_OFF,
    "data-unasked": PREVIEW_UNASKED,
    "data-intro": introWords(props.business),
    "data-stop": OPT_OUT_LINE,
    "data-first-meta": FIRST_META,
    "data-first-thanks-meta": FIRST_THANKS_META,
  };
  return (
    <section>
      <h2>What the caller sees</h2>
      <h3>After a missed call</h3>
      <Timeline id="qualify-preview" entries={missed} data={data} />
      <p class="hint" id="first-question-note">
        The first question reaches a caller you missed in your text-back’s words, not question 1’s: change them in the {template}. (After hours or a voicemail, that
        text-back goes instead.)
      </p>
      <p class="card warn" id="first-question-edited" hidden>
        You changed question 1. A caller you missed still gets the text-back above: to ask them in these words, change the {template} too.
      </p>
      <h3>When someone texts you first</h3>
      <Timeline id="texted-first-preview" entries={textedFirst} />
    </section>
  );
}
