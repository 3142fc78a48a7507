// EKS discovery over the AWS SDK, without connecting: for each configured account and region,
// assume the account's role (or use the scanner's own credentials), page through ListClusters,
// DescribeCluster each, and sort the descriptions by the pure rules of eks-cluster-selection.ts into
// clusters to scan, skipped and failed. A failure in one account/region (or of one DescribeCluster)
// is reported and the rest carry on.
//
// What a cluster to scan needs to be reached is returned, not built: dispatch only enqueues the
// clusters, and a ClusterEndpoint (eks-fleet-endpoint.ts) pulls in client-node and undici, half of
// dispatch's bundle before they were split (lambdas/dispatch/dispatch-bundle.test.ts holds it so).

import { DescribeClusterCommand, EKSClient, paginateListClusters } from '@aws-sdk/client-eks';
import { fromTemporaryCredentials } from '@aws-sdk/credential-providers';
import { bulkhead } from 'cockatiel';
import type { EksClusterAccess } from '../kube/eks-cluster-endpoint.ts';
import type { AwsCredentialsProvider } from '../kube/eks-token.ts';
import { cachedCredentials } from './cached-credentials.ts';
import { selectCluster } from './eks-cluster-selection.ts';
import type { EksAccountTarget, EksFleetConfig } from './eks-fleet-config.ts';
import type { DiscoveryFailure, SkippedCluster } from './fleet-source.ts';

export interface EksClusterDiscoveryOptions {
  readonly config: EksFleetConfig;
  /** The scanner's own credentials (at the edge: the SDK's default chain); roles are assumed with them. */
  readonly credentials: AwsCredentialsProvider;
  /** Account/region pairs searched at once (default 8). */
  readonly targetConcurrency?: number;
  /** DescribeCluster calls at once per account/region (default 4; EKS throttles its control-plane API). */
  readonly describeConcurrency?: number;
}

/** An ACTIVE, not opted-out cluster, and how it was found. */
export interface DiscoveredEksCluster {
  readonly access: EksClusterAccess;
  /** The FLEET_CONFIG role it was found with; unset: the scanner's own credentials. */
  readonly roleArn?: string;
  /** Those credentials (assumed through the cluster region's STS, cached): what its EKS tokens are signed with. */
  readonly credentials: AwsCredentialsProvider;
}

/** Each list sorted by account, region, name. */
export interface EksDiscovery {
  readonly clusters: readonly DiscoveredEksCluster[];
  readonly skipped: readonly SkippedCluster[];
  readonly failed: readonly DiscoveryFailure[];
}

function messageOf(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
}

/** The account ID in a role ARN. */
function accountOfRole(roleArn: string | undefined): string {
  return roleArn === undefined ? 'caller' : (roleArn.split(':')[4] ?? roleArn);
}

interface TargetResult {
  readonly clusters: DiscoveredEksCluster[];
  readonly skipped: SkippedCluster[];
  readonly failed: DiscoveryFailure[];
}

export class EksClusterDiscovery {
  readonly #options: EksClusterDiscoveryOptions;

  constructor(options: EksClusterDiscoveryOptions) {
    this.#options = options;
  }

  async discover(): Promise<EksDiscovery> {
    const { config } = this.#options;
    const targets = config.accounts.flatMap((account) => account.regions.map((region) => ({ account, region })));
    const limit = bulkhead(this.#options.targetConcurrency ?? 8, Number.POSITIVE_INFINITY);
    const results = await Promise.all(targets.map((t) => limit.execute(() => this.#searchTarget(t.account, t.region))));
    const key = (i: { account: string; region: string; name?: string }): string => `${i.account}/${i.region}/${i.name ?? ''}`;
    const byKey = <T>(f: (x: T) => string) => (a: T, b: T): number => (f(a) < f(b) ? -1 : f(a) > f(b) ? 1 : 0);
    return {
      clusters: results.flatMap((r) => r.clusters).sort(byKey((c) => key(c.access.identity))),
      skipped: results.flatMap((r) => r.skipped).sort(byKey((s) => key(s.identity))),
      failed: results.flatMap((r) => r.failed).sort(byKey((f) => key({ ...f, name: f.cluster }))),
    };
  }

  /** The credentials for one account in one region: its role, assumed through that region's STS. */
  #credentialsFor(account: EksAccountTarget, region: string): AwsCredentialsProvider {
    const { config, credentials } = this.#options;
    if (account.roleArn === undefined) return cachedCredentials(credentials);
    return cachedCredentials(
      fromTemporaryCredentials({
        params: {
          RoleArn: account.roleArn,
          RoleSessionName: config.roleSessionName,
          ...(account.externalId === undefined ? {} : { ExternalId: account.externalId }),
        },
        masterCredentials: credentials,
        clientConfig: { region, ...(config.awsEndpoints.sts === undefined ? {} : { endpoint: config.awsEndpoints.sts }) },
      }),
    );
  }

  async #searchTarget(account: EksAccountTarget, region: string): Promise<TargetResult> {
    const { config } = this.#options;
    const result: TargetResult = { clusters: [], skipped: [], failed: [] };
    const role = account.roleArn === undefined ? {} : { roleArn: account.roleArn };
    const where = { account: accountOfRole(account.roleArn), region, ...role };
    const credentials = this.#credentialsFor(account, region);
    try {
      await credentials(); // an AssumeRole refusal is reported as such, not as a ListClusters failure
    } catch (error) {
      result.failed.push({ ...where, step: 'credentials', message: messageOf(error), cause: error });
      return result;
    }
    const eks = new EKSClient({ region, credentials, ...(config.awsEndpoints.eks === undefined ? {} : { endpoint: config.awsEndpoints.eks }) });
    try {
      const names: string[] = [];
      try {
        for await (const page of paginateListClusters({ client: eks, pageSize: config.listClustersPageSize }, {})) {
          names.push(...(page.clusters ?? []));
        }
      } catch (error) {
        result.failed.push({ ...where, step: 'list-clusters', message: messageOf(error), cause: error });
        return result;
      }
      const limit = bulkhead(this.#options.describeConcurrency ?? 4, Number.POSITIVE_INFINITY);
      await Promise.all(
        names.map((name) =>
          limit.execute(async () => {
            try {
              const { cluster } = await eks.send(new DescribeClusterCommand({ name }));
              const selection = selectCluster(cluster ?? {}, config.optOutTag);
              if (selection.kind === 'fail') result.failed.push({ ...where, cluster: name, step: 'describe-cluster', message: selection.message });
              else if (selection.kind === 'skip') result.skipped.push({ identity: selection.identity, reason: selection.reason });
              else result.clusters.push({ access: selection.access, ...role, credentials });
            } catch (error) {
              result.failed.push({ ...where, cluster: name, step: 'describe-cluster', message: messageOf(error), cause: error });
            }
          }),
        ),
      );
      return result;
    } finally {
      eks.destroy();
    }
  }
}
