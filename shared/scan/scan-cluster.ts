// One cluster -> one ClusterSnapshot. Inventory first, then every namespace swept (a bounded number
// at a time), then the summary. Nothing here throws for what a cluster does: failures become
// errors in the snapshot, whose outcome says whether it is whole (complete), partial (degraded) or
// empty (failed). The two halves are apart (inventoryCluster, sweepInventory) so that a caller that
// needs the inventory too (the pre-upgrade what-if) reads the cluster once.
import pLimit from 'p-limit';
import type { ClusterIdentity } from '../fleet/cluster-identity.ts';
import { levelVersionString } from '../pss/level-version.ts';
import { v1 } from '../pss/version.ts';
import { compareCodePoints, sortedStrings } from '../pss/go-string-order.ts';
import {
  NAMESPACE_STATES,
  SCHEMA_VERSION,
  SNAPSHOT_API_VERSION,
  SNAPSHOT_KIND,
  type ClusterSnapshot,
  type NamespaceResult,
  type NamespaceState,
  type ScanError,
} from '../snapshot/snapshot-schema.ts';
import { violatingPods as violatingPodsOf } from '../snapshot/sweep-facts.ts';
import type { ClusterPolicy } from '../targets/cluster-policy.ts';
import type { ClusterReader } from './cluster-reader.ts';
import { readInventory, type Inventory, type InventoryResult } from './inventory.ts';
import { stopAfterClusterFailure } from './stop-after-cluster-failure.ts';
import { prefetchingReader } from './dry-run-prefetch.ts';
import { planNamespace } from './namespace-plan.ts';
import { planDryRun } from './plan-dry-run.ts';
import { scanNamespace } from './scan-namespace.ts';

export interface ScanProgress {
  readonly phase: 'inventory' | 'namespaces' | 'done';
  readonly done: number;
  readonly total: number;
}

export interface ScanOptions {
  readonly identity: ClusterIdentity;
  /** The API server URL, recorded in the snapshot. */
  readonly server: string;
  readonly policy: { readonly cluster: ClusterPolicy; readonly digest: string; readonly source: string | null };
  readonly scannerVersion: string;
  /** The fleet run this scan belongs to (recorded for idempotent retries); none for a CLI scan. */
  readonly runId?: string;
  readonly now: () => Date;
  /** Namespaces swept at once (default 16); the reader bounds its own requests too. */
  readonly concurrency?: number;
  readonly onProgress?: (progress: ScanProgress) => void;
}

const DEFAULT_CONCURRENCY = 16;

export async function scanCluster(clusterReader: ClusterReader, options: ScanOptions): Promise<ClusterSnapshot> {
  return sweepInventory(await inventoryCluster(clusterReader, options), options);
}

/** A cluster's inventory as read, with the reader its sweeps must go through. */
export interface InventoriedCluster {
  /** The reader, failing fast once the cluster itself has gone (stop-after-cluster-failure.ts). */
  readonly reader: ClusterReader;
  readonly startedAt: Date;
  readonly read: InventoryResult;
}

/**
 * The first half of a scan: the clock started and everything listed. The sweeps' dry-runs are sent
 * as soon as the namespaces are known, beside the lists of pods and workloads.
 */
export async function inventoryCluster(
  clusterReader: ClusterReader,
  options: Pick<ScanOptions, 'now' | 'onProgress' | 'policy' | 'concurrency'>,
): Promise<InventoriedCluster> {
  const startedAt = options.now();
  // Two slots of the reader's concurrency stay free for the paged lists.
  const prefetching = prefetchingReader(stopAfterClusterFailure(clusterReader), (options.concurrency ?? DEFAULT_CONCURRENCY) - 2);
  options.onProgress?.({ phase: 'inventory', done: 0, total: 0 });
  const read = await readInventory(prefetching.reader, (version, namespaces) => {
    const context = { config: options.policy.cluster.admission, serverVersion: v1(version.minor) };
    for (const namespace of namespaces) {
      for (const lv of planNamespace(namespace, options.policy.cluster).sweeps) {
        const plan = planDryRun(namespace, lv, context);
        if (plan.kind === 'dry-run') prefetching.prefetch(namespace.name, plan.patch);
      }
    }
  });
  return { reader: prefetching.reader, startedAt, read };
}

/** The second half: every namespace of the inventory swept, and the snapshot. */
export async function sweepInventory(cluster: InventoriedCluster, options: ScanOptions): Promise<ClusterSnapshot> {
  const { reader, startedAt, read } = cluster;
  const progress = options.onProgress ?? ((): void => {});
  const header = snapshotHeader(options, startedAt);
  if (!read.ok) {
    return {
      ...header,
      cluster: { ...header.cluster, version: read.version === undefined ? null : { gitVersion: read.version.gitVersion, minor: read.version.minor } },
      finishedAt: options.now().toISOString(),
      outcome: 'failed',
      podSecurityPolicy: null,
      summary: summarise([]),
      errors: [...read.errors],
      namespaces: [],
    };
  }

  const inventory = read.inventory;
  const serverVersion = v1(inventory.version.minor);
  const total = inventory.namespaces.length;
  let done = 0;
  progress({ phase: 'namespaces', done, total });
  const limit = pLimit(options.concurrency ?? DEFAULT_CONCURRENCY);
  const namespaces = await Promise.all(
    inventory.namespaces.map((namespace) =>
      limit(async () => {
        const result = await scanNamespace({
          namespace,
          pods: inventory.pods.get(namespace.name),
          workloads: inventory.workloads.get(namespace.name),
          errors: inventory.namespaceErrors.get(namespace.name) ?? [],
          policy: options.policy.cluster,
          serverVersion,
          reader,
        });
        progress({ phase: 'namespaces', done: ++done, total });
        return result;
      }),
    ),
  );
  namespaces.sort((a, b) => compareCodePoints(a.name, b.name));
  progress({ phase: 'done', done, total });

  const errors = [...inventory.clusterErrors];
  return {
    ...header,
    cluster: { ...header.cluster, version: { gitVersion: inventory.version.gitVersion, minor: inventory.version.minor } },
    finishedAt: options.now().toISOString(),
    outcome: outcomeOf(errors, namespaces),
    podSecurityPolicy: podSecurityPolicyOf(inventory),
    summary: summarise(namespaces),
    errors,
    namespaces,
  };
}

type Header = Omit<ClusterSnapshot, 'finishedAt' | 'outcome' | 'podSecurityPolicy' | 'summary' | 'errors' | 'namespaces'>;

function snapshotHeader(options: ScanOptions, startedAt: Date): Header {
  const { defaults, exemptions } = options.policy.cluster.admission;
  return {
    apiVersion: SNAPSHOT_API_VERSION,
    kind: SNAPSHOT_KIND,
    schemaVersion: SCHEMA_VERSION,
    scanner: { name: 'psa-fleet-scanner', version: options.scannerVersion },
    cluster: { ...options.identity, server: options.server, version: null },
    runId: options.runId ?? null,
    previous: null,
    startedAt: startedAt.toISOString(),
    policy: { digest: options.policy.digest, source: options.policy.source },
    admission: {
      defaults: {
        enforce: levelVersionString(defaults.enforce),
        audit: levelVersionString(defaults.audit),
        warn: levelVersionString(defaults.warn),
      },
      exemptions: {
        namespaces: sortedStrings(exemptions.namespaces),
        runtimeClasses: sortedStrings(exemptions.runtimeClasses),
        usernames: sortedStrings(exemptions.usernames),
      },
    },
  };
}

function podSecurityPolicyOf(inventory: Inventory): ClusterSnapshot['podSecurityPolicy'] {
  const psp = inventory.podSecurityPolicy;
  return psp === undefined ? null : { served: psp.served, names: sortedStrings(psp.names) };
}

function outcomeOf(errors: readonly ScanError[], namespaces: readonly NamespaceResult[]): ClusterSnapshot['outcome'] {
  const partial = errors.length > 0 || namespaces.some((n) => n.errors.length > 0 || n.state === 'not-evaluated');
  return partial ? 'degraded' : 'complete';
}

function summarise(namespaces: readonly NamespaceResult[]): ClusterSnapshot['summary'] {
  const byState = Object.fromEntries(NAMESPACE_STATES.map((state) => [state, 0])) as Record<NamespaceState, number>;
  let violatingPods = 0;
  let blockingWorkloads = 0;
  for (const namespace of namespaces) {
    byState[namespace.state]++;
    if (namespace.state === 'enforced-lingering-violations') {
      violatingPods += violatingPodsOf(namespace.sweeps.current);
    }
    if (namespace.state === 'blocked-at-target') blockingWorkloads += namespace.sweeps.target.workloads.length;
  }
  return { namespaces: namespaces.length, byState, violatingPods, blockingWorkloads };
}
