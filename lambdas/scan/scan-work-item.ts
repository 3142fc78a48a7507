// One SQS record of the scan function: one cluster of one fleet run. Read the work item, check it
// against FLEET_CONFIG, and unless this run already scanned the cluster: connect, scan, then
// recordScan (store, drift, alert; shared/scan/record-scan.ts) with a notifier that remembers what
// it sent. Returns what happened; throws when the item must be tried again (SQS redelivers it after
// the visibility timeout and, after maxReceiveCount receives, moves it to the DLQ).
//
// Idempotent: a retried item never scans or writes twice and never alerts twice.
// - Scan: the cluster's latest snapshot already carrying this runId means this run scanned it; the
//   retry records that snapshot again instead, which stores nothing (append recognises the scan at
//   the chain's head) and recomputes the same findings.
// - Alert: the ledger (ledgered-notifier.ts) says whether that snapshot's alert went out.
// What is left (a crash between publish and ledger write, two deliveries at the same moment) is
// explained in ledgered-notifier.ts.
import type { Logger } from '@aws-lambda-powertools/logger';
import type { Metrics } from '@aws-lambda-powertools/metrics';
import type { SNSClient } from '@aws-sdk/client-sns';
import type { SQSRecord } from 'aws-lambda';
import { SEVERITIES } from '../../shared/drift/finding-catalogue.ts';
import { clusterLabel } from '../../shared/fleet/cluster-identity.ts';
import type { SkipReason } from '../../shared/fleet/fleet-source.ts';
import { createKubeClusterReader } from '../../shared/kube/kube-cluster-reader.ts';
import { NotifyError, type Notifier } from '../../shared/notify/notifier.ts';
import type { ReportSink } from '../../shared/notify/report-sink.ts';
import { recordScan, type RecordedScan } from '../../shared/scan/record-scan.ts';
import { scanCluster } from '../../shared/scan/scan-cluster.ts';
import type { ClusterSnapshot } from '../../shared/snapshot/snapshot-schema.ts';
import { SnapshotStoreError } from '../../shared/store/snapshot-store-error.ts';
import type { SnapshotStore } from '../../shared/store/snapshot-store.ts';
import { countBy, MetricUnit } from '../common/powertools.ts';
import { publishOperationsAlert } from '../common/publish-operations-alert.ts';
import { parseWorkItem, WorkItemError, type WorkItem } from '../common/work-item.ts';
import { ClusterConnectError, connectEksCluster } from '../common/eks-cluster-connection.ts';
import { ledgeredNotifier, type AlertLedger } from './ledgered-notifier.ts';
import { WorkItemRefusedError, type MemberCredentials } from '../common/member-credentials.ts';
import { FleetPolicyLoadError, type LoadedFleetPolicy } from '../common/s3-fleet-policy.ts';
import type { ScanConfig } from './scan-config.ts';

export interface ScanItemDependencies {
  readonly config: ScanConfig;
  readonly store: SnapshotStore;
  /** The alert topic; each record wraps it with the ledger. */
  readonly notifier: Notifier;
  readonly ledger: AlertLedger;
  readonly reportSink: ReportSink;
  readonly credentials: MemberCredentials;
  readonly fleetPolicy: () => Promise<LoadedFleetPolicy>;
  /** For the operations alert of an item given up on. */
  readonly sns: SNSClient;
  readonly logger: Logger;
  readonly metrics: Metrics;
  readonly scannerVersion: string;
  readonly now: () => Date;
}

export type AlertState = 'sent' | 'already-sent' | 'no-findings';

export type ItemOutcome =
  | { readonly kind: 'scanned'; readonly snapshotKey: string; readonly outcome: ClusterSnapshot['outcome']; readonly findings: number; readonly alert: AlertState }
  /** This run's snapshot was already stored: recorded again (nothing written), its alert sent only if it had not been. */
  | { readonly kind: 'already-scanned'; readonly snapshotKey: string; readonly findings: number; readonly alert: AlertState }
  /** The cluster's latest snapshot is from a later run: this item is stale. */
  | { readonly kind: 'superseded'; readonly latestRunId: string }
  | { readonly kind: 'cluster-gone' }
  | { readonly kind: 'cluster-skipped'; readonly reason: SkipReason };

/** How an item failed, for the ScanErrors metric and the log. */
export type ItemErrorKind = 'invalid-item' | 'refused-item' | 'fleet-policy' | 'credentials' | 'describe-cluster' | 'token' | 'store' | 'notify' | 'unexpected';

export function itemErrorKind(error: unknown): ItemErrorKind {
  if (error instanceof WorkItemError) return 'invalid-item';
  if (error instanceof WorkItemRefusedError) return 'refused-item';
  if (error instanceof FleetPolicyLoadError) return 'fleet-policy';
  if (error instanceof ClusterConnectError) return error.step;
  if (error instanceof SnapshotStoreError) return 'store';
  if (error instanceof NotifyError) return 'notify';
  return 'unexpected';
}

/** SQS counts receives from 1; at maxReceiveCount a failure is the last: the queue moves the item to the DLQ. */
export function isLastAttempt(record: Pick<SQSRecord, 'attributes'>, maxReceiveCount: number): boolean {
  return Number(record.attributes.ApproximateReceiveCount) >= maxReceiveCount;
}

/** A's run started before B's (both ISO 8601 run ids). */
function runBefore(a: string, b: string): boolean {
  const [ta, tb] = [Date.parse(a), Date.parse(b)];
  return Number.isFinite(ta) && Number.isFinite(tb) && ta < tb;
}

function alertState(recorded: RecordedScan, alreadySent: boolean): AlertState {
  if (recorded.findings.length === 0) return 'no-findings';
  return alreadySent ? 'already-sent' : 'sent';
}

type FreshScan = { readonly kind: 'snapshot'; readonly snapshot: ClusterSnapshot } | Extract<ItemOutcome, { kind: 'cluster-gone' | 'cluster-skipped' }>;

async function scanFresh(item: WorkItem, deps: ScanItemDependencies, log: Logger): Promise<FreshScan> {
  const { config } = deps;
  const loaded = await deps.fleetPolicy();
  const connection = await connectEksCluster(item.cluster, deps.credentials.for(item), config.fleet);
  if (connection.kind === 'gone') {
    log.warn('the cluster no longer exists (DescribeCluster: ResourceNotFound): nothing to scan');
    return { kind: 'cluster-gone' };
  }
  if (connection.kind === 'skip') {
    log.info('the cluster is not to be scanned any more', { reason: connection.reason });
    return { kind: 'cluster-skipped', reason: connection.reason };
  }
  const { endpoint } = connection;
  const reader = createKubeClusterReader(endpoint, { requestTimeoutMs: config.requestTimeoutMs, concurrency: config.scanConcurrency });
  try {
    const snapshot = await scanCluster(reader, {
      identity: item.cluster,
      server: endpoint.kubeConfig.getCurrentCluster()?.server ?? '',
      policy: { cluster: loaded.policy.forCluster({ identity: item.cluster, tags: endpoint.tags }), digest: loaded.policy.digest, source: loaded.source },
      scannerVersion: deps.scannerVersion,
      runId: item.runId,
      now: deps.now,
      concurrency: config.scanConcurrency,
    });
    return { kind: 'snapshot', snapshot };
  } finally {
    await reader.close();
  }
}

function countScan(snapshot: ClusterSnapshot, recorded: RecordedScan, metrics: Metrics): void {
  metrics.addMetric('NamespacesScanned', MetricUnit.Count, snapshot.summary.namespaces);
  metrics.addMetric('ViolatingPods', MetricUnit.Count, snapshot.summary.violatingPods);
  metrics.addMetric('BlockingWorkloads', MetricUnit.Count, snapshot.summary.blockingWorkloads);
  metrics.addMetric('ScanDuration', MetricUnit.Milliseconds, Date.parse(snapshot.finishedAt) - Date.parse(snapshot.startedAt));
  for (const severity of SEVERITIES) {
    const count = recorded.findings.filter((f) => f.severity === severity).length;
    if (count > 0) countBy(metrics, 'Findings', 'severity', severity, count);
  }
  // The cluster answered badly: the item is done (its snapshot says so), but it is an error all the same.
  if (snapshot.outcome === 'failed') countBy(metrics, 'ScanErrors', 'kind', 'cluster-unreachable');
  if (snapshot.outcome === 'degraded') countBy(metrics, 'ScanErrors', 'kind', 'cluster-degraded');
}

async function processItem(item: WorkItem, deps: ScanItemDependencies, log: Logger): Promise<ItemOutcome> {
  deps.credentials.for(item); // refuses an item FLEET_CONFIG does not allow before anything is read
  const latest = await deps.store.latest(item.cluster);
  const latestRunId = latest?.snapshot.runId ?? null;
  if (latestRunId !== null && latestRunId !== item.runId && runBefore(item.runId, latestRunId)) {
    log.warn('a later run has scanned this cluster already: the item is stale', { latestRunId });
    return { kind: 'superseded', latestRunId };
  }
  const retried = latest !== undefined && latestRunId === item.runId;
  let snapshot: ClusterSnapshot;
  if (retried) {
    log.info('this run scanned the cluster already: recording its snapshot again instead of scanning', { snapshotKey: latest.key });
    deps.metrics.addMetric('RetriedItems', MetricUnit.Count, 1);
    snapshot = latest.snapshot;
  } else {
    const scanned = await scanFresh(item, deps, log);
    if (scanned.kind !== 'snapshot') return scanned;
    snapshot = scanned.snapshot;
  }

  let alreadySent = false;
  const notifier = ledgeredNotifier(deps.notifier, deps.ledger, {
    alreadySent: (entry) => {
      alreadySent = true;
      log.info('the alert for this snapshot went out already: not sent again', { snapshotKey: entry.snapshotKey, sentAt: entry.sentAt });
    },
    recordFailed: (snapshotKey, error) => log.warn('alert sent but not written to the ledger: a retry of this item would send it again', { snapshotKey, error }),
  });
  const recorded = await recordScan(snapshot, { store: deps.store, notifier, reportSink: deps.reportSink });
  const alert = alertState(recorded, alreadySent);
  if (alert === 'sent') deps.metrics.addMetric('AlertsPublished', MetricUnit.Count, 1);
  const facts = {
    snapshotKey: recorded.stored.key,
    comparedWith: recorded.comparedWith?.key ?? null,
    alreadyStored: recorded.alreadyStored,
    outcome: snapshot.outcome,
    byState: snapshot.summary.byState,
    findings: recorded.findings.length,
    alert,
  };
  if (retried) {
    log.info('recorded again', facts);
    return { kind: 'already-scanned', snapshotKey: recorded.stored.key, findings: recorded.findings.length, alert };
  }
  countScan(snapshot, recorded, deps.metrics);
  log.info('scanned', facts);
  return { kind: 'scanned', snapshotKey: recorded.stored.key, outcome: snapshot.outcome, findings: recorded.findings.length, alert };
}

/** Told before the error goes back to SQS: every failure is logged and counted, and the last one alerted. */
async function reportFailure(record: SQSRecord, item: WorkItem | undefined, error: unknown, deps: ScanItemDependencies, log: Logger): Promise<void> {
  const kind = itemErrorKind(error);
  const receiveCount = Number(record.attributes.ApproximateReceiveCount);
  const last = isLastAttempt(record, deps.config.maxReceiveCount);
  countBy(deps.metrics, 'ScanErrors', 'kind', kind);
  log.error(last ? 'work item failed for the last time: SQS moves it to the DLQ' : 'work item failed: SQS delivers it again', {
    errorKind: kind,
    receiveCount,
    maxReceiveCount: deps.config.maxReceiveCount,
    error,
  });
  if (!last) return;
  deps.metrics.addMetric('DlqBoundFailures', MetricUnit.Count, 1);
  try {
    const problem = { kind: 'scan-abandoned' as const, cluster: item?.cluster ?? null, messageId: record.messageId, receiveCount, message: `${kind}: ${(error as Error).message}` };
    await publishOperationsAlert(deps.sns, deps.config.alertTopicArn, { runId: item?.runId ?? null, source: 'scan', problems: [problem] });
  } catch (alertError) {
    // The DLQ depth alarm still catches it; this alert only comes sooner and says why.
    log.error('the operations alert for the abandoned item could not be published', { error: alertError });
  }
}

export async function scanWorkItem(record: SQSRecord, deps: ScanItemDependencies): Promise<ItemOutcome> {
  let item: WorkItem | undefined;
  let log = deps.logger.createChild({ persistentKeys: { messageId: record.messageId } });
  try {
    item = parseWorkItem(record.body);
    log = deps.logger.createChild({ persistentKeys: { messageId: record.messageId, cluster: clusterLabel(item.cluster), runId: item.runId } });
    return await processItem(item, deps, log);
  } catch (error) {
    await reportFailure(record, item, error, deps, log);
    throw error;
  }
}

