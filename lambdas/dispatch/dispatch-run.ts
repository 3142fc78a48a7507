// One fleet run's dispatch: discover (shared/fleet's EksClusterDiscovery: which clusters, and the
// role that found each; nothing connects to a cluster here), one work item per cluster to scan,
// onto the queue. What could not be searched or enqueued is never silent: each is an error log
// line and a metric, and together one operations alert on the alert topic. The run does not
// fail for them: failing the invocation would have Lambda retry it (asynchronous invocations are
// retried twice) and enqueue every cluster again, while the alert reaches on-call directly. Only
// when that alert cannot be published does the invocation fail (Lambda's Errors metric, its alarm).
//
// Every run leaves a marker (shared/watchdog/fleet-run-marker.ts: what it enqueued, skipped, could
// not search): the watchdog's evidence that the run started. A marker that cannot be written is an
// error log line and a metric, not a failed run: the watchdog then reports the run as missing,
// which is loud, and on-call finds the cause in this log.
import type { Logger } from '@aws-lambda-powertools/logger';
import type { Metrics } from '@aws-lambda-powertools/metrics';
import type { SNSClient } from '@aws-sdk/client-sns';
import type { SQSClient } from '@aws-sdk/client-sqs';
import { clusterLabel, type ClusterIdentity } from '../../shared/fleet/cluster-identity.ts';
import type { EksClusterDiscovery, EksDiscovery } from '../../shared/fleet/eks-cluster-discovery.ts';
import { RUN_MARKER_API_VERSION, RUN_MARKER_KIND, type FleetRunMarker } from '../../shared/watchdog/fleet-run-marker.ts';
import type { RunMarkerStore } from '../../shared/watchdog/run-marker-store.ts';
import type { OperationsProblem } from '../common/operations-alert.ts';
import { countBy, MetricUnit } from '../common/powertools.ts';
import { publishOperationsAlert } from '../common/publish-operations-alert.ts';
import type { WorkItem } from '../common/work-item.ts';
import type { DispatchRequest } from './dispatch-event.ts';
import { enqueueWorkItems, type EnqueueResult } from './enqueue-work-items.ts';

export interface DispatchResult {
  readonly runId: string;
  readonly enqueued: number;
  /** Found but not to be scanned: opted out, or not ACTIVE. */
  readonly skipped: number;
  /** Places discovery could not search, clusters it could not describe, and items SQS refused. */
  readonly failed: number;
}

export interface DispatchDependencies {
  readonly discovery: Pick<EksClusterDiscovery, 'discover'>;
  readonly sqs: SQSClient;
  readonly workQueueUrl: string;
  readonly sns: SNSClient;
  readonly alertTopicArn: string;
  readonly runMarkers: RunMarkerStore;
  readonly logger: Logger;
  readonly metrics: Metrics;
  readonly now: () => Date;
}

const identity = (c: ClusterIdentity): ClusterIdentity => ({ account: c.account, region: c.region, name: c.name });

export function runMarkerOf(request: DispatchRequest, dispatchedAt: Date, discovery: EksDiscovery, items: readonly WorkItem[], enqueue: EnqueueResult): FleetRunMarker {
  const refused = new Set(enqueue.failed.map((f) => clusterLabel(f.item.cluster)));
  return {
    apiVersion: RUN_MARKER_API_VERSION,
    kind: RUN_MARKER_KIND,
    runId: request.runId,
    trigger: request.trigger,
    dispatchedAt: dispatchedAt.toISOString(),
    enqueued: items.filter((i) => !refused.has(clusterLabel(i.cluster))).map((i) => identity(i.cluster)),
    skipped: discovery.skipped.map((s) => ({ cluster: identity(s.identity), reason: s.reason.kind })),
    notEnqueued: enqueue.failed.map((f) => ({ cluster: identity(f.item.cluster), message: f.message })),
    discoveryFailed: discovery.failed.map((f) => ({ account: f.account, region: f.region, step: f.step, cluster: f.cluster ?? null, message: f.message })),
  };
}

async function recordRunMarker(marker: FleetRunMarker, deps: DispatchDependencies): Promise<void> {
  const location = deps.runMarkers.locate(marker.runId);
  try {
    const written = await deps.runMarkers.record(marker);
    if (written === 'exists') deps.logger.info('this run has its marker already (the schedule event came twice): kept', { runMarker: location });
    else deps.logger.info('run marker written', { runMarker: location });
  } catch (error) {
    deps.logger.error('run marker not written: the watchdog will report this run as missing', { runMarker: location, error });
    deps.metrics.addMetric('RunMarkerFailures', MetricUnit.Count, 1);
  }
}

export async function dispatchRun(request: DispatchRequest, deps: DispatchDependencies): Promise<DispatchResult> {
  const { logger, metrics } = deps;
  const { runId } = request;
  logger.appendKeys({ runId });
  const discovery = await deps.discovery.discover();

  const problems: OperationsProblem[] = [];
  for (const failure of discovery.failed) {
    const { account, region, roleArn, cluster, step, message } = failure;
    logger.error('discovery failed: the clusters there are not scanned in this run', { account, region, roleArn, cluster, step, reason: message, error: failure.cause });
    countBy(metrics, 'DiscoveryFailures', 'step', step);
    problems.push({ kind: 'discovery-failed', account, region, step, message, ...(roleArn === undefined ? {} : { roleArn }), ...(cluster === undefined ? {} : { cluster }) });
  }
  for (const skipped of discovery.skipped) {
    logger.info('cluster skipped', { cluster: clusterLabel(skipped.identity), reason: skipped.reason });
  }

  // The role that found a cluster is the one its scan reaches it with.
  const items: WorkItem[] = discovery.clusters.map(({ access, roleArn }) => ({ runId, cluster: access.identity, ...(roleArn === undefined ? {} : { roleArn }) }));
  const enqueue = await enqueueWorkItems(deps.sqs, deps.workQueueUrl, items);
  for (const failure of enqueue.failed) {
    logger.error('work item not enqueued: the cluster is not scanned in this run', { cluster: clusterLabel(failure.item.cluster), reason: failure.message });
    problems.push({ kind: 'enqueue-failed', cluster: failure.item.cluster, message: failure.message });
  }

  metrics.addMetric('ClustersDiscovered', MetricUnit.Count, discovery.clusters.length + discovery.skipped.length);
  metrics.addMetric('ClustersEnqueued', MetricUnit.Count, enqueue.enqueued);
  metrics.addMetric('ClustersSkipped', MetricUnit.Count, discovery.skipped.length);
  metrics.addMetric('EnqueueFailures', MetricUnit.Count, enqueue.failed.length);
  await recordRunMarker(runMarkerOf(request, deps.now(), discovery, items, enqueue), deps);

  if (problems.length > 0) {
    // Throws NotifyError when SNS does not take it: then nothing else would tell anyone.
    const messageId = await publishOperationsAlert(deps.sns, deps.alertTopicArn, { runId, source: 'dispatch', problems });
    logger.warn('operations alert published', { problems: problems.length, messageId });
  }
  const result: DispatchResult = { runId, enqueued: enqueue.enqueued, skipped: discovery.skipped.length, failed: discovery.failed.length + enqueue.failed.length };
  logger.info('dispatched', { ...result });
  return result;
}
