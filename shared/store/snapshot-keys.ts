// Where things live in a store, the same for S3 (under the prefix) and a folder:
//
//   snapshots/account=A/region=R/cluster=N/date=YYYY-MM-DD/<startedAt>-<sha8>.json   the chain, write-once
//   staging/account=A/region=R/cluster=N/date=YYYY-MM-DD/<startedAt>-<sha8>.json     an append in flight
//   pointers/account=A/region=R/cluster=N/latest.json                                 the chain's head
//
// Hive-style partitions, so Athena (or any S3 tool) selects a cluster or a day by prefix. The time
// is the snapshot's startedAt (when its inventory was read; also its date partition), compacted to
// `20261129T044308.123Z`; the first 8 hex digits of the bytes' SHA-256 keep two scans that started
// in the same millisecond apart. Partition values are percent-escaped (as Hive escapes them, and
// like the notify reports' keys), so a `/` or `=` in a kubeconfig context name cannot add a level.
import type { ClusterIdentity } from '../fleet/cluster-identity.ts';

export const SNAPSHOTS = 'snapshots/';
export const STAGING = 'staging/';
export const POINTERS = 'pointers/';
const POINTER_FILE = 'latest.json';

function partitionValue(value: string): string {
  return encodeURIComponent(value.toWellFormed());
}

/** `account=A/region=R/cluster=N/` */
export function clusterPartition(cluster: ClusterIdentity): string {
  return `account=${partitionValue(cluster.account)}/region=${partitionValue(cluster.region)}/cluster=${partitionValue(cluster.name)}/`;
}

/** `2026-11-29T04:43:08.123Z` -> `20261129T044308.123Z` */
export function compactTime(iso: string): string {
  return iso.replace(/[-:]/g, '');
}

export function snapshotKey(cluster: ClusterIdentity, startedAt: string, sha256: string): string {
  return `${SNAPSHOTS}${clusterPartition(cluster)}date=${startedAt.slice(0, 10)}/${compactTime(startedAt)}-${sha256.slice(0, 8)}.json`;
}

/** The staging twin of a snapshot key. */
export function stagingKey(snapshotKeyValue: string): string {
  if (!snapshotKeyValue.startsWith(SNAPSHOTS)) throw new Error(`not a snapshot key: ${snapshotKeyValue}`);
  return `${STAGING}${snapshotKeyValue.slice(SNAPSHOTS.length)}`;
}

export function pointerKey(cluster: ClusterIdentity): string {
  return `${POINTERS}${clusterPartition(cluster)}${POINTER_FILE}`;
}

/** Where a cluster's snapshots are listed. */
export function clusterSnapshotsPrefix(cluster: ClusterIdentity): string {
  return `${SNAPSHOTS}${clusterPartition(cluster)}`;
}

const PARTITION = /^account=([^/]*)\/region=([^/]*)\/cluster=([^/]*)\/(.*)$/;
const SNAPSHOT_FILE = /^date=(\d{4}-\d{2}-\d{2})\/(\d{8}T\d{6}(?:\.\d+)?Z)-([0-9a-f]{8})\.json$/;

function decodePartition(value: string): string | undefined {
  try {
    return decodeURIComponent(value);
  } catch {
    return undefined;
  }
}

function parsePartition(rest: string): { cluster: ClusterIdentity; tail: string } | undefined {
  const match = PARTITION.exec(rest);
  if (match === null) return undefined;
  const [account, region, name] = [match[1], match[2], match[3]].map((v) => decodePartition(v ?? ''));
  if (account === undefined || region === undefined || name === undefined) return undefined;
  const cluster = { account, region, name };
  // Only the canonical spelling of a partition counts: `%41` for `A` would be a second name for one cluster.
  if (clusterPartition(cluster) !== rest.slice(0, rest.length - (match[4] ?? '').length)) return undefined;
  return { cluster, tail: match[4] ?? '' };
}

export interface ParsedSnapshotKey {
  readonly cluster: ClusterIdentity;
  readonly date: string;
  /** The compacted startedAt, `20261129T044308.123Z`. */
  readonly time: string;
  readonly sha8: string;
}

/** A key under snapshots/ in this layout, or undefined. */
export function parseSnapshotKey(key: string): ParsedSnapshotKey | undefined {
  if (!key.startsWith(SNAPSHOTS)) return undefined;
  const partition = parsePartition(key.slice(SNAPSHOTS.length));
  if (partition === undefined) return undefined;
  const file = SNAPSHOT_FILE.exec(partition.tail);
  if (file === null) return undefined;
  return { cluster: partition.cluster, date: file[1] ?? '', time: file[2] ?? '', sha8: file[3] ?? '' };
}

/** The cluster whose pointer this is, or undefined for any other key. */
export function parsePointerKey(key: string): ClusterIdentity | undefined {
  if (!key.startsWith(POINTERS)) return undefined;
  const partition = parsePartition(key.slice(POINTERS.length));
  return partition?.tail === POINTER_FILE ? partition.cluster : undefined;
}

/** The cluster a key under snapshots/ belongs to (even a key not in this layout), or undefined. */
export function clusterOfSnapshotsKey(key: string): ClusterIdentity | undefined {
  return key.startsWith(SNAPSHOTS) ? parsePartition(key.slice(SNAPSHOTS.length))?.cluster : undefined;
}

/** `Date.parse` of a compacted time, for ordering. */
export function compactTimeMillis(time: string): number {
  const m = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})(\.\d+)?Z$/.exec(time);
  if (m === null) return Number.NaN;
  return Date.parse(`${m[1]}-${m[2]}-${m[3]}T${m[4]}:${m[5]}:${m[6]}${m[7] ?? ''}Z`);
}
