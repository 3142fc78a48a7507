// What the watchdog needs from the snapshot store, through the SnapshotStore port: for every
// cluster with a chain, its latest scan and its last successful one. A latest scan that succeeded
// is both (one pointer and one snapshot read per cluster); after a failed one the chain is walked
// back link by link, each link's SHA-256 checked against the newer snapshot's record of it, until
// a success or FAILED_SCANS_WALKED failures (a cluster failing for a month is reported all the
// same: "no successful scan among the last 30").
//
// A chain that cannot be read (corrupt, a link missing) is that cluster's problem, reported as
// such, not the whole fleet's: one broken chain must not blind the watchdog to the others. A store
// that does not answer (denied, unavailable) is everyone's: it throws.
import pLimit from 'p-limit';
import type { ClusterIdentity } from '../fleet/cluster-identity.ts';
import { SnapshotStoreError } from '../store/snapshot-store-error.ts';
import type { SnapshotStore, StoredSnapshot } from '../store/snapshot-store.ts';
import type { ClusterRecord, ScanFact } from './watchdog-verdict.ts';

export const FAILED_SCANS_WALKED = 30;

function factOf(stored: StoredSnapshot): ScanFact {
  const { runId, outcome, finishedAt, errors } = stored.snapshot;
  return { key: stored.key, runId, outcome, finishedAt, error: outcome === 'failed' ? (errors[0]?.message ?? null) : null };
}

async function readCluster(store: SnapshotStore, cluster: ClusterIdentity): Promise<ClusterRecord | undefined> {
  const latest = await store.latest(cluster);
  if (latest === undefined) return undefined;
  let newer = latest;
  for (let walked = 0; newer.snapshot.outcome === 'failed' && walked < FAILED_SCANS_WALKED; walked++) {
    const link = newer.snapshot.previous;
    if (link === null) break;
    const stored = await store.read(link.key);
    if (stored.sha256 !== link.sha256) {
      throw new SnapshotStoreError('corrupt', link.key, `its SHA-256 is ${stored.sha256}, but ${newer.key} records ${link.sha256} (run psa-scan verify)`);
    }
    newer = stored;
  }
  return { kind: 'read', cluster, latest: factOf(latest), lastSuccess: newer.snapshot.outcome === 'failed' ? null : factOf(newer) };
}

/** Every cluster of the store with a chain; `concurrency` clusters read at once (default 8). */
export async function readClusterScans(store: SnapshotStore, concurrency = 8): Promise<ClusterRecord[]> {
  const limit = pLimit(concurrency);
  const clusters = await store.clusters();
  const records = await Promise.all(
    clusters.map((cluster) =>
      limit(async (): Promise<ClusterRecord | undefined> => {
        try {
          return await readCluster(store, cluster);
        } catch (error) {
          if (error instanceof SnapshotStoreError && (error.kind === 'corrupt' || error.kind === 'not-found')) return { kind: 'unreadable', cluster, message: error.message };
          throw error;
        }
      }),
    ),
  );
  return records.filter((r): r is ClusterRecord => r !== undefined);
}
