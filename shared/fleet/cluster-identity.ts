// Which cluster a scan is about: the key of its snapshot chain and of every alert about it.

/** Stands in for account and region when a cluster comes from a kubeconfig context that names no EKS ARN. */
export const LOCAL = 'local';

export interface ClusterIdentity {
  /** AWS account ID (12 digits), or LOCAL. */
  readonly account: string;
  /** AWS region (e.g. eu-west-1), or LOCAL. */
  readonly region: string;
  /** EKS cluster name, or the kubeconfig context name. */
  readonly name: string;
}

/** `account/region/name`: one string for logs and messages. */
export function clusterLabel(identity: ClusterIdentity): string {
  return `${identity.account}/${identity.region}/${identity.name}`;
}
