// Where the report function finds Chart.js: node_modules from the sources, the file beside the
// bundle when deployed (a folder standing in for /var/task).
import { copyFile, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ChartLibraryError } from '../../shared/report/chart-library.ts';
import { chartJsUmdPath } from '../../shared/report/chart-js-from-node-modules.ts';
import { CHART_JS_BUNDLE_FILE, chartJsBesideHandler } from './chart-js-beside-handler.ts';

describe('chartJsBesideHandler', () => {
  let task: string;

  beforeAll(async () => {
    task = await mkdtemp(join(tmpdir(), 'psa-report-task-'));
  });

  afterAll(async () => {
    await rm(task, { recursive: true, force: true });
  });

  it('reads node_modules when running from the sources', async () => {
    const chart = await chartJsBesideHandler(pathToFileURL(join(import.meta.dirname, 'handler.ts')).href);

    expect(chart).toMatchObject({ name: 'Chart.js', license: 'MIT', version: expect.stringMatching(/^4\./) });
  });

  it('reads the copy beside the bundle, and fails naming that path when the bundle has none', async () => {
    const bundle = pathToFileURL(join(task, 'index.mjs')).href;

    const missing = await chartJsBesideHandler(bundle).catch((error: unknown) => error);
    expect(missing).toBeInstanceOf(ChartLibraryError);
    expect((missing as ChartLibraryError).path).toBe(join(task, CHART_JS_BUNDLE_FILE));

    await copyFile(chartJsUmdPath(), join(task, CHART_JS_BUNDLE_FILE));
    const chart = await chartJsBesideHandler(bundle);
    expect(chart.source).toContain('Chart.js v');
    expect(chart.source).not.toMatch(/sourceMappingURL/);
  });
});
