// @ts-check
/** The simulator's one page: the texts it received, newest first, refreshing itself. */

/** @import { SimMessage } from "./types.mjs" */

/** @param {unknown} s */
const escapeHtml = (s) =>
  String(s).replace(/[&<>"']/g, (c) => /** @type {Record<string, string>} */ ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c] ?? c);

/**
 * @param {SimMessage[]} messages
 * @param {string | undefined} workerUrl
 * @returns {string}
 */
export function inboxPage(messages, workerUrl) {
  const rows = messages
    .slice()
    .reverse()
    .map(
      (m) => `<li><div class="meta">${escapeHtml(m.at)} · to <b>${escapeHtml(m.to)}</b> from ${escapeHtml(m.from)} · ${escapeHtml(m.carrier)} ${escapeHtml(m.sid)}</div>` +
        `<pre>${escapeHtml(m.body)}</pre></li>`,
    )
    .join("\n");
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta http-equiv="refresh" content="2">
<title>Textback carrier simulator</title>
<style>body{font:15px system-ui,sans-serif;max-width:48rem;margin:2rem auto;padding:0 1rem;color:#222}
ul{list-style:none;padding:0}li{border:1px solid #ddd;border-radius:.6rem;padding:.6rem .8rem;margin:.6rem 0}
.meta{color:#666;font-size:13px}pre{white-space:pre-wrap;font:inherit;margin:.4rem 0 0}code{background:#f3f3f3;padding:0 .3rem}</style>
</head><body>
<h1>Texts received by the simulator</h1>
<p>${messages.length} text(s), newest first. Worker: <code>${escapeHtml(workerUrl ?? "not set")}</code>.
Place a missed call with <code>npm run call</code>.</p>
<ul>
${rows || "<li>No texts yet.</li>"}
</ul></body></html>`;
}
