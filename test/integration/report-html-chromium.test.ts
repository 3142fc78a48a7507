// fleet.html in a real headless Chromium (Debian's package, driven by playwright-core), as an
// auditor opens it: from a file:// URL, with no network. The report is the recorded fleet's (two
// clusters scanned by the real scanner over five nights, one with a hostile context name and
// capability names; shared/report/report.test-support.ts), written by the real produceFleetReport.
//
// In the integration project although it needs no kube-apiserver: it needs a browser the set-up
// installs, like the servers, and runs one file at a time with the other browser-free ones.
// PSA_REPORT_SCREENSHOTS=DIR keeps the screenshots there, to look at.
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Page, Request } from 'playwright-core';
import { afterAll, describe, expect, it } from 'vitest';
import { chartJsFromNodeModules } from '../../shared/report/chart-js-from-node-modules.ts';
import { createFolderReportDocumentSink } from '../../shared/report/folder-report-document-sink.ts';
import { produceFleetReport } from '../../shared/report/produce-fleet-report.ts';
import { RECORDED_REPORT_TIME, recordedFleetStore } from '../../shared/report/report.test-support.ts';
import { STATE_COLOURS } from '../../shared/report/report-page-style.ts';
import { beforeAllOrFailEach } from '../integration-v124/support/before-all-or-fail-each.ts';
import { countColours, launchChromium, type HeadlessChromium } from './support/chromium.ts';

interface Visit {
  readonly page: Page;
  readonly url: string;
  readonly consoleErrors: string[];
  readonly pageErrors: string[];
  readonly requests: string[];
  readonly failedRequests: string[];
  readonly dialogs: string[];
}

let browser: HeadlessChromium | undefined;
let output: string;
let pageUrl: string;
let visit: Visit;

async function open(url: string): Promise<Visit> {
  if (browser === undefined) throw new Error('no browser');
  const page = await browser.context.newPage();
  const seen: Visit = { page, url, consoleErrors: [], pageErrors: [], requests: [], failedRequests: [], dialogs: [] };
  page.on('console', (message) => {
    if (message.type() === 'error' || message.type() === 'warning') seen.consoleErrors.push(`${message.type()}: ${message.text()}`);
  });
  page.on('pageerror', (error) => seen.pageErrors.push(error.message));
  page.on('request', (request: Request) => seen.requests.push(request.url()));
  page.on('requestfailed', (request: Request) => seen.failedRequests.push(`${request.url()} ${request.failure()?.errorText ?? ''}`));
  page.on('dialog', (dialog) => {
    seen.dialogs.push(dialog.message());
    void dialog.dismiss();
  });
  await page.goto(url, { waitUntil: 'load' });
  await page.waitForSelector('html[data-charts="drawn"]', { timeout: 10_000 });
  return seen;
}

async function keepScreenshot(name: string, png: Buffer): Promise<void> {
  const folder = process.env.PSA_REPORT_SCREENSHOTS;
  if (folder === undefined || folder === '') return;
  await mkdir(folder, { recursive: true });
  await writeFile(join(folder, name), png);
}

beforeAllOrFailEach(async () => {
  output = await mkdtemp(join(tmpdir(), 'psa-report-html-'));
  await using store = await recordedFleetStore();
  const produced = await produceFleetReport({
    store: store.store,
    sink: createFolderReportDocumentSink(output),
    chart: await chartJsFromNodeModules(),
    generatedAt: RECORDED_REPORT_TIME,
    nights: 7,
    generatorVersion: '0.0.0-test',
  });
  const html = produced.written.find((w) => w.format === 'html');
  if (html === undefined) throw new Error('no fleet.html written');
  pageUrl = pathToFileURL(html.location).href;
  browser = await launchChromium();
  visit = await open(pageUrl);
});

afterAll(async () => {
  await browser?.close();
  if (output !== undefined) await rm(output, { recursive: true, force: true });
});

describe('fleet.html in headless Chromium', () => {
  it('loads from a file:// URL with no console error and no request but the page itself', () => {
    expect(visit.consoleErrors).toEqual([]);
    expect(visit.pageErrors).toEqual([]);
    expect(visit.requests).toEqual([pageUrl]);
    expect(visit.failedRequests).toEqual([]);
  });

  it('draws both charts, their series in their colours (a screenshot of each chart, read back pixel by pixel)', async () => {
    const full = await visit.page.screenshot({ fullPage: true });
    await keepScreenshot('fleet-report.png', full);
    const violations = await visit.page.locator('#chart-violations').screenshot();
    const states = await visit.page.locator('#chart-states').screenshot();
    await keepScreenshot('chart-violations.png', violations);
    await keepScreenshot('chart-states.png', states);
    if (browser === undefined) throw new Error('no browser');
    const lines = await countColours(browser.context, violations, { violatingPods: '#D55E00', blockingWorkloads: '#0072B2' });
    const bars = await countColours(browser.context, states, Object.fromEntries(Object.entries(STATE_COLOURS).map(([state, colour]) => [state, colour.chart])));
    // Each legend entry is a box of about 40 x 12 pixels: a series drawn on the chart is far more.
    const LEGEND_BOX = 40 * 12;
    expect(lines.nonWhite / lines.total).toBeGreaterThan(0.02);
    expect(lines.counts.violatingPods).toBeGreaterThan(2 * LEGEND_BOX);
    expect(lines.counts.blockingWorkloads).toBeGreaterThan(2 * LEGEND_BOX);
    // States present on some night fill bars; an absent one only its legend box. (Not `exempt`: its
    // grey is also the grey of anti-aliased text and grid lines.)
    for (const state of ['privileged-allowed', 'enforced-compliant', 'blocked-at-target', 'enforced-lingering-violations', 'ready-to-promote', 'unlabelled']) {
      expect(bars.counts[state], state).toBeGreaterThan(2 * LEGEND_BOX);
    }
    expect(bars.counts['not-evaluated']).toBeGreaterThan(0);
    expect(bars.counts['not-evaluated']).toBeLessThan(LEGEND_BOX);
  });

  it('keeps the hostile context name and capability names as text: no element, no script, no dialog', async () => {
    const found = await visit.page.evaluate(`({
      images: document.querySelectorAll('img').length,
      scripts: document.querySelectorAll('script').length,
      text: document.body.innerText,
    })`);
    const { images, scripts, text } = found as { images: number; scripts: number; text: string };
    expect(images).toBe(0);
    expect(scripts).toBe(3);
    expect(text).toContain('local/local/-2+3 <img src=x onerror="alert(1)"> ops');
    expect(text).toContain('<script>alert("cap")</script>');
    expect(visit.dialogs).toEqual([]);
  });

  it('enforces its Content-Security-Policy: a script or an image put into the page later neither runs nor loads', async () => {
    const other = await open(pageUrl);
    try {
      await other.page.evaluate(`(() => {
        const script = document.createElement('script');
        script.textContent = 'window.injectedRan = true';
        document.body.append(script);
        const image = document.createElement('img');
        image.src = 'http://127.0.0.1:9/beacon.png';
        document.body.append(image);
      })()`);
      await other.page.waitForTimeout(200);
      expect(await other.page.evaluate('window.injectedRan === true')).toBe(false);
      // Chromium reports the image's request and blocks it before it leaves: failure "csp", not a refused port.
      expect(other.failedRequests).toEqual(['http://127.0.0.1:9/beacon.png csp']);
      expect(other.consoleErrors.filter((e) => e.includes('Content Security Policy'))).toHaveLength(2);
    } finally {
      await other.page.close();
    }
  });

  it('has no serious or critical accessibility finding by axe-core, nor any other', async () => {
    const axeSource = await readFile(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
    // Evaluated through the DevTools protocol: the page's Content-Security-Policy admits no other script.
    await visit.page.evaluate(axeSource);
    const results = (await visit.page.evaluate(`axe.run(document, { resultTypes: ['violations'] })`)) as {
      violations: { id: string; impact: string | null; help: string; nodes: { target: unknown }[] }[];
      passes: unknown[];
    };
    const findings = results.violations.map((v) => `${v.impact ?? 'unknown'} ${v.id}: ${v.help} (${v.nodes.length}: ${JSON.stringify(v.nodes.slice(0, 3).map((n) => n.target))})`);
    expect(findings.filter((f) => f.startsWith('serious') || f.startsWith('critical'))).toEqual([]);
    expect(findings).toEqual([]);
    expect(results.passes.length).toBeGreaterThan(10);
  });

  it('shows the trend table for the charts to a keyboard user, with every night', async () => {
    await visit.page.keyboard.press('Tab');
    const skip = await visit.page.evaluate('document.activeElement.textContent');
    expect(skip).toBe('Skip to the report');
    await visit.page.locator('#trend-heading ~ details summary').click();
    const rows = await visit.page.locator('#trend-table tbody tr').count();
    expect(rows).toBe(7);
    expect(await visit.page.locator('#trend-table').isVisible()).toBe(true);
  });
});
