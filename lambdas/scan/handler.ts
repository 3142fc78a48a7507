// The scan Lambda: SQS work queue -> one cluster per record (scan-work-item.ts) -> a partial batch
// response, so only the records that failed come back (the event source mapping must report batch
// item failures). middy 7 has no sqs-partial-batch-failure middleware: Powertools' BatchProcessor
// does it inside the handler. Configuration, clients and the fleet policy read are set up once,
// when the module loads (cold start).
import middy from '@middy/core';
import { BatchProcessor, EventType, processPartialResponse } from '@aws-lambda-powertools/batch';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { logMetrics } from '@aws-lambda-powertools/metrics/middleware';
import type { Context, SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';
import packageJson from '../../package.json' with { type: 'json' };
import { createS3ReportSink } from '../../shared/notify/s3-report-sink.ts';
import { createSnsNotifier } from '../../shared/notify/sns-notifier.ts';
import { createS3SnapshotStore } from '../../shared/store/s3-snapshot-store.ts';
import { createS3, createSns, ownCredentials } from '../common/aws-clients.ts';
import { topicRegion } from '../common/environment-variables.ts';
import { createPowertools } from '../common/powertools.ts';
import { MemberCredentials } from '../common/member-credentials.ts';
import { createS3AlertLedger } from './s3-alert-ledger.ts';
import { fleetPolicyFromS3 } from '../common/s3-fleet-policy.ts';
import { parseScanConfig } from './scan-config.ts';
import { scanWorkItem, type ItemOutcome, type ScanItemDependencies } from './scan-work-item.ts';

const config = parseScanConfig(process.env);
const { logger, metrics } = createPowertools(config.powertools);
const s3 = createS3(process.env);
const { bucket, prefix, kmsKeyId, retention } = config.store;
const region = topicRegion(config.alertTopicArn);
const kms = kmsKeyId === undefined ? {} : { kmsKeyId };

const dependencies: ScanItemDependencies = {
  config,
  store: createS3SnapshotStore({ client: s3, bucket, prefix, ...kms, ...(retention === undefined ? {} : { retention }) }),
  notifier: createSnsNotifier({ client: createSns(region, 1), topicArn: config.alertTopicArn }),
  ledger: createS3AlertLedger({ client: s3, bucket, prefix, ...kms }),
  reportSink: createS3ReportSink({ client: s3, bucket, prefix, ...kms }),
  credentials: new MemberCredentials(config.fleet, ownCredentials()),
  fleetPolicy: fleetPolicyFromS3(s3, bucket, config.fleetPolicyKey),
  sns: createSns(region, 3),
  logger,
  metrics,
  scannerVersion: packageJson.version,
  now: () => new Date(),
};

const processor = new BatchProcessor(EventType.SQS);

async function scanBatch(event: SQSEvent, context: Context): Promise<SQSBatchResponse> {
  return processPartialResponse(event, (record: SQSRecord): Promise<ItemOutcome> => scanWorkItem(record, dependencies), processor, {
    context,
    // Every record failing is reported as every record failing, not as an invocation error: the
    // function's Errors metric then means the handler itself broke; ScanErrors counts the items.
    throwOnFullBatchFailure: false,
  });
}

export const handler = middy(scanBatch)
  .use(injectLambdaContext(logger, { resetKeys: true }))
  .use(logMetrics(metrics, { captureColdStartMetric: true }));
