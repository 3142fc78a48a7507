// One ad-hoc what-if: an operator asks (`aws lambda invoke --payload
// '{"cluster":{"account":"...","region":"...","name":"..."},"toVersion":"1.38"}'`), the function
// reaches the cluster as the scan does (the member role FLEET_CONFIG lists for its account and
// region, DescribeCluster, an EKS token), runs whatIfUpgrade (today's sweeps plus the offline
// evaluation at the target) and stores the document under whatif/ in the snapshot store, write-once.
// The nightly chain is never read or moved: no pointer, no snapshot is written.
//
// A request the function cannot serve (a field wrong, a cluster FLEET_CONFIG does not reach, one
// that is gone or opted out, a version older than the cluster's) fails the invocation with
// AdhocRequestError naming the field; the cluster and the store failing keep their own typed errors
// (ClusterConnectError, SnapshotStoreError, FleetPolicyLoadError).
import type { Logger } from '@aws-lambda-powertools/logger';
import type { Metrics } from '@aws-lambda-powertools/metrics';
import { clusterLabel, type ClusterIdentity } from '../../shared/fleet/cluster-identity.ts';
import type { SkipReason } from '../../shared/fleet/fleet-source.ts';
import { createKubeClusterReader } from '../../shared/kube/kube-cluster-reader.ts';
import type { WhatIfStore } from '../../shared/store/what-if-store.ts';
import { parseWhatIfRequest } from '../../shared/whatif/what-if-request.ts';
import type { UpgradeWhatIf } from '../../shared/whatif/what-if-schema.ts';
import { whatIfUpgrade } from '../../shared/whatif/what-if-upgrade.ts';
import { connectEksCluster } from '../common/eks-cluster-connection.ts';
import { roleArnFor, WorkItemRefusedError, type MemberCredentials } from '../common/member-credentials.ts';
import { MetricUnit } from '../common/powertools.ts';
import type { LoadedFleetPolicy } from '../common/s3-fleet-policy.ts';
import type { AdhocConfig } from './adhoc-config.ts';

/** The request cannot be served as asked: `problems` are `field: why` lines. */
export class AdhocRequestError extends Error {
  override readonly name = 'AdhocRequestError';
  readonly problems: readonly string[];

  constructor(problems: readonly string[]) {
    super(`the what-if request cannot be served: ${problems.join('; ')}`);
    this.problems = problems;
  }
}

export interface AdhocDependencies {
  readonly config: AdhocConfig;
  readonly whatIfs: WhatIfStore;
  readonly credentials: MemberCredentials;
  readonly fleetPolicy: () => Promise<LoadedFleetPolicy>;
  readonly logger: Logger;
  readonly metrics: Metrics;
  readonly scannerVersion: string;
  readonly now: () => Date;
}

export interface AdhocResult {
  readonly requestId: string;
  readonly cluster: ClusterIdentity;
  readonly stored: {
    readonly key: string;
    /** `s3://bucket/prefix/whatif/...` */
    readonly location: string;
    readonly sha256: string;
    /** These very bytes were there already (a retried invocation with the same request). */
    readonly alreadyStored: boolean;
  };
  readonly outcome: UpgradeWhatIf['outcome'];
  readonly upgrade: UpgradeWhatIf['upgrade'];
  readonly summary: UpgradeWhatIf['summary'];
}

function skipText(reason: SkipReason): string {
  return reason.kind === 'opted-out' ? `it is opted out (tag ${reason.tag.key}=${reason.tag.value})` : `its EKS status is ${reason.status}, not ACTIVE`;
}

/** `invocationId` (the Lambda request id) names the what-if when the request gives no requestId. */
export async function adhocWhatIf(event: unknown, invocationId: string, deps: AdhocDependencies): Promise<AdhocResult> {
  const parsed = parseWhatIfRequest(event);
  if (!parsed.ok) throw new AdhocRequestError(parsed.errors);
  const { cluster, upgradeTo } = parsed.request;
  const requestId = parsed.request.requestId ?? invocationId;
  const label = clusterLabel(cluster);
  const log = deps.logger.createChild({ persistentKeys: { cluster: label, requestId } });

  const roleArn = roleArnFor(deps.config.fleet, cluster);
  let credentials;
  try {
    credentials = deps.credentials.for({ cluster, ...(roleArn === undefined ? {} : { roleArn }) });
  } catch (error) {
    if (error instanceof WorkItemRefusedError) throw new AdhocRequestError([`cluster: ${label} is not in the fleet this function reaches: ${error.message}`]);
    throw error;
  }
  const loaded = await deps.fleetPolicy();
  const connection = await connectEksCluster(cluster, credentials, deps.config.fleet);
  if (connection.kind === 'gone') throw new AdhocRequestError([`cluster: ${label} does not exist (DescribeCluster: ResourceNotFound)`]);
  if (connection.kind === 'skip') throw new AdhocRequestError([`cluster: ${label} is not scanned: ${skipText(connection.reason)}`]);

  const { endpoint } = connection;
  const started = deps.now();
  const reader = createKubeClusterReader(endpoint, { requestTimeoutMs: deps.config.requestTimeoutMs, concurrency: deps.config.scanConcurrency });
  let result;
  try {
    result = await whatIfUpgrade(reader, {
      identity: cluster,
      server: endpoint.kubeConfig.getCurrentCluster()?.server ?? '',
      policy: { cluster: loaded.policy.forCluster({ identity: cluster, tags: endpoint.tags }), digest: loaded.policy.digest, source: loaded.source },
      scannerVersion: deps.scannerVersion,
      now: deps.now,
      concurrency: deps.config.scanConcurrency,
      upgradeTo,
      requestId,
    });
  } finally {
    await reader.close();
  }
  if (result.kind === 'not-an-upgrade') throw new AdhocRequestError([`toVersion: ${result.message}`]);

  const { whatIf } = result;
  const put = await deps.whatIfs.put(whatIf);
  deps.metrics.addMetric('WhatIfs', MetricUnit.Count, 1);
  deps.metrics.addMetric('WhatIfDuration', MetricUnit.Milliseconds, deps.now().getTime() - started.getTime());
  deps.metrics.addMetric('NewlyRejectedWorkloads', MetricUnit.Count, whatIf.summary.newlyRejectedWorkloads);
  const location = deps.whatIfs.locate(put.stored.key);
  log.info('what-if stored', { whatIf: location, alreadyStored: put.alreadyStored, outcome: whatIf.outcome, from: whatIf.upgrade.from, to: whatIf.upgrade.to, summary: whatIf.summary });
  if (whatIf.upgrade.note !== null) log.warn(whatIf.upgrade.note);
  return {
    requestId,
    cluster: { account: cluster.account, region: cluster.region, name: cluster.name },
    stored: { key: put.stored.key, location, sha256: put.stored.sha256, alreadyStored: put.alreadyStored },
    outcome: whatIf.outcome,
    upgrade: whatIf.upgrade,
    summary: whatIf.summary,
  };
}
