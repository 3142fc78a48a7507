// The functions beside the nightly flow (the ad-hoc what-if, the fleet report, the missed-scan
// watchdog), run locally against a running FleetFlow the way its dispatch and scan run: each in a
// process of its own (local-lambda.ts) with what Lambda sets and the variables the CDK stack gives
// it (lambdas/README.md), pointed at the flow's moto and bucket.
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { REPO_ROOT } from '../../support/paths.ts';
import { lambdaRuntimeEnvironment, type FleetFlow } from './fleet-flow.ts';
import { LocalLambda } from './local-lambda.ts';

export type FleetJob = 'adhoc' | 'report' | 'watchdog';

/** The variables the stack gives each function (beside what Lambda sets): the flow's, from infra/lambda-environment.ts. */
export function fleetJobVariables(flow: FleetFlow, job: FleetJob): Readonly<Record<string, string>> {
  return flow.environments[job];
}

export interface FleetJobOptions {
  readonly workDir: string;
  /** Another module than lambdas/<job>/handler.ts (a bundle of it). */
  readonly handlerModule?: string;
  /** Replaces variables of fleetJobVariables. */
  readonly variables?: Readonly<Record<string, string>>;
  readonly timeoutMs?: number;
}

export async function startFleetJob(flow: FleetFlow, job: FleetJob, options: FleetJobOptions): Promise<LocalLambda> {
  const home = join(options.workDir, `${job}-home`);
  await mkdir(home, { recursive: true });
  return LocalLambda.start({
    functionName: `psa-fleet-${job}`,
    handlerModule: options.handlerModule ?? join(REPO_ROOT, 'lambdas', job, 'handler.ts'),
    // moto keys nothing on the role, so the scan's execution role stands in for each function's.
    environment: { ...lambdaRuntimeEnvironment(flow.aws, flow.aws.functionCredentials.scan, home), ...fleetJobVariables(flow, job), ...options.variables },
    logFile: join(options.workDir, `${job}.log`),
    timeoutMs: options.timeoutMs ?? 120_000,
  });
}
