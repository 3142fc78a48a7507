// Which described EKS clusters are scanned: pure, so the rules are tested without AWS. An opted-out
// cluster is skipped whatever its state (the owner asked), then anything not ACTIVE is skipped with
// its status; an ACTIVE cluster whose description lacks what a connection needs is a failure.

import { parseEksClusterArn } from './eks-cluster-arn.ts';
import type { EksClusterAccess } from '../kube/eks-cluster-endpoint.ts';
import type { SkipReason } from './fleet-source.ts';
import type { ClusterIdentity } from './cluster-identity.ts';

/** The fields of DescribeCluster's `cluster` that selection reads. */
export interface DescribedCluster {
  readonly name?: string;
  readonly arn?: string;
  readonly status?: string;
  readonly endpoint?: string;
  readonly certificateAuthority?: { readonly data?: string };
  readonly tags?: Readonly<Record<string, string>>;
}

export interface OptOutTag {
  readonly key: string;
  /** Compared exactly. */
  readonly value: string;
}

export type ClusterSelection =
  | { readonly kind: 'scan'; readonly access: EksClusterAccess }
  | { readonly kind: 'skip'; readonly identity: ClusterIdentity; readonly reason: SkipReason }
  | { readonly kind: 'fail'; readonly message: string };

export function selectCluster(cluster: DescribedCluster, optOut: OptOutTag): ClusterSelection {
  const identity = cluster.arn === undefined ? undefined : parseEksClusterArn(cluster.arn);
  if (identity === undefined || cluster.arn === undefined) {
    return { kind: 'fail', message: `DescribeCluster gave no EKS cluster ARN (arn: ${JSON.stringify(cluster.arn)})` };
  }
  const tags = cluster.tags ?? {};
  if (tags[optOut.key] === optOut.value) return { kind: 'skip', identity, reason: { kind: 'opted-out', tag: optOut } };
  const status = cluster.status ?? 'UNKNOWN';
  if (status !== 'ACTIVE') return { kind: 'skip', identity, reason: { kind: 'not-active', status } };
  const missing = [
    ...(cluster.endpoint === undefined || cluster.endpoint === '' ? ['endpoint'] : []),
    ...(cluster.certificateAuthority?.data === undefined || cluster.certificateAuthority.data === '' ? ['certificateAuthority.data'] : []),
  ];
  if (missing.length > 0 || cluster.endpoint === undefined || cluster.certificateAuthority?.data === undefined) {
    return { kind: 'fail', message: `ACTIVE cluster ${cluster.arn} has no ${missing.join(' or ')} in DescribeCluster` };
  }
  return {
    kind: 'scan',
    access: { identity, arn: cluster.arn, endpoint: cluster.endpoint, certificateAuthorityData: cluster.certificateAuthority.data, tags },
  };
}
