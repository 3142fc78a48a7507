// EKS cluster ARNs, `arn:PARTITION:eks:REGION:ACCOUNT:cluster/NAME`: what DescribeCluster returns
// and what `aws eks update-kubeconfig` names a kubeconfig's cluster and context.

import type { ClusterIdentity } from './cluster-identity.ts';

// Partitions aws, aws-cn, aws-us-gov, aws-iso...; cluster names are 1-100 of [0-9A-Za-z_-], starting alphanumeric.
const EKS_CLUSTER_ARN = /^arn:(aws(?:-[a-z]+)*):eks:([a-z]{2}(?:-[a-z]+)+-\d+):(\d{12}):cluster\/([0-9A-Za-z][0-9A-Za-z_-]{0,99})$/;

/** The identity an EKS cluster ARN names, or undefined when `value` is not one. */
export function parseEksClusterArn(value: string): ClusterIdentity | undefined {
  const m = EKS_CLUSTER_ARN.exec(value);
  if (m === null) return undefined;
  const [, , region, account, name] = m as unknown as [string, string, string, string, string];
  return { account, region, name };
}
