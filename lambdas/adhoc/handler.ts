// The ad-hoc what-if Lambda: invoked directly (an operator's `aws lambda invoke`, a pipeline before
// an upgrade) with `{"cluster":{"account","region","name"},"toVersion":"1.38","requestId"?}`;
// answers where the document is and its summary (adhoc-what-if.ts). Configuration, clients and the
// fleet policy read are set up once, when the module loads (cold start).
import middy from '@middy/core';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { logMetrics } from '@aws-lambda-powertools/metrics/middleware';
import type { Context } from 'aws-lambda';
import packageJson from '../../package.json' with { type: 'json' };
import { openWhatIfStore } from '../../shared/store/what-if-store.ts';
import { createS3, ownCredentials } from '../common/aws-clients.ts';
import { MemberCredentials } from '../common/member-credentials.ts';
import { createPowertools } from '../common/powertools.ts';
import { fleetPolicyFromS3 } from '../common/s3-fleet-policy.ts';
import { parseAdhocConfig } from './adhoc-config.ts';
import { AdhocRequestError, adhocWhatIf, type AdhocDependencies, type AdhocResult } from './adhoc-what-if.ts';

const config = parseAdhocConfig(process.env);
const { logger, metrics } = createPowertools(config.powertools);
const s3 = createS3(process.env);
const { bucket, prefix, kmsKeyId, retention } = config.store;

const dependencies: AdhocDependencies = {
  config,
  whatIfs: openWhatIfStore(
    { kind: 's3', bucket, prefix },
    { s3Client: () => s3, ...(kmsKeyId === undefined ? {} : { kmsKeyId }), ...(retention === undefined ? {} : { retention }) },
  ),
  credentials: new MemberCredentials(config.fleet, ownCredentials()),
  fleetPolicy: fleetPolicyFromS3(s3, bucket, config.fleetPolicyKey),
  logger,
  metrics,
  scannerVersion: packageJson.version,
  now: () => new Date(),
};

async function whatIf(event: unknown, context: Context): Promise<AdhocResult> {
  try {
    return await adhocWhatIf(event, context.awsRequestId, dependencies);
  } catch (error) {
    // The invoker gets the error as the function's answer; the log keeps it with its cause.
    if (error instanceof AdhocRequestError) logger.warn('what-if refused', { problems: error.problems });
    else logger.error('what-if failed', { error });
    throw error;
  }
}

export const handler = middy(whatIf)
  .use(injectLambdaContext(logger, { resetKeys: true }))
  .use(logMetrics(metrics, { captureColdStartMetric: true }));
