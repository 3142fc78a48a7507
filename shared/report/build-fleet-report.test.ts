// The FleetReport of the recorded fleet (two clusters scanned by the real scanner over
// 2026-11-24..28, see test/integration/report-scans.ts): what it says, checked against the
// recorded snapshots themselves and against the scenario that made them.
import { describe, expect, it } from 'vitest';
import { diffSnapshots } from '../drift/diff-snapshots.ts';
import { clusterLabel } from '../fleet/cluster-identity.ts';
import type { ClusterSnapshot } from '../snapshot/snapshot-schema.ts';
import { temporaryFolderStore } from '../store/store.test-support.ts';
import { buildFleetReport } from './build-fleet-report.ts';
import { fleetReportSchema, type ClusterReport } from './fleet-report-schema.ts';
import { readFleetHistory } from './read-fleet-history.ts';
import { RECORDED_REPORT_TIME, recordedFleetReport, recordedFleetSnapshots, recordedFleetStore } from './report.test-support.ts';
import { reportWindow } from './report-window.ts';

const PAYMENTS = '123456789012/eu-west-1/payments';

function cluster(clusters: readonly ClusterReport[], label: string): ClusterReport {
  const found = clusters.find((c) => clusterLabel(c.cluster) === label);
  if (found === undefined) throw new Error(`no cluster ${label}`);
  return found;
}

/** The last snapshot each cluster started on each date: what the trend must be made of. */
function lastOfEachNight(snapshots: readonly ClusterSnapshot[]): Map<string, ClusterSnapshot[]> {
  const last = new Map<string, ClusterSnapshot>();
  for (const s of snapshots) {
    const key = `${s.startedAt.slice(0, 10)} ${s.cluster.account}/${s.cluster.region}/${s.cluster.name}`;
    const seen = last.get(key);
    if (seen === undefined || seen.startedAt < s.startedAt) last.set(key, s);
  }
  const byNight = new Map<string, ClusterSnapshot[]>();
  for (const [key, s] of last) byNight.set(key.slice(0, 10), [...(byNight.get(key.slice(0, 10)) ?? []), s]);
  return byNight;
}

describe('buildFleetReport', () => {
  it('makes a document its schema accepts, stamped with the time, window, store and generator', async () => {
    const { report } = await recordedFleetReport(7);
    expect(fleetReportSchema.safeParse(report).success).toBe(true);
    expect(report.generatedAt).toBe('2026-11-28T06:00:00.000Z');
    expect(report.window).toEqual({ nights: 7, from: '2026-11-22', to: '2026-11-28' });
    expect(report.generator).toEqual({ name: 'psa-fleet-scanner', version: '0.0.0-test' });
    expect(report.store).toMatch(/psa-store-/);
  });

  it("sums the fleet from each cluster's latest snapshot", async () => {
    const { report, histories } = await recordedFleetReport(7);
    const latest = histories.map((h) => h.latest.snapshot.summary);
    expect(report.fleet.clusters).toBe(2);
    expect(report.fleet.namespaces).toBe(latest.reduce((n, s) => n + s.namespaces, 0));
    expect(report.fleet.violatingPods).toBe(latest.reduce((n, s) => n + s.violatingPods, 0));
    expect(report.fleet.blockingWorkloads).toBe(latest.reduce((n, s) => n + s.blockingWorkloads, 0));
    expect(report.fleet.byState['privileged-allowed']).toBe(latest.reduce((n, s) => n + s.byState['privileged-allowed'], 0));
    expect(report.fleet.outcomes).toEqual({ complete: 2, degraded: 0, failed: 0 });
    // The hostile cluster was last scanned on 11-27.
    expect(report.fleet.stale).toBe(1);
    expect(report.clusters.map((c) => c.stale)).toEqual([false, true]);
  });

  it('draws every night of the window, each summed over the clusters scanned that night', async () => {
    const { report } = await recordedFleetReport(7);
    const expected = lastOfEachNight(await recordedFleetSnapshots());
    expect(report.trend.map((n) => n.night)).toEqual(['2026-11-22', '2026-11-23', '2026-11-24', '2026-11-25', '2026-11-26', '2026-11-27', '2026-11-28']);
    expect(report.trend.map((n) => n.clustersScanned)).toEqual([0, 0, 2, 2, 1, 2, 1]);
    for (const night of report.trend) {
      const scanned = expected.get(night.night) ?? [];
      expect(night.violatingPods, night.night).toBe(scanned.reduce((n, s) => n + s.summary.violatingPods, 0));
      expect(night.blockingWorkloads, night.night).toBe(scanned.reduce((n, s) => n + s.summary.blockingWorkloads, 0));
      expect(night.byState['blocked-at-target'], night.night).toBe(scanned.reduce((n, s) => n + s.summary.byState['blocked-at-target'], 0));
      expect(night.namespaces, night.night).toBe(scanned.reduce((n, s) => n + s.summary.namespaces, 0));
    }
    // The scenario: worker blocks rpt-shop from 11-25 to 11-27; monolith lingers from 11-26 on.
    expect(cluster(report.clusters, PAYMENTS).nights.map((n) => [n.night, n.blockingWorkloads, n.violatingPods])).toEqual([
      ['2026-11-24', 0, 0],
      ['2026-11-25', 1, 0],
      ['2026-11-26', 1, 1],
      ['2026-11-27', 1, 1],
      ['2026-11-28', 0, 1],
    ]);
  });

  it('lists each violating workload once, with what it violates in place and what blocks the target', async () => {
    const { report } = await recordedFleetReport(7);
    const namespaces = cluster(report.clusters, PAYMENTS).namespaces;
    const legacy = namespaces.find((n) => n.name === 'rpt-legacy');
    expect(legacy?.state).toBe('enforced-lingering-violations');
    expect(legacy?.workloads).toHaveLength(1);
    const monolith = legacy?.workloads[0];
    expect([monolith?.kind, monolith?.name]).toEqual(['Deployment', 'monolith']);
    expect(monolith?.inPlace).toMatchObject({ levelVersion: 'baseline:latest', pods: 1, template: true, reasons: ['privileged'] });
    expect(monolith?.atTarget?.levelVersion).toBe('restricted:latest');
    expect(monolith?.atTarget?.reasons).toEqual(expect.arrayContaining(['privileged', 'allowPrivilegeEscalation != false', 'runAsNonRoot != true', 'seccompProfile']));
    expect(monolith?.inPlace?.details).toEqual(['container "app" must not set securityContext.privileged=true']);
    // Enforce is the target in rpt-web, and nothing violates it there.
    expect(namespaces.find((n) => n.name === 'rpt-web')).toMatchObject({ state: 'enforced-compliant', enforce: 'restricted:latest', target: 'restricted:latest', workloads: [] });
  });

  it('keeps text from the cluster verbatim in the document (the renderings escape it)', async () => {
    const { report } = await recordedFleetReport(7);
    const tools = report.clusters[1]?.namespaces.find((n) => n.name === 'rpt-tools');
    expect(tools?.state).toBe('blocked-at-target');
    const toolbox = tools?.workloads[0];
    expect(toolbox?.inPlace).toBeNull();
    expect(toolbox?.atTarget).toMatchObject({ levelVersion: 'baseline:latest', pods: 1, podNames: ['toolbox'], template: false, reasons: ['non-default capabilities'] });
    expect(toolbox?.atTarget?.details.join('\n')).toContain('<script>alert("cap")</script>');
    expect(toolbox?.atTarget?.details.join('\n')).toContain('=HYPERLINK(');
  });

  it("reports the changes of each cluster's latest snapshot against the one before, as its alert did", async () => {
    const { report, histories } = await recordedFleetReport(7);
    const [payments, hostile] = report.clusters;
    const [paymentsHistory] = histories;
    expect(payments?.changes.since?.startedAt.slice(0, 10)).toBe('2026-11-27');
    expect(payments?.changes.findings).toEqual(
      diffSnapshots(paymentsHistory?.previous?.snapshot, paymentsHistory?.latest.snapshot as ClusterSnapshot).map((f) => ({ kind: f.kind, severity: f.severity, namespace: f.namespace, summary: f.summary })),
    );
    expect(payments?.changes.findings.map((f) => [f.kind, f.namespace])).toContainEqual(['ready-to-promote', 'rpt-shop']);
    expect(hostile?.changes).toMatchObject({ findings: [] });
    expect(hostile?.changes.since?.startedAt.slice(0, 10)).toBe('2026-11-25');
  });

  it('names every snapshot it was built from once, with the SHA-256 the store holds and what it was used for', async () => {
    await using t = await recordedFleetStore();
    const window = reportWindow(RECORDED_REPORT_TIME, 7);
    const report = buildFleetReport(await readFleetHistory(t.store, { window }), { generatedAt: RECORDED_REPORT_TIME, window, store: t.store.location, generatorVersion: '0' });
    // 5 nights of payments and 3 of the hostile cluster; the retry's first scan of 11-25 is not used.
    expect(report.sources).toHaveLength(8);
    expect(new Set(report.sources.map((s) => s.key)).size).toBe(8);
    for (const source of report.sources) expect((await t.store.read(source.key)).sha256).toBe(source.sha256);
    expect(report.sources.filter((s) => s.usedFor.includes('latest')).map((s) => s.key)).toEqual(report.clusters.map((c) => c.latest.key));
    expect(report.sources.filter((s) => s.usedFor.includes('changes-baseline')).map((s) => s.key)).toEqual(report.clusters.map((c) => c.changes.since?.key));
    expect(report.sources.find((s) => s.key === report.clusters[0]?.latest.key)?.usedFor).toEqual(['latest', 'trend']);
  });

  it("reports a cluster's first snapshot with no baseline to compare", async () => {
    await using t = await temporaryFolderStore();
    const [first] = await recordedFleetSnapshots();
    await t.store.append(first as ClusterSnapshot);
    const window = reportWindow(RECORDED_REPORT_TIME, 7);
    const report = buildFleetReport(await readFleetHistory(t.store, { window }), { generatedAt: RECORDED_REPORT_TIME, window, store: t.store.location, generatorVersion: '0' });
    expect(report.clusters[0]?.changes.since).toBeNull();
    expect(report.clusters[0]?.changes.findings.map((f) => f.kind)).toEqual(['baseline']);
    expect(report.sources.map((s) => s.usedFor)).toEqual([['latest', 'trend']]);
  });
});
