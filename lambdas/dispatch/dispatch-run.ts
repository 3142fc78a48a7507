// One fleet run's dispatch: discover (shared/fleet's EksFleetSource), one work item per cluster to
// scan, onto the queue. What could not be searched or enqueued is never silent: each is an error
// log line and a metric, and together one operations alert on the alert topic. The run does not
// fail for them: failing the invocation would have Lambda retry it (asynchronous invocations are
// retried twice) and enqueue every cluster again, while the alert reaches on-call directly. Only
// when that alert cannot be published does the invocation fail (Lambda's Errors metric, its alarm).
import type { Logger } from '@aws-lambda-powertools/logger';
import type { Metrics } from '@aws-lambda-powertools/metrics';
import type { SNSClient } from '@aws-sdk/client-sns';
import type { SQSClient } from '@aws-sdk/client-sqs';
import { clusterLabel, type ClusterIdentity } from '../../shared/fleet/cluster-identity.ts';
import type { EksFleetConfig } from '../../shared/fleet/eks-fleet-config.ts';
import type { FleetSource } from '../../shared/fleet/fleet-source.ts';
import type { OperationsProblem } from '../common/operations-alert.ts';
import { countBy, MetricUnit } from '../common/powertools.ts';
import { publishOperationsAlert } from '../common/publish-operations-alert.ts';
import type { WorkItem } from '../common/work-item.ts';
import type { DispatchRequest } from './dispatch-event.ts';
import { enqueueWorkItems } from './enqueue-work-items.ts';

export interface DispatchResult {
  readonly runId: string;
  readonly enqueued: number;
  /** Found but not to be scanned: opted out, or not ACTIVE. */
  readonly skipped: number;
  /** Places discovery could not search, clusters it could not describe, and items SQS refused. */
  readonly failed: number;
}

export interface DispatchDependencies {
  readonly fleet: EksFleetConfig;
  readonly fleetSource: FleetSource;
  readonly sqs: SQSClient;
  readonly workQueueUrl: string;
  readonly sns: SNSClient;
  readonly alertTopicArn: string;
  readonly logger: Logger;
  readonly metrics: Metrics;
}

/**
 * The role a discovered cluster's account was searched with: the account's roleArn in FLEET_CONFIG,
 * or none for an account searched with the function's own credentials.
 */
export function roleArnFor(fleet: EksFleetConfig, cluster: ClusterIdentity): string | undefined {
  return fleet.accounts.find((a) => a.roleArn !== undefined && a.roleArn.split(':')[4] === cluster.account && a.regions.includes(cluster.region))?.roleArn;
}

export async function dispatchRun(request: DispatchRequest, deps: DispatchDependencies): Promise<DispatchResult> {
  const { logger, metrics } = deps;
  const { runId } = request;
  logger.appendKeys({ runId });
  const discovery = await deps.fleetSource.discover();

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

  const items: WorkItem[] = discovery.endpoints.map((endpoint) => {
    const roleArn = roleArnFor(deps.fleet, endpoint.identity);
    return { runId, cluster: endpoint.identity, ...(roleArn === undefined ? {} : { roleArn }) };
  });
  const enqueue = await enqueueWorkItems(deps.sqs, deps.workQueueUrl, items);
  for (const failure of enqueue.failed) {
    logger.error('work item not enqueued: the cluster is not scanned in this run', { cluster: clusterLabel(failure.item.cluster), reason: failure.message });
    problems.push({ kind: 'enqueue-failed', cluster: failure.item.cluster, message: failure.message });
  }

  metrics.addMetric('ClustersDiscovered', MetricUnit.Count, discovery.endpoints.length + discovery.skipped.length);
  metrics.addMetric('ClustersEnqueued', MetricUnit.Count, enqueue.enqueued);
  metrics.addMetric('ClustersSkipped', MetricUnit.Count, discovery.skipped.length);
  metrics.addMetric('EnqueueFailures', MetricUnit.Count, enqueue.failed.length);

  if (problems.length > 0) {
    // Throws NotifyError when SNS does not take it: then nothing else would tell anyone.
    const messageId = await publishOperationsAlert(deps.sns, deps.alertTopicArn, { runId, source: 'dispatch', problems });
    logger.warn('operations alert published', { problems: problems.length, messageId });
  }
  const result: DispatchResult = { runId, enqueued: enqueue.enqueued, skipped: discovery.skipped.length, failed: discovery.failed.length + enqueue.failed.length };
  logger.info('dispatched', { ...result });
  return result;
}
