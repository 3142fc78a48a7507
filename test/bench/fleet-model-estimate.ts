// The model of a big night, as arithmetic over what bench:fleet measured (FleetBenchResult) and a
// short list of stated assumptions: pure functions, no I/O. fleet-model.ts prints it with the
// arithmetic spelled out; README.md ("The fleet at scale") explains it.
//
// From the measurement, per namespace profile (the playbook mix; the busy production-like cluster):
//   requests per namespace       linear fit of the scanner's requests to namespaces (calibration)
//   scanner CPU per namespace    the largest calibration scan's client CPU / its namespaces (the
//                                fixed part included: an upper bound)
//   inventory time per MB        (warm scan - warm sweeps) / MB of pod JSON listed (calibration)
// and for all of them:
//   memory                       VmHWM = a + b x namespaces + c x MB of pod JSON, least squares over
//                                every calibration scan (the busy cluster separates b from c); plus
//                                the handler's overhead over that, the largest seen in the last night
//   S3 and EKS calls per item    moto's access log over the last night
//   item overhead                the last night's median of invocation - scan (moto, contended)
//   snapshot bytes per namespace linear fit over the last night's snapshots
// Assumed (Assumptions, each overridable on fleet-model.ts's command line): the fleet, the latency of
// one request to an EKS apiserver, the AWS calls' time per item, the share of the 15 minutes and of
// the memory an item may plan to use, Lambda's quotas.
import { spread, type CalibrationScan, type FleetBenchResult } from './fleet-bench-result.ts';

export interface Fit {
  readonly intercept: number;
  readonly slope: number;
}

/** Least squares; one point (or all at one x): a line through the mean with slope 0. */
export function linearFit(points: readonly { readonly x: number; readonly y: number }[]): Fit {
  const n = points.length;
  if (n === 0) return { intercept: NaN, slope: NaN };
  const mx = points.reduce((s, p) => s + p.x, 0) / n;
  const my = points.reduce((s, p) => s + p.y, 0) / n;
  const sxx = points.reduce((s, p) => s + (p.x - mx) ** 2, 0);
  if (sxx === 0) return { intercept: my, slope: 0 };
  const slope = points.reduce((s, p) => s + (p.x - mx) * (p.y - my), 0) / sxx;
  return { intercept: my - slope * mx, slope };
}

type Matrix3 = readonly [readonly [number, number, number], readonly [number, number, number], readonly [number, number, number]];

function determinant([[a, b, c], [d, e, f], [g, h, i]]: Matrix3): number {
  return a * (e * i - f * h) - b * (d * i - f * g) + c * (d * h - e * g);
}

/**
 * Least squares y = w0 + w1 x1 + w2 x2: the normal equations solved by Cramer's rule. Undefined
 * when x1 and x2 do not vary independently (every point on one line), so no plane is determined.
 */
export function planeFit(points: readonly { readonly x1: number; readonly x2: number; readonly y: number }[]): readonly [number, number, number] | undefined {
  const sum = (f: (p: { x1: number; x2: number; y: number }) => number): number => points.reduce((s, p) => s + f(p), 0);
  const n = points.length;
  const [s1, s2, s11, s12, s22] = [sum((p) => p.x1), sum((p) => p.x2), sum((p) => p.x1 * p.x1), sum((p) => p.x1 * p.x2), sum((p) => p.x2 * p.x2)];
  const [sy, s1y, s2y] = [sum((p) => p.y), sum((p) => p.x1 * p.y), sum((p) => p.x2 * p.y)];
  const a: Matrix3 = [
    [n, s1, s2],
    [s1, s11, s12],
    [s2, s12, s22],
  ];
  const d = determinant(a);
  // Relative to the scale of the entries: collinear points leave only rounding.
  if (n < 3 || Math.abs(d) <= 1e-9 * Math.abs(n * s11 * s22)) return undefined;
  const column = (k: number): Matrix3 => a.map((row, r) => row.map((v, c) => (c === k ? [sy, s1y, s2y][r] ?? 0 : v))) as unknown as Matrix3;
  return [determinant(column(0)) / d, determinant(column(1)) / d, determinant(column(2)) / d];
}

const MB = 1024 * 1024;
const podMb = (pods: number, podJsonBytes: number): number => (pods * podJsonBytes) / MB;

/** One kind of namespace, as measured. */
export interface ProfileInputs {
  readonly name: string;
  readonly clusters: number;
  readonly podsPerNamespace: number;
  readonly podJsonBytes: number;
  readonly requests: Fit;
  readonly cpuMsPerNamespace: number;
  readonly warmMsPerNamespace: number;
  /** Local inventory time per MB of pod JSON listed (watch cache, parsing included). */
  readonly inventoryMsPerPodMb: number;
  /** The calibration scan these come from. */
  readonly calibration: CalibrationScan;
}

export interface MemoryFit {
  readonly intercept: number;
  readonly perNamespaceMb: number;
  /** Per MB of pod JSON listed; undefined when no busy cluster separated it from the namespaces. */
  readonly perPodMb: number | undefined;
  /** The scan handler's peak over what the fit says for the largest cluster it scanned (the SDKs, S3 bodies, the previous snapshot). */
  readonly handlerOverheadMb: number;
  readonly handlerPeakMb: number;
  readonly handlerPeakCluster: string;
}

export interface MeasuredInputs {
  readonly measuredAt: string;
  readonly command: string;
  readonly cpus: number;
  readonly clusters: number;
  readonly namespaces: { readonly min: number; readonly max: number; readonly total: number };
  readonly scanConcurrency: number;
  readonly maxConcurrentScans: number;
  readonly scanMemoryMb: number;
  readonly scanTimeoutSeconds: number;
  readonly profiles: readonly ProfileInputs[];
  readonly memory: MemoryFit;
  readonly itemOverheadMs: number;
  readonly s3ReadsPerItem: number;
  readonly s3WritesPerItem: number;
  readonly describeClusterPerCluster: number;
  readonly snapshotBytes: Fit;
  readonly serverMsPerRequest: number;
  readonly seatsPerRequest: number;
  readonly rejected429: number;
  readonly nightWallMs: number;
  readonly nightClusters: number;
  readonly nightCpuBusy: number;
  readonly nightScanMs: { readonly min: number; readonly median: number; readonly max: number };
  readonly apf: FleetBenchResult['apf'];
}

function profileInputs(result: FleetBenchResult, profile: 'playbook' | 'busy', name: string): ProfileInputs | undefined {
  const clusters = result.clusters.filter((c) => c.profile === profile);
  const scans = result.calibration.filter((c) => c.profile === profile);
  const largest = [...scans].sort((a, b) => b.namespaces - a.namespaces)[0];
  if (clusters.length === 0 || largest === undefined) return undefined;
  const namespaces = clusters.reduce((t, c) => t + c.namespaces, 0);
  const pods = clusters.reduce((t, c) => t + c.pods, 0);
  // One calibration point (a single busy cluster): requests through the origin, as the others show (intercept ~3).
  const requests = scans.length > 1 ? linearFit(scans.map((c) => ({ x: c.namespaces, y: c.requests }))) : { intercept: 0, slope: largest.requests / largest.namespaces };
  return {
    name,
    clusters: clusters.length,
    podsPerNamespace: pods / namespaces,
    podJsonBytes: clusters.reduce((t, c) => t + c.podJsonBytes * c.pods, 0) / pods,
    requests,
    cpuMsPerNamespace: largest.cpuMs / largest.namespaces,
    warmMsPerNamespace: largest.warmMs / largest.namespaces,
    inventoryMsPerPodMb: (largest.warmMs - largest.warmSweepMs) / podMb(largest.pods, largest.podJsonBytes),
    calibration: largest,
  };
}

function memoryFit(result: FleetBenchResult): MemoryFit {
  const points = result.calibration.map((c) => ({ x1: c.namespaces, x2: podMb(c.pods, c.podJsonBytes), y: c.warmPeakRssMb }));
  const plane = result.calibration.some((c) => c.profile === 'busy') ? planeFit(points) : undefined;
  const line = linearFit(points.map((p) => ({ x: p.x1, y: p.y })));
  const [intercept, perNamespaceMb, perPodMb] = plane ?? [line.intercept, line.slope, undefined];
  const predicted = (cluster: string): number => {
    const facts = result.clusters.find((c) => c.cluster === cluster);
    if (facts === undefined) return NaN;
    return intercept + perNamespaceMb * facts.namespaces + (perPodMb ?? 0) * podMb(facts.pods, facts.podJsonBytes);
  };
  const night = result.nights.at(-1);
  const overheads = (night?.environments ?? [])
    .filter((e) => e.clusters.length > 0)
    .map((e) => ({ environment: e, overhead: e.peakRssMb - Math.max(...e.clusters.map(predicted)) }))
    .sort((a, b) => b.overhead - a.overhead);
  const worst = overheads[0];
  return {
    intercept,
    perNamespaceMb,
    perPodMb,
    handlerOverheadMb: Math.max(0, worst?.overhead ?? 0),
    handlerPeakMb: worst?.environment.peakRssMb ?? NaN,
    handlerPeakCluster: worst?.environment.clusters.join(', ') ?? '-',
  };
}

export function measuredInputs(result: FleetBenchResult): MeasuredInputs {
  const night = result.nights.at(-1);
  if (night === undefined) throw new Error('the bench result has no night');
  const profiles = [profileInputs(result, 'playbook', 'playbook mix'), profileInputs(result, 'busy', 'busy')].filter((p): p is ProfileInputs => p !== undefined);
  if (profiles.length === 0) throw new Error('the bench result has no calibration scan');
  const scanned = night.clusters.filter((c) => Number.isFinite(c.scanMs) && Number.isFinite(c.itemMs));
  return {
    measuredAt: result.measuredAt,
    command: result.command,
    cpus: result.machine.cpus,
    clusters: result.clusters.length,
    namespaces: {
      min: Math.min(...result.clusters.map((c) => c.namespaces)),
      max: Math.max(...result.clusters.map((c) => c.namespaces)),
      total: result.clusters.reduce((t, c) => t + c.namespaces, 0),
    },
    scanConcurrency: result.settings.scanConcurrency,
    maxConcurrentScans: result.settings.maxConcurrentScans,
    scanMemoryMb: result.settings.scanMemoryMb,
    scanTimeoutSeconds: result.settings.scanTimeoutSeconds,
    profiles,
    memory: memoryFit(result),
    itemOverheadMs: spread(scanned.map((c) => c.itemMs - c.scanMs)).median,
    s3ReadsPerItem: night.awsRequests.s3Reads / Math.max(1, night.queue.enqueued),
    s3WritesPerItem: night.awsRequests.s3Writes / Math.max(1, night.queue.enqueued),
    describeClusterPerCluster: night.awsRequests.describeCluster / Math.max(1, night.queue.enqueued),
    snapshotBytes: linearFit(scanned.map((c) => ({ x: c.namespaces, y: c.snapshotBytes }))),
    serverMsPerRequest: spread(scanned.map((c) => c.serverMsPerRequest)).median,
    seatsPerRequest: spread(scanned.map((c) => c.seatsPerRequest)).max,
    rejected429: night.clusters.reduce((t, c) => t + c.rejected429, 0),
    nightWallMs: night.wallMs,
    nightClusters: night.clusters.length,
    nightCpuBusy: night.machineCpuBusy,
    nightScanMs: spread(scanned.map((c) => c.scanMs)),
    apf: result.apf,
  };
}

export interface Assumptions {
  readonly clusters: number;
  readonly namespacesPerCluster: number;
  /** One request from a Lambda to an EKS apiserver in its region, the apiserver's own time included. */
  readonly requestMs: number;
  /** The same on a slow or busy control plane. */
  readonly slowRequestMs: number;
  /** AWS calls of one item in AWS: AssumeRole (cached per environment), DescribeCluster, S3 reads and writes, SNS; the measured overhead is used when larger. */
  readonly awsItemOverheadMs: number;
  /** The share of the function's timeout one item may plan to use; the rest absorbs Retry-After waits and slow answers. */
  readonly safeTimeShare: number;
  /** The share of the function's memory one item may plan to use. */
  readonly safeMemoryShare: number;
  /** Lambda's largest memory size. */
  readonly maxLambdaMemoryMb: number;
  /** Lambda's default concurrency per account and region, shared by every function in it. */
  readonly accountConcurrency: number;
  /** The SQS event source's scaling: instances at first, more per minute. */
  readonly eventSourceInitial: number;
  readonly eventSourcePerMinute: number;
  /** Event source maximum concurrencies to show the night for. */
  readonly concurrencies: readonly number[];
}

export const DEFAULT_ASSUMPTIONS: Assumptions = {
  clusters: 1000,
  namespacesPerCluster: 1000,
  requestMs: 25,
  slowRequestMs: 100,
  awsItemOverheadMs: 800,
  safeTimeShare: 2 / 3,
  safeMemoryShare: 0.8,
  maxLambdaMemoryMb: 10_240,
  accountConcurrency: 1000,
  eventSourceInitial: 5,
  eventSourcePerMinute: 300,
  concurrencies: [10, 50, 100, 200],
};

export const POD_PAGE_SIZE = 500;

export interface ClusterEstimate {
  readonly profile: ProfileInputs;
  readonly namespaces: number;
  readonly pods: number;
  readonly podMb: number;
  readonly requests: number;
  readonly requestMs: number;
  /** The requests' latency spread over SCAN_CONCURRENCY, per namespace. */
  readonly latencyPerNamespaceMs: number;
  /** The larger of the scanner's CPU and that. */
  readonly perNamespaceMs: number;
  readonly podPages: number;
  /** Listing: the measured time per MB of pods, plus one request's latency per page. */
  readonly inventoryMs: number;
  readonly scanMs: number;
  readonly overheadMs: number;
  readonly itemMs: number;
  readonly peakRssMb: number;
  readonly snapshotBytes: number;
  /** Namespaces at which one item would pass the safe share of the timeout, and of the memory (default and largest size). */
  readonly splitAtTime: number;
  readonly splitAtMemory: number;
  readonly splitAtMaxMemory: number;
}

export function clusterEstimate(m: MeasuredInputs, a: Assumptions, profile: ProfileInputs, requestMs: number, namespaces = a.namespacesPerCluster): ClusterEstimate {
  const latencyPerNamespaceMs = (profile.requests.slope * requestMs) / m.scanConcurrency;
  const perNamespaceMs = Math.max(profile.cpuMsPerNamespace, latencyPerNamespaceMs);
  const podMbPerNamespace = podMb(profile.podsPerNamespace, profile.podJsonBytes);
  const pods = namespaces * profile.podsPerNamespace;
  const podPages = Math.ceil(pods / POD_PAGE_SIZE);
  const inventoryPerNamespaceMs = podMbPerNamespace * profile.inventoryMsPerPodMb + (profile.podsPerNamespace / POD_PAGE_SIZE) * requestMs;
  const inventoryMs = namespaces * podMbPerNamespace * profile.inventoryMsPerPodMb + podPages * requestMs;
  const scanMs = inventoryMs + namespaces * perNamespaceMs;
  const overheadMs = Math.max(a.awsItemOverheadMs, m.itemOverheadMs);
  const { memory } = m;
  const rssPerNamespace = memory.perNamespaceMb + (memory.perPodMb ?? 0) * podMbPerNamespace;
  const rssBase = memory.intercept + memory.handlerOverheadMb;
  const safeMs = a.safeTimeShare * m.scanTimeoutSeconds * 1000;
  return {
    profile,
    namespaces,
    pods,
    podMb: namespaces * podMbPerNamespace,
    requests: profile.requests.intercept + profile.requests.slope * namespaces,
    requestMs,
    latencyPerNamespaceMs,
    perNamespaceMs,
    podPages,
    inventoryMs,
    scanMs,
    overheadMs,
    itemMs: scanMs + overheadMs,
    peakRssMb: rssBase + namespaces * rssPerNamespace,
    snapshotBytes: m.snapshotBytes.intercept + m.snapshotBytes.slope * namespaces,
    splitAtTime: Math.floor((safeMs - overheadMs) / (perNamespaceMs + inventoryPerNamespaceMs)),
    splitAtMemory: Math.floor((a.safeMemoryShare * m.scanMemoryMb - rssBase) / rssPerNamespace),
    splitAtMaxMemory: Math.floor((a.safeMemoryShare * a.maxLambdaMemoryMb - rssBase) / rssPerNamespace),
  };
}

export interface NightEstimate {
  readonly concurrency: number;
  /** Seconds until the event source runs `concurrency` at once (it starts with a few and adds per minute). */
  readonly rampSeconds: number;
  readonly wallSeconds: number;
  readonly itemsPerSecond: number;
  /** At most one DescribeCluster and one AssumeRole per item while the queue drains. */
  readonly describeClusterPerSecond: number;
  readonly s3WritesPerSecond: number;
  readonly s3ReadsPerSecond: number;
  /** The share of the account's Lambda concurrency the scans hold. */
  readonly share: number;
  readonly gbSeconds: number;
  readonly snapshotGb: number;
}

export function nightEstimate(m: MeasuredInputs, a: Assumptions, cluster: ClusterEstimate, concurrency: number): NightEstimate {
  const itemSeconds = cluster.itemMs / 1000;
  const rampSeconds = Math.max(0, ((concurrency - a.eventSourceInitial) / a.eventSourcePerMinute) * 60);
  // While it ramps up the event source runs half as many on average; after that, `concurrency`.
  const wallSeconds = rampSeconds / 2 + (a.clusters * itemSeconds) / concurrency;
  const itemsPerSecond = concurrency / itemSeconds;
  return {
    concurrency,
    rampSeconds,
    wallSeconds,
    itemsPerSecond,
    describeClusterPerSecond: itemsPerSecond,
    s3WritesPerSecond: itemsPerSecond * m.s3WritesPerItem,
    s3ReadsPerSecond: itemsPerSecond * m.s3ReadsPerItem,
    share: concurrency / a.accountConcurrency,
    gbSeconds: (a.clusters * itemSeconds * m.scanMemoryMb) / 1024,
    snapshotGb: (a.clusters * cluster.snapshotBytes) / 1024 ** 3,
  };
}

export interface FleetModel {
  readonly measured: MeasuredInputs;
  readonly assumptions: Assumptions;
  /** Per profile: the cluster at the assumed latency, and at the slow one. */
  readonly clusters: ReadonlyArray<{ readonly typical: ClusterEstimate; readonly slow: ClusterEstimate }>;
  /** The night at each concurrency: the first profile at the assumed latency, the last one on slow control planes. */
  readonly nights: readonly NightEstimate[];
  readonly slowNights: readonly NightEstimate[];
}

export function fleetModel(result: FleetBenchResult, assumptions: Assumptions = DEFAULT_ASSUMPTIONS): FleetModel {
  const measured = measuredInputs(result);
  const clusters = measured.profiles.map((profile) => ({
    typical: clusterEstimate(measured, assumptions, profile, assumptions.requestMs),
    slow: clusterEstimate(measured, assumptions, profile, assumptions.slowRequestMs),
  }));
  const first = clusters[0];
  const last = clusters.at(-1);
  if (first === undefined || last === undefined) throw new Error('no profile');
  return {
    measured,
    assumptions,
    clusters,
    nights: assumptions.concurrencies.map((k) => nightEstimate(measured, assumptions, first.typical, k)),
    slowNights: assumptions.concurrencies.map((k) => nightEstimate(measured, assumptions, last.slow, k)),
  };
}
