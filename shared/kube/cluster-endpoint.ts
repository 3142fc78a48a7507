// How to reach one cluster's API server: what the fleet sources (kubeconfig contexts, EKS) produce
// and the kube client consumes.
import type { KubeConfig } from '@kubernetes/client-node';
import type { ClusterIdentity } from '../fleet/cluster-identity.ts';

/** A bearer token that is always fresh: renewed before it expires (EKS tokens live 15 minutes). */
export interface BearerTokenSource {
  token(): Promise<string>;
}

export interface ClusterEndpoint {
  readonly identity: ClusterIdentity;
  /**
   * Server URL, CA and TLS server name, and (for kubeconfig contexts) the user's credentials. Its
   * current context is the cluster to scan.
   */
  readonly kubeConfig: KubeConfig;
  /** EKS: sent as `Authorization: Bearer …` on every request, over whatever the kubeconfig user has. */
  readonly bearerToken?: BearerTokenSource;
  /** Tags of the cluster where its source has them (EKS); used by fleet policy selectors. */
  readonly tags?: Readonly<Record<string, string>>;
}
