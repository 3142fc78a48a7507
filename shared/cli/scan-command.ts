// `psa-scan scan`: kubeconfig contexts -> one snapshot per cluster (written to --out), a summary per
// cluster on stdout, progress on a terminal. A cluster that cannot be reached still gets a (failed)
// snapshot, so the record shows the attempt; the exit status says whether every cluster was whole.
import type { ClusterEndpoint } from '../kube/cluster-endpoint.ts';
import { createKubeClusterReader } from '../kube/kube-cluster-reader.ts';
import { RequestCounters } from '../kube/request-event.ts';
import { clusterLabel } from '../fleet/cluster-identity.ts';
import { KubeconfigError } from '../fleet/kubeconfig-error.ts';
import { KubeconfigFleetSource } from '../fleet/kubeconfig-fleet-source.ts';
import type { ContextSelection } from '../fleet/kubeconfig-contexts.ts';
import { scanCluster } from '../scan/scan-cluster.ts';
import type { ClusterSnapshot } from '../snapshot/snapshot-schema.ts';
import { snapshotJson } from '../snapshot/snapshot-json.ts';
import type { CliEnvironment } from './cli-environment.ts';
import type { CliIo } from './cli-io.ts';
import { loadFleetPolicy } from './load-fleet-policy.ts';
import { renderScanJson, renderScanText, type ClusterScanReport, type RecordedReport } from './render-scan.ts';
import { openRecording, type Recording } from './scan-recording.ts';
import { recordScan } from '../scan/record-scan.ts';
import { SnapshotStoreError } from '../store/snapshot-store-error.ts';
import { NotifyError } from '../notify/notifier.ts';
import type { ScanOptions } from './scan-options.ts';
import { snapshotFileName } from './snapshot-file-name.ts';

export const SCAN_EXIT_COMPLETE = 0;
/** A cluster's snapshot is partial or the cluster could not be scanned at all. */
export const SCAN_EXIT_INCOMPLETE = 1;
export const SCAN_EXIT_BAD_INPUT = 2;

function selection(options: ScanOptions): ContextSelection {
  if (options.allContexts) return { kind: 'all' };
  return options.contexts.length > 0 ? { kind: 'named', names: options.contexts } : { kind: 'current' };
}

export async function runScanCommand(options: ScanOptions, io: CliIo, environment: CliEnvironment): Promise<number> {
  const policy = await loadFleetPolicy(options.policyFile, io);
  if (!policy.ok) {
    io.stderr(policy.errors.map((e) => `psa-scan: ${e}\n`).join(''));
    return SCAN_EXIT_BAD_INPUT;
  }

  let endpoints: readonly ClusterEndpoint[];
  try {
    const source = new KubeconfigFleetSource({
      location: { explicitPath: options.kubeconfig, kubeconfigEnv: environment.variables['KUBECONFIG'], home: environment.variables['HOME'] },
      selection: selection(options),
    });
    endpoints = (await source.discover()).endpoints;
  } catch (error) {
    if (!(error instanceof KubeconfigError)) throw error;
    io.stderr(`psa-scan: ${error.message}\n`);
    return SCAN_EXIT_BAD_INPUT;
  }

  let recording: Recording | undefined;
  if (options.store !== undefined) {
    const opened = openRecording({ store: options.store, notify: options.notify, jsonOutput: options.format === 'json' }, io, environment);
    if (!opened.ok) {
      io.stderr(`psa-scan: ${opened.message}\n`);
      return SCAN_EXIT_BAD_INPUT;
    }
    recording = opened.recording;
  }

  const reports: ClusterScanReport[] = [];
  try {
    for (const endpoint of endpoints) {
      const report = await scanOne(endpoint, options, policy, io, environment);
      reports.push(recording === undefined ? report : { ...report, recorded: await record(report.snapshot, recording) });
    }
  } finally {
    recording?.close();
  }
  io.stdout(options.format === 'json' ? renderScanJson(reports) : renderScanText(reports));
  const whole = reports.every((r) => r.snapshot.outcome === 'complete' && r.recorded?.error === undefined);
  return whole ? SCAN_EXIT_COMPLETE : SCAN_EXIT_INCOMPLETE;
}

/** Store, diff, notify; a store or notify failure is reported with the cluster, not thrown. */
async function record(snapshot: ClusterSnapshot, recording: Recording): Promise<RecordedReport> {
  try {
    const recorded = await recordScan(snapshot, recording);
    return {
      key: recorded.stored.key,
      comparedWith: recorded.comparedWith?.key ?? null,
      findings: recorded.findings,
      notified: recorded.notified === undefined ? null : recorded.notified.channel,
      error: undefined,
    };
  } catch (error) {
    if (error instanceof SnapshotStoreError) return { key: null, comparedWith: null, findings: [], notified: null, error: `store: ${error.message}` };
    if (error instanceof NotifyError) return { key: null, comparedWith: null, findings: [], notified: null, error: `notify (the snapshot is stored): ${error.message}` };
    throw error;
  }
}

async function scanOne(
  endpoint: ClusterEndpoint,
  options: ScanOptions,
  policy: Extract<Awaited<ReturnType<typeof loadFleetPolicy>>, { ok: true }>,
  io: CliIo,
  environment: CliEnvironment,
): Promise<ClusterScanReport> {
  const label = clusterLabel(endpoint.identity);
  const counters = new RequestCounters();
  const reader = createKubeClusterReader(endpoint, { concurrency: options.concurrency, onRequest: counters.record });
  const started = performance.now();
  const progress = environment.stderrIsTerminal
    ? (p: { phase: string; done: number; total: number }): void => {
        io.stderr(`\r\x1b[K${label}: ${p.phase === 'inventory' ? 'reading inventory' : `namespaces ${p.done}/${p.total}`}${p.phase === 'done' ? '\n' : ''}`);
      }
    : undefined;
  let snapshot: ClusterSnapshot;
  try {
    snapshot = await scanCluster(reader, {
      identity: endpoint.identity,
      server: endpoint.kubeConfig.getCurrentCluster()?.server ?? '',
      policy: { cluster: policy.policy.forCluster({ identity: endpoint.identity, tags: endpoint.tags }), digest: policy.policy.digest, source: policy.source },
      scannerVersion: environment.scannerVersion,
      now: () => environment.now(),
      concurrency: options.concurrency,
      ...(progress === undefined ? {} : { onProgress: progress }),
    });
  } finally {
    await reader.close();
  }
  if (progress !== undefined && snapshot.outcome === 'failed') io.stderr('\n');
  let file: string | null = null;
  if (options.outDir !== undefined) {
    file = `${options.outDir.replace(/\/+$/, '')}/${snapshotFileName(snapshot)}`;
    await environment.writeNewFile(file, snapshotJson(snapshot));
  }
  return { snapshot, file, seconds: (performance.now() - started) / 1000, requests: counters.requests };
}
