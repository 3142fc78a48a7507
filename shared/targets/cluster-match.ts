// Which clusters a `clusters[].match` selects: every selector it gives must hold (names, accounts
// and regions are lists of globs, any of which may match; tags must all be present with these
// values). A match with no selector selects every cluster.
import type { ClusterIdentity } from '../fleet/cluster-identity.ts';
import { compileGlobs } from './glob.ts';
import type { ClusterMatchDocument } from './fleet-policy-schema.ts';

/** What the policy knows of a cluster when it picks the entry that applies. */
export interface ClusterFacts {
  readonly identity: ClusterIdentity;
  /** EKS tags; a cluster from a kubeconfig context has none, so a `tags` selector never selects it. */
  readonly tags?: Readonly<Record<string, string>> | undefined;
}

export type ClusterMatcher = (cluster: ClusterFacts) => boolean;

export function matchesEveryCluster(match: ClusterMatchDocument): boolean {
  return match.names === undefined && match.accounts === undefined && match.regions === undefined && Object.keys(match.tags ?? {}).length === 0;
}

export function compileClusterMatch(match: ClusterMatchDocument): ClusterMatcher {
  const checks: ClusterMatcher[] = [];
  if (match.names !== undefined) {
    const names = compileGlobs(match.names);
    checks.push((cluster) => names(cluster.identity.name));
  }
  if (match.accounts !== undefined) {
    const accounts = compileGlobs(match.accounts);
    checks.push((cluster) => accounts(cluster.identity.account));
  }
  if (match.regions !== undefined) {
    const regions = compileGlobs(match.regions);
    checks.push((cluster) => regions(cluster.identity.region));
  }
  const tags = Object.entries(match.tags ?? {});
  if (tags.length > 0) {
    checks.push(({ tags: clusterTags = {} }) => tags.every(([key, value]) => Object.hasOwn(clusterTags, key) && clusterTags[key] === value));
  }
  return (cluster) => checks.every((check) => check(cluster));
}
