// `psa-scan report` from an S3 snapshot store to an S3 report prefix, on moto: the documents land
// with their media types and are never replaced, and what the report names as its sources is what
// an auditor finds in the store (the SHA-256 of each object's bytes; `psa-scan verify` intact).
// The store holds the recorded fleet (scanner-made snapshots, shared/report/report.test-support.ts).
import { createHash } from 'node:crypto';
import { CreateBucketCommand, GetObjectCommand, HeadObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { beforeAll, describe, expect, it } from 'vitest';
import type { CliEnvironment } from '../../shared/cli/cli-environment.ts';
import { runCli } from '../../shared/cli/run-cli.ts';
import { parseFleetReportJson } from '../../shared/report/fleet-report-json.ts';
import { RECORDED_REPORT_TIME, recordedFleetSnapshots } from '../../shared/report/report.test-support.ts';
import { createS3SnapshotStore } from '../../shared/store/s3-snapshot-store.ts';
import { capturedIo } from '../cli/captured-io.ts';
import { servers } from './support/kube.ts';

const STORE_BUCKET = 'psa-report-s3-test-store';
const STORE_PREFIX = 'fleet/';
const OUT_BUCKET = 'psa-report-s3-test-out';
const OUT_PREFIX = 'audit/';
const FOLDER = 'reports/fleet/date=2026-11-28/20261128T060000.000Z/';

function moto(): string {
  const endpoint = servers().motoEndpoint;
  if (endpoint === undefined) throw new Error('the harness was started without moto');
  return endpoint;
}

const s3 = new S3Client({ endpoint: moto(), region: 'eu-west-1', credentials: { accessKeyId: 'testing', secretAccessKey: 'testing' }, forcePathStyle: true });

const environment: CliEnvironment = {
  variables: { AWS_ENDPOINT_URL: moto(), AWS_REGION: 'eu-west-1', AWS_ACCESS_KEY_ID: 'testing', AWS_SECRET_ACCESS_KEY: 'testing' },
  stdoutIsTerminal: false,
  stderrIsTerminal: false,
  now: () => RECORDED_REPORT_TIME,
  writeNewFile: () => Promise.reject(new Error('report writes through its sink')),
  scannerVersion: '0.0.0-test',
};

async function cli(...args: string[]): Promise<{ status: number; stdout: string; stderr: string }> {
  const captured = capturedIo();
  const status = await runCli(args, captured.io, environment);
  return { status, stdout: captured.stdout(), stderr: captured.stderr() };
}

async function object(bucket: string, key: string): Promise<Uint8Array> {
  const body = (await s3.send(new GetObjectCommand({ Bucket: bucket, Key: key }))).Body;
  if (body === undefined) throw new Error(`s3://${bucket}/${key} has no body`);
  return body.transformToByteArray();
}

const STORE = `s3://${STORE_BUCKET}/${STORE_PREFIX}`;
const OUT = `s3://${OUT_BUCKET}/${OUT_PREFIX}`;

beforeAll(async () => {
  for (const Bucket of [STORE_BUCKET, OUT_BUCKET]) await s3.send(new CreateBucketCommand({ Bucket, CreateBucketConfiguration: { LocationConstraint: 'eu-west-1' } }));
  const store = createS3SnapshotStore({ client: s3, bucket: STORE_BUCKET, prefix: STORE_PREFIX });
  for (const snapshot of await recordedFleetSnapshots()) await store.append(snapshot);
});

describe('psa-scan report on S3', () => {
  it('writes the three documents under the report prefix, each with its media type, and says where', async () => {
    const { status, stdout, stderr } = await cli('report', '--store', STORE, '--out', OUT, '--nights', '7');
    expect(stderr).toBe('');
    expect(status).toBe(0);
    const lines = stdout.trimEnd().split('\n');
    expect(lines[0]).toMatch(new RegExp(`^fleet report over 7 nights \\(2026-11-22 to 2026-11-28\\) from ${STORE}: 2 clusters, 12 namespaces`));
    expect(lines.slice(1)).toEqual(['json', 'csv', 'html'].map((f) => `wrote ${OUT}${FOLDER}fleet.${f}`));
    const types = await Promise.all(['json', 'csv', 'html'].map(async (f) => (await s3.send(new HeadObjectCommand({ Bucket: OUT_BUCKET, Key: `${OUT_PREFIX}${FOLDER}fleet.${f}` }))).ContentType));
    expect(types).toEqual(['application/json', 'text/csv; charset=utf-8; header=present', 'text/html; charset=utf-8']);
  });

  it('names sources an auditor can check: each SHA-256 is that of the object in the store, and verify finds the chains intact', async () => {
    const text = new TextDecoder().decode(await object(OUT_BUCKET, `${OUT_PREFIX}${FOLDER}fleet.json`));
    const parsed = parseFleetReportJson(text, 'fleet.json');
    if (!parsed.ok) throw new Error(parsed.errors.join('\n'));
    expect(parsed.report.store).toBe(STORE);
    expect(parsed.report.sources).toHaveLength(8);
    for (const source of parsed.report.sources) {
      const bytes = await object(STORE_BUCKET, `${STORE_PREFIX}${source.key}`);
      expect(createHash('sha256').update(bytes).digest('hex'), source.key).toBe(source.sha256);
    }
    const verify = await cli('verify', '--store', STORE);
    expect(verify.status).toBe(0);
    expect(verify.stdout).toMatch(/2 clusters, 2 intact, 0 with problems\n$/);
  });

  it('writes the same report again without complaint, and never replaces one with other content', async () => {
    const before = await object(OUT_BUCKET, `${OUT_PREFIX}${FOLDER}fleet.json`);
    expect((await cli('report', '--store', STORE, '--out', OUT, '--nights', '7')).status).toBe(0);
    const other = await cli('report', '--store', STORE, '--out', OUT, '--nights', '2');
    expect(other.status).toBe(2);
    expect(other.stderr).toBe(`psa-scan report: ${OUT}${FOLDER}fleet.json: a different report is already there; reports are never replaced\n`);
    expect(await object(OUT_BUCKET, `${OUT_PREFIX}${FOLDER}fleet.json`)).toEqual(before);
  });

  it('refuses a bucket that is not there instead of reporting an empty fleet', async () => {
    const { status, stderr } = await cli('report', '--store', 's3://psa-report-s3-test-missing/fleet/', '--out', OUT);
    expect(status).toBe(2);
    expect(stderr).toMatch(/^psa-scan report: s3:\/\/psa-report-s3-test-missing\/fleet\/: .*\(not-found\)\n$/);
  });
});
