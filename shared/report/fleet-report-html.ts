// fleet.html: one self-contained page (styles, Chart.js and the drawing script inline; no request at
// view time) with the fleet's state per cluster and namespace, the blocking workloads with their
// reasons, and the trend charts, each with a text alternative and a table of the same numbers.
//
// A Content-Security-Policy in the page allows exactly its own inline scripts and style sheet (by
// SHA-256) and nothing else: no request of any kind, and no script that text from a cluster could
// smuggle in would run even if escaping failed. The chart data travels as JSON in a non-executed
// <script type="application/json">, with < > & escaped so it cannot close the element.
import { createHash } from 'node:crypto';
import { NAMESPACE_STATES } from '../snapshot/snapshot-schema.ts';
import type { ChartLibrary } from './chart-library.ts';
import type { FleetReport } from './fleet-report-schema.ts';
import { html, plain } from './html-text.ts';
import { blockingSection, clusterAnchor, clusterSection, overviewSection, sourcesSection, trendSection } from './report-html-sections.ts';
import { REPORT_PAGE_SCRIPT } from './report-page-script.ts';
import { REPORT_PAGE_STYLE, STATE_COLOURS } from './report-page-style.ts';
import { clusterLabel } from '../fleet/cluster-identity.ts';

/** What the drawing script reads: numbers, dates and state names only (no text from a cluster). */
export interface TrendData {
  readonly nights: readonly string[];
  /** null for a night with no scan: the line breaks there instead of dropping to zero. */
  readonly violatingPods: readonly (number | null)[];
  readonly blockingWorkloads: readonly (number | null)[];
  readonly states: readonly { readonly name: string; readonly colour: string; readonly counts: readonly number[] }[];
}

export function trendData(report: FleetReport): TrendData {
  const scanned = (n: FleetReport['trend'][number]): boolean => n.clustersScanned > 0;
  return {
    nights: report.trend.map((n) => n.night),
    violatingPods: report.trend.map((n) => (scanned(n) ? n.violatingPods : null)),
    blockingWorkloads: report.trend.map((n) => (scanned(n) ? n.blockingWorkloads : null)),
    states: NAMESPACE_STATES.map((state) => ({ name: state, colour: STATE_COLOURS[state].chart, counts: report.trend.map((n) => n.byState[state] ?? 0) })),
  };
}

/** JSON that cannot end its <script> element or start a comment inside it. */
function scriptJson(value: unknown): string {
  return JSON.stringify(value).replace(/[<>&\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/** An inline script's text must not contain what would end the element early (HTML script data state). */
function inlineScript(source: string, what: string): string {
  if (/<\/script|<!--/i.test(source)) throw new Error(`${what} contains "</script" or "<!--" and cannot be inlined`);
  return source;
}

function cspHash(content: string): string {
  return `'sha256-${createHash('sha256').update(content, 'utf8').digest('base64')}'`;
}

export function fleetReportHtml(report: FleetReport, chart: ChartLibrary): string {
  const library = inlineScript(chart.source, `${chart.name} ${chart.version}`);
  const drawing = inlineScript(REPORT_PAGE_SCRIPT, 'the drawing script');
  const csp = [
    "default-src 'none'",
    `script-src ${cspHash(library)} ${cspHash(drawing)}`,
    `style-src ${cspHash(REPORT_PAGE_STYLE)}`,
    "img-src 'none'",
    "base-uri 'none'",
    "form-action 'none'",
  ].join('; ');
  const { from, to, nights } = report.window;
  const navItems = [
    '<li><a href="#overview-heading">Fleet state</a></li>',
    '<li><a href="#trend-heading">Trend</a></li>',
    '<li><a href="#blocking-heading">Blocking workloads</a></li>',
    ...report.clusters.map((c, i) => `<li><a href="#${clusterAnchor(i)}">${html(clusterLabel(c.cluster))}</a></li>`),
    '<li><a href="#sources-heading">Sources</a></li>',
  ];
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${plain(csp)}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Pod Security fleet report, ${plain(to)}</title>
<style>${REPORT_PAGE_STYLE}</style>
</head>
<body>
<a class="skip" href="#main">Skip to the report</a>
<header>
<h1>Pod Security fleet report</h1>
<p class="meta">Generated <time datetime="${plain(report.generatedAt)}">${plain(report.generatedAt)}</time> by ${plain(report.generator.name)} ${html(report.generator.version)} from the store <code>${html(report.store)}</code>, over the ${plain(nights)} night${nights === 1 ? '' : 's'} from ${plain(from)} to ${plain(to)} (UTC).</p>
</header>
<nav aria-label="Sections">
<ul>
${navItems.join('\n')}
</ul>
</nav>
<main id="main">
${overviewSection(report)}
${trendSection(report)}
${blockingSection(report)}
${report.clusters.map(clusterSection).join('\n')}
${sourcesSection(report)}
</main>
<footer>
<p>${plain(report.kind)} ${plain(report.apiVersion)}, schema version ${plain(report.schemaVersion)}; the same report as fleet.json and fleet.csv beside this page. Charts drawn by ${plain(chart.name)} ${plain(chart.version)} (${plain(chart.license)} licence), inlined.</p>
</footer>
<script type="application/json" id="trend-data">${scriptJson(trendData(report))}</script>
<script>${library}</script>
<script>${drawing}</script>
</body>
</html>
`;
}
