// The port through which a run learns which clusters to scan: EKS discovery across accounts and
// regions (eks-fleet-source.ts) or kubeconfig contexts (kubeconfig-fleet-source.ts). Clusters that
// are found but not to be scanned, and places that could not be searched, come back beside the
// endpoints, each with its reason, so a report can say what was left out and why.

import type { ClusterEndpoint } from '../kube/cluster-endpoint.ts';
import type { ClusterIdentity } from './cluster-identity.ts';

export type SkipReason =
  /** The cluster carries the opt-out tag. */
  | { readonly kind: 'opted-out'; readonly tag: { readonly key: string; readonly value: string } }
  /** EKS status other than ACTIVE (CREATING, UPDATING, DELETING, FAILED, PENDING). */
  | { readonly kind: 'not-active'; readonly status: string };

export interface SkippedCluster {
  readonly identity: ClusterIdentity;
  readonly reason: SkipReason;
}

/** The step of discovery that failed; `credentials`: assuming the account's role (or resolving the own credentials). */
export type DiscoveryStep = 'credentials' | 'list-clusters' | 'describe-cluster';

export interface DiscoveryFailure {
  /** The account's ID where known (from the role ARN), else `caller` (the scanner's own credentials). */
  readonly account: string;
  readonly region: string;
  readonly roleArn?: string;
  /** Set when one cluster failed (describe-cluster); unset when the whole account/region did. */
  readonly cluster?: string;
  readonly step: DiscoveryStep;
  readonly message: string;
  /** The SDK error, kept for logs. */
  readonly cause?: unknown;
}

/** Each list sorted by account, region, name. */
export interface FleetDiscovery {
  readonly endpoints: readonly ClusterEndpoint[];
  readonly skipped: readonly SkippedCluster[];
  readonly failed: readonly DiscoveryFailure[];
}

export interface FleetSource {
  discover(): Promise<FleetDiscovery>;
}
