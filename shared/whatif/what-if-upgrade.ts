// The pre-upgrade what-if of one cluster: the scan's inventory read once, today's scan swept from
// it (server dry-runs at the current version), then the offline assessment at the target version.
// What a caller needs is a reader and typed options; what it gets is the document to store (and
// today's snapshot, which it may keep or not: the what-if never appends it to the nightly chain).
import { versionString, type Version } from '../pss/version.ts';
import type { ClusterReader } from '../scan/cluster-reader.ts';
import { inventoryCluster, sweepInventory, type ScanOptions } from '../scan/scan-cluster.ts';
import type { ClusterSnapshot } from '../snapshot/snapshot-schema.ts';
import { assessUpgrade } from './assess-upgrade.ts';
import type { UpgradeWhatIf } from './what-if-schema.ts';

export interface WhatIfOptions extends Omit<ScanOptions, 'runId'> {
  /** The Kubernetes version of the upgrade. */
  readonly upgradeTo: Version;
  /** The request that asked for it (an ad-hoc invocation's id); none from the CLI. */
  readonly requestId?: string;
}

export type WhatIfResult =
  | { readonly kind: 'assessed'; readonly whatIf: UpgradeWhatIf; readonly snapshot: ClusterSnapshot }
  /** The target is older than the cluster: Kubernetes does not downgrade, and nothing was swept. */
  | { readonly kind: 'not-an-upgrade'; readonly message: string };

export async function whatIfUpgrade(reader: ClusterReader, options: WhatIfOptions): Promise<WhatIfResult> {
  const cluster = await inventoryCluster(reader, options);
  const current = cluster.read.ok ? cluster.read.inventory.version : cluster.read.version;
  if (current !== undefined && current.minor > options.upgradeTo.minor) {
    return {
      kind: 'not-an-upgrade',
      message: `the cluster runs ${current.gitVersion}, newer than ${versionString(options.upgradeTo)}: a what-if is for an upgrade (Kubernetes does not downgrade)`,
    };
  }
  const snapshot = await sweepInventory(cluster, options);
  const whatIf = assessUpgrade({
    snapshot,
    inventory: cluster.read.ok ? cluster.read.inventory : undefined,
    policy: options.policy.cluster,
    upgradeTo: options.upgradeTo,
    requestId: options.requestId ?? null,
    finishedAt: options.now().toISOString(),
  });
  return { kind: 'assessed', whatIf, snapshot };
}
