// The ad-hoc what-if Lambda on the local flow's clusters: after a nightly run, an operator's
// invocation reaches prod-eu as the scan does (member role, DescribeCluster, EKS token against the
// real kube-apiserver v1.37), stores the what-if of the upgrade to v1.38 under whatif/ in the
// snapshot bucket and answers where it is and its summary; the nightly chain (pointers, snapshots)
// is byte for byte as it was. Requests it cannot serve fail naming the field, and write nothing.
import { createHash } from 'node:crypto';
import { GetObjectCommand, HeadObjectCommand, ListObjectsV2Command } from '@aws-sdk/client-s3';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AdhocResult } from '../../lambdas/adhoc/adhoc-what-if.ts';
import type { ClusterIdentity } from '../../shared/fleet/cluster-identity.ts';
import { clusterPartition } from '../../shared/store/snapshot-keys.ts';
import { parseWhatIfJson } from '../../shared/whatif/what-if-json.ts';
import type { UpgradeWhatIf } from '../../shared/whatif/what-if-schema.ts';
import { FLEET, SCANNED_CLUSTERS } from './support/fleet-clusters.ts';
import { startFleetFlow, type FleetFlow } from './support/fleet-flow.ts';
import { startFleetJob } from './support/fleet-job-functions.ts';
import { LambdaInvokeError, type LocalLambda } from './support/local-lambda.ts';

const identity = (c: ClusterIdentity): ClusterIdentity => ({ account: c.account, region: c.region, name: c.name });
const [PROD] = SCANNED_CLUSTERS.map(identity) as [ClusterIdentity];
const SANDBOX = identity(FLEET.find((c) => c.namespaces.length === 0) as ClusterIdentity);
const RUN = new Date(Math.floor(Date.now() / 60_000) * 60_000);

describe('the ad-hoc what-if Lambda on the local flow', () => {
  let workDir: string;
  let flow: FleetFlow;
  let adhoc: LocalLambda;
  let before: Map<string, string>;
  let after: Map<string, string>;
  let result: AdhocResult;
  let stored: { bytes: Uint8Array; whatIf: UpgradeWhatIf };
  const refusals: Record<string, LambdaInvokeError> = {};
  let afterRefusals: Map<string, string>;

  /** Every object of the bucket with its ETag. */
  async function objects(): Promise<Map<string, string>> {
    const found = new Map<string, string>();
    let token: string | undefined;
    do {
      const page = await flow.aws.s3.send(new ListObjectsV2Command({ Bucket: flow.aws.bucket, ContinuationToken: token }));
      for (const o of page.Contents ?? []) found.set(o.Key ?? '', o.ETag ?? '');
      token = page.NextContinuationToken;
    } while (token !== undefined);
    return found;
  }

  async function refused(name: string, event: unknown): Promise<void> {
    const error = await adhoc.invoke(event).then(
      () => new Error('served'),
      (e: unknown) => e,
    );
    if (!(error instanceof LambdaInvokeError)) throw error;
    refusals[name] = error;
  }

  beforeAll(async () => {
    workDir = await mkdtemp(join(tmpdir(), 'psa-adhoc-e2e-'));
    flow = await startFleetFlow({ workDir });
    adhoc = await startFleetJob(flow, 'adhoc', { workDir });
    await flow.run(RUN);

    before = await objects();
    result = await adhoc.invoke<AdhocResult>({ cluster: PROD, toVersion: '1.38', requestId: 'change-4711' });
    after = await objects();
    const body = await (await flow.aws.s3.send(new GetObjectCommand({ Bucket: flow.aws.bucket, Key: result.stored.key }))).Body?.transformToByteArray();
    const parsed = parseWhatIfJson(new TextDecoder().decode(body), result.stored.key);
    if (!parsed.ok || body === undefined) throw new Error(`the stored what-if does not read: ${parsed.ok ? 'no body' : parsed.errors.join('; ')}`);
    stored = { bytes: body, whatIf: parsed.whatIf };

    await refused('downgrade', { cluster: PROD, toVersion: 'v1.36' });
    await refused('unknown account', { cluster: { ...PROD, account: '999999999999' }, toVersion: '1.38' });
    await refused('opted out', { cluster: SANDBOX, toVersion: '1.38' });
    await refused('bad request', { cluster: { name: PROD.name }, toVersion: 'next' });
    afterRefusals = await objects();
  }, 300_000);

  afterAll(async () => {
    await adhoc?.stop();
    await flow?.stop();
    if (workDir !== undefined) await rm(workDir, { recursive: true, force: true });
  });

  it('stores one document under whatif/ in the cluster\'s partition, and answers its key, location and SHA-256', () => {
    const added = [...after.keys()].filter((key) => !before.has(key));
    expect(added).toEqual([result.stored.key]);
    expect(result.stored.key).toMatch(new RegExp(`^whatif/${clusterPartition(PROD)}date=\\d{4}-\\d{2}-\\d{2}/\\d{8}T\\d{6}\\.\\d{3}Z-to-v1\\.38-[0-9a-f]{8}\\.json$`));
    expect(result.stored).toMatchObject({ location: `s3://${flow.aws.bucket}/${result.stored.key}`, alreadyStored: false });
    expect(result.stored.sha256).toBe(createHash('sha256').update(stored.bytes).digest('hex'));
    expect(result.stored.key).toContain(`-${result.stored.sha256.slice(0, 8)}.json`);
  });

  it('answers the summary and the upgrade of the stored document, made for this request on the real v1.37 apiserver', () => {
    expect(result).toMatchObject({ requestId: 'change-4711', cluster: PROD, outcome: 'complete' });
    expect(result.summary).toEqual(stored.whatIf.summary);
    expect(result.upgrade).toEqual(stored.whatIf.upgrade);
    expect(stored.whatIf).toMatchObject({ requestId: 'change-4711', cluster: { ...PROD, version: { minor: 37 } }, upgrade: { from: 'v1.37', to: 'v1.38' }, outcome: 'complete' });
    expect(stored.whatIf.scan.namespaces).toBe((FLEET.find((c) => c.name === PROD.name)?.namespaces.length ?? 0) + 4);
  });

  it('leaves the nightly chain as it was: no pointer or snapshot written or replaced, every chain intact', async () => {
    const chain = (objects: Map<string, string>): Array<[string, string]> => [...objects].filter(([key]) => key.startsWith('pointers/') || key.startsWith('snapshots/') || key.startsWith('staging/'));
    expect(chain(after)).toEqual(chain(before));
    expect(chain(before).length).toBeGreaterThan(0);
    expect((await flow.latest(PROD))?.snapshot.runId).toBe(RUN.toISOString());
    const verified = await flow.verify();
    expect(verified.intact).toBe(true);
    expect(verified.clusters.map((c) => [c.cluster.name, c.length])).toEqual(SCANNED_CLUSTERS.map((c) => [c.name, 1]));
  });

  it('writes the what-if with the KMS key and the Object Lock retention snapshots get', async () => {
    const head = await flow.aws.s3.send(new HeadObjectCommand({ Bucket: flow.aws.bucket, Key: result.stored.key }));
    expect(head).toMatchObject({ ServerSideEncryption: 'aws:kms', SSEKMSKeyId: flow.aws.kmsKeyId, ObjectLockMode: 'GOVERNANCE', ContentType: 'application/json' });
  });

  it('refuses a downgrade, a cluster outside FLEET_CONFIG, an opted-out cluster and a malformed request, naming the field, and writes nothing for them', () => {
    expect(Object.fromEntries(Object.entries(refusals).map(([name, e]) => [name, e.errorType]))).toEqual({
      downgrade: 'AdhocRequestError',
      'unknown account': 'AdhocRequestError',
      'opted out': 'AdhocRequestError',
      'bad request': 'AdhocRequestError',
    });
    expect(refusals['downgrade']?.message).toMatch(/toVersion: the cluster runs v1\.37\.\d+, newer than v1\.36: a what-if is for an upgrade/);
    expect(refusals['unknown account']?.message).toContain(`cluster: 999999999999/${PROD.region}/${PROD.name} is not in the fleet this function reaches: the item names no role`);
    expect(refusals['opted out']?.message).toContain(`cluster: ${SANDBOX.account}/${SANDBOX.region}/${SANDBOX.name} is not scanned: it is opted out (tag psa-fleet-scanner/opt-out=true)`);
    expect(refusals['bad request']?.message).toContain('cluster.account: ');
    expect(refusals['bad request']?.message).toContain('cluster.region: ');
    expect(afterRefusals).toEqual(after);
  });
});
