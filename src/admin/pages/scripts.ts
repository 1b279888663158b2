/**
 * The only JavaScript of the admin: small enhancements of pages that work without it. Static code,
 * inlined under the CSP nonce; whatever they show comes from the DOM or JSON and goes in through
 * textContent, never as HTML.
 */
import { DANGER_MEANS, DANGER_WORDS } from "../../rules/emergency-words";
import { BLOCKED_TITLE } from "./contact-format";
import { LANDLINE_CHIP, LANDLINE_MEANS } from "../../rules/line-type";

/** On a phone the business's tabs scroll sideways: bring the page's own tab into view, mid-row. */
export const CURRENT_TAB_SCRIPT = `
{
  const current = document.querySelector("nav.tabs [aria-current=page]");
  const row = current && current.closest("ul");
  if (row && row.scrollWidth > row.clientWidth) {
    row.scrollLeft += current.getBoundingClientRect().left - row.getBoundingClientRect().left - (row.clientWidth - current.offsetWidth) / 2;
  }
}
`;

/** Copy buttons next to read-only fields (hidden until this runs, since they need it). */
export const COPY_BUTTONS_SCRIPT = `
for (const button of document.querySelectorAll("button[data-copy]")) {
  const field = document.getElementById(button.dataset.copy);
  if (!field) continue;
  button.hidden = false;
  button.addEventListener("click", async () => {
    try {
      await navigator.clipboard.writeText(field.value);
      button.textContent = "Copied";
    } catch {
      field.select();
      button.textContent = "Press Ctrl+C";
    }
    setTimeout(() => { button.textContent = "Copy"; }, 2000);
  });
}
`;

/**
 * Live preview of the template editor: on each pause in typing, ask the server's checker (the same
 * rules/template-check.ts that checks on save) and show its answer. Nothing is re-implemented here.
 */
export const TEMPLATE_PREVIEW_SCRIPT = `
const form = document.querySelector("form[data-preview-url]");
if (form) {
  const body = form.querySelector("textarea[name=body]");
  const token = form.querySelector("input[name=_csrf]").value;
  const el = (id) => document.getElementById(id);
  let timer = 0;
  let latest = 0;
  const show = (r) => {
    el("preview-text").textContent = r.rendered || "(empty)";
    el("preview-named").hidden = !r.previews;
    el("preview-named-text").textContent = r.previews ? r.previews.withName : "";
    el("preview-encoding").textContent = r.encoding;
    el("preview-segments").textContent = r.segments + (r.segments === 1 ? " segment" : " segments");
    el("preview-length").textContent = r.length + (r.length === 1 ? " character" : " characters");
    const list = el("preview-warnings");
    list.replaceChildren();
    for (const e of r.errors) {
      const li = document.createElement("li");
      li.className = "bad";
      li.textContent = e.message;
      list.append(li);
    }
    for (const w of r.warnings) {
      const li = document.createElement("li");
      li.textContent = w.message + " ";
      if (w.suggestion) {
        const fix = document.createElement("button");
        fix.type = "button";
        fix.className = "secondary";
        fix.textContent = "Use plain characters";
        fix.addEventListener("click", () => { body.value = w.suggestion; body.focus(); update(); });
        li.append(fix);
      }
      list.append(li);
    }
    el("preview-ok").hidden = r.errors.length + r.warnings.length > 0;
  };
  const update = async () => {
    const mine = ++latest;
    try {
      const res = await fetch(form.dataset.previewUrl, {
        method: "POST",
        headers: { "content-type": "application/json", "x-csrf-token": token },
        body: JSON.stringify({ body: body.value }),
      });
      if (!res.ok) return;
      const r = await res.json();
      // An older answer arriving late must not overwrite a newer one.
      if (mine === latest) show(r);
    } catch {
      // Offline or the session ended: the Preview button still works.
    }
  };
  body.addEventListener("input", () => {
    clearTimeout(timer);
    timer = setTimeout(update, 150);
  });
}
`;

/**
 * A number waiting for its first call: ask the server every few seconds and turn green when one
 * has arrived (the words come from the server, set as text).
 */
export const NUMBER_WAIT_SCRIPT = `
for (const el of document.querySelectorAll("[data-wait-url]")) {
  const poll = async () => {
    try {
      const r = await fetch(el.dataset.waitUrl, { headers: { accept: "application/json" } });
      const j = r.ok ? await r.json() : null;
      if (j && j.at) {
        el.textContent = "\u2713 " + j.words;
        el.className = "pulse ok";
        return;
      }
    } catch {}
    setTimeout(poll, 4000);
  };
  setTimeout(poll, 4000);
}
`;

/**
 * The conversations list, kept up to date: every few seconds (and when the tab comes back into
 * view) it asks the list's JSON and redraws the items from it, in the page's own markup, and puts
 * the unread count in front of the title.
 */
export const INBOX_LIVE_SCRIPT = `
const list = document.getElementById("inbox");
if (list) {
  const make = (tag, cls, text) => {
    const e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text !== undefined) e.textContent = text;
    return e;
  };
  const item = (c) => {
    const li = make("li", "lead conversation" + (c.unread ? " unread" : "") + (c.untaken ? " urgent" : ""));
    li.dataset.phone = c.phone;
    li.dataset.state = c.state;
    const a = make("a");
    a.href = c.href;
    const head = make("span", "lead-head");
    const chips = make("span", "chips");
    if (c.unread) chips.append(make("span", "chip bad", "Unread"));
    if (c.needsReply) chips.append(make("span", "chip warn", "Needs reply"));
    for (const chip of [c.stateChip, c.leadChip]) {
      if (!chip) continue;
      const e = make("span", ("chip " + chip.tone).trim(), chip.words);
      e.title = chip.title;
      chips.append(e);
    }
    if (c.blocked) {
      const blocked = make("span", "chip bad", "Blocked");
      blocked.title = ${JSON.stringify(BLOCKED_TITLE)};
      chips.append(blocked);
    }
    if (c.landline) {
      const landline = make("span", "chip warn", ${JSON.stringify(LANDLINE_CHIP)});
      landline.title = ${JSON.stringify(LANDLINE_MEANS)};
      chips.append(landline);
    }
    chips.append(make("span", "meta", c.at));
    head.append(make("strong", "", c.title), chips);
    a.append(head);
    const meta = [c.subtitle, c.waiting].filter(Boolean).join(" · ");
    if (meta) a.append(make("span", "meta", meta));
    if (c.danger || c.urgent) {
      const emergency = make("span", "chips emergency");
      if (c.danger) {
        const danger = make("span", "chip danger", ${JSON.stringify(DANGER_WORDS)});
        danger.title = ${JSON.stringify(DANGER_MEANS)};
        emergency.append(danger);
      }
      if (c.urgent) emergency.append(make("span", "chip " + c.urgent.tone, c.urgent.words));
      a.append(emergency);
    }
    const need = [c.need, c.address].filter(Boolean).join(" · ");
    if (need) a.append(make("span", "need", need));
    a.append(make("span", "summary", c.preview));
    li.append(a);
    return li;
  };
  let shown = "";
  const refresh = async () => {
    try {
      const res = await fetch(list.dataset.liveUrl, { headers: { accept: "application/json" } });
      if (!res.ok) return;
      const text = await res.text();
      if (text === shown) return;
      shown = text;
      const data = JSON.parse(text);
      list.replaceChildren(...data.conversations.map(item));
      document.getElementById("inbox-empty").hidden = data.conversations.length > 0;
      document.getElementById("inbox-unread").textContent = String(data.unread);
      for (const [key, n] of Object.entries(data.counts)) {
        const count = document.getElementById("inbox-count-" + key);
        if (count) count.textContent = String(n);
      }
      document.title = (data.unread > 0 ? "(" + data.unread + ") " : "") + document.title.replace(/^\\(\\d+\\) /, "");
    } catch {
      // Offline or the session ended: the list stays as it was, and reloading still works.
    }
  };
  setInterval(() => { if (!document.hidden) refresh(); }, 4000);
  document.addEventListener("visibilitychange", () => { if (!document.hidden) refresh(); });
}
`;
