// `npm run bench:fleet`: the nightly flow over a fleet of real clusters on this machine, measured.
//
// Set-up (timed apart from the nights): moto; the largest cluster first (kube-apiserver + etcd + EKS
// token authenticator, a few hundred namespaces of the playbook's situations), whose servers' memory
// decides how many clusters fit in what the machine has free (at least 5); the others, one of them
// busy (production-like pods: fleet-bench-plan.ts); all registered in moto's EKS with the stack's
// queues, bucket and topic (test/e2e/support/fleet-aws.ts).
// Calibration: a few clusters scanned alone in a fresh process (fleet-bench-calibration.ts).
// Nights: dispatch -> work queue -> scan environments at the event source's maximum concurrency, as
// the stack sets it (fleet-bench-night.ts); the first night has no previous snapshots, the next ones
// are the steady state.
//
//   npm run bench:fleet [-- --namespaces 300 --nights 2 --leave-free-gib 4 --max-clusters 40
//                          --clusters N --max-concurrency N --scan-concurrency N --throttle
//                          --json --out FILE]
//
// A table on stdout, or with --json the FleetBenchResult document (use `npm run -s`, or npm's own
// header lines come first); --out FILE writes the document too. Progress goes to stderr. Every
// server it started is stopped at the end, on failure and on Ctrl-C. Not a test: it asserts nothing
// about time. fleet-model.ts turns the document into the model of a 1000 x 1000 night.
import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { cpus, loadavg, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { parseArgs } from 'node:util';
import pLimit from 'p-limit';
import { setUpFleetAws, type FleetAws } from '../e2e/support/fleet-aws.ts';
import { FLEET_POLICY_YAML } from '../e2e/support/fleet-clusters.ts';
import { FLEET_POLICY_KEY } from '../e2e/support/fleet-flow.ts';
import { startMoto, type MotoServer } from '../harness/moto/moto-server.ts';
import { stopServer } from '../harness/servers-process.ts';
import { readMetrics, seatsOf } from './fleet-bench-apiserver-metrics.ts';
import { calibrate, calibrationClusters } from './fleet-bench-calibration.ts';
import { clusterServersMemory, endpointOverrides, populateCluster, startBenchCluster, type ClusterContents, type RunningBenchCluster } from './fleet-bench-clusters.ts';
import { functionEnvironments, stackDefaults } from './fleet-bench-functions.ts';
import { availableMemoryMb, processesNamed } from './fleet-bench-machine.ts';
import { runNight } from './fleet-bench-night.ts';
import { planFleet, type BenchCluster } from './fleet-bench-plan.ts';
import { FLEET_BENCH_RESULT_KIND, type ClusterFacts, type FleetBenchResult, type NightResult, type SizingDecision } from './fleet-bench-result.ts';
import { resultLines } from './fleet-bench-table.ts';
import { THROTTLE_NAME, throttleScanner } from './fleet-bench-throttle.ts';

const { values } = parseArgs({
  options: {
    namespaces: { type: 'string', default: '300' },
    nights: { type: 'string', default: '2' },
    'leave-free-gib': { type: 'string', default: '4' },
    'max-clusters': { type: 'string', default: '40' },
    clusters: { type: 'string' },
    'max-concurrency': { type: 'string' },
    'scan-concurrency': { type: 'string' },
    throttle: { type: 'boolean', default: false },
    json: { type: 'boolean', default: false },
    out: { type: 'string' },
  },
});

function wholeNumber(name: string, text: string | undefined, min: number): number | undefined {
  if (text === undefined) return undefined;
  const n = Number(text);
  if (!Number.isInteger(n) || n < min) throw new Error(`--${name}: must be a whole number >= ${min} (got ${JSON.stringify(text)})`);
  return n;
}

const MEAN_NAMESPACES = wholeNumber('namespaces', values.namespaces, 10) ?? 300;
const NIGHTS = wholeNumber('nights', values.nights, 1) ?? 2;
const LEAVE_FREE_MB = (wholeNumber('leave-free-gib', values['leave-free-gib'], 0) ?? 4) * 1024;
const MAX_CLUSTERS = wholeNumber('max-clusters', values['max-clusters'], 1) ?? 40;
const FORCED_CLUSTERS = wholeNumber('clusters', values.clusters, 1);
const MIN_CLUSTERS = 5;
/** What one scan environment is counted as when sizing (bench:scan: 356-371 MB peak for 500 namespaces, plus the handler's SDKs). */
const SCAN_ENVIRONMENT_MB = 600;
/** moto, the dispatch environment and this process. */
const OTHER_RESERVED_MB = 1024;
/** A cluster's servers grow while they are scanned (lists, watch caches): counted with this room. */
const CLUSTER_GROWTH = 1.3;
/** The stack's is six times the 15-minute timeout; shorter here so a failed item comes back within the run. */
const VISIBILITY_TIMEOUT_SECONDS = 300;
const NIGHT_TIMEOUT_MS = 30 * 60_000;
const SETTLE_MS = 10_000;
const WORK_DIR_PREFIX = 'psa-fleet-bench-';

const progress = (line: string): void => void process.stderr.write(`${line}\n`);
const started = performance.now();
const steps: Record<string, number> = {};
let mark = performance.now();
const step = (name: string): void => {
  const now = performance.now();
  steps[name] = now - mark;
  progress(`set-up: ${name} ${((now - mark) / 1000).toFixed(1)} s`);
  mark = now;
};

let moto: MotoServer | undefined;
let aws: FleetAws | undefined;
/** Every cluster start, finished or not: a stop waits for the ones still starting, then stops them too. */
const starts: Array<Promise<RunningBenchCluster>> = [];
let stopping: Promise<void> | undefined;
const stopAll = (): Promise<void> =>
  (stopping ??= (async () => {
    aws?.destroy();
    const started = await Promise.allSettled(starts);
    await Promise.allSettled(started.map((start) => (start.status === 'fulfilled' ? start.value.servers.stop() : undefined)));
    if (moto !== undefined) await stopServer(moto.process);
  })());

// `on`, not `once`: the harness's own handler (test/harness/servers-process.ts) re-raises the signal
// to exit at once when it finds itself the only listener, which would cut the stop short. It also
// sends every server SIGTERM; stopAll waits for them and removes their files. A second signal exits.
let signalled = false;
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    const status = signal === 'SIGINT' ? 130 : 143;
    if (signalled) process.exit(status);
    signalled = true;
    progress(`${signal}: stopping every server...`);
    void stopAll().finally(() => process.exit(status));
  });
}

function sizing(probe: RunningBenchCluster, contents: ClusterContents, availableMbBefore: number, maxConcurrency: number): SizingDecision {
  const memory = clusterServersMemory(probe);
  const availableMbAfterProbe = availableMemoryMb();
  const reservedMb = maxConcurrency * SCAN_ENVIRONMENT_MB + OTHER_RESERVED_MB;
  const perClusterMb = memory.totalRssMb * CLUSTER_GROWTH;
  const fitting = 1 + Math.max(0, Math.floor((availableMbAfterProbe - LEAVE_FREE_MB - reservedMb) / perClusterMb));
  const chosen = FORCED_CLUSTERS ?? Math.min(fitting, MAX_CLUSTERS);
  const why =
    FORCED_CLUSTERS !== undefined ? `--clusters ${FORCED_CLUSTERS}` : fitting > MAX_CLUSTERS ? `capped at --max-clusters ${MAX_CLUSTERS}` : 'as many as fit';
  if (FORCED_CLUSTERS === undefined && chosen < MIN_CLUSTERS) {
    throw new Error(`only ${chosen} clusters fit in ${availableMbAfterProbe.toFixed(0)} MB available (${perClusterMb.toFixed(0)} MB each, ${LEAVE_FREE_MB} MB left free): the bench needs at least ${MIN_CLUSTERS}; free memory, lower --leave-free-gib or --namespaces, or pass --clusters`);
  }
  return {
    probe: {
      cluster: probe.spec.name,
      namespaces: contents.namespaces,
      pods: contents.pods,
      apiserverMb: memory.apiserver?.rssMb ?? NaN,
      etcdMb: memory.etcd?.rssMb ?? NaN,
      authenticatorMb: memory.authenticator?.rssMb ?? NaN,
      totalMb: memory.totalRssMb,
    },
    availableMbBefore,
    availableMbAfterProbe,
    leaveFreeMb: LEAVE_FREE_MB,
    reservedMb,
    perClusterMb,
    fitting,
    chosen,
    why,
  };
}

async function startAndPopulate(spec: BenchCluster, motoEndpoint: string, contents: Map<string, ClusterContents>, populateMs: Map<string, number>): Promise<RunningBenchCluster> {
  const start = startBenchCluster(spec, motoEndpoint);
  starts.push(start);
  const cluster = await start;
  const began = performance.now();
  contents.set(spec.name, await populateCluster(cluster));
  populateMs.set(spec.name, performance.now() - began);
  progress(`set-up: ${spec.name} ready: ${contents.get(spec.name)?.namespaces} namespaces, ${contents.get(spec.name)?.pods} pods`);
  return cluster;
}

async function main(): Promise<FleetBenchResult> {
  for (const entry of await readdir(tmpdir())) {
    if (entry.startsWith(WORK_DIR_PREFIX)) await rm(join(tmpdir(), entry), { recursive: true, force: true });
  }
  const workDir = await mkdtemp(join(tmpdir(), WORK_DIR_PREFIX));
  progress(`bench:fleet: logs in ${workDir} (kept until the next run)`);

  const availableMbBefore = availableMemoryMb();
  moto = await startMoto(workDir, false);
  step('moto');

  // The largest cluster is the same whatever the fleet's size: plan with two to get it.
  const [probeSpec] = planFleet(2, MEAN_NAMESPACES);
  if (probeSpec === undefined) throw new Error('no cluster planned');
  const contents = new Map<string, ClusterContents>();
  const populateMs = new Map<string, number>();
  const probe = await startAndPopulate(probeSpec, moto.endpoint, contents, populateMs);
  step('largest cluster (started, populated)');

  const provisional = stackDefaults([probeSpec]);
  const maxConcurrency = wholeNumber('max-concurrency', values['max-concurrency'], 2) ?? provisional.maxConcurrentScans;
  const sized = sizing(probe, contents.get(probeSpec.name) ?? { namespaces: 0, pods: 0, podJsonBytes: 0 }, availableMbBefore, maxConcurrency);
  progress(`set-up: ${sized.probe.cluster} servers take ${sized.probe.totalMb.toFixed(0)} MB: ${sized.fitting} clusters fit, ${sized.chosen} chosen (${sized.why})`);

  const plan = planFleet(sized.chosen, MEAN_NAMESPACES);
  if (plan[0]?.name !== probeSpec.name || plan[0].namespaceCount !== probeSpec.namespaceCount) throw new Error('the plan does not start with the probed cluster');
  const motoEndpoint = moto.endpoint;
  // Three at a time: a start mostly waits for readiness, a populate keeps the apiserver busy.
  const limit = pLimit(3);
  const rest = await Promise.all(plan.slice(1).map((spec) => limit(() => startAndPopulate(spec, motoEndpoint, contents, populateMs))));
  const clusters = [probe, ...rest];
  step(`other ${rest.length} clusters (started, populated)`);

  if (values.throttle) {
    await Promise.all(clusters.map((c) => throttleScanner(c)));
    step(`--throttle (${THROTTLE_NAME} on every cluster)`);
  }

  const stack = stackDefaults(plan);
  const scanConcurrency = wholeNumber('scan-concurrency', values['scan-concurrency'], 1) ?? stack.scanConcurrency;
  aws = await setUpFleetAws(motoEndpoint, {
    clusters: plan.map(({ name, account, region, tags }) => ({ name, account, region, ...(tags === undefined ? {} : { tags }) })),
    fleetPolicyKey: FLEET_POLICY_KEY,
    fleetPolicyYaml: FLEET_POLICY_YAML,
    maxReceiveCount: stack.maxReceiveCount,
    visibilityTimeoutSeconds: VISIBILITY_TIMEOUT_SECONDS,
  });
  const environments = await functionEnvironments({ aws, clusters: plan, endpointOverrides: await endpointOverrides(clusters), stack, scanConcurrency, workDir });
  step('AWS in moto (EKS clusters, bucket, queues, topic)');

  const seats = seatsOf(await readMetrics(probe.servers.kubectl, probe.servers.adminKubeconfig), values.throttle ? THROTTLE_NAME : 'global-default');

  // The apiservers finish what the last populate started (informer caches, etcd) before anything is timed.
  await sleep(SETTLE_MS);
  step('settle');
  const setupMs = performance.now() - started;
  const calibration = [];
  for (const cluster of calibrationClusters(clusters)) {
    progress(`calibration: ${cluster.spec.name} (${cluster.spec.namespaceCount} namespaces)...`);
    calibration.push(await calibrate(cluster, contents.get(cluster.spec.name) ?? { namespaces: 0, pods: 0, podJsonBytes: 0 }, scanConcurrency));
  }

  const motoLog = moto.process.logFile;
  const loadAverageAtNight = loadavg()[0] ?? NaN;
  const foreignApiservers = processesNamed('kube-apiserver').length - clusters.length;
  const nights: NightResult[] = [];
  const firstNight = Date.UTC(2026, 10, 30, 2, 0, 0);
  for (let index = 1; index <= NIGHTS; index++) {
    nights.push(
      await runNight({
        label: index === 1 ? 'Night 1: the first, no previous snapshots' : `Night ${index}: the steady state, every cluster has the night before's snapshot`,
        index,
        scheduledTime: new Date(firstNight + (index - 1) * 86_400_000),
        aws,
        clusters,
        contents,
        environments,
        maxConcurrency,
        scanTimeoutMs: stack.scanTimeoutSeconds * 1000,
        timeoutMs: NIGHT_TIMEOUT_MS,
        workDir,
        motoLogFile: motoLog,
        progress,
      }),
    );
  }

  const clusterFacts: ClusterFacts[] = plan.map((spec) => {
    const c = contents.get(spec.name);
    return { cluster: spec.name, profile: spec.profile, account: spec.account, region: spec.region, namespaces: c?.namespaces ?? 0, pods: c?.pods ?? 0, podJsonBytes: c?.podJsonBytes ?? 0, populateMs: populateMs.get(spec.name) ?? NaN };
  });
  return {
    kind: FLEET_BENCH_RESULT_KIND,
    measuredAt: new Date().toISOString(),
    command: ['npm run bench:fleet', ...(process.argv.length > 2 ? ['--', ...process.argv.slice(2)] : [])].join(' '),
    machine: {
      cpus: cpus().length,
      memoryTotalMb: totalmem() / 1024 / 1024,
      node: process.version,
      kubernetes: probe.servers.kubernetesVersion,
      loadAverageAtNight,
      foreignApiservers,
    },
    settings: {
      clusters: clusters.length,
      meanNamespaces: MEAN_NAMESPACES,
      maxConcurrentScans: maxConcurrency,
      scanConcurrency,
      requestTimeoutMs: stack.requestTimeoutMs,
      maxReceiveCount: stack.maxReceiveCount,
      scanMemoryMb: stack.scanMemoryMb,
      scanTimeoutSeconds: stack.scanTimeoutSeconds,
      visibilityTimeoutSeconds: VISIBILITY_TIMEOUT_SECONDS,
      throttle: values.throttle,
      nights: NIGHTS,
    },
    sizing: sized,
    apf: seats,
    setup: { totalMs: setupMs, steps },
    clusters: clusterFacts,
    calibration,
    nights,
  };
}

let status = 0;
try {
  const result = await main();
  if (values.out !== undefined) await writeFile(values.out, `${JSON.stringify(result, null, 2)}\n`);
  process.stdout.write(values.json ? `${JSON.stringify(result, null, 2)}\n` : `${resultLines(result).join('\n')}\n`);
} catch (error) {
  status = 1;
  // Interrupted: what failed was cut off by the stop (servers gone mid-request), not worth a stack.
  if (!signalled) progress(`bench:fleet failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
} finally {
  const stop = performance.now();
  await stopAll();
  progress(`every server stopped (${((performance.now() - stop) / 1000).toFixed(1)} s); wall time ${((performance.now() - started) / 1000).toFixed(1)} s`);
}
process.exitCode = status;
