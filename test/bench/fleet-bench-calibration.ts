// The scanner's cost per cluster size, measured with nothing else scanning: a few clusters of the
// fleet (the smallest, the median, the largest), each scanned WARM_SCANS + 1 times in a fresh process
// of its own (test/bench/scan-once.ts: the same scanCluster and kube reader the scan Lambda runs,
// with the scanner's client certificate instead of an EKS token, and no S3). The first scan is cold,
// as an environment's first item; the median of the others is the warm figure. The model
// (fleet-model.ts) fits time and memory per namespace to these points; the night, where the scans
// share two cores with every apiserver, cannot give that.
//
// Memory is the process's own high-water mark, VmHWM from /proc, read as each scan's line arrives and
// polled until it exits. Not scan-once's `peakRssMb` (getrusage ru_maxrss): Linux carries a
// process's ru_maxrss across execve, so a child spawned by a large parent reports the parent's
// resident set (here ~450 MB for every cluster size) instead of its own.
import { spawn } from 'node:child_process';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { countsOf, difference, readMetrics } from './fleet-bench-apiserver-metrics.ts';
import type { ClusterContents, RunningBenchCluster } from './fleet-bench-clusters.ts';
import type { BenchCluster } from './fleet-bench-plan.ts';
import { processMemory } from './fleet-bench-machine.ts';
import { spread, type CalibrationScan } from './fleet-bench-result.ts';

const SCAN_ONCE = join(import.meta.dirname, 'scan-once.ts');
const WARM_SCANS = 3;
const POLL_MS = 20;

interface ScanOnceLine {
  readonly outcome: string;
  readonly namespaces: number;
  readonly seconds: number;
  readonly sweepSeconds: number;
  readonly requests: number;
  readonly retries: number;
  readonly throttled: number;
  readonly cpuSeconds: number;
}

/**
 * The clusters to calibrate on: of the playbook clusters the smallest, the median and the largest by
 * namespaces (fewer when the fleet is smaller), and every busy one.
 */
export function calibrationClusters<T extends { readonly spec: Pick<BenchCluster, 'namespaceCount' | 'profile'> }>(clusters: readonly T[]): T[] {
  const sorted = clusters.filter((c) => c.spec.profile === 'playbook').sort((a, b) => a.spec.namespaceCount - b.spec.namespaceCount);
  const picks = [sorted[0], sorted[Math.floor((sorted.length - 1) / 2)], sorted.at(-1), ...clusters.filter((c) => c.spec.profile === 'busy')];
  return [...new Set(picks.filter((c): c is T => c !== undefined))];
}

interface ScanOnceRun {
  readonly lines: readonly ScanOnceLine[];
  /** VmHWM after each line, and at the last poll before the process exited. */
  readonly peakAfterLineMb: readonly number[];
  readonly peakMb: number;
}

function runScanOnce(args: readonly string[], what: string): Promise<ScanOnceRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [SCAN_ONCE, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    const pid = child.pid;
    let peakMb = 0;
    const sample = (): number => {
      const memory = pid === undefined ? undefined : processMemory(pid);
      if (memory !== undefined) peakMb = Math.max(peakMb, memory.peakMb);
      return peakMb;
    };
    const poll = setInterval(sample, POLL_MS);
    const lines: ScanOnceLine[] = [];
    const peakAfterLineMb: number[] = [];
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => void (stderr += chunk.toString()));
    createInterface({ input: child.stdout }).on('line', (line) => {
      peakAfterLineMb.push(sample());
      lines.push(JSON.parse(line) as ScanOnceLine);
    });
    child.once('error', (error) => {
      clearInterval(poll);
      reject(error);
    });
    child.once('close', (code) => {
      clearInterval(poll);
      if (code === 0) resolve({ lines, peakAfterLineMb, peakMb });
      else reject(new Error(`${what} exited with ${code}: ${stderr.slice(-2000)}`));
    });
  });
}

export async function calibrate(cluster: RunningBenchCluster, contents: ClusterContents, scanConcurrency: number): Promise<CalibrationScan> {
  const { servers } = cluster;
  const what = `scan-once.ts on ${cluster.spec.name}`;
  const loadAverage = loadavg()[0] ?? NaN;
  const before = countsOf(await readMetrics(servers.kubectl, servers.adminKubeconfig));
  const run = await runScanOnce(['--kubeconfig', servers.scannerKubeconfig, '--concurrency', String(scanConcurrency), '--repeat', String(WARM_SCANS + 1)], what);
  const after = countsOf(await readMetrics(servers.kubectl, servers.adminKubeconfig));
  const [cold, ...warm] = run.lines;
  if (cold === undefined || warm.length !== WARM_SCANS) throw new Error(`${what} printed ${run.lines.length} scans, not ${WARM_SCANS + 1}`);
  for (const scan of run.lines) if (scan.outcome !== 'complete') throw new Error(`the calibration scan of ${cluster.spec.name} was ${scan.outcome}`);
  const median = (pick: (line: ScanOnceLine) => number): number => spread(warm.map(pick)).median;
  return {
    cluster: cluster.spec.name,
    profile: cluster.spec.profile,
    namespaces: cold.namespaces,
    pods: contents.pods,
    podJsonBytes: contents.podJsonBytes,
    coldMs: cold.seconds * 1000,
    warmMs: median((l) => l.seconds) * 1000,
    warmSweepMs: median((l) => l.sweepSeconds) * 1000,
    requests: median((l) => l.requests),
    retries: run.lines.reduce((total, l) => total + l.retries, 0),
    throttled: run.lines.reduce((total, l) => total + l.throttled, 0),
    coldPeakRssMb: run.peakAfterLineMb[0] ?? NaN,
    warmPeakRssMb: run.peakMb,
    cpuMs: median((l) => l.cpuSeconds) * 1000,
    // Every scan of the process is in the difference: each sends the same requests.
    serverRequests: difference(after, before).scannerRequests / run.lines.length,
    loadAverage,
  };
}
