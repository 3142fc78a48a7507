// The missed-scan watchdog's decision, pure: at instant `at`, given the run markers of the look-back
// and every stored cluster's latest and last successful scan, which runs and clusters lapsed.
//
// - The fleet: a run must have started (its runId, the schedule's time) within the window.
// - A cluster: its last successful scan (complete or degraded; a failed scan read nothing) must
//   have finished within the window. Which clusters: every cluster a run of the look-back put in
//   its work (enqueued, or refused by SQS) and every cluster with snapshots in the store, less the
//   ones the latest run skipped on purpose (opted out, not ACTIVE). A cluster with snapshots that
//   the latest run did not find at all is reported as such, not dropped.
// - A cluster never scanned successfully gets one window from the first run that had it, so a
//   cluster added tonight is not reported while its first scan is still on the queue.
//
// The window must exceed the time between two runs plus the time a run takes to reach its last
// cluster (26 h for a nightly run that finishes within 2 h), else the late clusters of every run
// lapse for a while each day.
import { clusterLabel, type ClusterIdentity } from '../fleet/cluster-identity.ts';
import { clustersOfRun, type FleetRunMarker } from './fleet-run-marker.ts';
import { clusterNotDiscoveredLapseKey, clusterNotScannedLapseKey, runMissingLapseKey } from './lapse-key.ts';
import type { ClusterRecord, NotScannedCause, RunSummary, ScanFact, WatchdogProblem, WatchdogVerdict } from './watchdog-verdict.ts';

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;

export interface WatchdogInput {
  readonly at: Date;
  readonly windowMs: number;
  /** The run markers since lookbackStart(at, windowMs), in any order (later ones are ignored). */
  readonly runs: readonly FleetRunMarker[];
  /** One per cluster with a chain in the store. */
  readonly clusters: readonly ClusterRecord[];
}

/** How far back the run markers are read: a week, or two windows if longer. */
export function lookbackMs(windowMs: number): number {
  return Math.max(7 * DAY_MS, 2 * windowMs);
}

export function lookbackStart(at: Date, windowMs: number): Date {
  return new Date(at.getTime() - lookbackMs(windowMs));
}

function summary(run: FleetRunMarker): RunSummary {
  return { runId: run.runId, trigger: run.trigger, dispatchedAt: run.dispatchedAt };
}

type RunStatus = { readonly kind: 'enqueued' } | { readonly kind: 'not-enqueued'; readonly message: string } | { readonly kind: 'skipped' } | { readonly kind: 'absent' };

function statusIn(run: FleetRunMarker, cluster: ClusterIdentity): RunStatus {
  const label = clusterLabel(cluster);
  if (run.enqueued.some((c) => clusterLabel(c) === label)) return { kind: 'enqueued' };
  const refused = run.notEnqueued.find((n) => clusterLabel(n.cluster) === label);
  if (refused !== undefined) return { kind: 'not-enqueued', message: refused.message };
  if (run.skipped.some((s) => clusterLabel(s.cluster) === label)) return { kind: 'skipped' };
  return { kind: 'absent' };
}

function discoveryFailureFor(run: FleetRunMarker, cluster: ClusterIdentity): { step: string; message: string } | null {
  const failure = run.discoveryFailed.find((f) => f.region === cluster.region && (f.account === cluster.account || f.account === 'caller') && (f.cluster === null || f.cluster === cluster.name));
  return failure === undefined ? null : { step: failure.step, message: failure.message };
}

function causeOf(record: ClusterRecord | undefined, status: RunStatus | undefined, latestRun: FleetRunMarker | undefined, runIsRecent: boolean): NotScannedCause {
  if (record?.kind === 'unreadable') return { kind: 'unreadable', message: record.message };
  if (status?.kind === 'not-enqueued' && latestRun !== undefined) return { kind: 'not-enqueued', runId: latestRun.runId, message: status.message };
  if (record !== undefined && record.latest.outcome === 'failed' && record.latest.key !== record.lastSuccess?.key) {
    const { runId, finishedAt, error } = record.latest;
    return { kind: 'scan-failed', runId, finishedAt, error };
  }
  if (latestRun === undefined || !runIsRecent) return { kind: 'no-recent-run', runId: latestRun?.runId ?? null };
  return { kind: 'no-snapshot', runId: latestRun.runId };
}

export function judgeFleet(input: WatchdogInput): WatchdogVerdict {
  const at = input.at.getTime();
  const { windowMs } = input;
  const runs = input.runs.filter((r) => Date.parse(r.runId) <= at).sort((a, b) => Date.parse(a.runId) - Date.parse(b.runId));
  const latestRun = runs.at(-1);
  const base = { at: input.at.toISOString(), windowHours: windowMs / HOUR_MS, latestRun: latestRun === undefined ? null : summary(latestRun) };

  if (latestRun === undefined && input.clusters.length === 0) {
    return { ...base, watched: 0, problems: [], skipped: [], pending: [], empty: true };
  }

  const problems: WatchdogProblem[] = [];
  const sinceRun = latestRun === undefined ? undefined : at - Date.parse(latestRun.runId);
  const runIsRecent = sinceRun !== undefined && sinceRun <= windowMs;
  if (!runIsRecent) {
    const windows = Math.floor((sinceRun ?? at) / windowMs);
    problems.push({
      kind: 'run-missing',
      lapseKey: runMissingLapseKey(latestRun?.runId ?? null, windows),
      lastRun: latestRun === undefined ? null : summary(latestRun),
      hoursSince: sinceRun === undefined ? null : Math.floor(sinceRun / HOUR_MS),
      lookbackDays: lookbackMs(windowMs) / DAY_MS,
    });
  }

  // Which clusters, and when a run first had each (the start of a new cluster's first window).
  const firstRun = new Map<string, number>();
  const identities = new Map<string, ClusterIdentity>();
  for (const run of runs) {
    for (const cluster of clustersOfRun(run)) {
      const label = clusterLabel(cluster);
      if (!firstRun.has(label)) firstRun.set(label, Date.parse(run.runId));
      identities.set(label, { account: cluster.account, region: cluster.region, name: cluster.name });
    }
  }
  const records = new Map(input.clusters.map((r) => [clusterLabel(r.cluster), r]));
  for (const [label, record] of records) identities.set(label, record.cluster);

  const skipped: ClusterIdentity[] = [];
  const pending: ClusterIdentity[] = [];
  let watched = 0;
  for (const [label, cluster] of [...identities].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    const status = latestRun === undefined ? undefined : statusIn(latestRun, cluster);
    if (status?.kind === 'skipped') {
      skipped.push(cluster);
      continue;
    }
    watched++;
    const record = records.get(label);
    const lastSuccess: ScanFact | null = record?.kind === 'read' ? record.lastSuccess : null;
    if (lastSuccess !== null && at - Date.parse(lastSuccess.finishedAt) <= windowMs) continue;
    const first = firstRun.get(label);
    if (lastSuccess === null && record?.kind !== 'unreadable' && first !== undefined && at - first <= windowMs) {
      pending.push(cluster);
      continue;
    }
    if (status?.kind === 'absent' && latestRun !== undefined) {
      problems.push({
        kind: 'cluster-not-discovered',
        lapseKey: clusterNotDiscoveredLapseKey(cluster, lastSuccess?.finishedAt ?? null),
        cluster,
        lastSuccess,
        runId: latestRun.runId,
        discoveryFailure: discoveryFailureFor(latestRun, cluster),
      });
      continue;
    }
    problems.push({
      kind: 'cluster-not-scanned',
      lapseKey: clusterNotScannedLapseKey(cluster, latestRun?.runId ?? null),
      cluster,
      lastSuccess,
      cause: causeOf(record, status, latestRun, runIsRecent),
    });
  }
  return { ...base, watched, problems, skipped, pending, empty: false };
}
