// The cold-start tests of the Lambda handler modules: each handler.ts reads its environment when it
// loads, so every test imports it afresh (a new module registry) under a process.env of its own.
import { afterEach, beforeEach, expect, it, vi } from 'vitest';
import { functionEnvironments } from '../../infra/lambda-environment.ts';
import type { FunctionName } from '../../infra/scanner-identity.ts';
import { resolveScannerSettings } from '../../infra/scanner-settings.ts';

/** `() => import('./handler.ts')`, written in the test file so the path is the handler beside it. */
export type LoadHandlerModule = () => Promise<{ readonly handler: { readonly use: unknown } }>;

export type HandlerEnvironment = Readonly<Record<string, string | undefined>>;

/**
 * The variables the CDK stack gives `fn` (infra/lambda-environment.ts, the stack's defaults), with
 * the values CloudFormation would fill in, and the region Lambda sets.
 */
export function stackEnvironment(fn: FunctionName): HandlerEnvironment {
  const settings = resolveScannerSettings({ fleetConfig: { accounts: [{ regions: ['eu-west-1'] }, { roleArn: 'arn:aws:iam::111122223333:role/psa-scanner', regions: ['eu-west-1'] }] } });
  const variables = functionEnvironments(settings, {
    workQueueUrl: 'https://sqs.eu-west-1.amazonaws.com/999988887777/psa-work',
    alertTopicArn: 'arn:aws:sns:eu-west-1:999988887777:psa-alerts',
    snapshotBucket: 'psa-snapshots',
    kmsKeyId: 'arn:aws:kms:eu-west-1:999988887777:key/01234567-89ab-cdef-0123-456789abcdef',
  });
  return { ...variables[fn], AWS_REGION: 'eu-west-1' };
}

/** Each test of the calling describe block loads the handler anew; process.env is restored after it. */
export function isolateHandlerModule(): void {
  let saved: NodeJS.ProcessEnv;

  beforeEach(() => {
    saved = process.env;
    vi.resetModules();
  });

  afterEach(() => {
    process.env = saved;
  });
}

export function itLoadsWithTheStackEnvironment(load: LoadHandlerModule, stackEnvironment: HandlerEnvironment): void {
  it('loads with the environment the stack gives it and exports a middy handler', async () => {
    process.env = { ...stackEnvironment };

    const { handler } = await load();

    expect(typeof handler).toBe('function');
    expect(typeof handler.use).toBe('function');
  });
}

/** The module refuses to load under `environment`, with a LambdaConfigError listing exactly `problems`. */
export async function expectHandlerLoadRefused(load: LoadHandlerModule, environment: HandlerEnvironment, problems: readonly string[]): Promise<void> {
  process.env = { ...environment };

  await expect(load()).rejects.toMatchObject({ name: 'LambdaConfigError', problems });
}
