// The scanner-made snapshots in test/data/snapshots/store/ (recorded by test/integration/store-record-snapshots.ts)
// and a fresh folder store for each unit test.
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseSnapshotJson } from '../snapshot/snapshot-json.ts';
import type { ClusterSnapshot } from '../snapshot/snapshot-schema.ts';
import type { ChainedSnapshotStore } from './chained-snapshot-store.ts';
import { processLockOwner, type LockOwner } from './folder-lock.ts';
import { createFolderSnapshotStore } from './folder-snapshot-store.ts';

export const RECORDED = ['together-1', 'together-2', 'together-3', 'together-4', 'later-1', 'later-2'] as const;
export type RecordedName = (typeof RECORDED)[number];

export async function recorded(name: RecordedName): Promise<ClusterSnapshot> {
  const file = new URL(`../../test/data/snapshots/store/${name}.snapshot.json`, import.meta.url);
  const parsed = parseSnapshotJson(await readFile(file, 'utf8'), file.pathname);
  if (!parsed.ok) throw new Error(parsed.errors.join('\n'));
  return parsed.snapshot;
}

export const THIS_PROCESS: LockOwner = processLockOwner(process, hostname());

export interface TemporaryStore {
  readonly root: string;
  readonly store: ChainedSnapshotStore;
  [Symbol.asyncDispose](): Promise<void>;
}

/** `null`: opened without a lock owner (read-only). */
export async function temporaryFolderStore(owner: LockOwner | null = THIS_PROCESS): Promise<TemporaryStore> {
  const root = await mkdtemp(join(tmpdir(), 'psa-store-'));
  return {
    root,
    store: createFolderSnapshotStore({ root, ...(owner === null ? {} : { lockOwner: owner }), initialDelayMs: 1, maxDelayMs: 20 }),
    [Symbol.asyncDispose]: () => rm(root, { recursive: true, force: true }),
  };
}
