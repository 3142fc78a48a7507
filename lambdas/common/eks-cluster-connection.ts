// One work item's cluster, looked up again and made reachable: DescribeCluster through the member
// role (the item carries no endpoint or CA: those come from EKS itself, at scan time), the same
// selection rules as discovery (opt-out tag, ACTIVE), the endpoint override of FLEET_CONFIG, and an
// EKS token minted up front. Minting first makes a credentials failure (AssumeRole refused, STS
// down) an error of this attempt, retried by the queue, instead of a "failed" snapshot that would
// make the retry think the cluster was scanned.
import { DescribeClusterCommand, EKSClient } from '@aws-sdk/client-eks';
import { clusterLabel, type ClusterIdentity } from '../../shared/fleet/cluster-identity.ts';
import type { EksFleetConfig } from '../../shared/fleet/eks-fleet-config.ts';
import { selectCluster } from '../../shared/fleet/eks-cluster-selection.ts';
import type { SkipReason } from '../../shared/fleet/fleet-source.ts';
import { eksFleetEndpoint } from '../../shared/fleet/eks-fleet-endpoint.ts';
import type { ClusterEndpoint } from '../../shared/kube/cluster-endpoint.ts';
import type { AwsCredentialsProvider } from '../../shared/kube/eks-token.ts';

export type ClusterConnection =
  | { readonly kind: 'ready'; readonly endpoint: ClusterEndpoint; readonly arn: string }
  /** DescribeCluster says ResourceNotFound: deleted since dispatch found it. */
  | { readonly kind: 'gone' }
  /** Opted out or not ACTIVE since dispatch found it. */
  | { readonly kind: 'skip'; readonly reason: SkipReason };

export type ConnectStep = 'credentials' | 'describe-cluster' | 'token';

export class ClusterConnectError extends Error {
  override readonly name = 'ClusterConnectError';
  readonly step: ConnectStep;

  constructor(step: ConnectStep, message: string, cause?: unknown) {
    super(message, cause === undefined ? undefined : { cause });
    this.step = step;
  }
}

function describe(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
}

export async function connectEksCluster(cluster: ClusterIdentity, credentials: AwsCredentialsProvider, config: EksFleetConfig): Promise<ClusterConnection> {
  const label = clusterLabel(cluster);
  try {
    await credentials();
  } catch (error) {
    throw new ClusterConnectError('credentials', `cannot get credentials for ${label}: ${describe(error)}`, error);
  }
  const eks = new EKSClient({ region: cluster.region, credentials, ...(config.awsEndpoints.eks === undefined ? {} : { endpoint: config.awsEndpoints.eks }) });
  let described;
  try {
    described = (await eks.send(new DescribeClusterCommand({ name: cluster.name }))).cluster;
  } catch (error) {
    if ((error as Error).name === 'ResourceNotFoundException') return { kind: 'gone' };
    throw new ClusterConnectError('describe-cluster', `DescribeCluster ${label} failed: ${describe(error)}`, error);
  } finally {
    eks.destroy();
  }
  const selection = selectCluster(described ?? {}, config.optOutTag);
  if (selection.kind === 'fail') throw new ClusterConnectError('describe-cluster', selection.message);
  if (selection.kind === 'skip') return { kind: 'skip', reason: selection.reason };
  const found = selection.access.identity;
  if (found.account !== cluster.account || found.region !== cluster.region || found.name !== cluster.name) {
    throw new ClusterConnectError('describe-cluster', `DescribeCluster ${label} answered for another cluster (${clusterLabel(found)})`);
  }
  const endpoint = eksFleetEndpoint(selection.access, credentials, config);
  try {
    await endpoint.bearerToken.token();
  } catch (error) {
    throw new ClusterConnectError('token', `cannot mint an EKS token for ${label}: ${describe(error)}`, error);
  }
  return { kind: 'ready', endpoint, arn: selection.access.arn };
}
