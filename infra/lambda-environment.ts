// The functions' environment: the variables their configuration parsers read
// (lambdas/dispatch/dispatch-config.ts, lambdas/scan/scan-config.ts, lambdas/common/powertools-config.ts)
// and NODE_OPTIONS (lambda-bundling.ts); and Lambda's limit on it: 4 KB for all variables of a function together
// (https://docs.aws.amazon.com/lambda/latest/dg/gettingstarted-limits.html). FLEET_CONFIG is the
// one that grows with the fleet: a fleet whose config does not fit is refused at synth, naming the
// sizes, instead of failing the deployment (infra/README.md says what to do then).
import { Token, Tokenization } from 'aws-cdk-lib';
import { LAMBDA_NODE_OPTIONS } from './lambda-bundling.ts';

export const LAMBDA_ENVIRONMENT_LIMIT_BYTES = 4096;

/**
 * What an unresolved value (a queue URL, a topic or key ARN, a bucket name) is counted as: more than
 * any name CloudFormation generates for them takes, so a fleet that fits here fits when deployed.
 */
export const UNRESOLVED_VALUE_BYTES = 256;

export interface PowertoolsSettings {
  readonly serviceName: string;
  readonly metricsNamespace: string;
  readonly logLevel: string;
}

export interface DispatchEnvironmentInput {
  readonly powertools: PowertoolsSettings;
  readonly fleetConfigJson: string;
  readonly workQueueUrl: string;
  readonly alertTopicArn: string;
}

export interface ScanEnvironmentInput {
  readonly powertools: PowertoolsSettings;
  readonly fleetConfigJson: string;
  readonly snapshotBucket: string;
  readonly snapshotPrefix: string;
  readonly alertTopicArn: string;
  readonly kmsKeyId: string;
  readonly objectLock: { readonly mode: string; readonly days: number } | undefined;
  readonly fleetPolicyKey: string | undefined;
  readonly scanConcurrency: number;
  readonly requestTimeoutMs: number;
  readonly maxReceiveCount: number;
}

function powertoolsVariables(p: PowertoolsSettings): Record<string, string> {
  return { POWERTOOLS_SERVICE_NAME: p.serviceName, POWERTOOLS_METRICS_NAMESPACE: p.metricsNamespace, POWERTOOLS_LOG_LEVEL: p.logLevel };
}

export function dispatchEnvironment(input: DispatchEnvironmentInput): Record<string, string> {
  return {
    ...powertoolsVariables(input.powertools),
    NODE_OPTIONS: LAMBDA_NODE_OPTIONS,
    FLEET_CONFIG: input.fleetConfigJson,
    WORK_QUEUE_URL: input.workQueueUrl,
    ALERT_TOPIC_ARN: input.alertTopicArn,
  };
}

export function scanEnvironment(input: ScanEnvironmentInput): Record<string, string> {
  return {
    ...powertoolsVariables(input.powertools),
    NODE_OPTIONS: LAMBDA_NODE_OPTIONS,
    FLEET_CONFIG: input.fleetConfigJson,
    SNAPSHOT_BUCKET: input.snapshotBucket,
    SNAPSHOT_PREFIX: input.snapshotPrefix,
    ALERT_TOPIC_ARN: input.alertTopicArn,
    KMS_KEY_ID: input.kmsKeyId,
    ...(input.objectLock === undefined ? {} : { OBJECT_LOCK_MODE: input.objectLock.mode, OBJECT_LOCK_DAYS: String(input.objectLock.days) }),
    ...(input.fleetPolicyKey === undefined ? {} : { FLEET_POLICY_KEY: input.fleetPolicyKey }),
    SCAN_CONCURRENCY: String(input.scanConcurrency),
    REQUEST_TIMEOUT_MS: String(input.requestTimeoutMs),
    MAX_RECEIVE_COUNT: String(input.maxReceiveCount),
  };
}

/** Bytes of a value, unresolved parts counted as UNRESOLVED_VALUE_BYTES each. */
function valueBytes(value: string): number {
  if (!Token.isUnresolved(value)) return Buffer.byteLength(value);
  const placeholder = 'x'.repeat(UNRESOLVED_VALUE_BYTES);
  const estimate: unknown = Tokenization.reverseString(value)
    .mapTokens({ mapToken: () => placeholder })
    .join({ join: (left: unknown, right: unknown) => `${String(left)}${String(right)}` });
  return Buffer.byteLength(String(estimate ?? ''));
}

/** The size Lambda counts, bounded from above: the variables as JSON (names, values, quotes, separators). */
export function environmentBytes(environment: Readonly<Record<string, string>>): number {
  const entries = Object.entries(environment);
  const punctuation = 2 + entries.length * 6; // {} and "":"", per variable
  return entries.reduce((sum, [name, value]) => sum + Buffer.byteLength(name) + valueBytes(value), punctuation);
}

export class EnvironmentTooLargeError extends Error {
  override readonly name = 'EnvironmentTooLargeError';
}

/** Throws EnvironmentTooLargeError when the variables may not fit Lambda's 4 KB. */
export function checkEnvironmentSize(functionName: string, environment: Readonly<Record<string, string>>): void {
  const total = environmentBytes(environment);
  if (total <= LAMBDA_ENVIRONMENT_LIMIT_BYTES) return;
  const fleetConfig = environment['FLEET_CONFIG'] === undefined ? 0 : Buffer.byteLength(environment['FLEET_CONFIG']);
  throw new EnvironmentTooLargeError(
    `${functionName}: the environment takes up to ${total} bytes, more than Lambda's ${LAMBDA_ENVIRONMENT_LIMIT_BYTES} ` +
      `(FLEET_CONFIG alone is ${fleetConfig} bytes). Shorten the fleet configuration (one entry per account, ` +
      `only the regions used; endpointOverrides are for tests) or see "Big fleets" in infra/README.md.`,
  );
}
