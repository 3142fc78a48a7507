// The two functions as the scanner stack deploys them, for the bench fleet: the stack's own defaults
// (infra/scanner-settings.ts: the event source's maximum concurrency, SCAN_CONCURRENCY, the request
// timeout, maxReceiveCount, the scan memory; infra/scanner-stack.ts: the 15-minute scan timeout) and
// the variables the stack writes (infra/lambda-environment.ts), plus what Lambda itself puts in the
// environment, pointed at moto (test/e2e/support/fleet-flow.ts). The fleet configuration lists each
// member account with the regions its clusters are in, and the local-only endpoint overrides.
import { join } from 'node:path';
import { mkdir } from 'node:fs/promises';
import { functionEnvironments as stackFunctionEnvironments } from '../../infra/lambda-environment.ts';
import { resolveScannerSettings, type ScannerSettings } from '../../infra/scanner-settings.ts';
import { DISPATCH_MEMORY_MB, SCAN_TIMEOUT } from '../../infra/scanner-stack.ts';
import { memberRoleArn, type FleetAws } from '../e2e/support/fleet-aws.ts';
import { FLEET_POLICY_KEY, lambdaRuntimeEnvironment } from '../e2e/support/fleet-flow.ts';
import type { BenchCluster } from './fleet-bench-plan.ts';

export interface StackDefaults {
  readonly maxConcurrentScans: number;
  readonly scanConcurrency: number;
  readonly requestTimeoutMs: number;
  readonly maxReceiveCount: number;
  readonly scanMemoryMb: number;
  readonly scanTimeoutSeconds: number;
  readonly objectLock: ScannerSettings['objectLock'];
}

/** The accounts of FLEET_CONFIG: one per member account, with the regions it has clusters in. */
export function fleetAccounts(clusters: readonly Pick<BenchCluster, 'account' | 'region'>[]): Array<{ roleArn: string; regions: string[] }> {
  const accounts = [...new Set(clusters.map((c) => c.account))];
  return accounts.map((account) => ({ roleArn: memberRoleArn(account), regions: [...new Set(clusters.filter((c) => c.account === account).map((c) => c.region))] }));
}

/** What the stack would deploy for this fleet with no setting given. */
export function stackDefaults(clusters: readonly Pick<BenchCluster, 'account' | 'region'>[]): StackDefaults {
  const settings = resolveScannerSettings({ fleetConfig: { accounts: fleetAccounts(clusters) } });
  return {
    maxConcurrentScans: settings.maxConcurrentScans,
    scanConcurrency: settings.scanConcurrency,
    requestTimeoutMs: settings.requestTimeoutMs,
    maxReceiveCount: settings.maxReceiveCount,
    scanMemoryMb: settings.scanMemoryMb,
    scanTimeoutSeconds: SCAN_TIMEOUT.toSeconds(),
    objectLock: settings.objectLock,
  };
}

export interface FunctionEnvironments {
  readonly dispatch: Readonly<Record<string, string>>;
  readonly scan: Readonly<Record<string, string>>;
}

export async function functionEnvironments(options: {
  readonly aws: FleetAws;
  readonly clusters: readonly BenchCluster[];
  readonly endpointOverrides: Readonly<Record<string, unknown>>;
  readonly stack: StackDefaults;
  /** SCAN_CONCURRENCY, when the bench is told another than the stack's. */
  readonly scanConcurrency: number;
  readonly workDir: string;
}): Promise<FunctionEnvironments> {
  const { aws, stack } = options;
  const home = join(options.workDir, 'lambda-home');
  await mkdir(home, { recursive: true });
  const settings = resolveScannerSettings({
    fleetConfig: { accounts: fleetAccounts(options.clusters), endpointOverrides: options.endpointOverrides, awsEndpoints: { eks: aws.moto, sts: aws.moto } },
    ...(stack.objectLock === undefined ? { objectLock: false } : { objectLock: stack.objectLock }),
    fleetPolicyKey: FLEET_POLICY_KEY,
    scanConcurrency: options.scanConcurrency,
    requestTimeoutMs: stack.requestTimeoutMs,
    maxReceiveCount: stack.maxReceiveCount,
  });
  const variables = stackFunctionEnvironments(settings, { workQueueUrl: aws.workQueueUrl, alertTopicArn: aws.topicArn, snapshotBucket: aws.bucket, kmsKeyId: aws.kmsKeyId });
  return {
    dispatch: {
      ...lambdaRuntimeEnvironment(aws, aws.functionCredentials.dispatch, home),
      AWS_LAMBDA_FUNCTION_MEMORY_SIZE: String(DISPATCH_MEMORY_MB),
      ...variables.dispatch,
    },
    scan: {
      ...lambdaRuntimeEnvironment(aws, aws.functionCredentials.scan, home),
      AWS_LAMBDA_FUNCTION_MEMORY_SIZE: String(stack.scanMemoryMb),
      ...variables.scan,
    },
  };
}
