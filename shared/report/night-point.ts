// A snapshot reduced to what the trend charts need: its counts and where it is. The report reads a
// cluster's nights one snapshot at a time and keeps only this, so a long window over a large fleet
// never holds more than one full snapshot per cluster besides the latest.
import type { StoredSnapshot } from '../store/snapshot-store.ts';
import type { NightPoint, ReportCounts } from './fleet-report-schema.ts';
import { nightOf } from './report-window.ts';

export function snapshotCounts(snapshot: StoredSnapshot['snapshot']): ReportCounts {
  const { namespaces, byState, violatingPods, blockingWorkloads } = snapshot.summary;
  return { namespaces, byState: { ...byState }, violatingPods, blockingWorkloads };
}

export function nightPoint(stored: StoredSnapshot): NightPoint {
  return {
    night: nightOf(stored.snapshot.startedAt),
    key: stored.key,
    sha256: stored.sha256,
    startedAt: stored.snapshot.startedAt,
    outcome: stored.snapshot.outcome,
    ...snapshotCounts(stored.snapshot),
  };
}
