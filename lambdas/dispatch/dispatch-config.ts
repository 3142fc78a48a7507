// The dispatch function's configuration, read once at cold start: which accounts and regions to
// search (FLEET_CONFIG), where the work goes (WORK_QUEUE_URL), and where a discovery failure is
// reported (ALERT_TOPIC_ARN; see lambdas/README.md for why dispatch publishes rather than fails).
import { z } from 'zod';
import type { EksFleetConfig } from '../../shared/fleet/eks-fleet-config.ts';
import { collectProblems, parseFleetConfigVariable, parseVariables, snsTopicArn, variablesOf, type Environment } from '../common/environment-variables.ts';
import { parsePowertoolsConfig, type PowertoolsConfig } from '../common/powertools-config.ts';

export interface DispatchConfig {
  readonly powertools: PowertoolsConfig;
  readonly fleet: EksFleetConfig;
  readonly workQueueUrl: string;
  readonly alertTopicArn: string;
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
  });
  return { powertools: parts.powertools, fleet: parts.fleet, workQueueUrl: parts.variables.WORK_QUEUE_URL, alertTopicArn: parts.variables.ALERT_TOPIC_ARN };
}
