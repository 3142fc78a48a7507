// The nightly fleet report Lambda as it is deployed: the handler bundled by esbuild with the
// stack's options (infra/lambda-bundling.ts: ESM, minified, the AWS SDK inside) into one
// index.mjs, Chart.js's browser build copied beside it (what the stack's afterBundling hook does),
// run in a process of its own after two runs of the local flow. It writes fleet.json, fleet.csv and
// fleet.html under reports/fleet/ in the snapshot bucket (moto), and the JSON names the snapshots it
// was built from with SHA-256 that match the stored objects. The same bundle without Chart.js beside
// it fails its cold start naming the file.
import { createHash } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GetObjectCommand } from '@aws-sdk/client-s3';
import { build } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BUNDLE_FILE, copyBesideBundle, esbuildOptions } from '../../infra/lambda-bundling.ts';
import { filesBesideBundle } from '../../infra/scanner-stack.ts';
import { CHART_JS_BUNDLE_FILE } from '../../lambdas/report/chart-js-beside-handler.ts';
import type { ReportRunResult } from '../../lambdas/report/fleet-report-run.ts';
import { parseFleetReportJson } from '../../shared/report/fleet-report-json.ts';
import type { FleetReport } from '../../shared/report/fleet-report-schema.ts';
import { REPO_ROOT } from '../support/paths.ts';
import { SCANNED_CLUSTERS } from './support/fleet-clusters.ts';
import { startFleetFlow, type FleetFlow } from './support/fleet-flow.ts';
import { startFleetJob } from './support/fleet-job-functions.ts';
import { LambdaInvokeError, type LocalLambda } from './support/local-lambda.ts';

const MINUTE = 60_000;
const T0 = Math.floor(Date.now() / MINUTE) * MINUTE;

interface StoredObject {
  readonly bytes: Uint8Array;
  readonly contentType: string | undefined;
  readonly kmsKeyId: string | undefined;
}

describe('the fleet report Lambda, bundled as deployed', () => {
  let workDir: string;
  let flow: FleetFlow;
  let report: LocalLambda;
  let result: ReportRunResult;
  let again: ReportRunResult;
  let documents: Record<'json' | 'csv' | 'html', StoredObject>;
  let fleetReport: FleetReport;
  let withoutChart: unknown;
  const scheduledTime = new Date(T0 + 5 * MINUTE);

  async function object(key: string): Promise<StoredObject> {
    const response = await flow.aws.s3.send(new GetObjectCommand({ Bucket: flow.aws.bucket, Key: key }));
    return { bytes: (await response.Body?.transformToByteArray()) ?? new Uint8Array(), contentType: response.ContentType, kmsKeyId: response.SSEKMSKeyId };
  }

  beforeAll(async () => {
    workDir = await mkdtemp(join(tmpdir(), 'psa-report-e2e-'));
    const bundled = join(workDir, 'bundle');
    const bare = join(workDir, 'bundle-without-chart');
    for (const outdir of [bundled, bare]) await build(esbuildOptions(join(REPO_ROOT, 'lambdas', 'report', 'handler.ts'), outdir));
    // What the stack's afterBundling hook does (infra/lambda-bundling.ts).
    await copyBesideBundle(filesBesideBundle('report'), bundled);

    flow = await startFleetFlow({ workDir });
    await flow.run(new Date(T0));
    await flow.run(new Date(T0 + MINUTE));

    report = await startFleetJob(flow, 'report', { workDir, handlerModule: join(bundled, BUNDLE_FILE) });
    result = await report.invoke<ReportRunResult>({ trigger: 'schedule', scheduledTime: scheduledTime.toISOString() });
    // The Scheduler delivering the same event again (or Lambda retrying it).
    again = await report.invoke<ReportRunResult>({ trigger: 'schedule', scheduledTime: scheduledTime.toISOString() });
    documents = { json: await object(result.keys.json), csv: await object(result.keys.csv), html: await object(result.keys.html) };
    const parsed = parseFleetReportJson(new TextDecoder().decode(documents.json.bytes), result.keys.json);
    if (!parsed.ok) throw new Error(parsed.errors.join('\n'));
    fleetReport = parsed.report;

    withoutChart = await startFleetJob(flow, 'report', { workDir, handlerModule: join(bare, BUNDLE_FILE) }).then(
      async (started) => {
        await started.stop();
        return new Error('the bundle without Chart.js started');
      },
      (error: unknown) => error,
    );
  }, 300_000);

  afterAll(async () => {
    await report?.stop();
    await flow?.stop();
    if (workDir !== undefined) await rm(workDir, { recursive: true, force: true });
  });

  it("writes the three documents under reports/fleet/ at the schedule's time and returns their keys", () => {
    const folder = `reports/fleet/date=${scheduledTime.toISOString().slice(0, 10)}/${scheduledTime.toISOString().replace(/[-:]/g, '')}/`;
    expect(result).toMatchObject({
      generatedAt: scheduledTime.toISOString(),
      trigger: 'schedule',
      keys: { json: `${folder}fleet.json`, csv: `${folder}fleet.csv`, html: `${folder}fleet.html` },
      locations: { json: `s3://${flow.aws.bucket}/${folder}fleet.json`, csv: `s3://${flow.aws.bucket}/${folder}fleet.csv`, html: `s3://${flow.aws.bucket}/${folder}fleet.html` },
      clusters: SCANNED_CLUSTERS.length,
      stale: 0,
    });
  });

  it('stores each with its media type and the store key', () => {
    expect(documents.json.contentType).toBe('application/json');
    expect(documents.csv.contentType).toBe('text/csv; charset=utf-8; header=present');
    expect(documents.html.contentType).toBe('text/html; charset=utf-8');
    expect(Object.values(documents).map((d) => d.kmsKeyId)).toEqual([flow.aws.kmsKeyId, flow.aws.kmsKeyId, flow.aws.kmsKeyId]);
  });

  it('names every snapshot it was built from with the SHA-256 of the stored object', async () => {
    expect(fleetReport.sources.length).toBe(result.sources);
    for (const cluster of SCANNED_CLUSTERS) {
      const history = await flow.history(cluster);
      expect(fleetReport.sources.filter((s) => s.cluster.name === cluster.name).map((s) => s.key).sort()).toEqual(history.map((s) => s.key).sort());
    }
    for (const source of fleetReport.sources) {
      const stored = await object(source.key);
      expect(source.sha256).toBe(createHash('sha256').update(stored.bytes).digest('hex'));
    }
    expect(fleetReport.store).toBe(`s3://${flow.aws.bucket}/`);
    expect((await flow.verify()).intact).toBe(true);
  });

  it('gives the HTML page the charts inline: Chart.js from beside the bundle, no script fetched', () => {
    const html = new TextDecoder().decode(documents.html.bytes);
    expect(html).toContain('Chart.js v4.');
    expect(html).not.toMatch(/<script[^>]*\ssrc=/i);
    const csvRows = new TextDecoder().decode(documents.csv.bytes).trim().split('\n');
    expect(csvRows.length).toBeGreaterThan(SCANNED_CLUSTERS.length);
  });

  it('writes the same report again when the same schedule event comes twice', () => {
    expect(again).toEqual(result);
  });

  it('fails the cold start of a bundle without Chart.js beside it, naming the file', () => {
    expect(withoutChart).toBeInstanceOf(LambdaInvokeError);
    expect((withoutChart as LambdaInvokeError).errorType).toBe('ChartLibraryError');
    expect((withoutChart as Error).message).toContain(join(workDir, 'bundle-without-chart', CHART_JS_BUNDLE_FILE));
  });
});
