// The whole nightly flow through the real Lambda handler modules (the flow `npm run demo` shows):
// Scheduler event -> dispatch -> SQS -> scan -> S3 -> drift -> SNS -> a subscribed SQS queue, on
// two real kube-apiservers reached with EKS tokens and on moto. Three runs (a drift before the
// second, nothing before the third); between the second and the third a work item delivered again
// (and again with its alert ledger entry gone); after the third a stale item and a poisoned one.
// The servers are this file's own (moto and two clusters); the integration project's are not used.
import { DeleteObjectCommand, HeadObjectCommand } from '@aws-sdk/client-s3';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ClusterIdentity } from '../../shared/fleet/cluster-identity.ts';
import type { NamespaceState } from '../../shared/snapshot/snapshot-schema.ts';
import type { StoredSnapshot } from '../../shared/store/snapshot-store.ts';
import { memberRoleArn } from './support/fleet-aws.ts';
import { applyDrift, DRIFT, FLEET, SCANNED_CLUSTERS } from './support/fleet-clusters.ts';
import { jsonLines, MAX_RECEIVE_COUNT, startFleetFlow, UNREACHABLE_REGION, type FleetFlow, type ReceivedAlert, type RunReport } from './support/fleet-flow.ts';

const identity = (c: ClusterIdentity): ClusterIdentity => ({ account: c.account, region: c.region, name: c.name });
const [PROD, STAGING] = SCANNED_CLUSTERS.map(identity) as [ClusterIdentity, ClusterIdentity];
const OPTED_OUT = FLEET.find((c) => c.namespaces.length === 0);
const MINUTE = 60_000;
/** Whole minutes apart, as a schedule's runs are (and so three distinct run ids). */
const SCHEDULE = Math.floor(Date.now() / MINUTE) * MINUTE;
const runIdAt = (minutes: number): string => new Date(SCHEDULE + minutes * MINUTE).toISOString();

const driftAlerts = (report: { alerts: readonly ReceivedAlert[] }): Extract<ReceivedAlert, { kind: 'drift' }>[] =>
  report.alerts.filter((a): a is Extract<ReceivedAlert, { kind: 'drift' }> => a.kind === 'drift');
const operationsAlerts = (report: { alerts: readonly ReceivedAlert[] }): Extract<ReceivedAlert, { kind: 'operations' }>[] =>
  report.alerts.filter((a): a is Extract<ReceivedAlert, { kind: 'operations' }> => a.kind === 'operations');
const recordsOf = (report: Pick<RunReport, 'batches'>): RunReport['batches'][number]['records'] => report.batches.flatMap((b) => b.records);

/** The sum of every EMF value of `metric` (with `dimensions`) in a function's log. */
function emfSum(log: ReadonlyArray<Record<string, unknown>>, metric: string, dimensions: Readonly<Record<string, string>> = {}): number {
  let sum = 0;
  for (const line of log) {
    if (line['_aws'] === undefined || !(metric in line)) continue;
    if (!Object.entries(dimensions).every(([k, v]) => line[k] === v)) continue;
    const value = line[metric];
    sum += Array.isArray(value) ? value.reduce((a: number, b) => a + Number(b), 0) : Number(value);
  }
  return sum;
}

describe('the nightly fleet flow through the Lambda handlers', () => {
  let workDir: string;
  let flow: FleetFlow;
  let first: RunReport;
  let second: RunReport;
  let third: RunReport;
  type Delivery = Awaited<ReturnType<FleetFlow['deliver']>> & { readonly dryRuns: Record<string, number> };
  /** Run 2's prod-eu item delivered again; then again after its ledger entry was removed; after run 3 (stale). */
  let redelivered: Delivery;
  let unledgered: Delivery;
  let stale: Delivery;
  let poisoned: Delivery;
  let secondProdItem: string;
  const poison = JSON.stringify({ runId: runIdAt(1), cluster: { account: PROD.account, region: 'eu-west-1', name: 'not a cluster name' } });
  let history: Record<string, StoredSnapshot[]>;

  /** Delivers the bodies and counts the dry-run PATCHes each apiserver received meanwhile. */
  async function deliver(bodies: readonly string[]): Promise<Delivery> {
    const before = await flow.dryRunPatches();
    const delivery = await flow.deliver(bodies);
    const after = await flow.dryRunPatches();
    return { ...delivery, dryRuns: Object.fromEntries(Object.entries(after).map(([name, n]) => [name, n - (before[name] ?? 0)])) };
  }

  beforeAll(async () => {
    workDir = await mkdtemp(join(tmpdir(), 'psa-fleet-e2e-'));
    flow = await startFleetFlow({ workDir, unreachableRegion: true });
    first = await flow.run(new Date(runIdAt(0)));
    await applyDrift(flow.servers.clusters);
    second = await flow.run(new Date(runIdAt(1)));

    // SQS delivers at least once: run 2's prod-eu item comes again.
    secondProdItem = recordsOf(second).find((r) => r.body.includes(`"name":"${PROD.name}"`))?.body ?? '';
    redelivered = await deliver([secondProdItem]);
    const ledgerKey = `alerts/${(await flow.latest(PROD))?.key ?? ''}.sent`;
    await flow.aws.s3.send(new DeleteObjectCommand({ Bucket: flow.aws.bucket, Key: ledgerKey }));
    unledgered = await deliver([secondProdItem]);

    third = await flow.run(new Date(runIdAt(2)));
    stale = await deliver([secondProdItem]);
    poisoned = await deliver([poison]);
    history = { [PROD.name]: await flow.history(PROD), [STAGING.name]: await flow.history(STAGING) };
  }, 300_000);

  afterAll(async () => {
    await flow?.stop();
    if (workDir !== undefined) await rm(workDir, { recursive: true, force: true });
  });

  describe('dispatch', () => {
    it('enqueues each active cluster once per run, skips the opted-out one, and counts the region it could not search', async () => {
      for (const [report, minutes] of [[first, 0], [second, 1], [third, 2]] as const) {
        expect(report.dispatch).toEqual({ runId: runIdAt(minutes), enqueued: 2, skipped: 1, failed: 1 });
      }
      const skipped = jsonLines(await flow.dispatch.logLines()).filter((l) => l['message'] === 'cluster skipped');
      expect(skipped.map((l) => [l['runId'], l['cluster'], (l['reason'] as { kind: string }).kind])).toEqual(
        [0, 1, 2].map((minutes) => [runIdAt(minutes), `${OPTED_OUT?.account}/${OPTED_OUT?.region}/${OPTED_OUT?.name}`, 'opted-out']),
      );
    });

    it('puts the runId, the cluster and its member role in each work item, and the cluster in its message attributes', () => {
      const items = recordsOf(first).map((r) => [JSON.parse(r.body) as unknown, r.messageAttributes['cluster']?.stringValue, r.messageAttributes['account']?.stringValue]);
      expect(items.sort((a, b) => String(a[1]).localeCompare(String(b[1])))).toEqual([
        [{ runId: runIdAt(0), cluster: PROD, roleArn: memberRoleArn(PROD.account) }, PROD.name, PROD.account],
        [{ runId: runIdAt(0), cluster: STAGING, roleArn: memberRoleArn(STAGING.account) }, STAGING.name, STAGING.account],
      ]);
    });

    it('publishes every run\'s discovery failure as an operations alert naming the account, region and step', () => {
      for (const report of [first, second, third]) {
        const [alert, ...others] = operationsAlerts(report);
        expect(others).toEqual([]);
        expect(alert?.subject).toBe('[HIGH] psa fleet discovery failed in 1 place');
        expect(alert?.document.problems).toMatchObject([{ kind: 'discovery-failed', account: STAGING.account, region: UNREACHABLE_REGION, step: 'list-clusters' }]);
      }
    });
  });

  describe('scan, store and drift', () => {
    it('scans every item of every run without a failure', () => {
      for (const report of [first, second, third]) {
        expect(report.batches.flatMap((b) => b.failed)).toEqual([]);
        expect(recordsOf(report)).toHaveLength(2);
      }
    });

    it("chains each cluster's snapshots, one per run, each stamped with its run", () => {
      for (const chain of Object.values(history)) {
        expect(chain.map((s) => s.snapshot.runId)).toEqual([runIdAt(2), runIdAt(1), runIdAt(0)]);
        expect(chain.map((s) => s.snapshot.previous?.key ?? null)).toEqual([chain[1]?.key, chain[2]?.key, null]);
        expect(chain.map((s) => s.snapshot.outcome)).toEqual(['complete', 'complete', 'complete']);
      }
    });

    it('leaves every chain intact for psa-scan verify', async () => {
      const report = await flow.verify();
      expect(report.clusters.map((c) => [c.cluster.name, c.length, c.problems])).toEqual([
        [PROD.name, 3, []],
        [STAGING.name, 3, []],
      ]);
      expect(report.intact).toBe(true);
    });

    it.each(SCANNED_CLUSTERS.flatMap((c) => c.namespaces.map((n) => [c.name, n.name, n.state] as const)))('%s: first scan puts %s in state %s', (cluster, namespace, state) => {
      const oldest = history[cluster]?.at(-1)?.snapshot;
      expect(oldest?.namespaces.find((n) => n.name === namespace)?.state).toBe(state);
    });

    it('after the drift, changes the state of the drifted namespace only, and nothing on the other cluster', () => {
      const states = (s: StoredSnapshot | undefined): Record<string, NamespaceState> => Object.fromEntries((s?.snapshot.namespaces ?? []).map((n) => [n.name, n.state]));
      const [prodLatest, prodSecond, prodFirst] = history[PROD.name] ?? [];
      expect(states(prodSecond)).toEqual({ ...states(prodFirst), ...DRIFT.statesAfter });
      expect(states(prodLatest)).toEqual(states(prodSecond));
      const [stagingLatest, , stagingFirst] = history[STAGING.name] ?? [];
      expect(states(stagingLatest)).toEqual(states(stagingFirst));
    });

    it('writes snapshots with SSE-KMS under Object Lock retention, from the functions\' configuration', async () => {
      const key = history[PROD.name]?.[0]?.key ?? '';
      const head = await flow.aws.s3.send(new HeadObjectCommand({ Bucket: flow.aws.bucket, Key: key }));
      expect(head).toMatchObject({ ServerSideEncryption: 'aws:kms', SSEKMSKeyId: flow.aws.kmsKeyId, ObjectLockMode: 'GOVERNANCE' });
    });
  });

  describe('alerts', () => {
    it('alerts each cluster once for its first scan (the baseline), to the subscribed queue', () => {
      expect(driftAlerts(first).map((a) => [a.document.cluster.name, a.document.kinds, a.document.snapshotKey]).sort()).toEqual(
        [
          [PROD.name, ['baseline'], history[PROD.name]?.[2]?.key],
          [STAGING.name, ['baseline'], history[STAGING.name]?.[2]?.key],
        ].sort(),
      );
    });

    it('alerts exactly the drift: enforcement removed and a new violation at the target, on the drifted cluster only', () => {
      const alerts = driftAlerts(second);
      expect(alerts.map((a) => a.document.cluster.name)).toEqual([DRIFT.cluster]);
      expect(alerts[0]?.subject).toBe(`[CRITICAL] psa ${PROD.account}/${PROD.region}/${PROD.name}: 2 findings (enforcement removed, +1 kinds)`);
      expect(alerts[0]?.document.findings?.map((f) => [f.namespace, f.kind, f.severity])).toEqual([
        [DRIFT.relabelled.namespace, 'enforcement-removed', 'critical'],
        [DRIFT.newPod.namespace, 'target-violations-new', 'medium'],
      ]);
      expect(alerts[0]?.document.snapshotKey).toBe(history[PROD.name]?.[1]?.key);
    });

    it('alerts nothing for a rerun on unchanged clusters, and writes one snapshot and pointer per cluster and the run marker', () => {
      expect(driftAlerts(third)).toEqual([]);
      expect(third.written.map((k) => k.split('/')[0])).toEqual(['pointers', 'pointers', 'runs', 'snapshots', 'snapshots']);
    });
  });

  describe('retries', () => {
    const prodLabel = `${PROD.account}/${PROD.region}/${PROD.name}`;

    it('records a redelivered item again without scanning the cluster, writing anything or alerting again', async () => {
      expect(redelivered.batches.flatMap((b) => b.failed)).toEqual([]);
      expect(redelivered.alerts).toEqual([]);
      expect(redelivered.written).toEqual([]);
      expect(redelivered.dryRuns).toEqual({ [PROD.name]: 0, [STAGING.name]: 0 });
      const log = await flow.scanLog(recordsOf(redelivered).map((r) => r.messageId));
      expect(log.map((l) => [l.level, l.message, l.cluster])).toEqual([
        ['INFO', 'this run scanned the cluster already: recording its snapshot again instead of scanning', prodLabel],
        ['INFO', 'the alert for this snapshot went out already: not sent again', prodLabel],
        ['INFO', 'recorded again', prodLabel],
      ]);
      expect(log[2]).toMatchObject({ alreadyStored: true, findings: 2, alert: 'already-sent', snapshotKey: history[PROD.name]?.[1]?.key });
    });

    it('sends the same alert again when the ledger has no entry for it: the ledger is what keeps a retry quiet', () => {
      expect(unledgered.dryRuns).toEqual({ [PROD.name]: 0, [STAGING.name]: 0 });
      expect(driftAlerts(unledgered).map((a) => a.document)).toEqual(driftAlerts(second).map((a) => a.document));
      expect(unledgered.written).toEqual([`alerts/${history[PROD.name]?.[1]?.key ?? ''}.sent`]);
    });

    it("drops an item of an earlier run once a later run has scanned the cluster", async () => {
      expect(stale.batches.flatMap((b) => b.failed)).toEqual([]);
      expect(stale.alerts).toEqual([]);
      expect(stale.written).toEqual([]);
      expect(stale.dryRuns).toEqual({ [PROD.name]: 0, [STAGING.name]: 0 });
      const log = await flow.scanLog(recordsOf(stale).map((r) => r.messageId));
      expect(log.map((l) => [l.level, l.message, l['latestRunId']])).toEqual([['WARN', 'a later run has scanned this cluster already: the item is stale', runIdAt(2)]]);
    });

    it('fails a poisoned item on each receive until the queue moves it to the DLQ, and alerts that it did', async () => {
      const receives = recordsOf(poisoned);
      expect(receives.map((r) => r.attributes.ApproximateReceiveCount)).toEqual(Array.from({ length: MAX_RECEIVE_COUNT }, (_, i) => String(i + 1)));
      expect(poisoned.batches.map((b) => b.failed)).toEqual(receives.map((r) => [r.messageId]));
      expect((await flow.deadLetters()).map((m) => m.Body)).toEqual([poison]);
      const [alert, ...others] = operationsAlerts(poisoned);
      expect(others).toEqual([]);
      expect(alert?.subject).toBe('[HIGH] psa an unreadable work item moved to the DLQ');
      expect(alert?.document.problems).toEqual([
        {
          kind: 'scan-abandoned',
          cluster: null,
          messageId: receives[0]?.messageId,
          receiveCount: MAX_RECEIVE_COUNT,
          message: 'invalid-item: the work item is not valid: cluster.name: must be an EKS cluster name (1-100 of letters, digits, _ and -, starting with a letter or digit)',
        },
      ]);
    });
  });

  describe('metrics (EMF in the functions\' logs)', () => {
    it('counts namespaces, violating pods, findings by severity, alerts, retries, errors by kind and DLQ-bound items', async () => {
      const log = jsonLines(await flow.scan.logLines());
      const namespaces = SCANNED_CLUSTERS.reduce((n, c) => n + c.namespaces.length + 4, 0); // + default, kube-node-lease, kube-public, kube-system
      expect(emfSum(log, 'NamespacesScanned')).toBe(3 * namespaces);
      expect(emfSum(log, 'ViolatingPods')).toBe(3 * 2); // debug-shell in pb-checkout, on each cluster, each run
      expect(emfSum(log, 'Findings', { severity: 'info' })).toBe(2);
      expect(emfSum(log, 'Findings', { severity: 'critical' })).toBe(1);
      expect(emfSum(log, 'Findings', { severity: 'medium' })).toBe(1);
      expect(emfSum(log, 'AlertsPublished')).toBe(4); // two first scans, the drift, the drift again without its ledger entry
      expect(emfSum(log, 'RetriedItems')).toBe(2);
      expect(emfSum(log, 'ScanErrors', { kind: 'invalid-item' })).toBe(MAX_RECEIVE_COUNT);
      expect(emfSum(log, 'DlqBoundFailures')).toBe(1);
      expect(emfSum(log, 'ColdStart')).toBe(1);
      expect(log.filter((l) => l['_aws'] !== undefined).every((l) => (l['_aws'] as { CloudWatchMetrics: Array<{ Namespace: string }> }).CloudWatchMetrics[0]?.Namespace === 'PsaFleetScanner')).toBe(true);
    });

    it('counts discovery failures by step in the dispatch function', async () => {
      const log = jsonLines(await flow.dispatch.logLines());
      expect(emfSum(log, 'DiscoveryFailures', { step: 'list-clusters' })).toBe(3);
      expect(emfSum(log, 'ClustersEnqueued')).toBe(6);
    });
  });
});
