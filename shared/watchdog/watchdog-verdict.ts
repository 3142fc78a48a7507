// What the missed-scan watchdog works from and what it concludes: the facts read from the store
// (each cluster's latest scan and its last successful one) and from the run markers, and the
// problems it finds. Each problem carries a lapse key: the same lapse (the same cluster missed in
// the same run, the same missing run in the same window) has the same key however often the
// watchdog looks, so it is alerted once (lapse-ledger.ts).
import type { ClusterIdentity } from '../fleet/cluster-identity.ts';
import type { ClusterSnapshot } from '../snapshot/snapshot-schema.ts';

/** One stored scan, as far as the watchdog cares. */
export interface ScanFact {
  readonly key: string;
  /** The fleet run it belongs to; null for a CLI scan. */
  readonly runId: string | null;
  readonly outcome: ClusterSnapshot['outcome'];
  readonly finishedAt: string;
  /** A failed scan's first cluster-wide error. */
  readonly error: string | null;
}

export type ClusterRecord =
  | {
      readonly kind: 'read';
      readonly cluster: ClusterIdentity;
      readonly latest: ScanFact;
      /** The newest complete or degraded scan; null when none among the scans read (see read-cluster-scans.ts). */
      readonly lastSuccess: ScanFact | null;
    }
  /** The cluster's chain could not be read (corrupt pointer or snapshot): the store cannot say it was scanned. */
  | { readonly kind: 'unreadable'; readonly cluster: ClusterIdentity; readonly message: string };

export interface RunSummary {
  readonly runId: string;
  readonly trigger: 'schedule' | 'manual';
  readonly dispatchedAt: string;
}

/** Why a cluster has no successful scan within the window. */
export type NotScannedCause =
  /** Its latest scan failed (unreachable, forbidden): the snapshot says why. */
  | { readonly kind: 'scan-failed'; readonly runId: string | null; readonly finishedAt: string; readonly error: string | null }
  /** The latest run found it, but SQS did not take its work item. */
  | { readonly kind: 'not-enqueued'; readonly runId: string; readonly message: string }
  /** The latest run enqueued it and nothing was stored from that run (the item failed to the DLQ, or the scan is still running). */
  | { readonly kind: 'no-snapshot'; readonly runId: string }
  /** No fleet run within the window (runId: the last one, if any): nothing was scanned. */
  | { readonly kind: 'no-recent-run'; readonly runId: string | null }
  /** The store cannot say: its chain did not read. */
  | { readonly kind: 'unreadable'; readonly message: string };

export type WatchdogProblem =
  /** No fleet run started within the window. */
  | {
      readonly kind: 'run-missing';
      readonly lapseKey: string;
      /** The last run within the look-back; null: none. */
      readonly lastRun: RunSummary | null;
      /** Whole hours since the last run started; null when there is none. */
      readonly hoursSince: number | null;
      readonly lookbackDays: number;
    }
  /** A cluster the fleet should scan with no successful scan within the window. */
  | {
      readonly kind: 'cluster-not-scanned';
      readonly lapseKey: string;
      readonly cluster: ClusterIdentity;
      readonly lastSuccess: ScanFact | null;
      readonly cause: NotScannedCause;
    }
  /** A cluster with snapshots that the latest run did not find at all, and not scanned within the window. */
  | {
      readonly kind: 'cluster-not-discovered';
      readonly lapseKey: string;
      readonly cluster: ClusterIdentity;
      readonly lastSuccess: ScanFact | null;
      /** The run that did not find it. */
      readonly runId: string;
      /** Discovery failed where the cluster lives (its account and region, or the cluster itself) in that run. */
      readonly discoveryFailure: { readonly step: string; readonly message: string } | null;
    };

export interface WatchdogVerdict {
  /** The instant judged. */
  readonly at: string;
  readonly windowHours: number;
  readonly latestRun: RunSummary | null;
  /** Clusters the fleet should scan, each judged. */
  readonly watched: number;
  readonly problems: readonly WatchdogProblem[];
  /** Clusters the latest run skipped on purpose (opted out, not ACTIVE): not watched. */
  readonly skipped: readonly ClusterIdentity[];
  /** Clusters first enqueued less than a window ago and not scanned yet: not judged until they had a window. */
  readonly pending: readonly ClusterIdentity[];
  /** No run marker and no cluster in the store: a scanner that has never run (a fresh deployment). */
  readonly empty: boolean;
}
