// An EKS cluster made reachable, once a caller is about to reach it: its ClusterEndpoint
// (shared/kube/eks-cluster-endpoint.ts) under FLEET_CONFIG's endpoint override for its ARN, with EKS
// tokens signed by the credentials it was found with, through FLEET_CONFIG's STS endpoint. Kept
// apart from discovery (eks-cluster-discovery.ts): the endpoint's KubeConfig pulls in client-node,
// which dispatch, only enqueueing the clusters, must not load.

import type { BearerTokenSource, ClusterEndpoint } from '../kube/cluster-endpoint.ts';
import { eksClusterEndpoint, type EksClusterAccess } from '../kube/eks-cluster-endpoint.ts';
import type { AwsCredentialsProvider } from '../kube/eks-token.ts';
import { EksTokenSource } from '../kube/eks-token-source.ts';
import type { EksFleetConfig } from './eks-fleet-config.ts';

/** A ClusterEndpoint that always has its token source (an EKS cluster has no other way in). */
export type EksFleetEndpoint = ClusterEndpoint & { readonly bearerToken: BearerTokenSource };

export function eksFleetEndpoint(access: EksClusterAccess, credentials: AwsCredentialsProvider, config: EksFleetConfig): EksFleetEndpoint {
  const { name, region } = access.identity;
  const sts = config.awsEndpoints.sts;
  const tokens = new EksTokenSource({ clusterName: name, region, credentials, ...(sts === undefined ? {} : { stsEndpoint: sts }) });
  return { ...eksClusterEndpoint(access, tokens, config.endpointOverrides[access.arn]), bearerToken: tokens };
}
