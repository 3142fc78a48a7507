// verifyChain on a real folder store holding a chain of six scanner-made snapshots, tampered with
// directly on disk the way someone with write access to the folder (or bucket) could.
import { chmod, mkdir, readFile, rm, unlink, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { ClusterIdentity } from '../fleet/cluster-identity.ts';
import { snapshotJson } from '../snapshot/snapshot-json.ts';
import type { ClusterSnapshot } from '../snapshot/snapshot-schema.ts';
import { sha256Hex } from './snapshot-digest.ts';
import { pointerKey, snapshotKey } from './snapshot-keys.ts';
import { pointerJson } from './snapshot-pointer.ts';
import type { StoredSnapshot } from './snapshot-store.ts';
import { RECORDED, recorded, temporaryFolderStore, type TemporaryStore } from './store.test-support.ts';
import { verifyChain, type ChainProblem } from './verify-chain.ts';

const CLUSTER: ClusterIdentity = { account: '123456789012', region: 'eu-west-1', name: 'store-chain' };

/** A store whose chain holds the six recorded scans, oldest first; returns the chain oldest first. */
async function chainOfSix(): Promise<TemporaryStore & { chain: StoredSnapshot[] }> {
  const t = await temporaryFolderStore();
  const chain: StoredSnapshot[] = [];
  for (const name of RECORDED) chain.push((await t.store.append(await recorded(name))).stored);
  return Object.assign(t, { chain });
}

async function overwrite(root: string, key: string, content: string | Uint8Array): Promise<void> {
  const path = join(root, key);
  await mkdir(dirname(path), { recursive: true });
  await chmod(path, 0o644).catch(() => {});
  await writeFile(path, content);
}

function kinds(problems: readonly ChainProblem[]): string[] {
  return problems.map((p) => `${p.kind} ${p.key.split('/').at(-1)}`);
}

function file(stored: StoredSnapshot): string {
  return stored.key.split('/').at(-1) ?? '';
}

describe('verifyChain', () => {
  it('finds an untouched chain intact: its length, count and first and last times', async () => {
    await using t = await chainOfSix();
    const { chain } = t;
    const report = await verifyChain(t.store);
    expect(report).toMatchObject({ intact: true, strays: [] });
    expect(report.clusters).toEqual([
      { cluster: CLUSTER, length: 6, count: 6, first: chain[0]?.snapshot.startedAt, last: chain[5]?.snapshot.startedAt, pending: null, problems: [] },
    ]);
  });

  it('reports an altered snapshot: its bytes no longer match the SHA-256 its successor recorded', async () => {
    await using t = await chainOfSix();
    const { chain } = t;
    const victim = chain[2] as StoredSnapshot;
    await overwrite(t.root, victim.key, new TextDecoder().decode(victim.bytes).replace('"blocked-at-target": 0', '"blocked-at-target": 9'));
    const report = await verifyChain(t.store);
    expect(report.intact).toBe(false);
    expect(kinds(report.clusters[0]?.problems ?? [])).toEqual([`altered ${file(victim)}`]);
    expect(report.clusters[0]?.problems[0]?.message).toContain(`${file(chain[3] as StoredSnapshot)} recorded ${victim.sha256}`);
  });

  it('reports a deleted snapshot as a gap, and the older ones as beyond it', async () => {
    await using t = await chainOfSix();
    const { chain } = t;
    const victim = chain[3] as StoredSnapshot;
    await unlink(join(t.root, victim.key));
    const report = await verifyChain(t.store);
    expect(kinds(report.clusters[0]?.problems ?? [])).toEqual([
      `gap ${file(victim)}`,
      ...chain
        .slice(0, 3)
        .map((s) => `unchained ${file(s)}`)
        .sort(),
    ]);
    expect(report.clusters[0]).toMatchObject({ length: 2, count: 6 });
  });

  it('reports the head removed and the pointer set back to its predecessor as a deletion (the count)', async () => {
    await using t = await chainOfSix();
    const { chain } = t;
    const head = chain[5] as StoredSnapshot;
    const before = chain[4] as StoredSnapshot;
    await unlink(join(t.root, head.key));
    await overwrite(
      t.root,
      pointerKey(CLUSTER),
      pointerJson({ cluster: CLUSTER, key: before.key, sha256: before.sha256, count: 6, startedAt: before.snapshot.startedAt, finishedAt: before.snapshot.finishedAt }),
    );
    const report = await verifyChain(t.store);
    expect(report.clusters[0]?.problems).toEqual([
      expect.objectContaining({ kind: 'deletion', message: expect.stringContaining('the pointer counts 6 snapshots, but the chain from it holds 5: 1 removed from its far end') }),
    ]);
  });

  it('reports the head and its predecessor with swapped contents: altered, misplaced, and the predecessor cut out of the chain', async () => {
    await using t = await chainOfSix();
    const { chain } = t;
    const [a, b] = [chain[4] as StoredSnapshot, chain[5] as StoredSnapshot];
    await overwrite(t.root, a.key, b.bytes);
    await overwrite(t.root, b.key, a.bytes);
    const problems = (await verifyChain(t.store)).clusters[0]?.problems ?? [];
    // The head's key now holds its predecessor, which links past itself: the walk never reaches a's key.
    expect(kinds(problems)).toEqual([`altered ${file(b)}`, `misplaced ${file(b)}`, 'deletion latest.json', `unchained ${file(a)}`]);
  });

  it('reports a chain rewritten in another order with every hash recomputed: a link pointing forward in time', async () => {
    await using t = await chainOfSix();
    const { chain } = t;
    // later-2 moved before later-1: every link and the pointer are consistent, only time betrays it.
    const order: ClusterSnapshot[] = [chain[0], chain[1], chain[2], chain[3], chain[5], chain[4]].map((s) => (s as StoredSnapshot).snapshot);
    await rm(join(t.root, 'snapshots'), { recursive: true, force: true });
    let previous: ClusterSnapshot['previous'] = null;
    let last: { key: string; sha256: string; snapshot: ClusterSnapshot } | undefined;
    for (const snapshot of order) {
      const document = { ...snapshot, previous };
      const bytes = new TextEncoder().encode(snapshotJson(document));
      const sha256 = sha256Hex(bytes);
      const key = snapshotKey(CLUSTER, snapshot.startedAt, sha256);
      await overwrite(t.root, key, bytes);
      previous = { key, sha256 };
      last = { key, sha256, snapshot };
    }
    if (last === undefined) throw new Error('no chain');
    await overwrite(t.root, pointerKey(CLUSTER), pointerJson({ cluster: CLUSTER, key: last.key, sha256: last.sha256, count: 6, startedAt: last.snapshot.startedAt, finishedAt: last.snapshot.finishedAt }));
    const problems = (await verifyChain(t.store)).clusters[0]?.problems ?? [];
    expect(problems).toEqual([
      expect.objectContaining({ kind: 'reorder', message: expect.stringMatching(/finished 2026-11-29T05:28:37.113Z\) links forward to .*20261129T052837.116Z-/) }),
    ]);
  });

  it('reports a cluster with snapshots but no pointer, and objects the chain does not reach', async () => {
    await using t = await chainOfSix();
    const { chain } = t;
    const other = { ...CLUSTER, name: 'other' };
    await overwrite(t.root, snapshotKey(other, '2026-11-29T05:28:37.005Z', 'f'.repeat(64)), (chain[0] as StoredSnapshot).bytes);
    await overwrite(t.root, 'snapshots/account=123456789012/region=eu-west-1/cluster=store-chain/date=2026-11-29/extra.json', '{}');
    await overwrite(t.root, 'snapshots/README.txt', 'not a snapshot');
    const report = await verifyChain(t.store);
    expect(report.intact).toBe(false);
    expect(report.strays.map((p) => p.key)).toEqual(['snapshots/README.txt']);
    expect(report.clusters.map((c) => [c.cluster.name, kinds(c.problems)])).toEqual([
      ['other', ['deletion latest.json']],
      ['store-chain', ['unchained extra.json']],
    ]);
  });

  it('verifies only the selected clusters', async () => {
    await using t = await chainOfSix();
    await overwrite(t.root, 'snapshots/README.txt', 'not a snapshot');
    const report = await verifyChain(t.store, { select: (c) => c.name === 'store-chain' });
    expect(report).toMatchObject({ intact: true, strays: [] });
    expect((await verifyChain(t.store, { select: () => false })).clusters).toEqual([]);
  });

  it('reports an unreadable pointer', async () => {
    await using t = await chainOfSix();
    await overwrite(t.root, pointerKey(CLUSTER), '{"kind":');
    const [cluster] = (await verifyChain(t.store)).clusters;
    expect(cluster).toMatchObject({ count: null, length: 0 });
    expect(kinds(cluster?.problems ?? [])).toEqual(['unreadable latest.json']);
  });

  it('fails on a folder that does not exist instead of finding it empty', async () => {
    const t = await temporaryFolderStore();
    await t[Symbol.asyncDispose]();
    await expect(verifyChain(t.store)).rejects.toMatchObject({ kind: 'not-found' });
  });

  it('finds a chain with no problems after its snapshots were read back in full', async () => {
    await using t = await chainOfSix();
    const { chain } = t;
    for (const stored of chain) expect(sha256Hex(new Uint8Array(await readFile(join(t.root, stored.key))))).toBe(stored.sha256);
  });
});
