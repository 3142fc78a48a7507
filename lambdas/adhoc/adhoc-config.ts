// The ad-hoc what-if function's configuration, read once at cold start: how to reach a cluster
// (FLEET_CONFIG, as the scan reaches it), the fleet policy (FLEET_POLICY_KEY), how hard to push the
// cluster (SCAN_CONCURRENCY, REQUEST_TIMEOUT_MS), and the store its documents go to: the snapshot
// bucket and prefix, under whatif/, with the KMS key and Object Lock retention snapshots get.
import { z } from 'zod';
import type { EksFleetConfig } from '../../shared/fleet/eks-fleet-config.ts';
import { collectProblems, integerVariable, parseFleetConfigVariable, parseVariables, variablesOf, type Environment } from '../common/environment-variables.ts';
import { parsePowertoolsConfig, type PowertoolsConfig } from '../common/powertools-config.ts';
import { parseStoreVariables, type StoreVariables } from '../common/store-variables.ts';
import { DEFAULT_REQUEST_TIMEOUT_MS, DEFAULT_SCAN_CONCURRENCY } from '../scan/scan-config.ts';

export interface AdhocConfig {
  readonly powertools: PowertoolsConfig;
  readonly fleet: EksFleetConfig;
  readonly store: StoreVariables;
  /** Key of the fleet policy YAML in the bucket (not under the prefix); undefined: DEFAULT_FLEET_POLICY. */
  readonly fleetPolicyKey: string | undefined;
  readonly scanConcurrency: number;
  readonly requestTimeoutMs: number;
}

const schema = z.object({
  FLEET_POLICY_KEY: z.string().min(1).max(1024, { error: 'must be an S3 key (at most 1024 characters)' }).optional(),
  SCAN_CONCURRENCY: integerVariable(1, 256, DEFAULT_SCAN_CONCURRENCY),
  REQUEST_TIMEOUT_MS: integerVariable(1_000, 900_000, DEFAULT_REQUEST_TIMEOUT_MS),
});

export function parseAdhocConfig(environment: Environment): AdhocConfig {
  const parts = collectProblems({
    powertools: () => parsePowertoolsConfig(environment),
    fleet: () => parseFleetConfigVariable(environment),
    store: () => parseStoreVariables(environment, { withRetention: true }),
    variables: () => parseVariables(schema, variablesOf(environment, Object.keys(schema.shape))),
  });
  const v = parts.variables;
  return {
    powertools: parts.powertools,
    fleet: parts.fleet,
    store: parts.store,
    fleetPolicyKey: v.FLEET_POLICY_KEY,
    scanConcurrency: v.SCAN_CONCURRENCY,
    requestTimeoutMs: v.REQUEST_TIMEOUT_MS,
  };
}
