// One look of the missed-scan watchdog (shared/watchdog/watch-fleet.ts) with its page sent as an
// operations alert on the alert topic, where on-call sees the scans' own alerts: one message per
// look that finds a lapse not paged before, naming every current problem (new ones marked);
// nothing when all is well. "A scanner that silently stops scanning is the failure this product
// exists to prevent": so a page that cannot be sent fails the invocation (NotifyError; the
// Scheduler's delivery is retried, then Lambda's Errors alarm), and nothing is recorded as paged.
import type { Logger } from '@aws-lambda-powertools/logger';
import type { Metrics } from '@aws-lambda-powertools/metrics';
import type { SNSClient } from '@aws-sdk/client-sns';
import { clusterLabel, type ClusterIdentity } from '../../shared/fleet/cluster-identity.ts';
import type { SnapshotStore } from '../../shared/store/snapshot-store.ts';
import type { LapseLedger } from '../../shared/watchdog/lapse-ledger.ts';
import type { RunMarkerStore } from '../../shared/watchdog/run-marker-store.ts';
import { watchFleet } from '../../shared/watchdog/watch-fleet.ts';
import type { WatchdogProblem, WatchdogVerdict } from '../../shared/watchdog/watchdog-verdict.ts';
import { MetricUnit } from '../common/powertools.ts';
import { publishOperationsAlert } from '../common/publish-operations-alert.ts';
import type { ScheduledInstant } from '../common/scheduled-event.ts';

export interface WatchdogDependencies {
  readonly store: SnapshotStore;
  readonly runs: RunMarkerStore;
  readonly ledger: LapseLedger;
  readonly sns: SNSClient;
  readonly alertTopicArn: string;
  readonly windowHours: number;
  readonly logger: Logger;
  readonly metrics: Metrics;
  readonly now: () => Date;
}

export interface WatchdogResult {
  /** The instant judged. */
  readonly at: string;
  readonly trigger: ScheduledInstant['trigger'];
  /** all-well: nothing lapsed; already-alerted: lapses, each paged before; alerted: a page went out. */
  readonly outcome: 'all-well' | 'already-alerted' | 'alerted';
  readonly latestRunId: string | null;
  readonly watched: number;
  readonly problems: ReadonlyArray<{ readonly kind: WatchdogProblem['kind']; readonly cluster: string | null; readonly lapseKey: string; readonly new: boolean }>;
  readonly messageId: string | null;
}

function clusterOf(problem: WatchdogProblem): ClusterIdentity | null {
  return problem.kind === 'run-missing' ? null : problem.cluster;
}

export async function watchdogRun(instant: ScheduledInstant, deps: WatchdogDependencies): Promise<WatchdogResult> {
  const { logger, metrics } = deps;
  const alert = async (verdict: WatchdogVerdict, fresh: ReadonlySet<string>): Promise<string> =>
    publishOperationsAlert(deps.sns, deps.alertTopicArn, {
      runId: verdict.latestRun?.runId ?? null,
      source: 'watchdog',
      problems: verdict.problems.map((p) => ({ ...p, new: fresh.has(p.lapseKey) })),
    });
  const outcome = await watchFleet(
    { at: instant.at, windowMs: deps.windowHours * 3_600_000 },
    {
      store: deps.store,
      runs: deps.runs,
      ledger: deps.ledger,
      alert,
      recordFailed: (lapseKeys, error) => logger.error('page sent, but not recorded: the next look pages these lapses again', { lapseKeys, error }),
      now: deps.now,
    },
  );
  const { verdict } = outcome;
  const fresh = new Set(outcome.kind === 'alerted' ? outcome.fresh : []);
  const problems = verdict.problems.map((p) => {
    const cluster = clusterOf(p);
    return { kind: p.kind, cluster: cluster === null ? null : clusterLabel(cluster), lapseKey: p.lapseKey, new: fresh.has(p.lapseKey) };
  });
  const result: WatchdogResult = {
    at: verdict.at,
    trigger: instant.trigger,
    outcome: outcome.kind,
    latestRunId: verdict.latestRun?.runId ?? null,
    watched: verdict.watched,
    problems,
    messageId: outcome.kind === 'alerted' ? outcome.messageId : null,
  };

  metrics.addMetric('WatchedClusters', MetricUnit.Count, verdict.watched);
  metrics.addMetric('LapsedClusters', MetricUnit.Count, problems.filter((p) => p.cluster !== null).length);
  metrics.addMetric('MissedRuns', MetricUnit.Count, problems.some((p) => p.kind === 'run-missing') ? 1 : 0);
  metrics.addMetric('WatchdogAlerts', MetricUnit.Count, outcome.kind === 'alerted' ? 1 : 0);
  const facts = { ...result, skipped: verdict.skipped.map(clusterLabel), pending: verdict.pending.map(clusterLabel) };
  if (verdict.empty) logger.warn('nothing to watch yet: no run marker and no cluster in the store', facts);
  else if (outcome.kind === 'all-well') logger.info('all clusters scanned within the window', facts);
  else if (outcome.kind === 'already-alerted') logger.warn('lapses, every one paged before: nothing sent', facts);
  else logger.error('lapses paged', facts);
  return result;
}
