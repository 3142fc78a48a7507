// The functions' environment: the variables their configuration parsers read
// (lambdas/*/…-config.ts, lambdas/common/powertools-config.ts, lambdas/common/store-variables.ts)
// and NODE_OPTIONS (lambda-bundling.ts); and Lambda's limit on it: 4 KB for all variables of a function together
// (https://docs.aws.amazon.com/lambda/latest/dg/gettingstarted-limits.html). FLEET_CONFIG is the
// one that grows with the fleet: a fleet whose config does not fit is refused at synth, naming the
// sizes, instead of failing the deployment (infra/README.md says what to do then).
import { Token, Tokenization } from 'aws-cdk-lib';
import { LAMBDA_NODE_OPTIONS } from './lambda-bundling.ts';
import { serviceName, type FunctionName } from './scanner-identity.ts';
import type { ScannerSettings } from './scanner-settings.ts';

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

/** Where the store is: every function reads or writes it (lambdas/common/store-variables.ts). */
interface StoreEnvironmentInput {
  readonly snapshotBucket: string;
  readonly snapshotPrefix: string;
  readonly kmsKeyId: string;
}

/** Retention on write-once documents (snapshots, what-ifs); undefined: none. */
type ObjectLockInput = { readonly mode: string; readonly days: number } | undefined;

/** How a function reaches clusters (scan, adhoc). */
interface ClusterAccessInput {
  readonly fleetConfigJson: string;
  readonly fleetPolicyKey: string | undefined;
  readonly scanConcurrency: number;
  readonly requestTimeoutMs: number;
}

interface DispatchEnvironmentInput {
  readonly powertools: PowertoolsSettings;
  readonly fleetConfigJson: string;
  readonly workQueueUrl: string;
  readonly alertTopicArn: string;
  readonly store: StoreEnvironmentInput;
}

interface ScanEnvironmentInput {
  readonly powertools: PowertoolsSettings;
  readonly clusters: ClusterAccessInput;
  readonly store: StoreEnvironmentInput;
  readonly alertTopicArn: string;
  readonly objectLock: ObjectLockInput;
  readonly maxReceiveCount: number;
}

interface AdhocEnvironmentInput {
  readonly powertools: PowertoolsSettings;
  readonly clusters: ClusterAccessInput;
  readonly store: StoreEnvironmentInput;
  readonly objectLock: ObjectLockInput;
}

interface ReportEnvironmentInput {
  readonly powertools: PowertoolsSettings;
  readonly store: StoreEnvironmentInput;
  readonly nights: number;
}

interface WatchdogEnvironmentInput {
  readonly powertools: PowertoolsSettings;
  readonly store: StoreEnvironmentInput;
  readonly alertTopicArn: string;
  readonly windowHours: number;
}

/** What every function gets: Powertools and source-mapped stack traces. */
function commonVariables(p: PowertoolsSettings): Record<string, string> {
  return { POWERTOOLS_SERVICE_NAME: p.serviceName, POWERTOOLS_METRICS_NAMESPACE: p.metricsNamespace, POWERTOOLS_LOG_LEVEL: p.logLevel, NODE_OPTIONS: LAMBDA_NODE_OPTIONS };
}

function storeVariables(s: StoreEnvironmentInput): Record<string, string> {
  return { SNAPSHOT_BUCKET: s.snapshotBucket, SNAPSHOT_PREFIX: s.snapshotPrefix, KMS_KEY_ID: s.kmsKeyId };
}

function objectLockVariables(lock: ObjectLockInput): Record<string, string> {
  return lock === undefined ? {} : { OBJECT_LOCK_MODE: lock.mode, OBJECT_LOCK_DAYS: String(lock.days) };
}

function clusterAccessVariables(c: ClusterAccessInput): Record<string, string> {
  return {
    FLEET_CONFIG: c.fleetConfigJson,
    ...(c.fleetPolicyKey === undefined ? {} : { FLEET_POLICY_KEY: c.fleetPolicyKey }),
    SCAN_CONCURRENCY: String(c.scanConcurrency),
    REQUEST_TIMEOUT_MS: String(c.requestTimeoutMs),
  };
}

function dispatchEnvironment(input: DispatchEnvironmentInput): Record<string, string> {
  return {
    ...commonVariables(input.powertools),
    FLEET_CONFIG: input.fleetConfigJson,
    WORK_QUEUE_URL: input.workQueueUrl,
    ALERT_TOPIC_ARN: input.alertTopicArn,
    ...storeVariables(input.store),
  };
}

function scanEnvironment(input: ScanEnvironmentInput): Record<string, string> {
  return {
    ...commonVariables(input.powertools),
    ...clusterAccessVariables(input.clusters),
    ...storeVariables(input.store),
    ...objectLockVariables(input.objectLock),
    ALERT_TOPIC_ARN: input.alertTopicArn,
    MAX_RECEIVE_COUNT: String(input.maxReceiveCount),
  };
}

function adhocEnvironment(input: AdhocEnvironmentInput): Record<string, string> {
  return { ...commonVariables(input.powertools), ...clusterAccessVariables(input.clusters), ...storeVariables(input.store), ...objectLockVariables(input.objectLock) };
}

function reportEnvironment(input: ReportEnvironmentInput): Record<string, string> {
  return { ...commonVariables(input.powertools), ...storeVariables(input.store), REPORT_NIGHTS: String(input.nights) };
}

function watchdogEnvironment(input: WatchdogEnvironmentInput): Record<string, string> {
  return { ...commonVariables(input.powertools), ...storeVariables(input.store), ALERT_TOPIC_ARN: input.alertTopicArn, WATCHDOG_WINDOW_HOURS: String(input.windowHours) };
}

/** What the stack creates and the functions are told about (tokens when synthesized). */
export interface DeployedResources {
  readonly workQueueUrl: string;
  readonly alertTopicArn: string;
  readonly snapshotBucket: string;
  readonly kmsKeyId: string;
}

/** Every function's variables, from the deployment's settings: what the stack sets, and what the local flow and the benches run with. */
export function functionEnvironments(settings: ScannerSettings, resources: DeployedResources): Record<FunctionName, Record<string, string>> {
  const powertools = (fn: FunctionName): PowertoolsSettings => ({ serviceName: serviceName(fn), metricsNamespace: settings.metricsNamespace, logLevel: settings.logLevel });
  const store = { snapshotBucket: resources.snapshotBucket, snapshotPrefix: settings.snapshotPrefix, kmsKeyId: resources.kmsKeyId };
  const clusters = { fleetConfigJson: settings.fleetConfigJson, fleetPolicyKey: settings.fleetPolicyKey, scanConcurrency: settings.scanConcurrency, requestTimeoutMs: settings.requestTimeoutMs };
  const { alertTopicArn } = resources;
  return {
    dispatch: dispatchEnvironment({ powertools: powertools('dispatch'), fleetConfigJson: settings.fleetConfigJson, workQueueUrl: resources.workQueueUrl, alertTopicArn, store }),
    scan: scanEnvironment({ powertools: powertools('scan'), clusters, store, alertTopicArn, objectLock: settings.objectLock, maxReceiveCount: settings.maxReceiveCount }),
    adhoc: adhocEnvironment({ powertools: powertools('adhoc'), clusters, store, objectLock: settings.objectLock }),
    report: reportEnvironment({ powertools: powertools('report'), store, nights: settings.reportNights }),
    watchdog: watchdogEnvironment({ powertools: powertools('watchdog'), store, alertTopicArn, windowHours: settings.watchdogWindowHours }),
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
