// `npm run demo`: the nightly fleet scan end to end on this machine, and what an operator sees of
// it. Real servers (two kube-apiservers with etcd and EKS token authenticators, moto for S3, SNS,
// SQS, EKS and STS); the Lambda handlers of lambdas/ in processes of their own, invoked with the
// events Lambda delivers. Two scheduled runs with a drift in between, a redelivered work item, a
// poisoned one. Every server it started is stopped at the end, on failure and on Ctrl-C.
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ClusterIdentity } from '../../shared/fleet/cluster-identity.ts';
import { alertLines, deliveryLine, heading, keyLines, recordLogLines, seconds, statesLines } from './support/demo-report.ts';
import { applyDrift, DRIFT, FLEET, OPT_OUT_TAG, SCANNED_CLUSTERS } from './support/fleet-clusters.ts';
import { MAX_RECEIVE_COUNT, startFleetFlow, type FleetFlow, type RunReport } from './support/fleet-flow.ts';

const WORK_DIR_PREFIX = 'psa-fleet-demo-';
const started = performance.now();
let logDir: string | undefined;
const timings: Array<[string, number]> = [];
const print = (...lines: string[]): void => void process.stdout.write(`${lines.join('\n')}\n`);
const identity = (c: ClusterIdentity): ClusterIdentity => ({ account: c.account, region: c.region, name: c.name });

let flow: FleetFlow | undefined;
let stopping: Promise<void> | undefined;
const stopAll = (): Promise<void> => (stopping ??= flow?.stop() ?? Promise.resolve());

// `on`, not `once`: the harness's own handler (test/harness/servers-process.ts) re-raises the signal
// to exit at once when it finds itself the only listener, which would cut the stop short. It also
// sends every server SIGTERM; stop() waits for them and removes their files. A second signal exits.
let signalled = false;
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    const status = signal === 'SIGINT' ? 130 : 143;
    if (signalled) process.exit(status);
    signalled = true;
    print('', `${signal}: stopping the servers...`);
    void stopAll().finally(() => process.exit(status));
  });
}

async function printRun(title: string, report: RunReport, current: FleetFlow): Promise<void> {
  const { enqueued, skipped, failed } = report.dispatch;
  print(heading(title), `dispatch (runId ${report.runId}): ${enqueued} enqueued, ${skipped} skipped, ${failed} failed`, deliveryLine(report.batches), '', 'Namespaces by state:');
  for (const cluster of SCANNED_CLUSTERS) {
    const latest = await current.latest(identity(cluster));
    if (latest !== undefined) print(...statesLines(latest.snapshot));
  }
  print('', 'Alerts read back from the SQS queue subscribed to the topic:', ...alertLines(report.alerts));
  print('', 'S3 keys written:', ...keyLines(current.aws.bucket, report.written), '', `run took ${seconds(report.ms)}`);
}

async function main(): Promise<void> {
  print(
    'psa-fleet-scanner: the nightly fleet scan, end to end on this machine',
    'Real kube-apiservers (each with etcd and an EKS token authenticator) and moto for AWS; the Lambda',
    'handlers of lambdas/ run in processes of their own and get the events Lambda would deliver.',
    '',
  );
  // The logs of the latest demo are kept for reading; older ones go.
  for (const entry of await readdir(tmpdir())) {
    if (entry.startsWith(WORK_DIR_PREFIX)) await rm(join(tmpdir(), entry), { recursive: true, force: true });
  }
  const workDir = await mkdtemp(join(tmpdir(), WORK_DIR_PREFIX));
  logDir = workDir;
  const steps: Record<string, string> = {
    servers: 'servers started: moto; per cluster kube-apiserver, etcd, EKS token authenticator',
    'clusters and AWS': 'clusters built with the playbook situations; S3 (versioning, Object Lock), SNS, SQS + DLQ, EKS in moto',
    functions: 'functions loaded (their cold start)',
  };
  flow = await startFleetFlow({
    workDir,
    progress: (step, ms) => {
      timings.push([step, ms]);
      print(`${(steps[step] ?? step).padEnd(104)} ${seconds(ms)}`);
    },
  });
  const current = flow;

  print(heading('The fleet'), '  EKS clusters registered in moto (the scanner reaches each one through its member account role):');
  for (const cluster of FLEET) {
    const note = cluster.namespaces.length === 0 ? `opts out: tagged ${Object.entries(OPT_OUT_TAG).map(([k, v]) => `${k}=${v}`).join(', ')}` : `${cluster.namespaces.length} playbook namespaces`;
    print(`    ${`${cluster.account}/${cluster.region}/${cluster.name}`.padEnd(36)} ${note}`);
  }
  print(`  Work queue: maxReceiveCount ${MAX_RECEIVE_COUNT}, visibility timeout 1 s (short, to show the DLQ quickly).`);

  const first = await current.run(new Date());
  timings.push(['run 1', first.ms]);
  await printRun('Run 1: the schedule fires', first, current);

  const drift = performance.now();
  await applyDrift(current.servers.clusters);
  timings.push(['drift', performance.now() - drift]);
  print(
    heading(`Drift on ${DRIFT.cluster}`),
    `  ${DRIFT.relabelled.namespace}: relabelled ${Object.entries(DRIFT.relabelled.labels).map(([k, v]) => `${k}=${v}`).join(', ')}`,
    `  ${DRIFT.newPod.namespace}: a new pod ${DRIFT.newPod.name} that runs as root`,
  );

  const second = await current.run(new Date());
  timings.push(['run 2', second.ms]);
  await printRun('Run 2: the next night', second, current);

  // SQS delivers at least once: the same work item may come again.
  const again = second.batches.flatMap((b) => b.records).find((r) => r.body.includes(`"name":"${DRIFT.cluster}"`));
  if (again === undefined) throw new Error(`run 2 delivered no work item for ${DRIFT.cluster}`);
  const patchesBefore = await current.dryRunPatches();
  const redelivered = await current.deliver([again.body]);
  const patchesAfter = await current.dryRunPatches();
  timings.push(['redelivery', redelivered.ms]);
  print(
    heading(`SQS delivers run 2's work item for ${DRIFT.cluster} again`),
    `  body: ${again.body}`,
    deliveryLine(redelivered.batches),
    ...recordLogLines(await current.scanLog(redelivered.batches.flatMap((b) => b.records.map((r) => r.messageId)))),
    `  dry-run requests to ${DRIFT.cluster}'s apiserver during the redelivery: ${(patchesAfter[DRIFT.cluster] ?? 0) - (patchesBefore[DRIFT.cluster] ?? 0)}`,
    '',
    'Alerts:',
    ...alertLines(redelivered.alerts),
    'S3 keys written:',
    ...keyLines(current.aws.bucket, redelivered.written),
  );

  const poison = JSON.stringify({ runId: second.runId, cluster: { account: '4000-0000-0001', region: 'eu-west-1', name: 'prod-eu' } });
  const poisoned = await current.deliver([poison]);
  timings.push(['poisoned item', poisoned.ms]);
  const deadLetters = await current.deadLetters();
  print(
    heading('A poisoned work item'),
    `  body: ${poison}`,
    deliveryLine(poisoned.batches),
    ...recordLogLines(await current.scanLog(poisoned.batches.flatMap((b) => b.records.map((r) => r.messageId)))),
    '',
    'Alerts:',
    ...alertLines(poisoned.alerts),
    '',
    `The DLQ holds ${deadLetters.length} message${deadLetters.length === 1 ? '' : 's'}:`,
    ...deadLetters.map((m) => `  ${m.Body ?? ''}`),
  );
}

let status = 0;
try {
  await main();
} catch (error) {
  status = 1;
  print('', `demo failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
} finally {
  const stop = performance.now();
  await stopAll();
  timings.push(['stop', performance.now() - stop]);
  print(
    heading('Done'),
    'Every server this demo started is stopped.',
    ...(logDir === undefined ? [] : [`The functions' and moto's logs stay in ${logDir} (until the next demo).`]),
    `Wall time ${seconds(performance.now() - started)}: ${timings.map(([name, ms]) => `${name} ${seconds(ms)}`).join(', ')}`,
  );
}
process.exitCode = status;
