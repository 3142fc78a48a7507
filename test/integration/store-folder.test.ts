// The folder snapshot store's atomicity (ours, unlike moto's): the same 20-writer test as on S3,
// with 20 scans of one cluster appended at once in one process and from 20 processes, and a lock
// left by a killed process. Snapshots come from the real scanner on this file's own apiserver.
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../shared/cli/run-cli.ts';
import { NO_ENVIRONMENT } from '../../shared/cli/cli-environment.ts';
import type { ClusterIdentity } from '../../shared/fleet/cluster-identity.ts';
import { snapshotJson } from '../../shared/snapshot/snapshot-json.ts';
import type { ClusterSnapshot } from '../../shared/snapshot/snapshot-schema.ts';
import type { ChainedSnapshotStore } from '../../shared/store/chained-snapshot-store.ts';
import { processLockOwner } from '../../shared/store/folder-lock.ts';
import { createFolderSnapshotStore } from '../../shared/store/folder-snapshot-store.ts';
import { verifyChain } from '../../shared/store/verify-chain.ts';
import { capturedIo } from '../cli/captured-io.ts';
import { startServers, type Servers } from '../harness/servers.ts';
import { buildStoreCluster, scanStoreCluster, scanTogether, STORE_CLUSTER, STORE_POD_SECURITY } from './store-scans.ts';

const WRITERS = 20;
const WORKER = new URL('./store-append-worker.ts', import.meta.url).pathname;
const OWNER = processLockOwner(process, hostname());

interface Appended {
  readonly key: string;
  readonly previous: string | null;
}

/** The chain oldest first, and a check that every append is in it once, after the predecessor it reported. */
async function expectChainOf(store: ChainedSnapshotStore, cluster: ClusterIdentity, appended: readonly Appended[]): Promise<string[]> {
  const chain = (await store.history(cluster)).map((s) => s.key).reverse();
  expect(chain).toHaveLength(appended.length);
  expect(new Set(chain)).toEqual(new Set(appended.map((a) => a.key)));
  for (const append of appended) {
    const at = chain.indexOf(append.key);
    expect(append.previous).toBe(at === 0 ? null : chain[at - 1]);
  }
  const report = await verifyChain(store, { select: (c) => c.name === cluster.name });
  expect(report.clusters).toEqual([expect.objectContaining({ length: appended.length, count: appended.length, pending: null, problems: [] })]);
  return chain;
}

function lineReader(child: ChildProcess): AsyncIterator<string> {
  if (child.stdout === null) throw new Error('no stdout');
  return createInterface({ input: child.stdout })[Symbol.asyncIterator]();
}

async function nextLine(lines: AsyncIterator<string>, what: string): Promise<string> {
  const next = await lines.next();
  if (next.done === true) throw new Error(`the worker exited before ${what}`);
  return next.value;
}

describe('the folder snapshot store under concurrent writers', () => {
  let kube: Servers;
  let root: string;

  beforeAll(async () => {
    kube = await startServers({ podSecurity: STORE_POD_SECURITY, moto: false });
    await buildStoreCluster(kube.adminKubeconfig);
    root = await mkdtemp(join(tmpdir(), 'psa-store-folder-'));
  });

  afterAll(async () => {
    await kube?.stop();
    if (root !== undefined) await rm(root, { recursive: true, force: true });
  });

  it(`chains ${WRITERS} concurrent appends in one process in order, losing none`, async () => {
    const cluster = { ...STORE_CLUSTER, name: 'in-process' };
    const snapshots = await scanTogether(kube, WRITERS, cluster);
    const store = createFolderSnapshotStore({ root, lockOwner: OWNER, maxRetries: 500, initialDelayMs: 1, maxDelayMs: 50 });
    const results = await Promise.all(snapshots.map((s) => store.append(s)));
    await expectChainOf(store, cluster, results.map((r) => ({ key: r.stored.key, previous: r.previous?.key ?? null })));
  }, 120_000);

  it(`chains ${WRITERS} appends from ${WRITERS} processes started together in order, losing none`, async () => {
    const cluster = { ...STORE_CLUSTER, name: 'processes' };
    const snapshots = await scanTogether(kube, WRITERS, cluster);
    const files = await Promise.all(
      snapshots.map(async (snapshot: ClusterSnapshot, i) => {
        const file = join(root, `input-${i}.json`);
        await writeFile(file, snapshotJson(snapshot));
        return file;
      }),
    );
    const workers = files.map((file) => spawn(process.execPath, [WORKER, 'append', root, file], { stdio: ['pipe', 'pipe', 'inherit'] }));
    try {
      const lines = workers.map(lineReader);
      for (const reader of lines) expect(await nextLine(reader, 'ready')).toBe('ready');
      for (const worker of workers) worker.stdin?.write('go\n');
      const appended = await Promise.all(lines.map(async (reader) => JSON.parse(await nextLine(reader, 'its result')) as Appended & { alreadyStored: boolean }));
      expect(appended.every((a) => !a.alreadyStored)).toBe(true);
      const exits = await Promise.all(workers.map(async (w) => (w.exitCode ?? (await once(w, 'exit'))[0]) as number));
      expect(exits).toEqual(workers.map(() => 0));
      const store = createFolderSnapshotStore({ root });
      await expectChainOf(store, cluster, appended);
    } finally {
      for (const worker of workers) if (worker.exitCode === null) worker.kill('SIGKILL');
    }
  }, 180_000);

  it('breaks the pointer lock of a writer killed while holding it, and chains on', async () => {
    const cluster = { ...STORE_CLUSTER, name: 'killed-writer' };
    const store = createFolderSnapshotStore({ root, lockOwner: OWNER, lockTimeoutMs: 10_000 });
    const first = await store.append(await scanStoreCluster(kube, cluster));
    const holder = spawn(process.execPath, [WORKER, 'hold-lock', root, JSON.stringify(cluster)], { stdio: ['ignore', 'pipe', 'inherit'] });
    expect(await nextLine(lineReader(holder), 'locking')).toBe('locked');
    const lockFolder = join(root, 'pointers', 'account=123456789012', 'region=eu-west-1', 'cluster=killed-writer');
    expect(await readdir(lockFolder)).toContain('latest.json.lock');
    holder.kill('SIGKILL');
    await once(holder, 'exit');

    const second = await store.append(await scanStoreCluster(kube, cluster));
    expect(second.previous?.key).toBe(first.stored.key);
    expect(await readdir(lockFolder)).toEqual(['latest.json']);
    await expectChainOf(store, cluster, [
      { key: first.stored.key, previous: null },
      { key: second.stored.key, previous: first.stored.key },
    ]);
  }, 60_000);

  it('psa-scan verify finds the whole folder intact (exit 0)', async () => {
    const captured = capturedIo();
    const status = await runCli(['verify', '--store', root], captured.io, NO_ENVIRONMENT);
    expect(captured.stderr()).toBe('');
    expect(captured.stdout()).toContain('3 clusters, 3 intact, 0 with problems');
    expect(status).toBe(0);
  });
});
