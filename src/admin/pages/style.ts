/**
 * The admin stylesheet. Served from a path that carries a hash of its content, so it can be cached
 * for a year: a changed stylesheet gets a new path.
 */

const CSS = `
:root{--fg:#1d2330;--muted:#5b6475;--line:#dde1e8;--bg:#f6f7f9;--card:#fff;--accent:#1f5fd1;--accent-fg:#fff;
--ok:#1a7f45;--warn:#9a6200;--bad:#b3261e;--missed:#d9480f;--answered:#2f6fdb;--radius:.5rem;
--field-line:#b9c0cc;--subtle:#fafbfc;--chip:#eef0f4;--ok-bg:#e3f4ea;--ok-line:#a6d8b7;--warn-bg:#fff3dc;--bad-bg:#fdecea;--bad-line:#f1aca6;
--bubble-in:#e9edf3;--bubble-out:#dbe7ff;color-scheme:light dark;
font:15px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:var(--fg);background:var(--bg)}
@media (prefers-color-scheme:dark){:root{--fg:#e4e8ef;--muted:#a2abba;--line:#2e3542;--bg:#11151b;--card:#1a1f27;--accent:#7fa8ff;--accent-fg:#0d1420;
--ok:#5fd08f;--warn:#f0b545;--bad:#ff8a80;--field-line:#4a5364;--subtle:#202631;--chip:#2a313d;--ok-bg:#15301f;--ok-line:#2d6a45;--warn-bg:#3a2c10;
--bad-bg:#3a1917;--bad-line:#7a2f2a;--bubble-in:#262d39;--bubble-out:#1f3357}}
*{box-sizing:border-box}body{margin:0}
a{color:var(--accent)}a:hover{text-decoration-thickness:2px}
:focus-visible{outline:3px solid #f0b400;outline-offset:2px}
.skip{position:absolute;left:-999px}.skip:focus{left:.5rem;top:.5rem;background:var(--card);padding:.4rem .6rem;z-index:9}
header.top{background:#14213d;color:#fff}
header.top .bar{max-width:72rem;margin:0 auto;padding:.6rem 1rem;display:flex;gap:1rem;align-items:center;flex-wrap:wrap}
header.top a{color:#fff;text-decoration:none}header.top a:hover{text-decoration:underline}
.brand{font-weight:700;font-size:1.1rem;margin-right:auto}
.top-links{display:flex;gap:1rem;align-items:center;flex-wrap:wrap}
header.top form{margin:0}
header.top button{background:transparent;color:#fff;border:1px solid #ffffff80;padding:.25rem .7rem}
.top-menu{display:none;position:relative}
.top-menu summary{color:#fff;font-size:1rem;font-weight:600;border:1px solid #ffffff80;border-radius:.35rem;padding:.45rem .8rem;min-height:2.75rem;display:flex;align-items:center;list-style:none}
.top-menu summary::-webkit-details-marker{display:none}
.top-menu summary::after{content:"";margin-left:.45rem;border:.3rem solid transparent;border-top-color:currentColor;border-bottom:0}
.top-menu[open] summary::after{border-top:0;border-bottom:.3rem solid currentColor}
.top-menu-list{position:absolute;right:0;top:calc(100% + .35rem);z-index:5;min-width:13rem;max-width:calc(100vw - 1.4rem);background:#14213d;border:1px solid #ffffff40;border-radius:var(--radius);padding:.3rem 0;box-shadow:0 .4rem 1.2rem #0006}
.top-menu-list a,header.top .top-menu-list button{display:flex;align-items:center;width:100%;min-height:2.75rem;padding:.5rem 1rem;overflow-wrap:anywhere}
header.top .top-menu-list button{border:0;border-top:1px solid #ffffff30;border-radius:0;text-align:left;font-weight:600}
nav.tabs{background:var(--card);border-bottom:1px solid var(--line)}
nav.tabs .tabs-bar{max-width:72rem;margin:0 auto;padding:0 1rem;display:flex;align-items:baseline;position:relative}
/* The name gives way (down to 6rem, then ellipsis) before any tab does. */
nav.tabs .biz-name{flex:0 10000 auto;min-width:6rem;max-width:14rem;padding:.65rem .7rem .65rem 0;font-weight:700;white-space:nowrap;overflow:hidden;text-overflow:ellipsis}
nav.tabs .switcher summary{color:var(--fg);font-size:1rem;overflow:hidden;text-overflow:ellipsis}
/* The other businesses drop down over the page, placed by the bar (the name itself clips what overflows it). */
nav.tabs .switcher ul{list-style:none;margin:0;position:absolute;left:.5rem;top:100%;z-index:5;min-width:16rem;max-width:min(26rem,calc(100vw - 2rem));max-height:70vh;overflow-y:auto;
padding:.3rem .9rem;background:var(--card);border:1px solid var(--line);border-radius:var(--radius);box-shadow:0 .4rem 1.2rem #0003}
nav.tabs .switcher ul a{display:block;padding:.35rem 0;color:var(--accent);font-weight:400;overflow:hidden;text-overflow:ellipsis}
/* One row of tabs, never wrapped: where it does not fit, it scrolls, with a shadow on the side that has more. */
nav.tabs .tab-list{flex:1 1 auto;min-width:0;list-style:none;margin:0;padding:0;display:flex;overflow-x:auto;scrollbar-width:thin;
background:linear-gradient(to right,var(--card) 40%,transparent) left/2rem 100% no-repeat local,linear-gradient(to left,var(--card) 40%,transparent) right/2rem 100% no-repeat local,
radial-gradient(farthest-side at 0 50%,#0005,transparent) left/.8rem 100% no-repeat scroll,radial-gradient(farthest-side at 100% 50%,#0005,transparent) right/.8rem 100% no-repeat scroll}
nav.tabs .tab-list li{flex-shrink:0}
nav.tabs .tab-list a{display:block;padding:.7rem .35rem .6rem;font-size:.95rem;text-decoration:none;color:var(--muted);white-space:nowrap;border-bottom:3px solid transparent}
nav.tabs .tab-list a[aria-current=page]{color:var(--fg);border-bottom-color:var(--accent);font-weight:600}
@media (max-width:40rem){
 header.top .bar{padding:.3rem .7rem}
 .top-links{display:none}.top-menu{display:block}
 nav.tabs .tabs-bar{flex-direction:column;align-items:stretch;padding:0}
 nav.tabs .biz-name{max-width:none;min-width:0;padding:.4rem .7rem 0}nav.tabs .switcher{padding-top:0}
 nav.tabs .switcher summary{padding:.6rem 0}
 nav.tabs .switcher ul{position:static;max-width:none;max-height:none;min-width:0;padding:0 0 .3rem .8rem;background:none;border:0;box-shadow:none}nav.tabs .switcher ul a{padding:.6rem 0}
 /* A finger swipes the row: no scrollbar under it, the shadows say there is more. */
 nav.tabs .tab-list{padding:0 .3rem;scrollbar-width:none}nav.tabs .tab-list::-webkit-scrollbar{display:none}
 nav.tabs .tab-list a{padding:.65rem .55rem .55rem;font-size:1rem;min-height:2.75rem}
}
main{max-width:72rem;margin:0 auto;padding:1.2rem 1rem 3rem}
h1{font-size:1.45rem;margin:.2rem 0 1rem}h2{font-size:1.1rem;margin:1.6rem 0 .6rem}
.sub{color:var(--muted);margin:-.6rem 0 1rem}
.card{background:var(--card);border:1px solid var(--line);border-radius:var(--radius);padding:1rem;margin:0 0 1rem}
.card>h2:first-child,.card>h1:first-child,.card>h3:first-child,.card>input[type=hidden]:first-child+label,.card>input[type=hidden]:first-child+h2{margin-top:0}
.card form.inline{margin-top:1rem}
.grid{display:grid;gap:1rem;grid-template-columns:repeat(auto-fit,minmax(18rem,1fr));align-items:start}
.stats{display:grid;gap:.7rem;grid-template-columns:repeat(auto-fit,minmax(6.8rem,1fr));margin:1rem 0;padding:0}
.stats div{background:var(--card);border:1px solid var(--line);border-radius:var(--radius);padding:.7rem .8rem;min-width:0;container-type:inline-size}
/* A figure never overflows its box: an amount shrinks with the box (cqi), and what still does not fit wraps. */
.stats dt{color:var(--muted);font-size:.85rem}.stats dd{margin:0;font-size:1.5rem;font-weight:650;overflow-wrap:anywhere}
.stats.money{grid-template-columns:repeat(auto-fit,minmax(9.5rem,1fr))}.stats.money dd{font-size:min(1.5rem,14cqi)}
.stats dd small{font-size:.8rem;font-weight:400;color:var(--muted)}.definitions dt{font-weight:600;margin-top:.7rem}.definitions dd{margin:.1rem 0 0;color:var(--muted)}
label{display:block;font-weight:600;margin:.7rem 0 .25rem}
.hint{display:block;color:var(--muted);font-size:.85rem;font-weight:400;margin-top:.15rem}
.hint.caveat{color:var(--warn);border-left:3px solid var(--warn);padding-left:.5rem;margin:.2rem 0 .5rem}
input,select,textarea{font:inherit;color:inherit;padding:.45rem .55rem;border:1px solid var(--field-line);border-radius:.35rem;background:var(--card);width:100%;max-width:32rem}
input[type=checkbox],input[type=radio]{width:auto;margin:0 .4rem 0 0}
input[type=time]{width:8.75rem}input[type=number]{max-width:10rem}
textarea{min-height:7rem;max-width:none}
[aria-invalid=true]{border-color:var(--bad);box-shadow:0 0 0 1px var(--bad);background:var(--bad-bg)}
.check{display:flex;align-items:center;font-weight:400;margin:.5rem 0}.check:has(.hint){align-items:flex-start}.check:has(.hint) input{margin-top:.3rem}
fieldset{border:1px solid var(--line);border-radius:var(--radius);padding:.4rem 1rem 1rem;margin:0 0 1rem;background:var(--card);min-width:0}
legend{font-weight:700;padding:0 .3rem}
button,.button{font:inherit;font-weight:600;border:1px solid var(--accent);background:var(--accent);color:var(--accent-fg);border-radius:.35rem;padding:.45rem .9rem;cursor:pointer;text-decoration:none;display:inline-block}
button.secondary,.button.secondary{background:var(--card);color:var(--accent)}
button.danger{background:var(--bad);border-color:var(--bad)}
.actions{display:flex;gap:.6rem;flex-wrap:wrap;align-items:center;margin-top:1rem}
.toolbar{align-items:flex-end;margin-top:0}.toolbar form{margin:0}.toolbar .chip{margin-bottom:.55rem}
.inline{display:flex;gap:.5rem;flex-wrap:wrap;align-items:flex-end}.inline label{margin-top:0}.inline input{width:auto}.inline .hours{flex:1 1 14rem}.inline .hours input{width:100%}
fieldset.on-call{border:0;border-top:1px solid var(--line);border-radius:0;padding:.2rem 0 0;margin:.9rem 0 0;background:none}fieldset.on-call legend{font-weight:700;padding:0 .4rem 0 0}fieldset.on-call label{font-weight:400;color:var(--muted);font-size:.9rem}.on-call-hint{margin:.9rem 0 0}
.table-wrap{overflow-x:auto;background:var(--card);border:1px solid var(--line);border-radius:var(--radius)}
table{border-collapse:collapse;width:100%}
th,td{text-align:left;padding:.5rem .7rem;border-bottom:1px solid var(--line);vertical-align:top}
th{font-size:.85rem;color:var(--muted);font-weight:600;background:var(--subtle)}tr:last-child td{border-bottom:0}
.nowrap{white-space:nowrap}.wrap{overflow-wrap:anywhere}.num{text-align:right;font-variant-numeric:tabular-nums}
.flash,.error{border-radius:var(--radius);padding:.6rem .8rem;margin:0 0 1rem}
.flash{background:var(--ok-bg);border:1px solid var(--ok-line)}.error{background:var(--bad-bg);border:1px solid var(--bad-line)}
.error ul{margin:.3rem 0 0;padding-left:1.2rem}.error p{margin:0}
.notice-warn{background:var(--warn-bg);border:1px solid var(--warn);border-radius:var(--radius);padding:.6rem .8rem;margin:0 0 1rem}
.chip{display:inline-block;font-size:.8rem;padding:.05rem .45rem;border-radius:1rem;background:var(--chip);color:var(--fg);white-space:nowrap}
.chip.ok{background:var(--ok-bg);color:var(--ok)}.chip.warn{background:var(--warn-bg);color:var(--warn)}.chip.bad{background:var(--bad-bg);color:var(--bad)}
.chip.danger{background:var(--bad);color:var(--card);font-weight:700;letter-spacing:.02em}
a.chip{text-decoration:none;padding:.2rem .55rem}a.chip:hover{text-decoration:underline}
.needs-you{border-left:4px solid var(--bad)}.needs-you h2{margin-top:0}.needs-you-list{list-style:none;margin:0;padding:0}
.needs-you-cell{margin-top:.25rem}.needs-you-cell .meta{font-size:.8rem;color:var(--muted)}
.needs-you-list li{display:flex;flex-wrap:wrap;gap:.4rem;align-items:center;padding:.4rem 0;border-top:1px solid var(--line)}.needs-you-list li:first-child{border-top:0}
.copy-row{display:flex;gap:.4rem;align-items:center}.copy-row input{max-width:none;font-family:ui-monospace,monospace;font-size:.85rem}
.copy-row button{padding:.35rem .6rem}
.copy-block{margin:.5rem 0}.copy-block textarea{min-height:0;font-family:ui-monospace,monospace;font-size:.8rem;white-space:pre;overflow-x:auto;resize:vertical}.copy-block button{margin-top:.3rem;padding:.35rem .6rem}
.steps{padding-left:1.3rem;margin:.6rem 0}.steps li{margin:.4rem 0}.guide code{overflow-wrap:anywhere}.secret-form{margin-top:1rem}.secret-form button{display:block;margin-top:.6rem}
code,.mono{font-family:ui-monospace,SFMono-Regular,Menlo,monospace;font-size:.9em}
.qr{width:12rem;max-width:100%;margin:.5rem 0}.qr svg{display:block;width:100%;height:auto}
.new-token,.totp-key{word-break:break-all;user-select:all}
.card>section,.card+.card,section.card{margin-bottom:1rem}
details.person{min-width:14rem}
details.person .new-invite,details.person .remove-person{margin-top:.8rem;padding-top:.6rem;border-top:1px solid var(--line)}
details.token-login{margin-top:1rem}details.token-login summary{cursor:pointer;color:var(--muted);min-height:2.75rem;display:flex;align-items:center}
.codes dt{font-weight:600;margin-top:.6rem}.codes dd{margin:.15rem 0 0}.codes code{overflow-wrap:anywhere;background:var(--card);padding:0 .2rem}
.checks{list-style:none;padding:0;margin:.4rem 0}.checks li{margin:.25rem 0}.checks li.ok strong{color:var(--ok)}.checks li.wrong strong{color:var(--bad)}.setup form{margin-top:.6rem}
.pulses{list-style:none;padding:0;margin:0 0 .6rem}.pulses .pulse{margin:.2rem 0;font-weight:400}.pulse{margin:.6rem 0}.pulse.ok{color:var(--ok);font-weight:600}.pulse.waiting{color:var(--warn)}.pulse.bad{color:var(--bad)}
.editor{display:grid;gap:1.5rem;grid-template-columns:minmax(0,1fr) minmax(0,1fr)}.editor h2{margin-top:.7rem}.editor h3{font-size:.95rem;color:var(--muted);margin:1.1rem 0 .2rem}.card.warn{background:var(--warn-bg);color:var(--fg);border-color:var(--warn)}
.bubble{background:var(--bubble-in);border-radius:1rem 1rem 1rem .25rem;padding:.7rem .9rem;white-space:pre-wrap;overflow-wrap:anywhere;max-width:26rem}
.meter{display:flex;gap:.5rem;flex-wrap:wrap;margin:.6rem 0}
.warnings{padding-left:1.1rem}.warnings li{margin:.35rem 0}
.timeline{list-style:none;padding:0;margin:0;display:flex;flex-direction:column}
.timeline li{display:flex;flex-direction:column;margin:.6rem 0;max-width:36rem}
.timeline .meta{font-size:.8rem;color:var(--muted);margin-bottom:.15rem}
.timeline .in{align-self:flex-start;align-items:flex-start}.timeline .out{align-self:flex-end;align-items:flex-end}
.timeline .out .bubble{background:var(--bubble-out);border-radius:1rem 1rem .25rem 1rem}
.timeline .event{align-self:center;max-width:none;text-align:center}
.timeline .event .note{background:var(--card);border:1px dashed var(--line);border-radius:var(--radius);padding:.35rem .7rem;font-size:.9rem}
.timeline .event.page.bad .note{color:var(--bad);border-color:var(--bad)}
.timeline .event.alert summary.note{display:list-item;color:var(--fg)}
/* An alert's words went to the business's own phone: not a bubble of the conversation, so not its colours, and no wider than one. */
.timeline .event.alert .bubble{display:block;margin:.3rem auto 0;max-width:36rem;text-align:left;white-space:pre-wrap;background:var(--subtle);border:1px solid var(--line);border-radius:var(--radius);font-size:.9rem}
.media{list-style:none;margin:.3rem 0 0;padding:0;display:flex;flex-wrap:wrap;gap:0 1rem}.media a{display:inline-block;padding:.2rem 0;overflow-wrap:anywhere}
.timeline .chip{white-space:normal}.timeline .held-cancel{margin-top:.3rem}
.timeline li[id]{scroll-margin-top:35vh}.timeline li:target .bubble{outline:3px solid var(--accent);outline-offset:2px}
.taken{margin:-.4rem 0 1rem;font-weight:600}.taken.ok{color:var(--ok)}.taken.bad{color:var(--bad)}
.take-page{display:flex;flex-wrap:wrap;align-items:center;gap:.5rem 1rem;margin:-.4rem 0 1rem}.take-page .taken,.take-page form{margin:0}
.lead-line p{margin:0}.lead-line .taken{margin:.5rem 0 0}.lead-line .take-page{margin:.5rem 0 0}.lead-line .take-page .taken{margin:0}.lead-line details{margin-top:.6rem}
@media (min-width:40.0625rem){.questions td:first-child{width:10.5rem}.questions td:last-child{width:1%;text-align:center}}
.questions textarea,textarea.answer{min-height:0;field-sizing:content;resize:vertical}
.chart{width:100%;height:auto;display:block;margin:.4rem 0}
.chart .grid{stroke:var(--line)}.chart .axis{font-size:11px;fill:var(--muted)}
.chart .label,.chart .value{font-size:13px;fill:var(--fg)}.chart .value{font-weight:600}
.bar-missed,.funnel-missed{fill:var(--missed)}.bar-answered{fill:var(--answered)}
.funnel-recoverable{fill:#8fb0e8}.funnel-textedBack{fill:#5a8de0}.funnel-delivered{fill:#2f6fdb}.funnel-replied{fill:var(--ok)}
figure{margin:0}figcaption{margin-bottom:.2rem}
.week-this,.swatch.this-week{fill:var(--accent);background:var(--accent)}.week-last,.swatch.last-week{fill:var(--muted);background:var(--muted);opacity:.55}
.chart.week{max-width:26rem}.grid>.stats{margin-top:0}.money dd small{display:block;margin-top:.15rem}.stats .alarm{border-color:var(--bad)}.stats .alarm dd a{color:var(--bad)}
/* A figure that links: the whole box is the tap target, not the digits alone. */
.stats div:has(dd a){position:relative}.stats dd a::after{content:"";position:absolute;inset:0;border-radius:var(--radius)}
.legend{display:flex;gap:1rem;font-size:.85rem;color:var(--muted);margin:.3rem 0}
.swatch{display:inline-block;width:.8rem;height:.8rem;border-radius:.15rem;margin-right:.3rem;vertical-align:-.1rem}
.swatch.missed{background:var(--missed)}.swatch.answered{background:var(--answered)}
.hours td,.hours th{vertical-align:middle}.hours .shifts{display:flex;gap:.8rem;flex-wrap:wrap}
.hours .shift{display:flex;gap:.3rem;align-items:center}
.leads{list-style:none;padding:0;margin:0;display:flex;flex-direction:column;gap:.5rem}
.lead a{display:flex;flex-direction:column;gap:.15rem;padding:.7rem .9rem;background:var(--card);border:1px solid var(--line);border-radius:var(--radius);color:inherit;text-decoration:none}
.lead a:hover,.lead a:focus{border-color:var(--accent)}
.lead.urgent a{border-left:4px solid var(--bad)}
.inbox-filters{display:flex;margin:0 0 .8rem}.inbox-filters a.chip{font-size:.9rem;padding:.3rem .7rem;border:1px solid var(--line);gap:.35em}.inbox-filters a.chip span{font-weight:600}
.inbox-help{margin:-.4rem 0 1rem}.inbox-help .definitions{margin:.2rem 0 0}
.inbox-filters a.chip[aria-current=page]{background:var(--accent);color:var(--accent-fg);border-color:var(--accent);font-weight:600}
.conversation .need{overflow-wrap:anywhere}
.conversation.unread>a{border-left:4px solid var(--accent)}.conversation.urgent>a{border-left:4px solid var(--bad)}.conversation .summary{color:var(--muted)}.conversation.unread .summary{color:var(--fg);font-weight:600}
.lead-head{display:flex;justify-content:space-between;gap:.5rem;align-items:baseline;flex-wrap:wrap}
.lead .meta{font-size:.85rem;color:var(--muted)}.cell-note{font-size:.8rem;color:var(--muted)}.lead .summary{overflow-wrap:anywhere}
.chips{display:inline-flex;gap:.3rem;flex-wrap:wrap;align-items:center}
.filters{margin-bottom:1rem}.filters select{width:auto}
.mapping{list-style:none;padding:0;margin:.3rem 0 .5rem}.mapping li{margin:.3rem 0;overflow-wrap:anywhere}.muted{color:var(--muted)}
.grid.columns{grid-template-columns:repeat(auto-fit,minmax(14rem,1fr));gap:0 1rem;margin-top:.4rem}.unusable{margin:0 0 1rem}
.status-buttons{margin-top:.3rem}
.visually-hidden{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap}
.login{max-width:24rem;margin:10vh auto}
details summary{cursor:pointer;color:var(--muted);font-size:.9rem}
.card>details{margin-top:.9rem}
[hidden]{display:none!important}
@media (max-width:40rem){
 .editor{grid-template-columns:1fr}
 main{padding:1rem .7rem 3rem}
 .stats dd{font-size:1.25rem}.stats.money dd{font-size:min(1.25rem,14cqi)}
 .inbox-filters a.chip{min-height:2.75rem;display:inline-flex;align-items:center}
 th,td{padding:.45rem .5rem}
 button,.button,select,input:not([type=checkbox]):not([type=radio]),textarea.answer{min-height:2.75rem}.button{display:inline-flex;align-items:center}
 .media a{min-height:2.75rem;display:inline-flex;align-items:center}
 input[type=checkbox],input[type=radio]{width:1.375rem;height:1.375rem;flex-shrink:0;margin-right:.6rem}
 .check{min-height:2.75rem;margin:.2rem 0}
 details summary{padding:.7rem 0}
}
/* A table on a phone: each row a card, each cell its column's label beside its value (data-table.tsx).
   The header row stays for screen readers, out of sight; the alt text "" keeps the label from being read twice. */
@media (max-width:40rem){
 table.cards,table.cards tbody,table.cards tr{display:block}
 table.cards thead{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap}
 table.cards tr{padding:.45rem 0;border-bottom:1px solid var(--line)}table.cards tr:last-child{border-bottom:0}
 table.cards td,table.cards tbody th{display:block;border:0;padding:.2rem .75rem;text-align:left;white-space:normal}
 table.cards tbody th{background:none;color:var(--fg);font-size:1rem;font-weight:700}
 table.cards td[data-label]{display:grid;grid-template-columns:minmax(5.5rem,33%) minmax(0,1fr);gap:0 .7rem;align-items:baseline}
 table.cards td[data-label]::before{content:attr(data-label);content:attr(data-label) / "";color:var(--muted);font-size:.85rem;font-weight:600}
 table.cards .cell-value{min-width:0;overflow-wrap:anywhere}
 table.cards td.wide{display:block}table.cards td.wide::before{display:block;margin-bottom:.2rem}
 table.cards td:has(>.cell-value:empty){display:none}
}
`.trim();

/** FNV-1a, enough to tell two versions of one file apart (not a security hash). */
function fnv1a(s: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return (h >>> 0).toString(16).padStart(8, "0");
}

export const STYLESHEET = CSS;
/** Under /admin; public (no session needed), like any stylesheet. */
export const STYLESHEET_PATH = `/admin/assets/admin-${fnv1a(CSS)}.css`;

/** A speech bubble, so the browser tab is recognisable (and no request for /favicon.ico 404s). */
export const FAVICON = `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 32 32"><rect width="32" height="32" rx="7" fill="#14213d"/><path d="M7 9h18a2 2 0 0 1 2 2v9a2 2 0 0 1-2 2H14l-5 4v-4H7a2 2 0 0 1-2-2v-9a2 2 0 0 1 2-2z" fill="#fff"/></svg>`;
export const FAVICON_PATH = `/admin/assets/icon-${fnv1a(FAVICON)}.svg`;
