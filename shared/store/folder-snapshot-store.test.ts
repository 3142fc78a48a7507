// The chain protocol on a real folder, with scanner-made snapshots (test/data/snapshots/store/). Crashes inside an
// append are injected by a storage wrapper that fails one call, since a disk cannot be told to fail
// exactly there; everything else is the real file system.
import { chmod, readFile, readdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { ClusterIdentity } from '../fleet/cluster-identity.ts';
import { ChainedSnapshotStore } from './chained-snapshot-store.ts';
import { FolderObjectStorage } from './folder-object-storage.ts';
import type { ObjectStorage } from './object-storage.ts';
import { sha256Hex } from './snapshot-digest.ts';
import { pointerKey, stagingKey } from './snapshot-keys.ts';
import { SnapshotStoreError } from './snapshot-store-error.ts';
import { recorded, temporaryFolderStore, THIS_PROCESS } from './store.test-support.ts';
import { verifyChain } from './verify-chain.ts';

const CLUSTER: ClusterIdentity = { account: '123456789012', region: 'eu-west-1', name: 'store-chain' };

async function filesUnder(root: string, folder: string): Promise<string[]> {
  const entries = await readdir(join(root, folder), { recursive: true, withFileTypes: true }).catch(() => []);
  return entries.filter((e) => e.isFile()).map((e) => e.name).sort();
}

/** The real folder storage with one method replaced (its other methods bound to it). */
function overriding(root: string, method: 'create' | 'replace', replacement: (real: FolderObjectStorage, ...args: unknown[]) => Promise<unknown>): ObjectStorage {
  const real = new FolderObjectStorage({ root, lockOwner: THIS_PROCESS });
  return new Proxy(real, {
    get(target, property) {
      const value = Reflect.get(target, property, target) as unknown;
      if (property === method) return (...args: unknown[]) => replacement(target, ...args);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
}

/** A folder storage whose `method` fails once, on the call `when` picks (by key and object role). */
function failingOnce(root: string, method: 'create' | 'replace', when: (key: string, role: string) => boolean): ObjectStorage {
  let failed = false;
  return overriding(root, method, async (real, ...args) => {
    const [key, , ...rest] = args as [string, Uint8Array, ...string[]];
    if (!failed && when(key, rest.at(-1) ?? '')) {
      failed = true;
      throw new SnapshotStoreError('unavailable', key, 'injected: the process died here');
    }
    return (real[method] as (...a: unknown[]) => Promise<unknown>).apply(real, args);
  });
}

describe('the folder snapshot store', () => {
  it('stores a first snapshot with no predecessor, under the Hive-style key of its start time and hash', async () => {
    await using t = await temporaryFolderStore();
    const snapshot = await recorded('together-1');
    const { stored, previous, alreadyStored } = await t.store.append(snapshot);
    expect(previous).toBeUndefined();
    expect(alreadyStored).toBe(false);
    expect(stored.snapshot.previous).toBeNull();
    expect(stored.key).toBe(`snapshots/account=123456789012/region=eu-west-1/cluster=store-chain/date=2026-11-29/20261129T052837.005Z-${stored.sha256.slice(0, 8)}.json`);
    const onDisk = new Uint8Array(await readFile(join(t.root, stored.key)));
    expect(sha256Hex(onDisk)).toBe(stored.sha256);
    expect(new TextDecoder().decode(onDisk)).toBe(new TextDecoder().decode(stored.bytes));
    expect((await t.store.latest(CLUSTER))?.key).toBe(stored.key);
    expect(JSON.parse(await readFile(join(t.root, pointerKey(CLUSTER)), 'utf8'))).toMatchObject({ key: stored.key, sha256: stored.sha256, count: 1 });
    expect(await filesUnder(t.root, 'staging')).toEqual([]);
  });

  it('chains each snapshot to the SHA-256 of the one before, and walks the chain newest first', async () => {
    await using t = await temporaryFolderStore();
    const first = await t.store.append(await recorded('together-1'));
    const second = await t.store.append(await recorded('later-1'));
    const third = await t.store.append(await recorded('later-2'));
    expect(second.previous?.key).toBe(first.stored.key);
    expect(second.stored.snapshot.previous).toEqual({ key: first.stored.key, sha256: first.stored.sha256 });
    expect(third.stored.snapshot.previous).toEqual({ key: second.stored.key, sha256: second.stored.sha256 });
    expect((await t.store.history(CLUSTER)).map((s) => s.key)).toEqual([third.stored.key, second.stored.key, first.stored.key]);
    expect((await t.store.history(CLUSTER, 2)).map((s) => s.key)).toEqual([third.stored.key, second.stored.key]);
    expect((await t.store.read(second.stored.key)).sha256).toBe(second.stored.sha256);
    expect(await t.store.clusters()).toEqual([CLUSTER]);
  });

  it('chains racing appends one after the other: each lands once, after the one it reports as its predecessor', async () => {
    await using t = await temporaryFolderStore();
    const snapshots = await Promise.all((['together-1', 'together-2', 'together-3', 'together-4'] as const).map(recorded));
    const results = await Promise.all(snapshots.map((s) => t.store.append(s)));
    const chain = (await t.store.history(CLUSTER)).map((s) => s.key).reverse();
    expect(chain).toHaveLength(4);
    expect(new Set(results.map((r) => r.stored.key))).toEqual(new Set(chain));
    for (const result of results) {
      const at = chain.indexOf(result.stored.key);
      expect(result.previous?.key).toBe(at === 0 ? undefined : chain[at - 1]);
    }
    expect((await verifyChain(t.store)).intact).toBe(true);
  });

  it('stores nothing for a retried append of the scan that is already the latest', async () => {
    await using t = await temporaryFolderStore();
    const first = await t.store.append(await recorded('together-1'));
    const second = await t.store.append(await recorded('later-1'));
    const retried = await t.store.append(await recorded('later-1'));
    expect(retried).toMatchObject({ alreadyStored: true, stored: { key: second.stored.key, sha256: second.stored.sha256 }, previous: { key: first.stored.key } });
    expect(await filesUnder(t.root, 'snapshots')).toHaveLength(2);
  });

  it('refuses a scan that finished before the latest one started, and leaves the chain as it was', async () => {
    await using t = await temporaryFolderStore();
    const newer = await t.store.append(await recorded('later-2'));
    const error = await t.store.append(await recorded('later-1')).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SnapshotStoreError);
    expect(error).toMatchObject({ kind: 'out-of-order' });
    expect((await t.store.history(CLUSTER)).map((s) => s.key)).toEqual([newer.stored.key]);
    expect(await filesUnder(t.root, 'staging')).toEqual([]);
  });

  it('after a crash between the pointer write and the final write, serves the head from staging and completes it on the next append', async () => {
    await using t = await temporaryFolderStore();
    const first = await t.store.append(await recorded('together-1'));
    const crashing = new ChainedSnapshotStore(failingOnce(t.root, 'create', (_key, role) => role === 'snapshot'));
    const error = await crashing.append(await recorded('later-1')).catch((e: unknown) => e);
    expect(error).toMatchObject({ kind: 'unavailable' });

    const head = await t.store.latest(CLUSTER);
    expect(head?.snapshot.startedAt).toBe('2026-11-29T05:28:37.094Z');
    expect(await filesUnder(t.root, 'snapshots')).toHaveLength(1);
    const report = await verifyChain(t.store);
    expect(report.intact).toBe(true);
    expect(report.clusters[0]).toMatchObject({ length: 2, count: 2, pending: head?.key });

    const third = await t.store.append(await recorded('later-2'));
    expect(third.previous?.key).toBe(head?.key);
    expect((await t.store.history(CLUSTER)).map((s) => s.key)).toEqual([third.stored.key, head?.key, first.stored.key]);
    expect(await filesUnder(t.root, 'snapshots')).toHaveLength(3);
    expect(await filesUnder(t.root, 'staging')).toEqual([]);
    expect((await verifyChain(t.store)).clusters[0]).toMatchObject({ length: 3, pending: null, problems: [] });
  });

  it('after a crash before the pointer write, leaves the chain as it was; a rerun completes it', async () => {
    await using t = await temporaryFolderStore();
    await t.store.append(await recorded('together-1'));
    const crashing = new ChainedSnapshotStore(failingOnce(t.root, 'replace', () => true));
    await expect(crashing.append(await recorded('later-1'))).rejects.toMatchObject({ kind: 'unavailable' });
    expect(await t.store.history(CLUSTER)).toHaveLength(1);
    expect((await verifyChain(t.store)).intact).toBe(true);
    const rerun = await t.store.append(await recorded('later-1'));
    expect(rerun.alreadyStored).toBe(false);
    expect(await t.store.history(CLUSTER)).toHaveLength(2);
    expect(await filesUnder(t.root, 'staging')).toEqual([]);
  });

  it('gives up with conflict-exhausted when the pointer keeps moving, chaining nothing', async () => {
    await using t = await temporaryFolderStore();
    const alwaysLosing = overriding(t.root, 'replace', async () => 'conflict');
    const store = new ChainedSnapshotStore(alwaysLosing, { maxRetries: 3, initialDelayMs: 1, maxDelayMs: 2 });
    await expect(store.append(await recorded('together-1'))).rejects.toMatchObject({ kind: 'conflict-exhausted', message: expect.stringContaining('4 times') });
    expect(await filesUnder(t.root, 'snapshots')).toEqual([]);
    expect(await filesUnder(t.root, 'staging')).toEqual([]);
  });

  it('refuses to chain onto a head whose bytes were altered', async () => {
    await using t = await temporaryFolderStore();
    const first = await t.store.append(await recorded('together-1'));
    const path = join(t.root, first.stored.key);
    await chmod(path, 0o644);
    await writeFile(path, (await readFile(path, 'utf8')).replace('"complete"', '"degraded"'));
    await expect(t.store.append(await recorded('later-1'))).rejects.toMatchObject({ kind: 'corrupt', message: expect.stringContaining('altered') });
    await expect(t.store.latest(CLUSTER)).rejects.toMatchObject({ kind: 'corrupt' });
  });

  it('writes snapshots read-only and never replaces one', async () => {
    await using t = await temporaryFolderStore();
    const { stored } = await t.store.append(await recorded('together-1'));
    const storage = new FolderObjectStorage({ root: t.root, lockOwner: THIS_PROCESS });
    expect(await storage.create(stored.key, new TextEncoder().encode('{}'), 'snapshot')).toBe('exists');
    expect(sha256Hex(new Uint8Array(await readFile(join(t.root, stored.key))))).toBe(stored.sha256);
    expect((await import('node:fs/promises').then((fs) => fs.stat(join(t.root, stored.key)))).mode & 0o777).toBe(0o444);
    expect(await readdir(join(t.root, stored.key, '..'))).toEqual([stored.key.split('/').at(-1)]);
  });

  it('opened without a lock owner, refuses to append and writes nothing', async () => {
    await using t = await temporaryFolderStore(null);
    await expect(t.store.append(await recorded('together-1'))).rejects.toMatchObject({ kind: 'rejected', message: expect.stringContaining('read-only') });
    expect(await filesUnder(t.root, 'snapshots')).toEqual([]);
    expect(await filesUnder(t.root, 'pointers')).toEqual([]);
  });

  it('reads the staged head by its key while its append is interrupted, and nothing else', async () => {
    await using t = await temporaryFolderStore();
    const crashing = new ChainedSnapshotStore(failingOnce(t.root, 'create', (_key, role) => role === 'snapshot'));
    await expect(crashing.append(await recorded('together-1'))).rejects.toMatchObject({ kind: 'unavailable' });
    const head = await t.store.latest(CLUSTER);
    expect(head).toBeDefined();
    expect((await t.store.read(head?.key ?? '')).sha256).toBe(head?.sha256);
    expect(await readFile(join(t.root, stagingKey(head?.key ?? '')), 'utf8')).toContain('"startedAt"');
    await expect(t.store.read(head?.key.replace('.json', '0.json') ?? '')).rejects.toMatchObject({ kind: 'not-found' });
  });
});
