// Reads what a fleet report needs from a snapshot store, through the SnapshotStore port: for every
// cluster its latest snapshot, the one before it in the chain (what the changes are against), and
// the last snapshot of each night of the window, reduced to its counts as it is read.
//
// Each cluster's chain is walked newest first from its pointer, link by link, and stops at the
// first link whose key dates it before the window (its date partition, snapshot-keys.ts), so a
// long history costs nothing beyond the window. Every link's SHA-256 is checked against what the
// newer snapshot recorded: a report never shows bytes the chain does not vouch for.
import pLimit from 'p-limit';
import { clusterLabel, type ClusterIdentity } from '../fleet/cluster-identity.ts';
import { parseSnapshotKey } from '../store/snapshot-keys.ts';
import { SnapshotStoreError } from '../store/snapshot-store-error.ts';
import type { SnapshotStore, StoredSnapshot } from '../store/snapshot-store.ts';
import type { NightPoint } from './fleet-report-schema.ts';
import { nightPoint } from './night-point.ts';
import { inWindow, nightOf, type ReportWindow } from './report-window.ts';

export interface ClusterHistory {
  readonly cluster: ClusterIdentity;
  readonly latest: StoredSnapshot;
  /** The snapshot before the latest in its chain; undefined for a cluster's first. */
  readonly previous: StoredSnapshot | undefined;
  /** The last snapshot started on each night of the window that has one, oldest first. */
  readonly nights: readonly NightPoint[];
}

export interface ReadFleetHistoryOptions {
  readonly window: ReportWindow;
  /** Clusters read at once (default 8). */
  readonly concurrency?: number;
}

function locate(store: SnapshotStore, key: string): string {
  return `${store.location.endsWith('/') ? store.location : `${store.location}/`}${key}`;
}

async function readLink(store: SnapshotStore, link: { readonly key: string; readonly sha256: string }, from: StoredSnapshot): Promise<StoredSnapshot> {
  const stored = await store.read(link.key);
  if (stored.sha256 !== link.sha256) {
    throw new SnapshotStoreError('corrupt', locate(store, link.key), `its SHA-256 is ${stored.sha256}, but ${from.key} records ${link.sha256} (run psa-scan verify)`);
  }
  return stored;
}

async function readCluster(store: SnapshotStore, cluster: ClusterIdentity, window: ReportWindow): Promise<ClusterHistory | undefined> {
  const latest = await store.latest(cluster);
  if (latest === undefined) return undefined;
  // Newest first, so the first snapshot met for a night is the last one started that night.
  const nights = new Map<string, NightPoint>();
  const note = (stored: StoredSnapshot): void => {
    const point = nightPoint(stored);
    if (inWindow(window, point.night) && !nights.has(point.night)) nights.set(point.night, point);
  };
  note(latest);
  let previous: StoredSnapshot | undefined;
  let newer = latest;
  for (let link = latest.snapshot.previous; link !== null; link = newer.snapshot.previous) {
    const linkNight = parseSnapshotKey(link.key)?.date;
    const beforeWindow = (night: string): boolean => night < window.from;
    if (previous !== undefined && linkNight !== undefined && beforeWindow(linkNight)) break;
    const stored = await readLink(store, link, newer);
    previous ??= stored;
    // The chain is in append order; scans that overlap can start slightly out of order, so one
    // started just before the window's first midnight ends the walk even if a later link is inside.
    if (beforeWindow(nightOf(stored.snapshot.startedAt))) break;
    note(stored);
    newer = stored;
  }
  return { cluster, latest, previous, nights: [...nights.values()].reverse() };
}

/** Every cluster of the store that has a snapshot, sorted by account, region and name. */
export async function readFleetHistory(store: SnapshotStore, options: ReadFleetHistoryOptions): Promise<ClusterHistory[]> {
  const limit = pLimit(options.concurrency ?? 8);
  const clusters = await store.clusters();
  const histories = await Promise.all(clusters.map((cluster) => limit(() => readCluster(store, cluster, options.window))));
  return histories
    .filter((h): h is ClusterHistory => h !== undefined)
    .sort((a, b) => {
      const [x, y] = [clusterLabel(a.cluster), clusterLabel(b.cluster)];
      return x < y ? -1 : x > y ? 1 : 0;
    });
}
