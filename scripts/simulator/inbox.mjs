// @ts-check
/**
 * The simulator's one page, for a person trying Textback: buttons to place a call, to text as the
 * caller and to text as the business owner, and the texts the simulator received, newest first,
 * kept up to date by a small script (the forms keep what you type: nothing reloads the page).
 */
import { CALL_OUTCOMES } from "./calls.mjs";
import { SIM_CARRIERS } from "./number-carrier.mjs";

/** @import { SimMessage } from "./types.mjs" */

/** @param {unknown} s */
export const escapeHtml = (s) =>
  String(s).replace(/[&<>"']/g, (c) => /** @type {Record<string, string>} */ ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c] ?? c);

/**
 * What the page shows around the forms.
 *
 * @typedef {object} PageState
 * @property {SimMessage[]} messages
 * @property {string | undefined} workerUrl
 * @property {string[]} businessNumbers the numbers a call or text can go to
 * @property {string | undefined} ownerPhone the business's notifyPhone: relays reach it, and it answers callers
 * @property {Set<string>} callers phones that called or texted as a caller
 * @property {Set<string>} owners the owners' phones: the demo's, and any the page texted from as an owner
 * @property {string} caller who calls and replies, unless the form says otherwise
 * @property {string} [notice] what the last button did
 * @property {string} [error] why it did not
 * @property {Record<string, string>} [values] a refused form's fields, as typed
 */

/** What each button did, by the `done` code of its redirect. */
export const DONE = /** @type {Record<string, string>} */ ({
  call: "Call placed. The text-back shows below in a second or two.",
  caller: "Text sent as the caller. What Textback does with it (a question back, a relay to the owner, a page) shows below.",
  owner: "Text sent as the owner. An answer goes on to the caller; a shortcut (W, L, B, OK) is confirmed to the owner. Both show below.",
});

/**
 * @param {string} name
 * @param {string[]} numbers
 * @param {string | undefined} selected
 */
function numberField(name, numbers, selected) {
  // Free text with the known numbers offered: a number added to another business (with a demo
  // account) can be called and texted too.
  const options = numbers.map((n) => `<option value="${escapeHtml(n)}"></option>`).join("");
  return `<input id="${name}" name="to" list="${name}-known" value="${escapeHtml(selected ?? numbers[0] ?? "")}" required><datalist id="${name}-known">${options}</datalist>`;
}

/**
 * Which carrier's webhooks the form sends: Automatic (the number's carrier, as the simulator or the
 * worker knows it: number-carrier.mjs), or one picked.
 *
 * @param {string} form
 * @param {string | undefined} selected
 */
function carrierField(form, selected) {
  const options = [["auto", "Automatic: the number's carrier"], ...Object.entries(SIM_CARRIERS)]
    .map(([value, label]) => `<option value="${value}"${value === (selected || "auto") ? " selected" : ""}>${escapeHtml(label)}</option>`)
    .join("");
  return `<label for="${form}-carrier">Carrier</label><select id="${form}-carrier" name="carrier">${options}</select>`;
}

/** @param {PageState} s */
function forms(s) {
  const v = s.values ?? {};
  const to = (/** @type {string} */ form) =>
    numberField(`${form}-to`, s.businessNumbers, v.form === form ? v.to : undefined) + carrierField(form, v.form === form ? v.carrier : undefined);
  const outcomes = CALL_OUTCOMES.map((o) => `<option${o === (v.outcome ?? "no-answer") ? " selected" : ""}>${o}</option>`).join("");
  const field = (/** @type {string} */ form, /** @type {string} */ name) => escapeHtml(v.form === form ? (v[name] ?? "") : "");
  const owner = s.ownerPhone
    ? `<form method="post" action="/_sim/form/owner" class="card">
<h2>3. Answer as the owner</h2>
<p class="hint">A text from the owner's phone (the business's notify phone: the demo business's is ${escapeHtml(s.ownerPhone)}; for a business you made, enter its own) to the business number, as <code>+14155550100 your answer</code>:
Textback sends the answer to that caller from the business number. Leave the caller empty to answer whoever's reply reached the
owner last. <code>W 450</code> marks that caller's lead won (<code>L</code> lost, <code>B</code> booked) and is never sent to them; <code>UNDO</code> takes it back.</p>
<label for="owner-from">From the owner's phone</label><input id="owner-from" name="from" value="${escapeHtml(v.form === "owner" && v.from ? v.from : s.ownerPhone)}" required>
<label for="owner-to">To the business number</label>${to("owner")}
<label for="owner-caller">Answer the caller</label><input id="owner-caller" name="caller" value="${escapeHtml(v.form === "owner" ? v.caller : s.caller)}">
<label for="owner-body">Text</label><textarea id="owner-body" name="body" rows="2" required>${field("owner", "body")}</textarea>
<button type="submit">Send as the owner</button></form>`
    : "";
  return `<div class="forms">
<form method="post" action="/_sim/form/call" class="card">
<h2>1. Place a call</h2>
<label for="call-from">From (the caller)</label><input id="call-from" name="from" value="${escapeHtml(v.form === "call" ? v.from : s.caller)}" required>
<label for="call-to">To the business number</label>${to("call")}
<label for="call-outcome">How it ends</label><select id="call-outcome" name="outcome">${outcomes}</select>
<button type="submit">Place call</button></form>
<form method="post" action="/_sim/form/caller" class="card">
<h2>2. Reply as the caller</h2>
<label for="caller-from">From (the caller)</label><input id="caller-from" name="from" value="${escapeHtml(v.form === "caller" ? v.from : s.caller)}" required>
<label for="caller-to">To the business number</label>${to("caller")}
<label for="caller-body">Text</label><textarea id="caller-body" name="body" rows="2" required>${field("caller", "body")}</textarea>
<button type="submit">Send as the caller</button></form>
${owner}</div>`;
}

/**
 * @param {SimMessage} m
 * @param {Set<string>} owners
 * @param {Set<string>} callers
 */
function messageItem(m, owners, callers) {
  // Texts to the business's other people (on-call pages) are neither the owner's nor a caller's.
  const who = owners.has(m.to) ? "to the owner" : callers.has(m.to) ? "to the caller" : "to";
  return `<li class="${owners.has(m.to) ? "owner" : "caller"}"><div class="meta">${escapeHtml(m.at)} · <b>${who}</b> ${escapeHtml(m.to)} from ${escapeHtml(m.from)} · ${escapeHtml(m.carrier)}</div><pre>${escapeHtml(m.body)}</pre></li>`;
}

/** Keeps the list up to date from /_sim/messages, without touching the forms. */
const LIVE_SCRIPT = `
const list = document.getElementById("texts");
let shown = list.children.length;
setInterval(async () => {
  try {
    const { messages, callers, owners } = await (await fetch("/_sim/messages")).json();
    if (messages.length === shown) return;
    shown = messages.length;
    document.getElementById("none")?.remove();
    list.replaceChildren(...messages.slice().reverse().map((m) => {
      const li = document.createElement("li");
      li.className = owners.includes(m.to) ? "owner" : "caller";
      const meta = document.createElement("div");
      meta.className = "meta";
      const who = document.createElement("b");
      who.textContent = owners.includes(m.to) ? "to the owner" : callers.includes(m.to) ? "to the caller" : "to";
      meta.append(m.at + " · ", who, " " + m.to + " from " + m.from + " · " + m.carrier);
      const body = document.createElement("pre");
      body.textContent = m.body;
      li.append(meta, body);
      return li;
    }));
    document.getElementById("count").textContent = String(messages.length);
  } catch {}
}, 1000);
`;

/**
 * @param {PageState} s
 * @returns {string}
 */
export function inboxPage(s) {
  const rows = s.messages.slice().reverse().map((m) => messageItem(m, s.owners, s.callers)).join("\n");
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Textback carrier simulator</title><link rel="icon" href="data:,">
<style>body{font:15px system-ui,sans-serif;max-width:60rem;margin:1.5rem auto;padding:0 1rem;color:#222}
ul{list-style:none;padding:0}li{border:1px solid #ddd;border-radius:.6rem;padding:.6rem .8rem;margin:.6rem 0}li.owner{background:#f4f7ff}
.meta{color:#666;font-size:13px}pre{white-space:pre-wrap;font:inherit;margin:.4rem 0 0}code{background:#f3f3f3;padding:0 .3rem}
.forms{display:grid;gap:1rem;grid-template-columns:repeat(auto-fit,minmax(16rem,1fr))}.card{border:1px solid #ddd;border-radius:.6rem;padding:.4rem 1rem 1rem}
h2{font-size:1.05rem}label{display:block;font-weight:600;margin:.6rem 0 .2rem}.hint{color:#666;font-size:13px}
input,select,textarea{font:inherit;width:100%;padding:.4rem;box-sizing:border-box}button{font:inherit;font-weight:600;margin-top:.8rem;padding:.45rem .9rem;min-height:2.75rem}
.notice,.error{border-radius:.5rem;padding:.5rem .8rem}.notice{background:#e3f4ea}.error{background:#fdecea}</style>
</head><body>
<h1>Textback carrier simulator</h1>
<p>A stand-in for Twilio, Telnyx, Vonage, Plivo and Bandwidth on this machine. Worker: <code>${escapeHtml(s.workerUrl ?? "not set")}</code>.
Place a missed call, read the text-back below, reply as the caller, then answer as the owner; the admin page shows the same conversation.</p>
${s.notice ? `<p class="notice" role="status">${escapeHtml(s.notice)}</p>` : ""}${s.error ? `<p class="error" role="alert">${escapeHtml(s.error)}</p>` : ""}
${forms(s)}
<h2>Texts the carrier delivered (<span id="count">${s.messages.length}</span>), newest first</h2>
<ul id="texts">
${rows}
</ul>${s.messages.length === 0 ? '<p id="none">No texts yet.</p>' : ""}
<script>${LIVE_SCRIPT}</script>
</body></html>`;
}
