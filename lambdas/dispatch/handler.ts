// The dispatch Lambda: EventBridge Scheduler -> discover the fleet -> one work item per cluster on
// the queue. Configuration is read once, when the module loads (cold start); a bad variable fails
// the init with its name. Everything else is the core (shared/fleet) and dispatch-run.ts.
import middy from '@middy/core';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { logMetrics } from '@aws-lambda-powertools/metrics/middleware';
import { EksClusterDiscovery } from '../../shared/fleet/eks-cluster-discovery.ts';
import { createS3RunMarkerStore } from '../../shared/watchdog/s3-run-marker-store.ts';
import { createS3, createSns, createSqs, ownCredentials } from '../common/aws-clients.ts';
import { topicRegion } from '../common/environment-variables.ts';
import { createPowertools } from '../common/powertools.ts';
import { parseDispatchConfig } from './dispatch-config.ts';
import { parseDispatchEvent } from './dispatch-event.ts';
import { dispatchRun, type DispatchResult } from './dispatch-run.ts';

const config = parseDispatchConfig(process.env);
const { logger, metrics } = createPowertools(config.powertools);
const discovery = new EksClusterDiscovery({ config: config.fleet, credentials: ownCredentials() });
const sqs = createSqs();
// Operations alerts are rare and small: the SDK's own retries are enough (3 attempts).
const sns = createSns(topicRegion(config.alertTopicArn), 3);
const { bucket, prefix, kmsKeyId } = config.store;
const runMarkers = createS3RunMarkerStore({ client: createS3(process.env), bucket, prefix, ...(kmsKeyId === undefined ? {} : { kmsKeyId }) });

async function dispatch(event: unknown): Promise<DispatchResult> {
  const request = parseDispatchEvent(event, new Date());
  return dispatchRun(request, {
    discovery,
    sqs,
    workQueueUrl: config.workQueueUrl,
    sns,
    alertTopicArn: config.alertTopicArn,
    runMarkers,
    logger,
    metrics,
    now: () => new Date(),
  });
}

export const handler = middy(dispatch)
  .use(injectLambdaContext(logger, { resetKeys: true }))
  .use(logMetrics(metrics, { captureColdStartMetric: true }));
