// The Powertools instances of one function, made once at cold start from its checked configuration
// (not from the variables a second time: what was validated is what is used). Metrics go out as
// CloudWatch embedded metric format (EMF) lines in the function's log; no PutMetricData calls.
import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import type { PowertoolsConfig } from './powertools-config.ts';

export interface Powertools {
  readonly logger: Logger;
  readonly metrics: Metrics;
}

export function createPowertools(config: PowertoolsConfig): Powertools {
  return {
    logger: new Logger({ serviceName: config.serviceName, logLevel: config.logLevel }),
    metrics: new Metrics({ serviceName: config.serviceName, namespace: config.metricsNamespace }),
  };
}

/** One value of a metric under one extra dimension (findings by severity, errors by kind): its own EMF line, so the shared instance's dimensions stay as they are. */
export function countBy(metrics: Metrics, name: string, dimension: string, value: string, count = 1): void {
  metrics.singleMetric().addDimension(dimension, value).addMetric(name, MetricUnit.Count, count);
}

export { MetricUnit };
