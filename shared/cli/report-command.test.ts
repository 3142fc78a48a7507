// `psa-scan report` in-process through runCli, from a real folder store of the recorded fleet
// (scanner-made snapshots, shared/report/report.test-support.ts) into a real folder. The S3 side
// (store and output in a bucket) is test/integration/report-s3.test.ts.
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { capturedIo } from '../../test/cli/captured-io.ts';
import { parseFleetReportJson } from '../report/fleet-report-json.ts';
import { RECORDED_REPORT_TIME, recordedFleetStore } from '../report/report.test-support.ts';
import { NO_ENVIRONMENT, type CliEnvironment } from './cli-environment.ts';
import { runCli } from './run-cli.ts';

const AT_REPORT_TIME: CliEnvironment = { ...NO_ENVIRONMENT, now: () => RECORDED_REPORT_TIME, scannerVersion: '9.9.9' };
const FOLDER = 'reports/fleet/date=2026-11-28/20261128T060000.000Z';

async function report(args: string[], environment = AT_REPORT_TIME): Promise<{ status: number; stdout: string; stderr: string }> {
  const captured = capturedIo();
  const status = await runCli(['report', ...args], captured.io, environment);
  return { status, stdout: captured.stdout(), stderr: captured.stderr() };
}

async function outputFolder(): Promise<{ path: string; [Symbol.asyncDispose](): Promise<void> }> {
  const path = await mkdtemp(join(tmpdir(), 'psa-report-out-'));
  return { path, [Symbol.asyncDispose]: () => rm(path, { recursive: true, force: true }) };
}

describe('psa-scan report', () => {
  it('writes fleet.json, fleet.csv and fleet.html and says where', async () => {
    await using store = await recordedFleetStore();
    await using out = await outputFolder();
    const { status, stdout, stderr } = await report(['--store', store.root, '--out', out.path, '--nights', '7']);
    expect(stderr).toBe('');
    expect(status).toBe(0);
    expect(stdout).toBe(
      `fleet report over 7 nights (2026-11-22 to 2026-11-28) from ${store.root}/: 2 clusters, 12 namespaces, 1 pod violating enforce in place, 1 workload blocking a target, 1 cluster not scanned on 2026-11-28\n` +
        ['json', 'csv', 'html'].map((format) => `wrote ${join(out.path, FOLDER, `fleet.${format}`)}\n`).join(''),
    );
    const json = parseFleetReportJson(await readFile(join(out.path, FOLDER, 'fleet.json'), 'utf8'), 'fleet.json');
    expect(json.ok && json.report.generator.version).toBe('9.9.9');
    expect(json.ok && json.report.clusters.length).toBe(2);
    expect(await readFile(join(out.path, FOLDER, 'fleet.csv'), 'utf8')).toMatch(/^"account","region","cluster"/);
    expect(await readFile(join(out.path, FOLDER, 'fleet.html'), 'utf8')).toMatch(/^<!doctype html>/);
  });

  it('prints the summary and the files as JSON', async () => {
    await using store = await recordedFleetStore();
    await using out = await outputFolder();
    const { status, stdout } = await report(['--store', store.root, '--out', out.path, '--nights', '3', '--format', 'json']);
    expect(status).toBe(0);
    const printed = JSON.parse(stdout) as { generatedAt: string; window: unknown; fleet: { clusters: number }; written: { format: string; key: string; location: string; bytes: number }[] };
    expect(printed.generatedAt).toBe('2026-11-28T06:00:00.000Z');
    expect(printed.window).toEqual({ nights: 3, from: '2026-11-26', to: '2026-11-28' });
    expect(printed.fleet.clusters).toBe(2);
    expect(printed.written.map((w) => w.key)).toEqual(['json', 'csv', 'html'].map((f) => `${FOLDER}/fleet.${f}`));
    for (const written of printed.written) expect((await readFile(written.location)).byteLength).toBe(written.bytes);
  });

  it('writes the same report again without complaint, but never replaces a different one (exit 2)', async () => {
    await using store = await recordedFleetStore();
    await using out = await outputFolder();
    expect((await report(['--store', store.root, '--out', out.path, '--nights', '7'])).status).toBe(0);
    expect((await report(['--store', store.root, '--out', out.path, '--nights', '7'])).status).toBe(0);
    const before = await readFile(join(out.path, FOLDER, 'fleet.json'), 'utf8');
    const { status, stdout, stderr } = await report(['--store', store.root, '--out', out.path, '--nights', '2']);
    expect(status).toBe(2);
    expect(stdout).toBe('');
    expect(stderr).toBe(`psa-scan report: ${join(out.path, FOLDER, 'fleet.json')}: a different report is already there; reports are never replaced\n`);
    expect(await readFile(join(out.path, FOLDER, 'fleet.json'), 'utf8')).toBe(before);
  });

  it('refuses a store that is not there instead of reporting an empty fleet', async () => {
    await using out = await outputFolder();
    const { status, stderr } = await report(['--store', join(out.path, 'no-such-store'), '--out', out.path]);
    expect(status).toBe(2);
    expect(stderr).toBe(`psa-scan report: ${join(out.path, 'no-such-store')}/: no such folder (not-found)\n`);
  });

  it.each([
    [['--out', '/tmp/x'], '--store is required: a folder or s3://BUCKET/PREFIX'],
    [['--store', '/tmp/x'], '--out is required: a folder or s3://BUCKET/PREFIX'],
    [['--store', '/tmp/x', '--out', 'gs://bucket/x'], '--out: gs://bucket/x: unsupported scheme gs://: give a folder or s3://bucket/prefix'],
    [['--store', '/tmp/x', '--out', '/tmp/y', '--nights', '0'], '--nights: Invalid value: "0": must be a whole number from 1 to 366'],
    [['--store', '/tmp/x', '--out', '/tmp/y', '--nights', '367'], '--nights: Invalid value: "367": must be a whole number from 1 to 366'],
    [['--store', '/tmp/x', '--out', '/tmp/y', '--format', 'csv'], '--format: Invalid value: "csv": must be one of text, json'],
  ])('exits 2 with the reason and the synopsis for %j', async (args, message) => {
    const { status, stdout, stderr } = await report(args);
    expect(status).toBe(2);
    expect(stdout).toBe('');
    expect(stderr.split('\n')[0]).toBe(`psa-scan report: ${message}`);
    expect(stderr).toContain('Usage: psa-scan report --store');
  });

  it('names the bad variable when the S3 client cannot be made', async () => {
    const { status, stderr } = await report(['--store', 's3://bucket/prefix', '--out', '/tmp/y'], { ...AT_REPORT_TIME, variables: { AWS_ENDPOINT_URL_S3: 'ftp://x' } });
    expect(status).toBe(2);
    expect(stderr).toBe('psa-scan report: AWS_ENDPOINT_URL_S3: "ftp://x" is not an http(s) URL\n');
  });

  it('has help, as a command option and as a help topic', async () => {
    const direct = await report(['--help']);
    const captured = capturedIo();
    expect(await runCli(['help', 'report'], captured.io, AT_REPORT_TIME)).toBe(0);
    expect(direct.status).toBe(0);
    expect(direct.stdout).toMatch(/^Usage: psa-scan report --store DIR\|s3:\/\/BUCKET\/PREFIX --out DIR\|s3:\/\/BUCKET\/PREFIX/);
    expect(captured.stdout()).toBe(direct.stdout);
  });
});
