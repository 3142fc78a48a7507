// The Powertools variables both functions read, checked here so a typo fails the cold start with
// its name instead of logging at a level nobody asked for or into a namespace nobody watches.
import { z } from 'zod';
import { parseVariables, variablesOf, type Environment } from './environment-variables.ts';

export const DEFAULT_METRICS_NAMESPACE = 'PsaFleetScanner';
export const LOG_LEVELS = ['TRACE', 'DEBUG', 'INFO', 'WARN', 'ERROR', 'CRITICAL', 'SILENT'] as const;
export type LogLevelName = (typeof LOG_LEVELS)[number];

export interface PowertoolsConfig {
  readonly serviceName: string;
  readonly metricsNamespace: string;
  readonly logLevel: LogLevelName;
}

// CloudWatch: 1-255 of [0-9A-Za-z.-_/#:], and the AWS/ prefix is reserved for AWS services
// (https://docs.aws.amazon.com/AmazonCloudWatch/latest/APIReference/API_MetricDatum.html, Namespace).
const METRICS_NAMESPACE = /^(?!AWS\/)[0-9A-Za-z._\-/#: ]{1,255}$/;

const schema = z.object({
  POWERTOOLS_SERVICE_NAME: z.string({ error: 'must be set (the service name in every log line and metric)' }).regex(/^[\w.-]{1,128}$/, {
    error: 'must be 1-128 of letters, digits, _ . -',
  }),
  POWERTOOLS_METRICS_NAMESPACE: z
    .string()
    .regex(METRICS_NAMESPACE, { error: 'must be a CloudWatch namespace: 1-255 of letters, digits, spaces and . - _ / # :, not starting with AWS/' })
    .default(DEFAULT_METRICS_NAMESPACE),
  POWERTOOLS_LOG_LEVEL: z
    .string()
    .transform((level) => level.toUpperCase())
    .pipe(z.enum(LOG_LEVELS, { error: `must be one of ${LOG_LEVELS.join(', ')}` }))
    .default('INFO'),
});

export function parsePowertoolsConfig(environment: Environment): PowertoolsConfig {
  const parsed = parseVariables(schema, variablesOf(environment, Object.keys(schema.shape)));
  return { serviceName: parsed.POWERTOOLS_SERVICE_NAME, metricsNamespace: parsed.POWERTOOLS_METRICS_NAMESPACE, logLevel: parsed.POWERTOOLS_LOG_LEVEL };
}
