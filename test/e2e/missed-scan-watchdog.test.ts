// The missed-scan watchdog, tested by letting the window lapse in the local flow: the nightly flow
// through the real handlers (dispatch, scan) on two real kube-apiservers and moto, and the
// watchdog handler in a process of its own with the stack's environment. Its clock is the
// Scheduler's scheduledTime in its event, moved forward here. Three runs: a normal one; one where
// staging refuses the scanner (its ClusterRoleBinding removed: a failed scan); one after prod was
// deleted from EKS (gone from discovery). Then no run for more than the window.
import { DeleteClusterCommand, EKSClient } from '@aws-sdk/client-eks';
import { GetObjectCommand, ListObjectsV2Command } from '@aws-sdk/client-s3';
import { KubeConfig, RbacAuthorizationV1Api } from '@kubernetes/client-node';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ClusterIdentity } from '../../shared/fleet/cluster-identity.ts';
import { parseRunMarkerJson, runMarkerKey } from '../../shared/watchdog/fleet-run-marker.ts';
import type { OperationsProblem } from '../../lambdas/common/operations-alert.ts';
import type { WatchdogResult } from '../../lambdas/watchdog/watchdog-run.ts';
import { roleCredentials } from './support/fleet-aws.ts';
import { FLEET, SCANNED_CLUSTERS } from './support/fleet-clusters.ts';
import { jsonLines, startFleetFlow, type FleetFlow, type ReceivedAlert, type RunReport } from './support/fleet-flow.ts';
import { startFleetJob } from './support/fleet-job-functions.ts';
import type { LocalLambda } from './support/local-lambda.ts';

const identity = (c: ClusterIdentity): ClusterIdentity => ({ account: c.account, region: c.region, name: c.name });
const [PROD, STAGING] = SCANNED_CLUSTERS.map(identity) as [ClusterIdentity, ClusterIdentity];
const SANDBOX = identity(FLEET.find((c) => c.namespaces.length === 0) as ClusterIdentity);
const label = (c: ClusterIdentity): string => `${c.account}/${c.region}/${c.name}`;
const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const WINDOW = 26 * HOUR;
const T0 = Math.floor(Date.now() / MINUTE) * MINUTE;
const at = (ms: number): Date => new Date(T0 + ms);
const runId = (minutes: number): string => at(minutes * MINUTE).toISOString();
/** Past the window since the last run (run 3, at T0 + 2 min), with an hour to spare for the real scan times. */
const LAPSE = 2 * MINUTE + WINDOW + HOUR;

type Look = { readonly result: WatchdogResult; readonly alerts: readonly ReceivedAlert[]; readonly lapseObjects: readonly string[] };
type Page = Extract<ReceivedAlert, { kind: 'operations' }>;
const clusterName = (p: OperationsProblem): string | null => (p.kind === 'cluster-not-scanned' || p.kind === 'cluster-not-discovered' ? p.cluster.name : null);

describe('the missed-scan watchdog on the local flow', () => {
  let workDir: string;
  let flow: FleetFlow;
  let watchdog: LocalLambda;
  const runs: RunReport[] = [];
  const looks: Record<string, Look> = {};

  async function lapseObjects(): Promise<string[]> {
    const { Contents = [] } = await flow.aws.s3.send(new ListObjectsV2Command({ Bucket: flow.aws.bucket, Prefix: 'watchdog/' }));
    return Contents.map((o) => o.Key ?? '').sort();
  }

  async function look(name: string, when: Date): Promise<void> {
    const result = await watchdog.invoke<WatchdogResult>({ trigger: 'schedule', scheduledTime: when.toISOString() });
    looks[name] = { result, alerts: await flow.alerts(), lapseObjects: await lapseObjects() };
  }

  beforeAll(async () => {
    workDir = await mkdtemp(join(tmpdir(), 'psa-watchdog-e2e-'));
    flow = await startFleetFlow({ workDir });
    watchdog = await startFleetJob(flow, 'watchdog', { workDir });

    runs.push(await flow.run(at(0)));
    await look('after a normal run', at(HOUR));

    // staging's onboarding RBAC is gone: the scanner is refused everything, its scan fails.
    const staging = flow.servers.clusters.find((c) => c.spec.name === STAGING.name);
    const admin = new KubeConfig();
    admin.loadFromFile(staging?.servers.adminKubeconfig ?? '');
    await admin.makeApiClient(RbacAuthorizationV1Api).deleteClusterRoleBinding({ name: 'psa-scanner' });
    runs.push(await flow.run(at(MINUTE)));
    await look('after a failed scan inside the window', at(2 * HOUR));

    // prod is deleted from EKS: the next run does not find it.
    const eks = new EKSClient({ endpoint: flow.aws.moto, region: PROD.region, credentials: await roleCredentials(flow.aws.moto, PROD.account, 'eks-admin') });
    await eks.send(new DeleteClusterCommand({ name: PROD.name }));
    eks.destroy();
    runs.push(await flow.run(at(2 * MINUTE)));

    // No run any more.
    await look('past the window', at(LAPSE));
    await look('an hour later', at(LAPSE + HOUR));
    await look('a window later', at(LAPSE + WINDOW));
  }, 300_000);

  afterAll(async () => {
    await watchdog?.stop();
    await flow?.stop();
    if (workDir !== undefined) await rm(workDir, { recursive: true, force: true });
  });

  const pages = (name: string): Page[] => (looks[name]?.alerts ?? []).filter((a): a is Page => a.kind === 'operations' && a.document.source === 'watchdog');

  describe('the run markers dispatch leaves', () => {
    it('records each run with what it enqueued and what it skipped on purpose', async () => {
      const markers = await Promise.all(
        [0, 1, 2].map(async (minutes) => {
          const key = runMarkerKey(runId(minutes));
          const body = await (await flow.aws.s3.send(new GetObjectCommand({ Bucket: flow.aws.bucket, Key: key }))).Body?.transformToString();
          const parsed = parseRunMarkerJson(body ?? '', key);
          if (!parsed.ok) throw new Error(parsed.errors.join('\n'));
          return parsed.marker;
        }),
      );

      expect(markers.map((m) => [m.runId, m.trigger, m.enqueued.map((c) => c.name).sort(), m.skipped])).toEqual([
        [runId(0), 'schedule', [PROD.name, STAGING.name], [{ cluster: SANDBOX, reason: 'opted-out' }]],
        [runId(1), 'schedule', [PROD.name, STAGING.name], [{ cluster: SANDBOX, reason: 'opted-out' }]],
        [runId(2), 'schedule', [STAGING.name], [{ cluster: SANDBOX, reason: 'opted-out' }]],
      ]);
      expect(runs.map((r) => r.written.filter((k) => k.startsWith('runs/')))).toEqual([0, 1, 2].map((m) => [runMarkerKey(runId(m))]));
    });

    it("stores staging's refused scans as failed snapshots: the drift alert is the scan's, the lapse the watchdog's", async () => {
      expect((await flow.latest(STAGING))?.snapshot).toMatchObject({ runId: runId(2), outcome: 'failed' });
      expect((await flow.history(STAGING)).map((s) => s.snapshot.outcome)).toEqual(['failed', 'failed', 'complete']);
      expect((await flow.latest(PROD))?.snapshot).toMatchObject({ runId: runId(1), outcome: 'complete' });
    });
  });

  describe('while every cluster was scanned within the window', () => {
    it('sends nothing after a normal run', () => {
      expect(looks['after a normal run']?.result).toMatchObject({ outcome: 'all-well', latestRunId: runId(0), watched: 2, problems: [], messageId: null });
      expect(looks['after a normal run']?.alerts).toEqual([]);
    });

    it("sends nothing for a failed scan while the cluster's last success is inside the window", () => {
      expect(looks['after a failed scan inside the window']?.result).toMatchObject({ outcome: 'all-well', latestRunId: runId(1), problems: [] });
      expect(looks['after a failed scan inside the window']?.alerts).toEqual([]);
      expect(looks['after a failed scan inside the window']?.lapseObjects).toEqual([]);
    });
  });

  describe('once the window lapsed without a run', () => {
    it('pages once, naming the missed run, the cluster whose last scan failed and the one gone from discovery', () => {
      const look = looks['past the window'];
      expect(look?.result.outcome).toBe('alerted');
      const [page, ...others] = pages('past the window');
      expect(others).toEqual([]);
      expect(look?.alerts).toHaveLength(1);
      expect(page?.subject).toBe(`[HIGH] psa no fleet run in ${Math.floor((LAPSE - 2 * MINUTE) / HOUR)} h, 2 clusters not scanned on time`);
      expect(page?.document).toMatchObject({ kind: 'OperationsAlert', source: 'watchdog', runId: runId(2) });
      expect(page?.document.problems.map((p) => [p.kind, clusterName(p), 'new' in p ? p.new : undefined])).toEqual([
        ['run-missing', null, true],
        ['cluster-not-discovered', PROD.name, true],
        ['cluster-not-scanned', STAGING.name, true],
      ]);
      expect(page?.document.problems[2]).toMatchObject({
        lastSuccess: { runId: runId(0), outcome: 'complete' },
        cause: { kind: 'scan-failed', runId: runId(2), error: expect.stringContaining('forbidden') },
      });
      expect(page?.document.problems[1]).toMatchObject({ lastSuccess: { runId: runId(1) }, runId: runId(2), discoveryFailure: null });
      expect(page?.lines).toEqual([
        `- no fleet run started in the last ${Math.floor((LAPSE - 2 * MINUTE) / HOUR)} h: the last was ${runId(2)} (schedule)`,
        expect.stringMatching(new RegExp(`^- not found by run ${runId(2)}: ${label(PROD)}, last scanned successfully .* \\(run ${runId(1)}\\): deleted, or no longer in an account and region FLEET_CONFIG searches$`)),
        expect.stringMatching(new RegExp(`^- not scanned on time: ${label(STAGING)}, last scanned successfully .* \\(run ${runId(0)}\\): its last scan failed \\(.*, run ${runId(2)}\\): .*forbidden`)),
      ]);
    });

    it('records the lapses it paged, one object each', () => {
      const keys = looks['past the window']?.result.problems.map((p) => p.lapseKey) ?? [];
      expect(keys).toEqual([
        `run-missing/after=${runId(2).replace(/[-:]/g, '')}/window=1`,
        expect.stringMatching(new RegExp(`^cluster-not-discovered/account=${PROD.account}/region=${PROD.region}/cluster=${PROD.name}/last-success=\\d{8}T\\d{6}\\.\\d{3}Z$`)),
        `cluster-not-scanned/account=${STAGING.account}/region=${STAGING.region}/cluster=${STAGING.name}/run=${runId(2).replace(/[-:]/g, '')}`,
      ]);
      expect(looks['past the window']?.lapseObjects).toEqual(keys.map((k) => `watchdog/lapses/${k}.json`).sort());
    });

    it('sends nothing when it looks again at the same lapse an hour later', () => {
      expect(looks['an hour later']?.result).toMatchObject({ outcome: 'already-alerted', messageId: null });
      expect(looks['an hour later']?.result.problems.map((p) => p.new)).toEqual([false, false, false]);
      expect(looks['an hour later']?.alerts).toEqual([]);
      expect(looks['an hour later']?.lapseObjects).toEqual(looks['past the window']?.lapseObjects);
    });

    it('pages again a window later for the run still missing, carrying the clusters as reported before', () => {
      const [page, ...others] = pages('a window later');
      expect(others).toEqual([]);
      expect(page?.document.problems.map((p) => [p.kind, 'new' in p ? p.new : undefined])).toEqual([
        ['run-missing', true],
        ['cluster-not-discovered', false],
        ['cluster-not-scanned', false],
      ]);
      expect(page?.lines.slice(1).every((line) => line.endsWith('(reported before)'))).toBe(true);
      expect(looks['a window later']?.result.problems[0]?.lapseKey).toBe(`run-missing/after=${runId(2).replace(/[-:]/g, '')}/window=2`);
    });
  });

  it('counts what it watched and paged in its metrics (EMF in its log)', async () => {
    const log = jsonLines(await watchdog.logLines()).filter((l) => l['_aws'] !== undefined);
    const sum = (metric: string): number => log.reduce((n, l) => n + Number(l[metric] ?? 0), 0);
    expect(sum('WatchdogAlerts')).toBe(2);
    expect(sum('MissedRuns')).toBe(3);
    expect(sum('LapsedClusters')).toBe(6);
    expect(log.filter((l) => 'WatchedClusters' in l).map((l) => l['WatchedClusters'])).toEqual([2, 2, 2, 2, 2]);
    expect(sum('ColdStart')).toBe(1);
  });
});
