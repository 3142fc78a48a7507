// The missed-scan watchdog Lambda: EventBridge Scheduler (e.g. hourly) ->
// `{"trigger":"schedule","scheduledTime":"<aws.scheduler.scheduled-time>"}` (or `{}` by hand) ->
// one look at the run markers and the snapshot store, a page on the alert topic when a run or a
// cluster lapsed (watchdog-run.ts). The scheduled time is the instant judged: a retried delivery
// judges the same moment, and it is the clock the local flow moves to let a window lapse.
import middy from '@middy/core';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { logMetrics } from '@aws-lambda-powertools/metrics/middleware';
import { createS3SnapshotStore } from '../../shared/store/s3-snapshot-store.ts';
import { createS3LapseLedger } from '../../shared/watchdog/s3-lapse-ledger.ts';
import { createS3RunMarkerStore } from '../../shared/watchdog/s3-run-marker-store.ts';
import { createS3, createSns } from '../common/aws-clients.ts';
import { topicRegion } from '../common/environment-variables.ts';
import { createPowertools } from '../common/powertools.ts';
import { parseScheduledEvent } from '../common/scheduled-event.ts';
import { parseWatchdogConfig } from './watchdog-config.ts';
import { watchdogRun, type WatchdogDependencies, type WatchdogResult } from './watchdog-run.ts';

const config = parseWatchdogConfig(process.env);
const { logger, metrics } = createPowertools(config.powertools);
const s3 = createS3(process.env);
const { bucket, prefix, kmsKeyId } = config.store;
const kms = kmsKeyId === undefined ? {} : { kmsKeyId };

const dependencies: WatchdogDependencies = {
  store: createS3SnapshotStore({ client: s3, bucket, prefix }),
  runs: createS3RunMarkerStore({ client: s3, bucket, prefix }),
  ledger: createS3LapseLedger({ client: s3, bucket, prefix, ...kms }),
  // Pages are rare and small: the SDK's own retries (3 attempts), then the invocation fails.
  sns: createSns(topicRegion(config.alertTopicArn), 3),
  alertTopicArn: config.alertTopicArn,
  windowHours: config.windowHours,
  logger,
  metrics,
  now: () => new Date(),
};

async function watch(event: unknown): Promise<WatchdogResult> {
  try {
    return await watchdogRun(parseScheduledEvent(event, new Date(), 'watchdog'), dependencies);
  } catch (error) {
    logger.error('the watchdog could not look', { error });
    throw error;
  }
}

export const handler = middy(watch)
  .use(injectLambdaContext(logger, { resetKeys: true }))
  .use(logMetrics(metrics, { captureColdStartMetric: true }));
