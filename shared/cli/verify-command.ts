// `psa-scan verify`: opens the store read-only, walks every chain, prints the report. Exit 0 when
// every chain verified is intact, 1 when a problem is found, 2 for usage errors and stores that
// cannot be read. The S3 client comes from the environment's values the entry hands in.
import { clusterLabel, type ClusterIdentity } from '../fleet/cluster-identity.ts';
import { openStoreForReading } from './open-cli-store.ts';
import { SnapshotStoreError } from '../store/snapshot-store-error.ts';
import { describeStoreReference } from '../store/store-reference.ts';
import { verifyChain } from '../store/verify-chain.ts';
import type { CliEnvironment } from './cli-environment.ts';
import type { CliIo } from './cli-io.ts';
import { safeText } from './safe-text.ts';
import { parseVerifyArguments, type VerifyOptions } from './verify-options.ts';
import { renderVerifyJson, renderVerifyText } from './verify-render.ts';
import { VERIFY_HELP, VERIFY_SYNOPSIS } from './verify-usage.ts';

export const VERIFY_EXIT_INTACT = 0;
export const VERIFY_EXIT_PROBLEM = 1;
export const VERIFY_EXIT_UNUSABLE = 2;

/** `psa-scan verify ARGS`, from the arguments after `verify`. */
export async function runVerifyCli(args: readonly string[], io: CliIo, environment: CliEnvironment): Promise<number> {
  const parsed = parseVerifyArguments(args);
  if (parsed.outcome === 'help') {
    io.stdout(VERIFY_HELP);
    return VERIFY_EXIT_INTACT;
  }
  if (parsed.outcome === 'usage-error') {
    io.stderr(`psa-scan verify: ${safeText(parsed.message)}\n${VERIFY_SYNOPSIS}Run "psa-scan verify --help" for more.\n`);
    return VERIFY_EXIT_UNUSABLE;
  }
  return runVerifyCommand(parsed.options, io, environment);
}

function selects(wanted: readonly string[]): ((cluster: ClusterIdentity) => boolean) | undefined {
  if (wanted.length === 0) return undefined;
  return (cluster) => wanted.includes(cluster.name) || wanted.includes(clusterLabel(cluster));
}

export async function runVerifyCommand(options: VerifyOptions, io: CliIo, environment: CliEnvironment): Promise<number> {
  const where = describeStoreReference(options.store);
  const fail = (message: string): number => {
    io.stderr(`psa-scan verify: ${safeText(message)}\n`);
    return VERIFY_EXIT_UNUSABLE;
  };
  const opened = openStoreForReading(options.store, environment);
  if (!opened.ok) return fail(opened.message);
  try {
    const store = opened.store;
    const report = await verifyChain(store, { ...(options.clusters.length > 0 ? { select: selects(options.clusters) } : {}) });
    const missing = options.clusters.filter((wanted) => !report.clusters.some((c) => c.cluster.name === wanted || clusterLabel(c.cluster) === wanted));
    if (missing.length > 0) return fail(`${where}: no cluster ${missing.map((m) => JSON.stringify(m)).join(', ')} in this store`);
    io.stdout(options.format === 'json' ? renderVerifyJson(report) : renderVerifyText(report));
    return report.intact ? VERIFY_EXIT_INTACT : VERIFY_EXIT_PROBLEM;
  } catch (error) {
    if (error instanceof SnapshotStoreError) return fail(`${error.message} (${error.kind})`);
    throw error;
  } finally {
    opened.close();
  }
}
