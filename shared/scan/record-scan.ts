// After a scan: make the snapshot safe, find what changed, tell someone. The order is the point:
// the snapshot is appended to the store before anything else, drift is computed against the
// snapshot the store actually chained it after (a concurrent scan may have moved the pointer), and
// the alert goes out last, so a failed publish (NotifyError, thrown) never loses a snapshot and a
// rerun finds it stored.
import { diffSnapshots } from '../drift/diff-snapshots.ts';
import type { Finding } from '../drift/finding.ts';
import { alertInputFor } from '../notify/compose-alert.ts';
import type { Notifier, NotifyReceipt } from '../notify/notifier.ts';
import { publishAlert } from '../notify/publish-alert.ts';
import type { ReportSink } from '../notify/report-sink.ts';
import type { ClusterSnapshot } from '../snapshot/snapshot-schema.ts';
import type { SnapshotStore, StoredSnapshot } from '../store/snapshot-store.ts';

export interface RecordDependencies {
  readonly store: SnapshotStore;
  /** None: findings are computed and returned, nothing is sent. */
  readonly notifier?: Notifier;
  /** Holds the full findings when they do not fit in one message. */
  readonly reportSink?: ReportSink;
}

export interface RecordedScan {
  readonly stored: StoredSnapshot;
  /** The snapshot drift compared with: the chain's previous, or the last one before it that was not a failed scan. */
  readonly comparedWith: StoredSnapshot | undefined;
  readonly alreadyStored: boolean;
  readonly findings: readonly Finding[];
  readonly notified: NotifyReceipt | undefined;
}

/** How far back to look for a scan that read something, past failed ones, before treating this as a first scan. */
const FAILED_SCANS_SKIPPED = 20;

/**
 * The snapshot to diff against. A failed scan holds no namespaces: comparing with it would report
 * every namespace as new, so drift reaches past failed scans to the last one that read the cluster.
 */
async function baseline(store: SnapshotStore, stored: StoredSnapshot, previous: StoredSnapshot | undefined): Promise<StoredSnapshot | undefined> {
  if (previous === undefined || previous.snapshot.outcome !== 'failed') return previous;
  const history = await store.history(stored.snapshot.cluster, FAILED_SCANS_SKIPPED + 2);
  return history.slice(1).find((s) => s.snapshot.outcome !== 'failed');
}

export async function recordScan(snapshot: ClusterSnapshot, dependencies: RecordDependencies): Promise<RecordedScan> {
  const { stored, previous, alreadyStored } = await dependencies.store.append(snapshot);
  const comparedWith = await baseline(dependencies.store, stored, previous);
  const findings = diffSnapshots(comparedWith?.snapshot, stored.snapshot);
  let notified: NotifyReceipt | undefined;
  if (dependencies.notifier !== undefined && findings.length > 0) {
    const input = alertInputFor(stored.snapshot, findings, stored.key);
    notified = await publishAlert(input, dependencies.notifier, dependencies.reportSink === undefined ? {} : { reportSink: dependencies.reportSink });
  }
  return { stored, comparedWith, alreadyStored, findings, notified };
}
