// The bench's result as text for a person: pure functions from FleetBenchResult to lines.
import { spread, type FleetBenchResult, type NightResult, type Spread } from './fleet-bench-result.ts';

export function seconds(ms: number, digits = 1): string {
  return Number.isFinite(ms) ? `${(ms / 1000).toFixed(digits)} s` : '-';
}

function mb(value: number): string {
  return Number.isFinite(value) ? `${value.toFixed(0)} MB` : '-';
}

function spreadText(s: Spread, format: (n: number) => string): string {
  return `${format(s.min)} / ${format(s.median)} / ${format(s.max)}`;
}

export function heading(text: string): string {
  return `\n== ${text} ${'='.repeat(Math.max(3, 96 - text.length))}`;
}

/** Columns padded to their widest cell; numbers (cells starting with a digit or -) right-aligned. */
export function table(rows: readonly (readonly string[])[]): string[] {
  const widths = (rows[0] ?? []).map((_, i) => Math.max(...rows.map((r) => r[i]?.length ?? 0)));
  return rows.map((row, r) =>
    row
      .map((cell, i) => (r > 0 && /^[-\d]/.test(cell) ? cell.padStart(widths[i] ?? 0) : cell.padEnd(widths[i] ?? 0)))
      .join('  ')
      .trimEnd(),
  );
}

function fleetLines(result: FleetBenchResult): string[] {
  const { sizing, settings, clusters } = result;
  const namespaces = spread(clusters.map((c) => c.namespaces));
  const pods = clusters.reduce((total, c) => total + c.pods, 0);
  const p = sizing.probe;
  const profile = (name: string, list: readonly (typeof clusters)[number][]): string => {
    const n = list.reduce((t, c) => t + c.namespaces, 0);
    const k = list.reduce((t, c) => t + c.pods, 0);
    return list.length === 0 ? '' : `${list.length} ${name}: ${(k / n).toFixed(1)} pods per namespace, a pod's JSON ${(list.reduce((t, c) => t + c.podJsonBytes * c.pods, 0) / k).toFixed(0)} bytes`;
  };
  return [
    heading('The fleet'),
    `${clusters.length} clusters (kube-apiserver ${result.machine.kubernetes} + etcd + EKS token authenticator each, one moto), ${clusters.reduce((t, c) => t + c.namespaces, 0)} namespaces, ${pods} pods`,
    `namespaces per cluster min/median/max ${namespaces.min} / ${namespaces.median} / ${namespaces.max}; ${[profile('playbook', clusters.filter((c) => c.profile === 'playbook')), profile('busy', clusters.filter((c) => c.profile === 'busy'))].filter((t) => t !== '').join('; ')}`,
    `sizing: ${p.cluster} (${p.namespaces} namespaces, ${p.pods} pods) built first: apiserver ${mb(p.apiserverMb)} + etcd ${mb(p.etcdMb)} + authenticator ${mb(p.authenticatorMb)} = ${mb(p.totalMb)} RSS`,
    `        available ${mb(sizing.availableMbAfterProbe)} after it, ${mb(sizing.leaveFreeMb)} left for other work, ${mb(sizing.reservedMb)} reserved (scan environments, moto, bench), ${mb(sizing.perClusterMb)} counted per cluster: ${sizing.fitting} fit; ${sizing.why}`,
    `stack settings: event source maximum concurrency ${settings.maxConcurrentScans}, SCAN_CONCURRENCY ${settings.scanConcurrency}, REQUEST_TIMEOUT_MS ${settings.requestTimeoutMs}, maxReceiveCount ${settings.maxReceiveCount}, scan ${settings.scanMemoryMb} MB / ${settings.scanTimeoutSeconds} s; bench visibility timeout ${settings.visibilityTimeoutSeconds} s${settings.throttle ? '; --throttle: the scanner limited to one APF share that rejects' : ''}`,
    `APF on these apiservers: the scanner's priority level ${result.apf.priorityLevel} has ${result.apf.nominalSeats} of ${result.apf.serverSeats} seats`,
  ];
}

function setupLines(result: FleetBenchResult): string[] {
  const steps = Object.entries(result.setup.steps).map(([step, ms]) => `${step} ${seconds(ms)}`);
  return [heading('Set-up (apart from the night)'), `${seconds(result.setup.totalMs)}: ${steps.join(', ')}`];
}

function calibrationLines(result: FleetBenchResult): string[] {
  const rows = [
    ['cluster', 'namespaces', 'pods', 'pod JSON', 'cold', 'warm', 'warm sweeps', 'ms/namespace', 'requests', 'server saw', 'retries', '429s', 'VmHWM cold', 'all', 'client CPU', 'load'],
    ...result.calibration.map((c) => [
      c.cluster,
      String(c.namespaces),
      String(c.pods),
      `${(c.podJsonBytes / 1024).toFixed(1)} KB`,
      seconds(c.coldMs, 2),
      seconds(c.warmMs, 2),
      seconds(c.warmSweepMs, 2),
      (c.warmMs / c.namespaces).toFixed(2),
      String(c.requests),
      String(c.serverRequests),
      String(c.retries),
      String(c.throttled),
      mb(c.coldPeakRssMb),
      mb(c.warmPeakRssMb),
      seconds(c.cpuMs, 2),
      c.loadAverage.toFixed(1),
    ]),
  ];
  return [heading('Calibration: one cluster at a time in a fresh process, nothing else scanning; warm = median of 3'), ...table(rows)];
}

function nightLines(night: NightResult, settings: FleetBenchResult['settings']): string[] {
  const scanned = night.clusters.filter((c) => Number.isFinite(c.scanMs));
  const requests = spread(night.clusters.map((c) => c.requests));
  const perNamespace = spread(scanned.map((c) => c.requests / Math.max(1, c.namespaces)));
  const peaks = spread(night.environments.map((e) => e.peakRssMb));
  const largest = [...night.environments].sort((a, b) => b.peakRssMb - a.peakRssMb)[0];
  const q = night.queue;
  const rejected = night.clusters.reduce((t, c) => t + c.rejected429, 0);
  const outcomes = Object.entries(Object.groupBy(night.clusters, (c) => c.outcome)).map(([outcome, list]) => `${list?.length ?? 0} ${outcome}`);
  const lines = [
    heading(`${night.label} (run ${night.runId})`),
    `wall time of the night: ${seconds(night.wallMs)} for ${night.clusters.length} clusters with ${night.environments.length} scan environments at once (dispatch ${seconds(q.dispatchMs)} of it; the pollers found the queue empty at ${seconds(night.drainedMs)}); ${outcomes.join(', ')}; this machine's cores ${(night.machineCpuBusy * 100).toFixed(0)}% busy`,
    `per-cluster scan time (snapshot)   min/median/max ${spreadText(spread(scanned.map((c) => c.scanMs)), (n) => seconds(n, 2))}`,
    `per-cluster item time (invocation) min/median/max ${spreadText(spread(scanned.map((c) => c.itemMs)), (n) => seconds(n, 2))}`,
    `API requests served per cluster    min/median/max ${spreadText(requests, (n) => n.toFixed(0))}; per namespace ${spreadText(perNamespace, (n) => n.toFixed(2))}; 429s ${rejected}${rejected > 0 ? ' (each retried after its Retry-After)' : ''}`,
    `apiserver time per request         min/median/max ${spreadText(spread(scanned.map((c) => c.serverMsPerRequest)), (n) => `${n.toFixed(1)} ms`)}; APF seats per request ${spreadText(spread(scanned.map((c) => c.seatsPerRequest)), (n) => n.toFixed(2))}`,
    `peak RSS of one scan environment   min/median/max ${spreadText(peaks, mb)}${largest === undefined ? '' : ` (the highest: environment ${largest.environment}, ${largest.items} items, the largest with ${largest.largestNamespaces} namespaces)`}`,
    `AWS requests (moto's log): S3 ${night.awsRequests.s3Reads} reads, ${night.awsRequests.s3Writes} writes (${(night.awsRequests.s3Reads / Math.max(1, q.enqueued)).toFixed(1)} and ${(night.awsRequests.s3Writes / Math.max(1, q.enqueued)).toFixed(1)} per item); EKS ${night.awsRequests.listClusters} ListClusters, ${night.awsRequests.describeCluster} DescribeCluster; ${night.awsRequests.postRoot} STS/SQS/SNS calls`,
    `work queue: ${q.enqueued} enqueued, at most ${q.maxVisible} waiting and ${q.maxInFlight} in flight (cap ${settings.maxConcurrentScans}); waited min/median/max ${spreadText(q.queued, (n) => seconds(n))}; ${q.receives} receives, ${q.redeliveries} redeliveries, ${q.failedItems} failed, ${q.deadLettered} in the DLQ; ${night.alerts} alerts published`,
    '',
    ...table([
      ['cluster', 'namespaces', 'pods', 'outcome', 'scan', 'item', 'served', '429s', 'dry-runs', 'server ms/request', 'snapshot', 'apiserver peak'],
      ...night.clusters.map((c) => [
        c.cluster,
        String(c.namespaces),
        String(c.pods),
        c.outcome,
        seconds(c.scanMs, 2),
        seconds(c.itemMs, 2),
        String(c.requests),
        String(c.rejected429),
        String(c.dryRunPatches),
        c.serverMsPerRequest.toFixed(1),
        Number.isFinite(c.snapshotBytes) ? `${(c.snapshotBytes / 1024).toFixed(0)} KB` : '-',
        mb(c.apiserverPeakMb),
      ]),
    ]),
    '',
    ...table([
      ['environment', 'items', 'largest cluster', 'peak RSS', 'module load'],
      ...night.environments.map((e) => [String(e.environment), String(e.items), `${e.largestNamespaces} namespaces`, mb(e.peakRssMb), seconds(e.initMs)]),
    ]),
    '',
    `queue depth over the night (waiting/in flight), every ${seconds(night.wallMs / 10)}: ${queueTimeline(night)}`,
  ];
  return lines;
}

function queueTimeline(night: NightResult): string {
  const points: string[] = [];
  for (let tenth = 0; tenth <= 10; tenth++) {
    const at = (night.wallMs * tenth) / 10;
    const sample = night.queue.samples.findLast((s) => s.atMs <= at) ?? night.queue.samples[0];
    if (sample !== undefined) points.push(`${sample.visible}/${sample.inFlight}`);
  }
  return points.join(' ');
}

export function resultLines(result: FleetBenchResult): string[] {
  return [
    `bench:fleet ${result.measuredAt}, ${result.machine.cpus} CPUs, ${mb(result.machine.memoryTotalMb)}, Node ${result.machine.node}; load average ${result.machine.loadAverageAtNight.toFixed(1)} when the night started, ${result.machine.foreignApiservers} other kube-apiservers running on the machine`,
    ...fleetLines(result),
    ...setupLines(result),
    ...calibrationLines(result),
    ...result.nights.flatMap((night) => nightLines(night, result.settings)),
  ];
}
