// One EKS cluster as a ClusterEndpoint: DescribeCluster's endpoint and CA in a client-node
// KubeConfig, the bearer token from a token source, and an optional override for clusters reached
// another way (a private endpoint through a proxy or a VPC endpoint).

import { KubeConfig } from '@kubernetes/client-node';
import type { ClusterIdentity } from '../fleet/cluster-identity.ts';
import type { BearerTokenSource, ClusterEndpoint } from './cluster-endpoint.ts';

/** What the endpoint needs from DescribeCluster. */
export interface EksClusterAccess {
  readonly identity: ClusterIdentity;
  /** `arn:aws:eks:REGION:ACCOUNT:cluster/NAME`: the kubeconfig's cluster and context name, as `aws eks update-kubeconfig` names them. */
  readonly arn: string;
  /** cluster.endpoint: `https://<id>.<suffix>.<region>.eks.amazonaws.com`. */
  readonly endpoint: string;
  /** cluster.certificateAuthority.data: the CA bundle, base64-encoded PEM. */
  readonly certificateAuthorityData: string;
  readonly tags: Readonly<Record<string, string>>;
}

/** How to reach a cluster other than at its DescribeCluster endpoint. Every field is optional. */
export interface EksEndpointOverride {
  /** An https URL that reaches the API server (a proxy, a VPC endpoint, a tunnel). */
  readonly endpointUrl?: string;
  /** Base64-encoded PEM CA bundle to trust instead of the cluster's own CA. */
  readonly certificateAuthorityData?: string;
  /**
   * The name the server certificate must hold. Default: the host of the cluster's own endpoint
   * whenever endpointUrl is set, so the certificate is still checked against the real API hostname.
   */
  readonly tlsServerName?: string;
}

/** The kubeconfig user the endpoint's context names; it holds no credentials (the token source does). */
export const EKS_KUBECONFIG_USER = 'psa-fleet-scanner';

export function eksClusterEndpoint(
  cluster: EksClusterAccess,
  bearerToken: BearerTokenSource,
  override: EksEndpointOverride = {},
): ClusterEndpoint {
  const server = override.endpointUrl ?? cluster.endpoint;
  const tlsServerName = override.tlsServerName ?? (override.endpointUrl === undefined ? undefined : new URL(cluster.endpoint).hostname);
  const kubeConfig = new KubeConfig();
  kubeConfig.loadFromOptions({
    clusters: [
      {
        name: cluster.arn,
        server: server.replace(/\/$/, ''),
        caData: override.certificateAuthorityData ?? cluster.certificateAuthorityData,
        skipTLSVerify: false,
        ...(tlsServerName === undefined ? {} : { tlsServerName }),
      },
    ],
    users: [{ name: EKS_KUBECONFIG_USER }],
    contexts: [{ name: cluster.arn, cluster: cluster.arn, user: EKS_KUBECONFIG_USER }],
    currentContext: cluster.arn,
  });
  return { identity: cluster.identity, kubeConfig, bearerToken, tags: cluster.tags };
}
