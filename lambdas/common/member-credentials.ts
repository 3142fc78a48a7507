// The credentials a cluster is reached with (a scan's work item, an ad-hoc what-if): the member
// account's role, assumed with the function's own credentials through the cluster region's STS, or
// the own credentials for an account FLEET_CONFIG lists without a role. Only what FLEET_CONFIG
// lists: a message naming another role (a forged or stale item) is refused, never assumed. One
// cached provider per role and region, kept across the invocations of a warm function
// (eks-cluster-discovery.ts assumes the same way).
import { fromTemporaryCredentials } from '@aws-sdk/credential-providers';
import { cachedCredentials } from '../../shared/fleet/cached-credentials.ts';
import type { EksFleetConfig } from '../../shared/fleet/eks-fleet-config.ts';
import type { ClusterIdentity } from '../../shared/fleet/cluster-identity.ts';
import type { AwsCredentialsProvider } from '../../shared/kube/eks-token.ts';
import type { WorkItem } from './work-item.ts';

/**
 * The role a discovered cluster's account is searched with: the account's roleArn in FLEET_CONFIG,
 * or none for an account searched with the function's own credentials.
 */
export function roleArnFor(fleet: EksFleetConfig, cluster: ClusterIdentity): string | undefined {
  return fleet.accounts.find((a) => a.roleArn !== undefined && a.roleArn.split(':')[4] === cluster.account && a.regions.includes(cluster.region))?.roleArn;
}

/** The item asks for something FLEET_CONFIG does not allow: retrying cannot help. */
export class WorkItemRefusedError extends Error {
  override readonly name = 'WorkItemRefusedError';
}

export class MemberCredentials {
  readonly #config: EksFleetConfig;
  readonly #own: AwsCredentialsProvider;
  readonly #providers = new Map<string, AwsCredentialsProvider>();

  constructor(config: EksFleetConfig, own: AwsCredentialsProvider) {
    this.#config = config;
    this.#own = own;
  }

  /** Throws WorkItemRefusedError when FLEET_CONFIG does not search the item's account and region that way. */
  for(item: Pick<WorkItem, 'cluster' | 'roleArn'>): AwsCredentialsProvider {
    const { account: accountId, region } = item.cluster;
    const account = this.#config.accounts.find((a) => a.roleArn === item.roleArn);
    if (account === undefined) {
      throw new WorkItemRefusedError(
        item.roleArn === undefined
          ? 'the item names no role, and FLEET_CONFIG lists no account searched with the function\'s own credentials'
          : `the item's role ${item.roleArn} is not a roleArn of FLEET_CONFIG`,
      );
    }
    if (account.roleArn !== undefined && account.roleArn.split(':')[4] !== accountId) {
      throw new WorkItemRefusedError(`the item's cluster is in account ${accountId}, its role ${account.roleArn} in another`);
    }
    if (!account.regions.includes(region)) {
      throw new WorkItemRefusedError(`FLEET_CONFIG does not search region ${region} ${account.roleArn === undefined ? 'with the own credentials' : `with ${account.roleArn}`}`);
    }
    if (account.roleArn === undefined) return this.#own;
    const key = `${account.roleArn}|${region}`;
    let provider = this.#providers.get(key);
    if (provider === undefined) {
      const sts = this.#config.awsEndpoints.sts;
      provider = cachedCredentials(
        fromTemporaryCredentials({
          params: {
            RoleArn: account.roleArn,
            RoleSessionName: this.#config.roleSessionName,
            ...(account.externalId === undefined ? {} : { ExternalId: account.externalId }),
          },
          masterCredentials: this.#own,
          clientConfig: { region, ...(sts === undefined ? {} : { endpoint: sts }) },
        }),
      );
      this.#providers.set(key, provider);
    }
    return provider;
  }
}
