// Cluster histories -> the FleetReport document. Pure: the histories were read before, the clock
// and the versions come in as values. Changes are the drift findings of each cluster's latest
// snapshot against the one before it, exactly as its alert reported them (diffSnapshots).
import { diffSnapshots } from '../drift/diff-snapshots.ts';
import { NAMESPACE_STATES, type NamespaceState } from '../snapshot/snapshot-schema.ts';
import {
  REPORT_API_VERSION,
  REPORT_KIND,
  REPORT_SCHEMA_VERSION,
  SOURCE_USES,
  type ClusterReport,
  type FleetNight,
  type FleetReport,
  type ReportCounts,
  type ReportSource,
} from './fleet-report-schema.ts';
import { snapshotCounts } from './night-point.ts';
import type { ClusterHistory } from './read-fleet-history.ts';
import { reportNamespace } from './report-namespace.ts';
import { nightOf, windowNights, type ReportWindow } from './report-window.ts';

export interface FleetReportContext {
  readonly generatedAt: Date;
  readonly window: ReportWindow;
  /** The store read, as it names itself (`s3://bucket/prefix/`, a folder). */
  readonly store: string;
  /** psa-scan's own version. */
  readonly generatorVersion: string;
}

function noCounts(): ReportCounts {
  const byState = Object.fromEntries(NAMESPACE_STATES.map((state) => [state, 0])) as Record<NamespaceState, number>;
  return { namespaces: 0, byState, violatingPods: 0, blockingWorkloads: 0 };
}

function add(total: ReportCounts, counts: ReportCounts): ReportCounts {
  const byState = { ...total.byState };
  for (const state of NAMESPACE_STATES) byState[state] += counts.byState[state] ?? 0;
  return {
    namespaces: total.namespaces + counts.namespaces,
    byState,
    violatingPods: total.violatingPods + counts.violatingPods,
    blockingWorkloads: total.blockingWorkloads + counts.blockingWorkloads,
  };
}

function clusterReport(history: ClusterHistory, window: ReportWindow): ClusterReport {
  const { latest, previous } = history;
  const snapshot = latest.snapshot;
  const findings = diffSnapshots(previous?.snapshot, snapshot);
  return {
    cluster: history.cluster,
    kubernetesVersion: snapshot.cluster.version?.gitVersion ?? null,
    latest: {
      key: latest.key,
      sha256: latest.sha256,
      startedAt: snapshot.startedAt,
      finishedAt: snapshot.finishedAt,
      night: nightOf(snapshot.startedAt),
      outcome: snapshot.outcome,
    },
    stale: nightOf(snapshot.startedAt) < window.to,
    podSecurityPolicyServed: snapshot.podSecurityPolicy?.served ?? null,
    summary: snapshotCounts(snapshot),
    errors: snapshot.errors.map((e) => ({ kind: e.kind, message: e.message })),
    namespaces: snapshot.namespaces.map(reportNamespace),
    changes: {
      since: previous === undefined ? null : { key: previous.key, sha256: previous.sha256, startedAt: previous.snapshot.startedAt },
      findings: findings.map((f) => ({ kind: f.kind, severity: f.severity, namespace: f.namespace, summary: f.summary })),
    },
    nights: [...history.nights],
  };
}

function fleetTrend(clusters: readonly ClusterReport[], window: ReportWindow): FleetNight[] {
  return windowNights(window).map((night) => {
    let counts = noCounts();
    let clustersScanned = 0;
    for (const cluster of clusters) {
      const point = cluster.nights.find((p) => p.night === night);
      if (point === undefined) continue;
      clustersScanned++;
      counts = add(counts, point);
    }
    return { night, clustersScanned, ...counts };
  });
}

/** Each snapshot once, with every use the report made of it. */
function sources(histories: readonly ClusterHistory[]): ReportSource[] {
  type Use = ReportSource['usedFor'][number];
  const byKey = new Map<string, Omit<ReportSource, 'usedFor'> & { usedFor: Use[] }>();
  const use = (history: ClusterHistory, reference: { key: string; sha256: string; startedAt: string }, how: Use): void => {
    const found = byKey.get(reference.key) ?? { cluster: history.cluster, ...reference, usedFor: [] as Use[] };
    if (!found.usedFor.includes(how)) found.usedFor = [...found.usedFor, how].sort((a, b) => SOURCE_USES.indexOf(a) - SOURCE_USES.indexOf(b));
    byKey.set(reference.key, found);
  };
  for (const history of histories) {
    const { latest, previous } = history;
    use(history, { key: latest.key, sha256: latest.sha256, startedAt: latest.snapshot.startedAt }, 'latest');
    if (previous !== undefined) use(history, { key: previous.key, sha256: previous.sha256, startedAt: previous.snapshot.startedAt }, 'changes-baseline');
    for (const point of history.nights) use(history, { key: point.key, sha256: point.sha256, startedAt: point.startedAt }, 'trend');
  }
  // Cluster by cluster as the histories come (sorted), each cluster's oldest first.
  const order = new Map(histories.map((h, i) => [h.cluster, i]));
  return [...byKey.values()]
    .sort((a, b) => (order.get(a.cluster) ?? 0) - (order.get(b.cluster) ?? 0) || Date.parse(a.startedAt) - Date.parse(b.startedAt))
    .map(({ cluster, key, sha256, startedAt, usedFor }) => ({ cluster, key, sha256, startedAt, usedFor }));
}

export function buildFleetReport(histories: readonly ClusterHistory[], context: FleetReportContext): FleetReport {
  const clusters = histories.map((history) => clusterReport(history, context.window));
  let totals = noCounts();
  for (const cluster of clusters) totals = add(totals, cluster.summary);
  const outcome = (name: 'complete' | 'degraded' | 'failed'): number => clusters.filter((c) => c.latest.outcome === name).length;
  return {
    apiVersion: REPORT_API_VERSION,
    kind: REPORT_KIND,
    schemaVersion: REPORT_SCHEMA_VERSION,
    generatedAt: context.generatedAt.toISOString(),
    generator: { name: 'psa-fleet-scanner', version: context.generatorVersion },
    store: context.store,
    window: { ...context.window },
    fleet: {
      clusters: clusters.length,
      stale: clusters.filter((c) => c.stale).length,
      outcomes: { complete: outcome('complete'), degraded: outcome('degraded'), failed: outcome('failed') },
      ...totals,
    },
    trend: fleetTrend(clusters, context.window),
    clusters,
    sources: sources(histories),
  };
}
