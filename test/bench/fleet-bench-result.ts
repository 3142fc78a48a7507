// What `npm run bench:fleet` measured, as one JSON document (--json, --out FILE): the input of
// fleet-model.ts and of the tables fleet-bench-table.ts prints. Times in milliseconds, memory in
// MB (MiB), unless a name says otherwise.
import type { AwsRequestCounts } from './fleet-bench-moto-log.ts';
import type { ClusterProfile } from './fleet-bench-plan.ts';

export const FLEET_BENCH_RESULT_KIND = 'psa-fleet-scanner/fleet-bench';

export interface Spread {
  readonly min: number;
  readonly median: number;
  readonly max: number;
}

export function spread(values: readonly number[]): Spread {
  const sorted = [...values].sort((a, b) => a - b);
  if (sorted.length === 0) return { min: NaN, median: NaN, max: NaN };
  const middle = Math.floor(sorted.length / 2);
  const median = sorted.length % 2 === 1 ? (sorted[middle] ?? NaN) : ((sorted[middle - 1] ?? NaN) + (sorted[middle] ?? NaN)) / 2;
  return { min: sorted[0] ?? NaN, median, max: sorted.at(-1) ?? NaN };
}

export interface MachineFacts {
  readonly cpus: number;
  readonly memoryTotalMb: number;
  readonly node: string;
  readonly kubernetes: string;
  /** Load average (1 min) when the night started: other work on the machine shows here. */
  readonly loadAverageAtNight: number;
  /** kube-apiservers on the machine that are not the bench's (other work sharing the cores). */
  readonly foreignApiservers: number;
}

export interface BenchSettings {
  readonly clusters: number;
  readonly meanNamespaces: number;
  /** The event source's maximum concurrency: scan environments at once. */
  readonly maxConcurrentScans: number;
  readonly scanConcurrency: number;
  readonly requestTimeoutMs: number;
  readonly maxReceiveCount: number;
  readonly scanMemoryMb: number;
  readonly scanTimeoutSeconds: number;
  readonly visibilityTimeoutSeconds: number;
  /** `--throttle`: the scanner's group limited to one APF share that rejects (DESIGN.md fact 10). */
  readonly throttle: boolean;
  readonly nights: number;
}

export interface SizingDecision {
  /** The largest cluster, built first and measured. */
  readonly probe: { readonly cluster: string; readonly namespaces: number; readonly pods: number; readonly apiserverMb: number; readonly etcdMb: number; readonly authenticatorMb: number; readonly totalMb: number };
  readonly availableMbBefore: number;
  readonly availableMbAfterProbe: number;
  /** Kept free for other work on the machine. */
  readonly leaveFreeMb: number;
  /** Reserved for the scan environments, moto and the bench. */
  readonly reservedMb: number;
  /** What one more cluster is counted as (the probe's servers, with room to grow during scans). */
  readonly perClusterMb: number;
  readonly fitting: number;
  readonly chosen: number;
  readonly why: string;
}

export interface ClusterFacts {
  readonly cluster: string;
  readonly profile: ClusterProfile;
  readonly account: string;
  readonly region: string;
  readonly namespaces: number;
  readonly pods: number;
  readonly podJsonBytes: number;
  readonly populateMs: number;
}

/** One cluster scanned alone, in a fresh process (test/bench/scan-once.ts), nothing else scanning. */
export interface CalibrationScan {
  readonly cluster: string;
  readonly profile: ClusterProfile;
  readonly namespaces: number;
  readonly pods: number;
  readonly podJsonBytes: number;
  readonly coldMs: number;
  readonly warmMs: number;
  /** Medians of the warm scans. */
  readonly warmSweepMs: number;
  readonly requests: number;
  /** Over every scan of the process. */
  readonly retries: number;
  readonly throttled: number;
  /** The process's VmHWM after the cold scan, and after all of them. */
  readonly coldPeakRssMb: number;
  readonly warmPeakRssMb: number;
  /** Client CPU of a warm scan (median). */
  readonly cpuMs: number;
  /** The scanner's requests the apiserver counted, per scan. */
  readonly serverRequests: number;
  /** Load average (1 min) when it started. */
  readonly loadAverage: number;
}

export interface NightItem {
  readonly cluster: string;
  readonly environment: number;
  readonly receiveCount: number;
  /** From SendMessage (dispatch) to this receive. */
  readonly queuedMs: number;
  /** From the night's start to the invocation's start and end. */
  readonly startedAtMs: number;
  readonly invokeMs: number;
  readonly failed: boolean;
}

export interface NightCluster {
  readonly cluster: string;
  readonly namespaces: number;
  readonly pods: number;
  readonly outcome: string;
  /** The snapshot's finishedAt - startedAt: connect excluded, inventory and sweeps included. */
  readonly scanMs: number;
  /** The invocation that stored it: credentials, DescribeCluster, token, scan, S3, drift, SNS. */
  readonly itemMs: number;
  readonly requests: number;
  readonly rejected429: number;
  readonly dryRunPatches: number;
  /** Mean time the apiserver spent executing one of the scanner's requests, and APF's seats for it. */
  readonly serverMsPerRequest: number;
  readonly seatsPerRequest: number;
  /** Bytes of the snapshot stored. */
  readonly snapshotBytes: number;
  readonly apiserverPeakMb: number;
}

export interface NightEnvironment {
  readonly environment: number;
  readonly initMs: number;
  readonly items: number;
  /** The clusters it scanned, in order. */
  readonly clusters: readonly string[];
  /** Namespaces of the largest cluster it scanned. */
  readonly largestNamespaces: number;
  readonly peakRssMb: number;
}

export interface QueueSample {
  readonly atMs: number;
  readonly visible: number;
  readonly inFlight: number;
}

export interface NightQueue {
  readonly enqueued: number;
  readonly dispatchMs: number;
  readonly receives: number;
  readonly redeliveries: number;
  readonly failedItems: number;
  readonly deadLettered: number;
  readonly maxVisible: number;
  readonly maxInFlight: number;
  readonly queued: Spread;
  /** Every sample: the queue's depth over the night. */
  readonly samples: readonly QueueSample[];
}

export interface NightResult {
  readonly label: string;
  readonly runId: string;
  /** From the schedule's event to the end of the last item. */
  readonly wallMs: number;
  /** ... to the pollers finding the queue empty (they long-poll for 1 s). */
  readonly drainedMs: number;
  /** Busy share of all the machine's cores over the night (0..1): near 1, the night was CPU-bound here. */
  readonly machineCpuBusy: number;
  /** What moto's log counted during the night (postRoot includes the pollers' and the bench's own SQS calls). */
  readonly awsRequests: AwsRequestCounts;
  readonly clusters: readonly NightCluster[];
  readonly items: readonly NightItem[];
  readonly environments: readonly NightEnvironment[];
  readonly queue: NightQueue;
  readonly alerts: number;
}

export interface FleetBenchResult {
  readonly kind: typeof FLEET_BENCH_RESULT_KIND;
  readonly measuredAt: string;
  readonly command: string;
  readonly machine: MachineFacts;
  readonly settings: BenchSettings;
  readonly sizing: SizingDecision;
  /** The scanner's priority level on these apiservers (APF), for the model. */
  readonly apf: { readonly priorityLevel: string; readonly nominalSeats: number; readonly serverSeats: number };
  readonly setup: { readonly totalMs: number; readonly steps: Readonly<Record<string, number>> };
  readonly clusters: readonly ClusterFacts[];
  readonly calibration: readonly CalibrationScan[];
  readonly nights: readonly NightResult[];
}
