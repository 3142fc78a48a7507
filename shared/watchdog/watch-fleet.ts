// One look of the missed-scan watchdog: read the run markers of the look-back and every cluster's
// scans, judge them (judge-fleet.ts), and page when something lapsed that was not paged before.
//
// - All well: nothing is sent.
// - Something lapsed: one alert per look, naming every current problem and marking the new ones;
//   sent only when at least one is new (the same missed night seen again an hour later is not).
// - Sent, then each new lapse recorded in the ledger. A failure between the two pages again on the
//   next look: at least once, never lost. An alert that cannot be sent throws (the caller's
//   invocation fails and is retried) and records nothing.
import type { SnapshotStore } from '../store/snapshot-store.ts';
import { judgeFleet, lookbackStart } from './judge-fleet.ts';
import type { LapseLedger } from './lapse-ledger.ts';
import { readClusterScans } from './read-cluster-scans.ts';
import type { RunMarkerStore } from './run-marker-store.ts';
import type { WatchdogVerdict } from './watchdog-verdict.ts';

export interface WatchFleetDependencies {
  readonly store: SnapshotStore;
  readonly runs: RunMarkerStore;
  readonly ledger: LapseLedger;
  /** Sends one alert with every problem of the verdict, `fresh` (lapse keys) marked new; returns the message id. */
  readonly alert: (verdict: WatchdogVerdict, fresh: ReadonlySet<string>) => Promise<string>;
  /** The alert went out but the ledger did not take it: the next look pages these again. */
  readonly recordFailed?: (lapseKeys: readonly string[], error: unknown) => void;
  /** The wall clock, for the ledger's entries (the judged instant is `at`). */
  readonly now: () => Date;
}

export interface WatchFleetOptions {
  /** The instant judged: the schedule's time, or now. */
  readonly at: Date;
  readonly windowMs: number;
  /** Clusters read from the store at once (default 8). */
  readonly concurrency?: number;
}

export type WatchOutcome =
  | { readonly kind: 'all-well'; readonly verdict: WatchdogVerdict }
  /** Problems, every one paged before: nothing sent. */
  | { readonly kind: 'already-alerted'; readonly verdict: WatchdogVerdict }
  | { readonly kind: 'alerted'; readonly verdict: WatchdogVerdict; readonly fresh: readonly string[]; readonly messageId: string };

export async function watchFleet(options: WatchFleetOptions, deps: WatchFleetDependencies): Promise<WatchOutcome> {
  const [runs, clusters] = await Promise.all([deps.runs.since(lookbackStart(options.at, options.windowMs)), readClusterScans(deps.store, options.concurrency)]);
  const verdict = judgeFleet({ at: options.at, windowMs: options.windowMs, runs, clusters });
  if (verdict.problems.length === 0) return { kind: 'all-well', verdict };

  const keys = verdict.problems.map((p) => p.lapseKey);
  const before = await deps.ledger.alerted(keys);
  const fresh = keys.filter((k) => !before.has(k));
  if (fresh.length === 0) return { kind: 'already-alerted', verdict };

  const messageId = await deps.alert(verdict, new Set(fresh));
  const alertedAt = deps.now().toISOString();
  try {
    await deps.ledger.record(fresh.map((lapseKey) => ({ lapseKey, alertedAt, messageId })));
  } catch (error) {
    deps.recordFailed?.(fresh, error);
  }
  return { kind: 'alerted', verdict, fresh, messageId };
}
