// fleet.html as text: what must hold before any browser sees it (escaping, the Content-Security-
// Policy's hashes, the chart data, the accessible structure). The page in a real Chromium is
// test/integration/report-html-chromium.test.ts.
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { ChartLibrary } from './chart-library.ts';
import { chartJsFromNodeModules } from './chart-js-from-node-modules.ts';
import { fleetReportHtml, trendData } from './fleet-report-html.ts';
import type { FleetReport } from './fleet-report-schema.ts';
import { recordedFleetReport } from './report.test-support.ts';

async function page(transform: (report: FleetReport) => FleetReport = (r) => r): Promise<{ html: string; report: FleetReport; chart: ChartLibrary }> {
  const { report } = await recordedFleetReport(7);
  const chart = await chartJsFromNodeModules();
  const changed = transform(report);
  return { html: fleetReportHtml(changed, chart), report: changed, chart };
}

/** The text of every <script> element without a type, and of the JSON one. */
function scripts(html: string): { executable: string[]; json: string[] } {
  const executable = [...html.matchAll(/<script>([\s\S]*?)<\/script>/g)].map((m) => m[1] ?? '');
  const json = [...html.matchAll(/<script type="application\/json" id="trend-data">([\s\S]*?)<\/script>/g)].map((m) => m[1] ?? '');
  return { executable, json };
}

const sha256 = (text: string): string => createHash('sha256').update(text, 'utf8').digest('base64');

describe('fleetReportHtml', () => {
  it("escapes every text from a cluster: the recorded context name and capability names stay text", async () => {
    const { html } = await page();
    expect(html).not.toContain('<img');
    expect(html).not.toContain('<script>alert');
    expect(html).toContain('-2+3 &lt;img src=x onerror=&quot;alert(1)&quot;&gt; ops');
    expect(html).toContain('&lt;script&gt;alert(&quot;cap&quot;)&lt;/script&gt;');
    expect(html).toContain('=HYPERLINK(&quot;http://evil.invalid&quot;');
  });

  it('shows a bidi override or a control character in a name as an escape, not raw', async () => {
    const { html } = await page((r) => ({ ...r, clusters: r.clusters.map((c, i) => (i === 0 ? { ...c, cluster: { ...c.cluster, name: 'evil\u202egpj.exe\u0007' } } : c)) }));
    expect(html.includes('\u202e') || html.includes('\u0007')).toBe(false);
    expect(html).toContain('evil\\u202egpj.exe\\a');
  });

  it('allows by its Content-Security-Policy exactly its own inline scripts and style, and no request at all', async () => {
    const { html } = await page();
    const policy = /<meta http-equiv="Content-Security-Policy" content="([^"]+)">/.exec(html)?.[1]?.replace(/&#39;/g, "'") ?? '';
    const directives = Object.fromEntries(policy.split('; ').map((d) => [d.split(' ')[0], d.split(' ').slice(1)]));
    expect(directives['default-src']).toEqual(["'none'"]);
    expect(directives['img-src']).toEqual(["'none'"]);
    const { executable } = scripts(html);
    expect(executable).toHaveLength(2);
    expect(directives['script-src']).toEqual(executable.map((s) => `'sha256-${sha256(s)}'`));
    const style = /<style>([\s\S]*?)<\/style>/.exec(html)?.[1] ?? '';
    expect(directives['style-src']).toEqual([`'sha256-${sha256(style)}'`]);
    // No attribute may carry style or script: the policy would block it, and it would be a way in.
    const markup = html.replace(/<script[^>]*>[\s\S]*?<\/script>/g, '<script></script>');
    expect(markup).not.toMatch(/<[^>]*\s(style|on[a-z]+)=/);
  });

  it('inlines Chart.js whole, its licence banner kept and its source-map comment dropped', async () => {
    const { html, chart } = await page();
    const [library] = scripts(html).executable;
    expect(library).toBe(chart.source);
    expect(library).toMatch(/^\/\*!\n \* Chart\.js v\d+\.\d+\.\d+[\s\S]*Released under the MIT License/);
    expect(html).not.toContain('sourceMappingURL');
  });

  it('carries the trend as JSON the page cannot mistake for markup', async () => {
    const { html, report } = await page((r) => ({ ...r, trend: r.trend.map((n, i) => (i === 0 ? { ...n, night: '</script><script>alert(1)</script>' } : n)) }));
    const [json] = scripts(html).json;
    expect(json).not.toMatch(/[<>&]/);
    expect(JSON.parse(json ?? '')).toEqual(trendData(report));
  });

  it('breaks the violation lines on nights with no scan instead of drawing zeros', async () => {
    const { report } = await page();
    const data = trendData(report);
    expect(data.nights).toHaveLength(7);
    expect(data.violatingPods).toEqual([null, null, 0, 0, 1, 1, 1]);
    expect(data.blockingWorkloads).toEqual([null, null, 1, 2, 1, 2, 0]);
    expect(data.states.find((s) => s.name === 'blocked-at-target')?.counts).toEqual([0, 0, 1, 2, 1, 2, 0]);
  });

  it('is built for assistive technology: language, landmarks, one h1, captioned tables with scoped headers, described charts', async () => {
    const { html } = await page();
    expect(html).toMatch(/^<!doctype html>\n<html lang="en">/);
    for (const landmark of ['<header>', '<nav aria-label="Sections">', '<main id="main">', '<footer>']) expect(html).toContain(landmark);
    expect(html.match(/<h1[ >]/g)).toHaveLength(1);
    const tables = html.match(/<table[ >]/g) ?? [];
    expect(html.match(/<caption>/g)).toHaveLength(tables.length);
    expect(html).not.toMatch(/<th(?![^>]*scope=)[ >]/);
    const canvases = [...html.matchAll(/<canvas ([^>]*)>/g)].map((m) => m[1] ?? '');
    expect(canvases).toHaveLength(2);
    for (const canvas of canvases) expect(canvas).toMatch(/role="img" aria-label="[^"]{40,}"/);
    expect(html).toContain('Pods violating the enforce level in place: 2026-11-22 no scan, 2026-11-23 no scan, 2026-11-24 0');
  });

  it('refuses to inline a script that would end its element early', async () => {
    const chart = await chartJsFromNodeModules();
    const { report } = await recordedFleetReport(1);
    expect(() => fleetReportHtml(report, { ...chart, source: 'var s = "</script><script>alert(1)";' })).toThrow(/cannot be inlined/);
  });
});
