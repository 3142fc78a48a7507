// Kubeconfig contexts as ClusterEndpoints (the local CLI's fleet): the current context, named ones,
// or all of them. A context whose cluster is named by an EKS ARN (`aws eks update-kubeconfig` names
// them so) gets that cluster's identity, so a local scan continues the same snapshot chain as the
// fleet's; any other is account and region LOCAL with the context's name.

import { KubeConfig } from '@kubernetes/client-node';
import type { ClusterEndpoint } from '../kube/cluster-endpoint.ts';
import { LOCAL, clusterLabel, type ClusterIdentity } from './cluster-identity.ts';
import { parseEksClusterArn } from './eks-cluster-arn.ts';
import { KubeconfigError } from './kubeconfig-error.ts';
import type { MergedKubeconfig } from './kubeconfig-merge.ts';

export type ContextSelection =
  | { readonly kind: 'current' }
  | { readonly kind: 'named'; readonly names: readonly string[] }
  | { readonly kind: 'all' };

function available(merged: MergedKubeconfig): string {
  const names = [...merged.contexts.keys()].sort();
  return names.length === 0 ? 'there are none' : `available: ${names.join(', ')}`;
}

function files(merged: MergedKubeconfig): string {
  return merged.files.length === 0 ? 'no kubeconfig file' : merged.files.join(', ');
}

function selectedNames(merged: MergedKubeconfig, selection: ContextSelection): string[] {
  switch (selection.kind) {
    case 'all':
      return [...merged.contexts.keys()].sort();
    case 'named': {
      const unknown = selection.names.filter((name) => !merged.contexts.has(name));
      if (unknown.length > 0) {
        const what = unknown.map((n) => JSON.stringify(n)).join(', ');
        throw new KubeconfigError(undefined, `no context ${what} in ${files(merged)}; ${available(merged)}`);
      }
      return [...new Set(selection.names)];
    }
    case 'current': {
      const current = merged.currentContext;
      if (current === undefined) throw new KubeconfigError(undefined, `no current-context is set in ${files(merged)}; name a context (${available(merged)})`);
      if (!merged.contexts.has(current.value)) {
        throw new KubeconfigError(current.file, `current-context ${JSON.stringify(current.value)} is not a context in ${files(merged)}; ${available(merged)}`);
      }
      return [current.value];
    }
  }
}

function identityOf(contextName: string, clusterName: string): ClusterIdentity {
  return parseEksClusterArn(clusterName) ?? { account: LOCAL, region: LOCAL, name: contextName };
}

/**
 * One endpoint per selected context, each a KubeConfig holding only that context, its cluster and
 * its user. Two contexts for the same EKS cluster give one endpoint (the first by name).
 */
export function contextEndpoints(merged: MergedKubeconfig, selection: ContextSelection): ClusterEndpoint[] {
  const endpoints = new Map<string, ClusterEndpoint>();
  for (const name of selectedNames(merged, selection)) {
    const entry = merged.contexts.get(name);
    if (entry === undefined) continue; // selectedNames returns known names only
    const { value: context, file } = entry;
    const cluster = merged.clusters.get(context.cluster)?.value;
    if (cluster === undefined) {
      throw new KubeconfigError(file, `context ${JSON.stringify(name)} names cluster ${JSON.stringify(context.cluster)}, which no kubeconfig file defines`);
    }
    // client-node types the user as a string; a context without one parses to undefined.
    const userName = context.user as string | undefined;
    if (userName === undefined || userName === '') throw new KubeconfigError(file, `context ${JSON.stringify(name)} names no user`);
    const user = merged.users.get(userName)?.value;
    if (user === undefined) {
      throw new KubeconfigError(file, `context ${JSON.stringify(name)} names user ${JSON.stringify(userName)}, which no kubeconfig file defines`);
    }
    const identity = identityOf(name, cluster.name);
    const key = clusterLabel(identity);
    if (endpoints.has(key)) continue;
    const kubeConfig = new KubeConfig();
    kubeConfig.loadFromOptions({ clusters: [cluster], users: [user], contexts: [context], currentContext: name });
    endpoints.set(key, { identity, kubeConfig });
  }
  return [...endpoints.values()];
}
