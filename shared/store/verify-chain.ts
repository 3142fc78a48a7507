// `psa-scan verify`: walks each cluster's chain from its pointer and judges what it finds. Problems:
//   gap        a link (from the pointer or a snapshot) names an object that is not there
//   altered    an object's SHA-256 differs from the one its link recorded
//   reorder    a link points forward in time (the linked snapshot started after the linking one
//              finished), or the chain loops
//   deletion   the pointer counts more (or fewer) snapshots than the chain holds, or a cluster has
//              snapshots but no pointer
//   unchained  an object under snapshots/ that the chain does not reach
//   misplaced  a snapshot whose key does not match its content (cluster, start time, SHA-256)
//   unreadable a pointer or snapshot that does not parse
// A head whose append was interrupted after its pointer write is read from staging and reported as
// pending, not as a problem: the next append finalises it (chained-snapshot-store.ts).
import type { ClusterIdentity } from '../fleet/cluster-identity.ts';
import { parseSnapshotJson } from '../snapshot/snapshot-json.ts';
import type { ClusterSnapshot } from '../snapshot/snapshot-schema.ts';
import { sha256Hex } from './snapshot-digest.ts';
import { clusterOfSnapshotsKey, compactTime, compactTimeMillis, parseSnapshotKey, pointerKey } from './snapshot-keys.ts';
import type { ParsedPointer } from './snapshot-pointer.ts';

/** The raw, read-only view of a store that verify walks (ChainedSnapshotStore implements it). */
export interface ChainInspection {
  readonly location: string;
  locate(key: string): string;
  /** Throws SnapshotStoreError when the store itself cannot be read (no such bucket or folder). */
  probe(): Promise<void>;
  pointerClusters(): Promise<ClusterIdentity[]>;
  /** Every key under snapshots/, or under one cluster's partition. */
  snapshotKeys(cluster?: ClusterIdentity): Promise<string[]>;
  pointer(cluster: ClusterIdentity): Promise<ParsedPointer | undefined>;
  bytes(key: string): Promise<Uint8Array | undefined>;
  /** The staged copy of a snapshot key (an append in flight or interrupted). */
  staged(key: string): Promise<Uint8Array | undefined>;
}

export const CHAIN_PROBLEM_KINDS = ['gap', 'altered', 'reorder', 'deletion', 'unchained', 'misplaced', 'unreadable'] as const;
export type ChainProblemKind = (typeof CHAIN_PROBLEM_KINDS)[number];

export interface ChainProblem {
  readonly kind: ChainProblemKind;
  /** The store key the problem is about. */
  readonly key: string;
  readonly message: string;
}

export interface ChainReport {
  readonly cluster: ClusterIdentity;
  /** Objects reached from the pointer (readable or not). */
  readonly length: number;
  /** What the pointer counts; null without a readable pointer. */
  readonly count: number | null;
  /** The newest and oldest reached snapshots' startedAt; null for none. */
  readonly last: string | null;
  readonly first: string | null;
  /** The head's key when it is only staged (an interrupted append the next one completes). */
  readonly pending: string | null;
  readonly problems: readonly ChainProblem[];
}

export interface VerifyReport {
  readonly location: string;
  readonly clusters: readonly ChainReport[];
  /** Objects under snapshots/ outside any cluster partition of the layout. */
  readonly strays: readonly ChainProblem[];
  readonly intact: boolean;
}

export interface VerifyOptions {
  /** Which clusters to verify (default all). */
  readonly select?: (cluster: ClusterIdentity) => boolean;
}

const text = new TextDecoder('utf-8', { fatal: false });

function clusterId(cluster: ClusterIdentity): string {
  return JSON.stringify([cluster.account, cluster.region, cluster.name]);
}

function compareClusters(a: ClusterIdentity, b: ClusterIdentity): number {
  return clusterId(a) < clusterId(b) ? -1 : clusterId(a) > clusterId(b) ? 1 : 0;
}

export async function verifyChain(store: ChainInspection, options: VerifyOptions = {}): Promise<VerifyReport> {
  const select = options.select ?? ((): boolean => true);
  await store.probe();
  const allKeys = await store.snapshotKeys();
  const byCluster = new Map<string, ClusterIdentity>();
  const strays: ChainProblem[] = [];
  for (const cluster of await store.pointerClusters()) byCluster.set(clusterId(cluster), cluster);
  for (const key of allKeys) {
    const cluster = clusterOfSnapshotsKey(key);
    if (cluster === undefined) strays.push({ kind: 'unchained', key, message: `${store.locate(key)} is under snapshots/ but outside every cluster partition` });
    else byCluster.set(clusterId(cluster), cluster);
  }
  const clusters = [...byCluster.values()].filter(select).sort(compareClusters);
  const reports: ChainReport[] = [];
  for (const cluster of clusters) reports.push(await verifyCluster(store, cluster));
  const intact = reports.every((r) => r.problems.length === 0) && (options.select !== undefined || strays.length === 0);
  return { location: store.location, clusters: reports, strays: options.select === undefined ? strays : [], intact };
}

async function verifyCluster(store: ChainInspection, cluster: ClusterIdentity): Promise<ChainReport> {
  const problems: ChainProblem[] = [];
  const listed = await store.snapshotKeys(cluster);
  const parsedPointer = await store.pointer(cluster);
  const empty = { cluster, length: 0, last: null, first: null, pending: null };
  const pointerAt = pointerKey(cluster);
  if (parsedPointer === undefined) {
    problems.push({ kind: 'deletion', key: pointerAt, message: `${store.locate(pointerAt)} is missing: ${listed.length} snapshot(s) of this cluster are reachable from no chain head` });
    return { ...empty, count: null, problems };
  }
  if (!parsedPointer.ok) {
    problems.push({ kind: 'unreadable', key: pointerAt, message: `${store.locate(pointerAt)}: ${parsedPointer.errors.join('; ')}` });
    return { ...empty, count: null, problems };
  }
  const pointer = parsedPointer.pointer;

  const chain: string[] = [];
  const seen = new Set<string>();
  let pending: string | null = null;
  let last: string | null = null;
  let first: string | null = null;
  let link: { key: string; sha256: string } | null = { key: pointer.key, sha256: pointer.sha256 };
  let successor: { key: string; snapshot: ClusterSnapshot } | undefined;
  let complete = false;
  while (link !== null) {
    const from = successor === undefined ? `the pointer ${store.locate(pointerAt)}` : store.locate(successor.key);
    const where = store.locate(link.key);
    if (seen.has(link.key)) {
      problems.push({ kind: 'reorder', key: link.key, message: `${where} is linked again from ${from}: the chain loops` });
      break;
    }
    seen.add(link.key);
    const keyTime = parseSnapshotKey(link.key)?.time;
    const forwardByKey = successor !== undefined && keyTime !== undefined && compactTimeMillis(keyTime) > Date.parse(successor.snapshot.finishedAt);
    if (forwardByKey && successor !== undefined) {
      problems.push({ kind: 'reorder', key: link.key, message: `${from} (finished ${successor.snapshot.finishedAt}) links forward to ${where}, whose key says it started later` });
    }

    let bytes = await store.bytes(link.key);
    if (bytes === undefined && successor === undefined) {
      bytes = await store.staged(link.key);
      if (bytes !== undefined) pending = link.key;
    }
    if (bytes === undefined) {
      problems.push({ kind: 'gap', key: link.key, message: `${where} is missing (linked from ${from})` });
      break;
    }
    chain.push(link.key);
    const sha256 = sha256Hex(bytes);
    if (sha256 !== link.sha256) {
      problems.push({ kind: 'altered', key: link.key, message: `${where} has SHA-256 ${sha256}, but ${from} recorded ${link.sha256}: its bytes changed after it was chained` });
    }
    const parsed = parseSnapshotJson(text.decode(bytes), 'document');
    if (!parsed.ok) {
      const more = parsed.errors.length > 3 ? `; and ${parsed.errors.length - 3} more` : '';
      problems.push({ kind: 'unreadable', key: link.key, message: `${where} is not a snapshot: ${parsed.errors.slice(0, 3).join('; ')}${more}` });
      break;
    }
    const snapshot = parsed.snapshot;
    last ??= snapshot.startedAt;
    first = snapshot.startedAt;
    problems.push(...misplacement(store, link.key, snapshot, cluster, sha256, sha256 === link.sha256));
    if (!forwardByKey && successor !== undefined && Date.parse(snapshot.startedAt) > Date.parse(successor.snapshot.finishedAt)) {
      problems.push({
        kind: 'reorder',
        key: link.key,
        message: `${where} started at ${snapshot.startedAt}, after ${from} (linked to it as its successor) finished at ${successor.snapshot.finishedAt}`,
      });
    }
    successor = { key: link.key, snapshot };
    link = snapshot.previous;
    if (link === null) complete = true;
  }

  if (complete && chain.length !== pointer.count) {
    const message =
      chain.length < pointer.count
        ? `the pointer counts ${pointer.count} snapshots, but the chain from it holds ${chain.length}: ${pointer.count - chain.length} removed from its far end`
        : `the pointer counts ${pointer.count} snapshots, but the chain from it holds ${chain.length}`;
    problems.push({ kind: 'deletion', key: pointerAt, message });
  }
  const inChain = new Set(chain);
  for (const key of listed.sort()) {
    if (!inChain.has(key)) {
      problems.push({ kind: 'unchained', key, message: `${store.locate(key)} is under snapshots/ but the chain does not reach it${complete ? '' : ' (it may lie beyond the break above)'}` });
    }
  }
  return { cluster, length: chain.length, count: pointer.count, last, first, pending, problems };
}

function misplacement(store: ChainInspection, key: string, snapshot: ClusterSnapshot, cluster: ClusterIdentity, sha256: string, linkHolds: boolean): ChainProblem[] {
  const where = store.locate(key);
  const { account, region, name } = snapshot.cluster;
  if (account !== cluster.account || region !== cluster.region || name !== cluster.name) {
    return [{ kind: 'misplaced', key, message: `${where} is a snapshot of ${account}/${region}/${name}, in the chain of ${cluster.account}/${cluster.region}/${cluster.name}` }];
  }
  const parsed = parseSnapshotKey(key);
  if (parsed === undefined) return [{ kind: 'misplaced', key, message: `${where} is not a snapshot key of this store's layout` }];
  const problems: ChainProblem[] = [];
  if (parsed.cluster.account !== account || parsed.cluster.region !== region || parsed.cluster.name !== name) {
    problems.push({ kind: 'misplaced', key, message: `${where} is under the partition of ${parsed.cluster.account}/${parsed.cluster.region}/${parsed.cluster.name}, not of its own cluster` });
  }
  if (parsed.time !== compactTime(snapshot.startedAt)) {
    problems.push({ kind: 'misplaced', key, message: `${where}: the key says the scan started at ${parsed.time}, the snapshot says ${snapshot.startedAt}` });
  }
  // When the link's SHA-256 already fails, `altered` says it; a key naming other bytes than its link is a forged name.
  if (linkHolds && parsed.sha8 !== sha256.slice(0, 8)) {
    problems.push({ kind: 'misplaced', key, message: `${where}: the key names SHA-256 ${parsed.sha8}…, the bytes have ${sha256.slice(0, 8)}…` });
  }
  return problems;
}
