// The report Lambda: EventBridge Scheduler, after the scan window ->
// `{"trigger":"schedule","scheduledTime":"<aws.scheduler.scheduled-time>"}` (or `{}` by hand) -> the
// fleet report's JSON, CSV and HTML under <prefix>reports/fleet/ (fleet-report-run.ts).
// Configuration, clients and Chart.js (chart-js-beside-handler.ts) are loaded once, when the
// module loads: a bundle without Chart.js fails its cold start with the path it looked at.
import middy from '@middy/core';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { logMetrics } from '@aws-lambda-powertools/metrics/middleware';
import packageJson from '../../package.json' with { type: 'json' };
import { createS3ReportDocumentSink } from '../../shared/report/s3-report-document-sink.ts';
import { createS3SnapshotStore } from '../../shared/store/s3-snapshot-store.ts';
import { createS3 } from '../common/aws-clients.ts';
import { createPowertools } from '../common/powertools.ts';
import { parseScheduledEvent } from '../common/scheduled-event.ts';
import { chartJsBesideHandler } from './chart-js-beside-handler.ts';
import { fleetReportRun, type ReportRunDependencies, type ReportRunResult } from './fleet-report-run.ts';
import { parseReportConfig } from './report-config.ts';

const config = parseReportConfig(process.env);
const { logger, metrics } = createPowertools(config.powertools);
const s3 = createS3(process.env);
const { bucket, prefix, kmsKeyId } = config.store;
const kms = kmsKeyId === undefined ? {} : { kmsKeyId };

const dependencies: ReportRunDependencies = {
  store: createS3SnapshotStore({ client: s3, bucket, prefix }),
  sink: createS3ReportDocumentSink({ client: s3, bucket, prefix, ...kms }),
  prefix,
  chart: await chartJsBesideHandler(import.meta.url),
  nights: config.nights,
  generatorVersion: packageJson.version,
  logger,
  metrics,
};

async function report(event: unknown): Promise<ReportRunResult> {
  try {
    return await fleetReportRun(parseScheduledEvent(event, new Date(), 'report'), dependencies);
  } catch (error) {
    logger.error('fleet report not written', { error });
    throw error;
  }
}

export const handler = middy(report)
  .use(injectLambdaContext(logger, { resetKeys: true }))
  .use(logMetrics(metrics, { captureColdStartMetric: true }));
