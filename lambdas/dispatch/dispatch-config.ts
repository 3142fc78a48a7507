// The dispatch function's configuration, read once at cold start: which accounts and regions to
// search (FLEET_CONFIG), where the work goes (WORK_QUEUE_URL), where a discovery failure is
// reported (ALERT_TOPIC_ARN; see lambdas/README.md for why dispatch publishes rather than fails),
// and where the run's marker goes (SNAPSHOT_BUCKET/SNAPSHOT_PREFIX, KMS_KEY_ID: the watchdog reads
// it to know that the run started and what it enqueued).
import { z } from 'zod';
import type { EksFleetConfig } from '../../shared/fleet/eks-fleet-config.ts';
import { collectProblems, parseFleetConfigVariable, parseVariables, snsTopicArn, variablesOf, type Environment } from '../common/environment-variables.ts';
import { parsePowertoolsConfig, type PowertoolsConfig } from '../common/powertools-config.ts';
import { parseStoreVariables, type StoreVariables } from '../common/store-variables.ts';

export interface DispatchConfig {
  readonly powertools: PowertoolsConfig;
  readonly fleet: EksFleetConfig;
  readonly workQueueUrl: string;
  readonly alertTopicArn: string;
  /** The snapshot store, where the run marker is written (no Object Lock: markers are bookkeeping). */
  readonly store: StoreVariables;
}

const schema = z.object({
  WORK_QUEUE_URL: z
    .string({ error: 'must be set (the URL of the scan work queue)' })
    .refine((value) => URL.canParse(value) && ['https:', 'http:'].includes(new URL(value).protocol) && new URL(value).pathname.split('/').length === 3, {
      error: 'must be an SQS queue URL (https://sqs.REGION.amazonaws.com/ACCOUNT/NAME)',
    }),
  ALERT_TOPIC_ARN: snsTopicArn,
});

export function parseDispatchConfig(environment: Environment): DispatchConfig {
  const parts = collectProblems({
    powertools: () => parsePowertoolsConfig(environment),
    fleet: () => parseFleetConfigVariable(environment),
    variables: () => parseVariables(schema, variablesOf(environment, Object.keys(schema.shape))),
    store: () => parseStoreVariables(environment, { withRetention: false }),
  });
  return { powertools: parts.powertools, fleet: parts.fleet, workQueueUrl: parts.variables.WORK_QUEUE_URL, alertTopicArn: parts.variables.ALERT_TOPIC_ARN, store: parts.store };
}
