// What-ifs in a real folder store, beside a nightly chain: written once under whatif/, read back
// with their bytes checked, and never touching the chain (its pointer bytes and verify's report
// are the same before and after). The same store over S3 is proven on moto in
// test/integration/whatif-v137.test.ts.
import { chmod, readFile, readdir, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { v1 } from '../pss/version.ts';
import { assessUpgrade } from '../whatif/assess-upgrade.ts';
import type { UpgradeWhatIf } from '../whatif/what-if-schema.ts';
import { admissionConfig, clusterPolicy, deployment, HOST_PROBE_SPEC, inventory, namespace, snapshotOf } from '../whatif/what-if.test-support.ts';
import { FolderObjectStorage } from './folder-object-storage.ts';
import { pointerKey } from './snapshot-keys.ts';
import { SnapshotStoreError } from './snapshot-store-error.ts';
import { recorded, temporaryFolderStore } from './store.test-support.ts';
import { verifyChain } from './verify-chain.ts';
import { openWhatIfStore } from './what-if-store.ts';

async function whatIfFor(cluster: { account: string; region: string; name: string }, startedAt = '2026-11-29T04:43:08.123Z'): Promise<UpgradeWhatIf> {
  const read = inventory(33, [deployment(namespace('shop', { 'pod-security.kubernetes.io/enforce': 'baseline' }), 'api', 1, HOST_PROBE_SPEC)]);
  const snapshot = { ...snapshotOf(read), startedAt, cluster: { ...snapshotOf(read).cluster, ...cluster } };
  return assessUpgrade({ snapshot, inventory: read, policy: clusterPolicy(admissionConfig()), upgradeTo: v1(34), requestId: null, finishedAt: '2026-11-29T04:44:00.000Z' });
}

const noS3 = { s3Client: () => { throw new Error('a folder store needs no S3 client'); } };

describe('the what-if store in a folder', () => {
  it('writes once under whatif/, read-only, and reads back the same document', async () => {
    await using folder = await temporaryFolderStore();
    const store = openWhatIfStore({ kind: 'folder', path: folder.root }, noS3);
    const whatIf = await whatIfFor({ account: '111122223333', region: 'eu-west-1', name: 'prod' });
    const { stored, alreadyStored } = await store.put(whatIf);
    expect(alreadyStored).toBe(false);
    expect(stored.key).toMatch(/^whatif\/account=111122223333\/region=eu-west-1\/cluster=prod\/date=2026-11-29\/20261129T044308\.123Z-to-v1\.34-[0-9a-f]{8}\.json$/);
    expect(stored.key.slice(-13, -5)).toBe(stored.sha256.slice(0, 8));
    const file = join(folder.root, ...stored.key.split('/'));
    expect((await stat(file)).mode & 0o777).toBe(0o444);
    expect(new Uint8Array(await readFile(file))).toEqual(stored.bytes);
    expect((await store.read(stored.key)).whatIf).toEqual(whatIf);
    expect(await store.list({ account: '111122223333', region: 'eu-west-1', name: 'prod' })).toEqual([stored.key]);
  });

  it('stores a retried write of the same document once', async () => {
    await using folder = await temporaryFolderStore();
    const store = openWhatIfStore({ kind: 'folder', path: folder.root }, noS3);
    const whatIf = await whatIfFor({ account: 'local', region: 'local', name: 'kind' });
    const first = await store.put(whatIf);
    const second = await store.put(whatIf);
    expect(second).toMatchObject({ alreadyStored: true, stored: { key: first.stored.key, sha256: first.stored.sha256 } });
    expect(await store.list({ account: 'local', region: 'local', name: 'kind' })).toHaveLength(1);
  });

  it('refuses to read a document altered after it was written', async () => {
    await using folder = await temporaryFolderStore();
    const store = openWhatIfStore({ kind: 'folder', path: folder.root }, noS3);
    const { stored } = await store.put(await whatIfFor({ account: 'local', region: 'local', name: 'kind' }));
    const file = join(folder.root, ...stored.key.split('/'));
    await chmod(file, 0o644);
    await writeFile(file, (await readFile(file, 'utf8')).replace('"newlyRejectedPods": 1', '"newlyRejectedPods": 0'));
    const error = await store.read(stored.key).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SnapshotStoreError);
    expect((error as SnapshotStoreError).kind).toBe('corrupt');
    expect((error as SnapshotStoreError).message).toMatch(/altered after it was written$/);
  });

  it('leaves the nightly chain as it was: pointer bytes, snapshots and verify report', async () => {
    await using folder = await temporaryFolderStore();
    const snapshot = await recorded('together-1');
    await folder.store.append(snapshot);
    const cluster = { account: snapshot.cluster.account, region: snapshot.cluster.region, name: snapshot.cluster.name };
    const pointer = async (): Promise<Uint8Array | undefined> => (await new FolderObjectStorage({ root: folder.root }).get(pointerKey(cluster)))?.bytes;
    const listing = async (): Promise<string[]> => (await readdir(folder.root, { recursive: true })).filter((p) => !p.startsWith('whatif')).sort();
    const [pointerBefore, filesBefore, reportBefore] = [await pointer(), await listing(), await verifyChain(folder.store)];

    const store = openWhatIfStore({ kind: 'folder', path: folder.root }, noS3);
    await store.put(await whatIfFor(cluster, new Date(Date.parse(snapshot.finishedAt) + 60_000).toISOString()));

    expect(await pointer()).toEqual(pointerBefore);
    expect(await listing()).toEqual(filesBefore);
    expect(await verifyChain(folder.store)).toEqual(reportBefore);
    expect(reportBefore.intact).toBe(true);
    expect((await folder.store.history(cluster)).map((s) => s.key)).toHaveLength(1);
  });
});
