// The S3 snapshot store when S3 fails: a bucket policy denying the writes (all of them, or only the
// final snapshot objects), moto stopped (SIGSTOP) at exact points of an append, and moto gone. Each
// time: a typed error that keeps the SDK's cause, a chain that verify finds intact (never a half-
// written snapshot, never a link to nothing), and a rerun that completes the chain. This file runs
// its own moto, so that stopping it touches no other test.
import { CreateBucketCommand, DeleteBucketPolicyCommand, PutBucketPolicyCommand, S3Client } from '@aws-sdk/client-s3';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../shared/cli/run-cli.ts';
import type { ClusterIdentity } from '../../shared/fleet/cluster-identity.ts';
import type { ClusterSnapshot } from '../../shared/snapshot/snapshot-schema.ts';
import { ChainedSnapshotStore } from '../../shared/store/chained-snapshot-store.ts';
import type { ObjectRole } from '../../shared/store/object-storage.ts';
import { S3ObjectStorage } from '../../shared/store/s3-object-storage.ts';
import { SnapshotStoreError } from '../../shared/store/snapshot-store-error.ts';
import { clusterSnapshotsPrefix } from '../../shared/store/snapshot-keys.ts';
import { verifyChain, type ChainReport } from '../../shared/store/verify-chain.ts';
import { capturedIo } from '../cli/captured-io.ts';
import { startMoto, type MotoServer } from '../harness/moto/moto-server.ts';
import { stopServer } from '../harness/servers-process.ts';
import { startServers, type Servers } from '../harness/servers.ts';
import { RecordingStorage } from './store-recording-storage.ts';
import { buildStoreCluster, scanStoreCluster, STORE_CLUSTER, STORE_POD_SECURITY } from './store-scans.ts';

const BUCKET = 'psa-store-faults';
const PREFIX = 'audit/';
const CREDENTIALS = { accessKeyId: 'testing', secretAccessKey: 'testing' };

describe('the S3 snapshot store when S3 fails', () => {
  let kube: Servers;
  let moto: MotoServer;
  let workDir: string;
  let s3: S3Client;

  beforeAll(async () => {
    workDir = await mkdtemp(join(tmpdir(), 'psa-store-faults-'));
    [kube, moto] = await Promise.all([startServers({ podSecurity: STORE_POD_SECURITY, moto: false }), startMoto(workDir, false)]);
    await buildStoreCluster(kube.adminKubeconfig);
    // Short timeouts and one retry: a stopped server must fail an append in seconds, not minutes.
    s3 = new S3Client({
      endpoint: moto.endpoint,
      region: 'eu-west-1',
      forcePathStyle: true,
      credentials: CREDENTIALS,
      maxAttempts: 2,
      // The SDK only warns about a request past its timeout unless told to throw.
      requestHandler: { requestTimeout: 1500, connectionTimeout: 1000, throwOnRequestTimeout: true },
    });
    await s3.send(new CreateBucketCommand({ Bucket: BUCKET, ObjectLockEnabledForBucket: true, CreateBucketConfiguration: { LocationConstraint: 'eu-west-1' } }));
  }, 180_000);

  afterAll(async () => {
    s3?.destroy();
    if (moto !== undefined) {
      resume();
      await stopServer(moto.process);
    }
    await kube?.stop();
    if (workDir !== undefined) await rm(workDir, { recursive: true, force: true });
  });

  /** SIGSTOP to moto's process group: it accepts connections (the kernel does) and answers nothing. */
  function pause(): void {
    process.kill(-moto.process.pid, 'SIGSTOP');
  }

  function resume(): void {
    if (!moto.process.hasExited()) process.kill(-moto.process.pid, 'SIGCONT');
  }

  function storage(): S3ObjectStorage {
    return new S3ObjectStorage({ client: s3, bucket: BUCKET, prefix: PREFIX, retention: { mode: 'COMPLIANCE', days: 1 } });
  }

  function store(): ChainedSnapshotStore {
    return new ChainedSnapshotStore(storage(), { initialDelayMs: 5, maxDelayMs: 50 });
  }

  /** A store that runs `hook` once, before the first write of an object in `role`. */
  function storeStoppingBefore(role: ObjectRole, hook: () => void): ChainedSnapshotStore {
    let done = false;
    const recording = new RecordingStorage(storage(), {
      before: (call) => {
        if (!done && call.role === role) {
          done = true;
          hook();
        }
      },
    });
    return new ChainedSnapshotStore(recording, { initialDelayMs: 5, maxDelayMs: 50 });
  }

  async function chainReport(cluster: ClusterIdentity): Promise<ChainReport> {
    const report = await verifyChain(store(), { select: (c) => c.name === cluster.name });
    const [chain] = report.clusters;
    if (chain === undefined) throw new Error(`no chain for ${cluster.name}`);
    return chain;
  }

  async function keysUnder(prefix: string): Promise<string[]> {
    return (await storage().list(prefix)).sort();
  }

  async function expectTypedError(promise: Promise<unknown>, kind: SnapshotStoreError['kind']): Promise<SnapshotStoreError> {
    const error = await promise.then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(SnapshotStoreError);
    expect(error).toMatchObject({ kind });
    expect((error as SnapshotStoreError).cause).toBeDefined();
    return error as SnapshotStoreError;
  }

  async function setPolicy(resource: string): Promise<void> {
    const policy = { Version: '2012-10-17', Statement: [{ Effect: 'Deny', Principal: '*', Action: 's3:PutObject', Resource: `arn:aws:s3:::${BUCKET}/${resource}` }] };
    await s3.send(new PutBucketPolicyCommand({ Bucket: BUCKET, Policy: JSON.stringify(policy) }));
  }

  it('a bucket policy denying every PutObject: denied, nothing written, the chain as it was; a rerun completes it', async () => {
    const cluster = { ...STORE_CLUSTER, name: 'deny-all' };
    const first = await store().append(await scanStoreCluster(kube, cluster));
    const snapshot = await scanStoreCluster(kube, cluster);
    await setPolicy('*');
    try {
      const error = await expectTypedError(store().append(snapshot), 'denied');
      expect(error.location).toMatch(new RegExp(`^s3://${BUCKET}/${PREFIX}staging/`));
      expect(error.cause).toMatchObject({ $metadata: { httpStatusCode: 403 } });
    } finally {
      await s3.send(new DeleteBucketPolicyCommand({ Bucket: BUCKET }));
    }
    expect(await chainReport(cluster)).toMatchObject({ length: 1, count: 1, pending: null, problems: [] });
    expect(await keysUnder(clusterSnapshotsPrefix(cluster))).toEqual([first.stored.key]);

    const rerun = await store().append(snapshot);
    expect(rerun).toMatchObject({ alreadyStored: false, previous: { key: first.stored.key } });
    expect(await chainReport(cluster)).toMatchObject({ length: 2, count: 2, pending: null, problems: [] });
  });

  it('a bucket policy denying only the final snapshot objects: denied after the pointer moved; the head is served from staging; a rerun finalises it', async () => {
    const cluster = { ...STORE_CLUSTER, name: 'deny-final' };
    const first = await store().append(await scanStoreCluster(kube, cluster));
    const snapshot = await scanStoreCluster(kube, cluster);
    await setPolicy(`${PREFIX}snapshots/*`);
    try {
      const error = await expectTypedError(store().append(snapshot), 'denied');
      expect(error.location).toMatch(new RegExp(`^s3://${BUCKET}/${PREFIX}snapshots/`));
      // The snapshot is whole, in the chain, readable: only its final, locked copy is missing.
      const head = await store().latest(cluster);
      expect(head?.snapshot.startedAt).toBe(snapshot.startedAt);
      expect(head?.snapshot.previous?.key).toBe(first.stored.key);
      expect(await chainReport(cluster)).toMatchObject({ length: 2, count: 2, pending: head?.key, problems: [] });
    } finally {
      await s3.send(new DeleteBucketPolicyCommand({ Bucket: BUCKET }));
    }
    const rerun = await store().append(snapshot);
    expect(rerun).toMatchObject({ alreadyStored: true, previous: { key: first.stored.key } });
    expect(await chainReport(cluster)).toMatchObject({ length: 2, count: 2, pending: null, problems: [] });
    expect(await keysUnder(clusterSnapshotsPrefix(cluster))).toEqual([first.stored.key, rerun.stored.key].sort());
    expect(await keysUnder(`staging/`)).toEqual([]);
  });

  for (const role of ['pointer', 'snapshot'] as const) {
    it(`moto stopped just before the ${role === 'pointer' ? 'pointer write' : 'final snapshot write'}: unavailable; after it resumes the chain is intact and a rerun completes it`, async () => {
      const cluster = { ...STORE_CLUSTER, name: `stopped-before-${role}` };
      const first = await store().append(await scanStoreCluster(kube, cluster));
      const snapshot: ClusterSnapshot = await scanStoreCluster(kube, cluster);
      try {
        const error = await expectTypedError(storeStoppingBefore(role, pause).append(snapshot), 'unavailable');
        expect(error.message).toMatch(/cannot be written/);
      } finally {
        resume();
      }
      // The request moto received before it stopped may still be applied now that it runs again:
      // either way the chain is whole (the new head at most pending), and nothing is half-written.
      const during = await chainReport(cluster);
      expect(during.problems).toEqual([]);
      expect([1, 2]).toContain(during.length);
      console.log(`stopped before the ${role} write: after moto resumed the chain held ${during.length} (pending: ${during.pending ?? 'none'})`);

      const rerun = await store().append(snapshot);
      expect(rerun.previous?.key).toBe(first.stored.key);
      const after = await chainReport(cluster);
      expect(after).toMatchObject({ length: 2, count: 2, pending: null, problems: [] });
      expect(await keysUnder(clusterSnapshotsPrefix(cluster))).toEqual([first.stored.key, rerun.stored.key].sort());
    }, 60_000);
  }

  it('moto gone: unavailable with the connection error as its cause; verify exits 2 saying so', async () => {
    const cluster = { ...STORE_CLUSTER, name: 'moto-gone' };
    await store().append(await scanStoreCluster(kube, cluster));
    const snapshot = await scanStoreCluster(kube, cluster);
    await stopServer(moto.process);
    const error = await expectTypedError(store().append(snapshot), 'unavailable');
    expect(error.message).toContain('cannot be read');

    const captured = capturedIo();
    const variables = { AWS_ENDPOINT_URL_S3: moto.endpoint, AWS_REGION: 'eu-west-1', AWS_ACCESS_KEY_ID: 'testing', AWS_SECRET_ACCESS_KEY: 'testing' };
    const status = await runCli(['verify', '--store', `s3://${BUCKET}/${PREFIX}`], captured.io, {
      variables,
      stdoutIsTerminal: false,
      stderrIsTerminal: false,
      now: () => new Date(),
      writeNewFile: () => Promise.reject(new Error('no files')),
      scannerVersion: '0.0.0-test',
    });
    expect(status).toBe(2);
    expect(captured.stdout()).toBe('');
    expect(captured.stderr()).toMatch(new RegExp(`^psa-scan verify: s3://${BUCKET}/${PREFIX}: cannot be read: .* \\(unavailable\\)\\n$`));
  }, 120_000);
});
