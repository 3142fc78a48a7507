// Lapse keys: what makes two sightings of a problem the same lapse, so it pages once.
//
// - A missing run: the last run there was, and how many whole windows have passed since it. The
//   same silence is paged once per window (a scanner that stays down is paged again the next day,
//   not every hour).
// - A cluster not scanned: the cluster and the latest run (the night it was missed). Hourly looks
//   at the same missed night say nothing new; a second missed night is news.
// - A cluster gone from discovery: the cluster and its last successful scan. Paged once: a
//   decommissioned cluster is said once, loudly, instead of every night forever.
//
// Keys are paths (the ledger stores one object per key): cluster partitions escaped as the
// snapshot keys escape them, times compacted.
import type { ClusterIdentity } from '../fleet/cluster-identity.ts';
import { clusterPartition, compactTime } from '../store/snapshot-keys.ts';

const NONE = 'none';

function time(iso: string | null): string {
  return iso === null ? NONE : compactTime(iso);
}

/** `windows`: whole windows since the last run (since the epoch when there is none). */
export function runMissingLapseKey(lastRunId: string | null, windows: number): string {
  return `run-missing/after=${time(lastRunId)}/window=${windows}`;
}

export function clusterNotScannedLapseKey(cluster: ClusterIdentity, runId: string | null): string {
  return `cluster-not-scanned/${clusterPartition(cluster)}run=${time(runId)}`;
}

export function clusterNotDiscoveredLapseKey(cluster: ClusterIdentity, lastSuccessFinishedAt: string | null): string {
  return `cluster-not-discovered/${clusterPartition(cluster)}last-success=${time(lastSuccessFinishedAt)}`;
}
