// The model of a nightly run of 1000 clusters x 1000 namespaces, from what bench:fleet measured:
// prints the figures of README.md ("The fleet at scale") (the generated part of "On paper") as Markdown, every number
// with the sum that gives it, so the README's figures can be regenerated after a new measurement.
//
//   npm run -s bench:fleet -- --json > test/bench/fleet-measured.json
//   node test/bench/fleet-model.ts [test/bench/fleet-measured.json] [--clusters 1000 --namespaces 1000
//        --request-ms 25 --slow-request-ms 100 --aws-item-ms 800]
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { FLEET_BENCH_RESULT_KIND, type FleetBenchResult } from './fleet-bench-result.ts';
import { DEFAULT_ASSUMPTIONS, fleetModel, POD_PAGE_SIZE, type Assumptions, type ClusterEstimate, type FleetModel, type MeasuredInputs, type NightEstimate, type ProfileInputs } from './fleet-model-estimate.ts';

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    clusters: { type: 'string' },
    namespaces: { type: 'string' },
    'request-ms': { type: 'string' },
    'slow-request-ms': { type: 'string' },
    'aws-item-ms': { type: 'string' },
  },
});

function option(name: keyof typeof values, fallback: number): number {
  const text = values[name];
  if (text === undefined) return fallback;
  const n = Number(text);
  if (!Number.isFinite(n) || n <= 0) throw new Error(`--${name}: must be a positive number (got ${JSON.stringify(text)})`);
  return n;
}

const d = DEFAULT_ASSUMPTIONS;
const assumptions: Assumptions = {
  ...d,
  clusters: option('clusters', d.clusters),
  namespacesPerCluster: option('namespaces', d.namespacesPerCluster),
  requestMs: option('request-ms', d.requestMs),
  slowRequestMs: option('slow-request-ms', d.slowRequestMs),
  awsItemOverheadMs: option('aws-item-ms', d.awsItemOverheadMs),
};

const file = positionals[0] ?? join(import.meta.dirname, 'fleet-measured.json');
const result = JSON.parse(await readFile(file, 'utf8')) as FleetBenchResult;
if (result.kind !== FLEET_BENCH_RESULT_KIND) throw new Error(`${file}: kind is ${JSON.stringify(result.kind)}, not ${FLEET_BENCH_RESULT_KIND} (write it with npm run -s bench:fleet -- --json)`);

const f = (n: number, digits = 0): string => (Number.isFinite(n) ? n.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits }) : '-');
const s = (ms: number, digits = 1): string => `${f(ms / 1000, digits)} s`;
const minutes = (seconds: number): string => (seconds < 120 ? `${f(seconds, 0)} s` : `${f(seconds / 60, 1)} min`);

function profileRows(p: ProfileInputs): string[] {
  const c = p.calibration;
  return [
    `| ${p.name}: namespaces | ${p.clusters} cluster${p.clusters === 1 ? '' : 's'}, ${f(p.podsPerNamespace, 1)} pods per namespace, a pod's JSON ${f(p.podJsonBytes)} bytes | the clusters as built, counted through the API |`,
    `| ${p.name}: scanner requests | ${f(p.requests.intercept, 1)} + ${f(p.requests.slope, 3)} x namespaces | calibration (every namespace costs the same requests) |`,
    `| ${p.name}: scan time per namespace, warm, alone | ${f(p.warmMsPerNamespace, 2)} ms | ${c.cluster}: ${s(c.warmMs, 2)} / ${f(c.namespaces)} namespaces (loopback apiserver) |`,
    `| ${p.name}: scanner CPU per namespace | ${f(p.cpuMsPerNamespace, 2)} ms | ${c.cluster}: client CPU ${s(c.cpuMs, 2)} / ${f(c.namespaces)} (the fixed part included: an upper bound) |`,
    `| ${p.name}: inventory time per MB of pods | ${f(p.inventoryMsPerPodMb)} ms | ${c.cluster}: (scan - sweeps) ${s(c.warmMs - c.warmSweepMs, 2)} / ${f((c.pods * c.podJsonBytes) / 1024 / 1024, 1)} MB |`,
  ];
}

function measuredLines(m: MeasuredInputs): string[] {
  const mem = m.memory;
  return [
    `Measured ${m.measuredAt} with \`${m.command}\` (${m.cpus} cores shared with other work): ${m.clusters} clusters, ${f(m.namespaces.min)}-${f(m.namespaces.max)} namespaces each (${f(m.namespaces.total)} in all).`,
    '',
    '| input | value | from |',
    '| --- | --- | --- |',
    ...m.profiles.flatMap(profileRows),
    `| scan process memory (VmHWM) | ${f(mem.intercept)} MB + ${f(mem.perNamespaceMb, 3)} MB x namespaces${mem.perPodMb === undefined ? '' : ` + ${f(mem.perPodMb, 2)} MB x MB of pod JSON`} | least squares over every calibration scan's VmHWM after 4 scans${mem.perPodMb === undefined ? ' (no busy cluster: per namespace only)' : ''} |`,
    `| scan handler's overhead over that | ${f(mem.handlerOverheadMb)} MB | last night: the environment with the most (${f(mem.handlerPeakMb)} MB peak after ${mem.handlerPeakCluster}) |`,
    `| item overhead around the scan | ${s(m.itemOverheadMs, 2)} | last night, median of invocation time - snapshot scan time (moto, contended) |`,
    `| S3 per item | ${f(m.s3ReadsPerItem, 1)} reads, ${f(m.s3WritesPerItem, 1)} writes | moto's access log over the last night |`,
    `| DescribeCluster per cluster | ${f(m.describeClusterPerCluster, 1)} | the same (dispatch one, the scan one) |`,
    `| snapshot size | ${f(m.snapshotBytes.intercept / 1024, 1)} KB + ${f(m.snapshotBytes.slope / 1024, 2)} KB x namespaces | fit over the last night's snapshots |`,
    `| apiserver time per request | ${f(m.serverMsPerRequest, 1)} ms | last night, median over clusters (2 cores shared by ${m.clusters} apiservers and the scans) |`,
    `| APF seats per request | at most ${f(m.seatsPerRequest, 2)} | last night (apiserver_flowcontrol_work_estimated_seats) |`,
    `| 429s | ${f(m.rejected429)} | last night (default APF configuration) |`,
    `| scanner's priority level | ${m.apf.priorityLevel}: ${f(m.apf.nominalSeats)} of ${f(m.apf.serverSeats)} nominal seats | apiserver_flowcontrol_nominal_limit_seats (Kubernetes defaults: --max-requests-inflight 400 + 200) |`,
    `| the bench night | ${m.nightClusters} clusters in ${s(m.nightWallMs)}, ${m.maxConcurrentScans} at once; scans ${s(m.nightScanMs.min)} / ${s(m.nightScanMs.median)} / ${s(m.nightScanMs.max)}; cores ${f(m.nightCpuBusy * 100)}% busy | CPU-bound on this machine, so not a rate to scale up |`,
  ];
}

function assumptionLines(a: Assumptions, m: MeasuredInputs): string[] {
  return [
    '| assumption | value | why |',
    '| --- | --- | --- |',
    `| fleet | ${f(a.clusters)} clusters x ${f(a.namespacesPerCluster)} namespaces | the question |`,
    `| one request to an EKS apiserver | ${a.requestMs} ms typical, ${a.slowRequestMs} ms slow | Lambda in the cluster's region (a few ms of network) plus the apiserver's own time (${f(m.serverMsPerRequest, 0)} ms here, on 2 shared cores); slow: a busy control plane, or PodSecurity evaluating big namespaces (up to 1 s per dry-run, DESIGN.md fact 3) |`,
    `| AWS calls of one item | ${s(a.awsItemOverheadMs)}, or the measured ${s(m.itemOverheadMs)} if larger | AssumeRole (cached per environment), DescribeCluster, the token (presigned locally), ~${f(m.s3ReadsPerItem)} S3 reads and ~${f(m.s3WritesPerItem)} writes at 20-50 ms, one SNS publish |`,
    `| safe share of the ${f(m.scanTimeoutSeconds / 60)}-minute timeout | ${f(a.safeTimeShare * 100)}% | the rest for Retry-After waits, timeouts and retries on a slow cluster |`,
    `| safe share of the memory | ${f(a.safeMemoryShare * 100)}% | |`,
    `| Lambda | ${f(a.accountConcurrency)} concurrent executions per account and region (default quota, shared with every function there); ${f(m.scanMemoryMb)} MB (the stack's default) up to ${f(a.maxLambdaMemoryMb)} MB | Lambda quotas |`,
    `| SQS event source | ${a.eventSourceInitial} concurrent at first, up to ${a.eventSourcePerMinute} more per minute; maximum concurrency 2-1000 | AWS Lambda Developer Guide, "Configuring scaling behavior for SQS event source mappings" |`,
  ];
}

function clusterLines(c: ClusterEstimate, m: MeasuredInputs, a: Assumptions): string[] {
  const p = c.profile;
  const mem = m.memory;
  const podMbPerNamespace = c.podMb / c.namespaces;
  return [
    `- requests: ${f(p.requests.intercept, 1)} + ${f(p.requests.slope, 3)} x ${f(c.namespaces)} = **${f(c.requests)}**`,
    `- per namespace: max(CPU ${f(p.cpuMsPerNamespace, 2)} ms, ${f(p.requests.slope, 3)} requests x ${c.requestMs} ms / SCAN_CONCURRENCY ${m.scanConcurrency} = ${f(c.latencyPerNamespaceMs, 2)} ms) = ${f(c.perNamespaceMs, 2)} ms`,
    `- inventory: ${f(c.podMb, 1)} MB of pods x ${f(p.inventoryMsPerPodMb)} ms/MB + ${c.podPages} pages of ${POD_PAGE_SIZE} x ${c.requestMs} ms = ${s(c.inventoryMs)}`,
    `- scan: ${s(c.inventoryMs)} + ${f(c.namespaces)} x ${f(c.perNamespaceMs, 2)} ms = **${s(c.scanMs)}**; with the AWS calls (${s(c.overheadMs)}) the item takes **${s(c.itemMs)}** of ${f(m.scanTimeoutSeconds)} s`,
    `- memory: ${f(mem.intercept)} + ${f(mem.handlerOverheadMb)} MB + ${f(c.namespaces)} x (${f(mem.perNamespaceMb, 3)}${mem.perPodMb === undefined ? '' : ` + ${f(mem.perPodMb, 2)} x ${f(podMbPerNamespace, 3)}`}) MB = **${f(c.peakRssMb)} MB** of ${f(m.scanMemoryMb)}`,
    `- memory to give the function for it: ${f(c.peakRssMb)} / ${f(a.safeMemoryShare, 1)} = ${f(c.peakRssMb / a.safeMemoryShare)} MB${c.peakRssMb / a.safeMemoryShare > m.scanMemoryMb ? ` (**more than the stack's ${f(m.scanMemoryMb)} MB**)` : ''}`,
    `- snapshot: **${f(c.snapshotBytes / 1024 / 1024, 1)} MB** of JSON`,
    `- one item no longer fits past **${f(c.splitAtTime)} namespaces** by time (${f(a.safeTimeShare * 100)}% of ${f(m.scanTimeoutSeconds)} s), past **${f(c.splitAtMemory)}** by memory at ${f(m.scanMemoryMb)} MB (**${f(c.splitAtMaxMemory)}** at ${f(a.maxLambdaMemoryMb)} MB)`,
  ];
}

function nightRows(nights: readonly NightEstimate[]): string[] {
  return [
    '| event source maximum concurrency | ramp-up | wall time | items/s | DescribeCluster/s, AssumeRole/s (at most) | S3 writes/s, reads/s | account concurrency held | Lambda GB-s | snapshots written |',
    '| --- | --- | --- | --- | --- | --- | --- | --- | --- |',
    ...nights.map(
      (n) =>
        `| ${n.concurrency} | ${f(n.rampSeconds)} s | **${minutes(n.wallSeconds)}** | ${f(n.itemsPerSecond, 1)} | ${f(n.describeClusterPerSecond, 1)} | ${f(n.s3WritesPerSecond, 1)}, ${f(n.s3ReadsPerSecond, 1)} | ${f(n.share * 100)}% | ${f(n.gbSeconds)} | ${f(n.snapshotGb, 1)} GB |`,
    ),
  ];
}

function modelLines(model: FleetModel, a: Assumptions): string[] {
  const out = ['#### Measured inputs', '', ...measuredLines(model.measured), '', '#### Assumptions', '', ...assumptionLines(a, model.measured), ''];
  for (const { typical, slow } of model.clusters) {
    const p = typical.profile;
    out.push(`#### One cluster of ${f(a.namespacesPerCluster)} namespaces, ${p.name} (${f(p.podsPerNamespace, 1)} pods of ${f(p.podJsonBytes)} bytes per namespace)`, '');
    out.push(`At ${a.requestMs} ms per request:`, '', ...clusterLines(typical, model.measured, a), '');
    out.push(`At ${a.slowRequestMs} ms per request:`, '', ...clusterLines(slow, model.measured, a), '');
  }
  const first = model.clusters[0]?.typical;
  const last = model.clusters.at(-1)?.slow;
  out.push(
    `#### The night: ${f(a.clusters)} clusters of ${f(a.namespacesPerCluster)} namespaces`,
    '',
    `wall time = ramp-up / 2 + ${f(a.clusters)} x item / concurrency. ${first?.profile.name ?? ''} at ${a.requestMs} ms per request (an item takes ${s(first?.itemMs ?? NaN)}):`,
    '',
    ...nightRows(model.nights),
    '',
    `${last?.profile.name ?? ''} namespaces on slow control planes, ${a.slowRequestMs} ms per request (an item takes ${s(last?.itemMs ?? NaN)}):`,
    '',
    ...nightRows(model.slowNights),
  );
  return out;
}

const args = process.argv.slice(2).join(' ');
// Between these two lines in README.md ("The fleet at scale"), the output can replace the old figures as it is.
process.stdout.write(`<!-- generated by: node test/bench/fleet-model.ts${args === '' ? '' : ` ${args}`} -->\n${modelLines(fleetModel(result, assumptions), assumptions).join('\n')}\n<!-- end of generated part -->\n`);
