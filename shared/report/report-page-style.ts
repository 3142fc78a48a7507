// The HTML report's style sheet, inlined (no request at view time). Colours are chosen for contrast:
// every text colour on its background is at least 4.5:1 (WCAG 2 AA), badges are dark text on light
// tints, and state colours in the charts are the Okabe-Ito palette, told apart with colour-blindness.
import { NAMESPACE_STATES, type NamespaceState } from '../snapshot/snapshot-schema.ts';

/** Chart colour and badge tint of each namespace state. */
export const STATE_COLOURS: Readonly<Record<NamespaceState, { readonly chart: string; readonly tint: string }>> = {
  exempt: { chart: '#999999', tint: '#ececec' },
  'privileged-allowed': { chart: '#0072B2', tint: '#dcebf7' },
  unlabelled: { chart: '#F0E442', tint: '#fbf6c4' },
  'enforced-compliant': { chart: '#009E73', tint: '#d3f0e6' },
  'enforced-lingering-violations': { chart: '#D55E00', tint: '#fbdcc7' },
  'ready-to-promote': { chart: '#56B4E9', tint: '#dff1fb' },
  'blocked-at-target': { chart: '#E69F00', tint: '#fde9c2' },
  'not-evaluated': { chart: '#CC79A7', tint: '#f6e1ed' },
};

export const SEVERITY_TINTS: Readonly<Record<string, string>> = {
  critical: '#f8d0d0',
  high: '#fbdcc7',
  medium: '#fde9c2',
  low: '#dcebf7',
  info: '#ececec',
};

const stateRules = NAMESPACE_STATES.map((state) => `.state-${state}{background:${STATE_COLOURS[state].tint}}`).join('\n');
const severityRules = Object.entries(SEVERITY_TINTS)
  .map(([severity, tint]) => `.severity-${severity}{background:${tint}}`)
  .join('\n');

export const REPORT_PAGE_STYLE = `
:root{color-scheme:light;--ink:#1b1b1b;--muted:#4a4a4a;--line:#c8c8c8;--paper:#ffffff;--band:#f3f5f7;--link:#0b4f8a}
*{box-sizing:border-box}
body{margin:0;font:15px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,sans-serif;color:var(--ink);background:var(--paper)}
a{color:var(--link)}
a:focus,summary:focus{outline:3px solid #1a5fb4;outline-offset:2px}
.skip{position:absolute;left:-10000px;top:0}
.skip:focus{left:8px;top:8px;background:var(--paper);padding:4px 8px;z-index:1}
header,main,footer,nav{padding:0 24px}
header{background:var(--band);border-bottom:1px solid var(--line);padding-top:12px;padding-bottom:12px}
h1{font-size:1.6rem;margin:0 0 4px}
h2{font-size:1.3rem;margin:32px 0 8px;border-bottom:2px solid var(--line);padding-bottom:4px}
h3{font-size:1.05rem;margin:20px 0 6px}
.meta{color:var(--muted);margin:0}
nav ul{list-style:none;padding:0;margin:12px 0;display:flex;flex-wrap:wrap;gap:6px 18px}
dl.figures{display:grid;grid-template-columns:repeat(auto-fill,minmax(170px,1fr));gap:12px;margin:12px 0}
dl.figures div{border:1px solid var(--line);border-radius:6px;padding:8px 12px;background:var(--band)}
dl.figures dt{color:var(--muted);font-size:.85rem}
dl.figures dd{margin:0;font-size:1.5rem;font-weight:600}
dl.facts{display:grid;grid-template-columns:max-content 1fr;gap:2px 12px;margin:8px 0}
dl.facts dt{color:var(--muted)}
dl.facts dd{margin:0}
table{border-collapse:collapse;margin:8px 0 16px;width:100%}
caption{text-align:left;font-weight:600;padding:4px 0}
th,td{border:1px solid var(--line);padding:4px 8px;text-align:left;vertical-align:top}
thead th{background:var(--band)}
td.number{text-align:right;font-variant-numeric:tabular-nums}
code{font:13px/1.3 ui-monospace,"SFMono-Regular",Menlo,Consolas,monospace;overflow-wrap:anywhere}
code.level{white-space:nowrap}
.state-count{display:inline-block;white-space:nowrap;margin:0 .6em 2px 0}
ul.tight{margin:0;padding-left:18px}
.badge{display:inline-block;padding:0 6px;border-radius:4px;color:var(--ink);white-space:nowrap}
${stateRules}
${severityRules}
.charts{display:grid;grid-template-columns:repeat(auto-fit,minmax(420px,1fr));gap:16px}
figure{margin:0;border:1px solid var(--line);border-radius:6px;padding:8px}
figcaption{font-weight:600;margin-bottom:4px}
.chart{position:relative;height:300px}
details{margin:8px 0}
summary{cursor:pointer;color:var(--link)}
footer{border-top:1px solid var(--line);margin-top:32px;padding-top:8px;padding-bottom:16px;color:var(--muted);font-size:.9rem}
`;
