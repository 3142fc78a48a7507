// The scanner against the two ways people do this today, side by side on one real apiserver with
// NAMESPACES namespaces of PODS pods (enforce=baseline, warn=restricted, so every namespace gets
// both sweeps):
//   scanner  the full scan (inventory, both sweeps with their dry-runs, offline attribution, states)
//   shell    the playbook's loop: `kubectl label --dry-run=server --overwrite` once per namespace
//   bare     plain undici request(): the same dry-run PATCHes the scanner sent, at its concurrency,
//            with no retries and no parsing
// Goals (issue 6): scanner at least 10x the shell loop, and at least 0.8 of the bare client's
// throughput (bare time / scanner time). Also the scanner's peak RSS (each scan runs in a process
// of its own: test/bench/scan-once.ts).
//
//   npm run bench:scan [-- --namespaces 500 --pods 6 --rounds 3 --concurrency 16 --cpu-prof DIR]
//
// Not a test: it asserts nothing about time.

import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import pLimit from 'p-limit';
import { Agent, request } from 'undici';
import { KubeConfig, PatchStrategy, setHeaderOptions } from '@kubernetes/client-node';
import { KUBERNETES_DEFAULT_POD_SECURITY } from '../../shared/pss/admission/pod-security-configuration.ts';
import type { LabelPatch } from '../../shared/scan/cluster-reader.ts';
import { createKubeClusterReader } from '../../shared/kube/kube-cluster-reader.ts';
import { TEST_CLUSTER } from '../support/scan-cluster.ts';
import { runTool } from '../harness/run-tool.ts';
import { startServers, type Servers } from '../harness/servers.ts';
import { ROOT_SPEC } from '../support/playbook/playbook-cluster.ts';
import { adminApis } from '../support/playbook/workloads.ts';

const { values } = parseArgs({
  options: {
    namespaces: { type: 'string', default: '500' },
    pods: { type: 'string', default: '6' },
    rounds: { type: 'string', default: '3' },
    concurrency: { type: 'string', default: '16' },
    /** Write a V8 CPU profile of each scanner process into this folder. */
    'cpu-prof': { type: 'string' },
  },
});
const NAMESPACES = Number(values.namespaces);
const PODS = Number(values.pods);
const ROUNDS = Number(values.rounds);
const CONCURRENCY = Number(values.concurrency);
if (![NAMESPACES, PODS, ROUNDS, CONCURRENCY].every((n) => Number.isInteger(n) && n >= 1)) throw new Error('every option must be a whole number >= 1');

const ENFORCE = 'pod-security.kubernetes.io/enforce';
const MERGE_PATCH = setHeaderOptions('Content-Type', PatchStrategy.MergePatch);

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? NaN;
}

async function populate(servers: Servers): Promise<string[]> {
  const apis = adminApis(servers.adminKubeconfig);
  const names = Array.from({ length: NAMESPACES }, (_, i) => `bench-${String(i).padStart(4, '0')}`);
  const limit = pLimit(16);
  await Promise.all(
    names.map((name) =>
      limit(async () => {
        await apis.core.createNamespace({ body: { metadata: { name } } });
        for (let p = 0; p < PODS; p++) await apis.core.createNamespacedPod({ namespace: name, body: { metadata: { name: `app-${p}` }, spec: ROOT_SPEC } });
        // labelled after the pods, as a namespace labelled on a running cluster
        await apis.core.patchNamespace(
          { name, body: { metadata: { labels: { [ENFORCE]: 'baseline', 'pod-security.kubernetes.io/warn': 'restricted' } } } },
          MERGE_PATCH,
        );
      }),
    ),
  );
  return names;
}

interface ScannerRun {
  readonly seconds: number;
  readonly cpuSeconds: number;
  readonly sweepSeconds: number;
  readonly requests: number;
  readonly patches: Array<{ namespace: string; labels: LabelPatch }>;
  readonly peakRssMb: number;
}

/** Two scans in a fresh process: the first cold (as a Lambda's first invocation), the second warm. */
async function runScanner(servers: Servers): Promise<{ cold: ScannerRun; warm: ScannerRun }> {
  const profile = values['cpu-prof'] === undefined ? [] : ['--cpu-prof', `--cpu-prof-dir=${values['cpu-prof']}`];
  const args = [...profile, join(import.meta.dirname, 'scan-once.ts'), '--kubeconfig', servers.scannerKubeconfig, '--concurrency', String(CONCURRENCY), '--repeat', '2'];
  const { stdout } = await runTool(process.execPath, args);
  const [cold, warm] = stdout.trim().split('\n').map((line) => JSON.parse(line) as ScannerRun & { outcome: string });
  if (cold === undefined || warm === undefined) throw new Error(`scan-once printed ${stdout}`);
  for (const run of [cold, warm]) if (run.outcome !== 'complete') throw new Error(`the bench scan was ${run.outcome}`);
  return { cold, warm };
}

async function runBare(servers: Servers, patches: readonly { namespace: string; labels: LabelPatch }[]): Promise<number> {
  const kubeConfig = new KubeConfig();
  kubeConfig.loadFromFile(servers.scannerKubeconfig);
  const user = kubeConfig.getCurrentUser();
  const dispatcher = new Agent({
    connect: {
      ca: await readFile(servers.caCert),
      cert: Buffer.from(user?.certData ?? '', 'base64'),
      key: Buffer.from(user?.keyData ?? '', 'base64'),
    },
  });
  const limit = pLimit(CONCURRENCY);
  const cpuBefore = process.cpuUsage();
  const started = performance.now();
  await Promise.all(
    patches.map(({ namespace, labels }) =>
      limit(async () => {
        const response = await request(`${servers.apiserverUrl}/api/v1/namespaces/${namespace}?dryRun=All&fieldManager=bench`, {
          method: 'PATCH',
          headers: { 'content-type': 'application/merge-patch+json' },
          body: JSON.stringify({ metadata: { labels } }),
          dispatcher,
        });
        await response.body.dump();
        if (response.statusCode !== 200) throw new Error(`bare PATCH ${namespace}: ${response.statusCode}`);
      }),
    ),
  );
  const seconds = (performance.now() - started) / 1000;
  const cpu = process.cpuUsage(cpuBefore);
  bareCpu.push((cpu.user + cpu.system) / 1e6);
  await dispatcher.close();
  return seconds;
}

/** The same PATCHes through the scanner's kube reader alone (no scan logic), in this process. */
const readerCpu: number[] = [];
const bareCpu: number[] = [];

async function runReaderOnly(servers: Servers, patches: readonly { namespace: string; labels: LabelPatch }[]): Promise<number> {
  const kubeConfig = new KubeConfig();
  kubeConfig.loadFromFile(servers.scannerKubeconfig);
  const reader = createKubeClusterReader({ identity: TEST_CLUSTER, kubeConfig }, { concurrency: CONCURRENCY });
  await reader.version(); // connect before the clock starts, as the bare client's warm-up does
  const cpuBefore = process.cpuUsage();
  const started = performance.now();
  await Promise.all(patches.map(({ namespace, labels }) => reader.dryRunNamespaceLabels(namespace, labels)));
  const seconds = (performance.now() - started) / 1000;
  const cpu = process.cpuUsage(cpuBefore);
  readerCpu.push((cpu.user + cpu.system) / 1e6);
  await reader.close();
  return seconds;
}

async function runShellLoop(servers: Servers): Promise<number> {
  const script = `for ns in $("$KUBECTL" get namespaces -o name | grep '^namespace/bench-'); do "$KUBECTL" label --dry-run=server --overwrite "$ns" ${ENFORCE}=restricted >/dev/null 2>&1; done`;
  const started = performance.now();
  await runTool('bash', ['-c', script], { env: { ...process.env, KUBECTL: servers.kubectl, KUBECONFIG: servers.scannerKubeconfig } });
  return (performance.now() - started) / 1000;
}

const servers = await startServers({ moto: false, podSecurity: KUBERNETES_DEFAULT_POD_SECURITY });
try {
  console.log(`populating ${NAMESPACES} namespaces x ${PODS} pods...`);
  const populated = performance.now();
  await populate(servers);
  console.log(`populated in ${((performance.now() - populated) / 1000).toFixed(1)} s`);
  // let PodSecurity's informer cache catch up with the last pods
  await new Promise((resolve) => setTimeout(resolve, 2000));

  const cold: ScannerRun[] = [];
  const scanner: ScannerRun[] = [];
  const bare: number[] = [];
  const readerOnly: number[] = [];
  await runBare(servers, (await runScanner(servers)).warm.patches); // warm-up of the bench process's own client
  for (let round = 0; round < ROUNDS; round++) {
    const run = await runScanner(servers);
    cold.push(run.cold);
    scanner.push(run.warm);
    bare.push(await runBare(servers, run.warm.patches));
    readerOnly.push(await runReaderOnly(servers, run.warm.patches));
  }
  const shell = await runShellLoop(servers);

  const scannerSeconds = median(scanner.map((r) => r.seconds));
  const bareSeconds = median(bare);
  const patches = scanner[0]?.patches.length ?? 0;
  const cpu = (values: readonly number[]): string => median(values).toFixed(3);
  const rows = [
    ['client', 'what it does', 'seconds', 'client CPU s', 'requests'],
    ['scanner, cold', 'first scan of a fresh process', median(cold.map((r) => r.seconds)).toFixed(3), cpu(cold.map((r) => r.cpuSeconds)), String(cold[0]?.requests ?? 0)],
    ['scanner', 'full scan: inventory, 2 sweeps, attribution', scannerSeconds.toFixed(3), cpu(scanner.map((r) => r.cpuSeconds)), String(scanner[0]?.requests ?? 0)],
    ['bare undici', "the scanner's dry-run PATCHes only", bareSeconds.toFixed(3), cpu(bareCpu), String(patches)],
    ['kube reader', 'the same PATCHes through the kube reader alone', median(readerOnly).toFixed(3), cpu(readerCpu), String(patches)],
    ['shell loop', 'kubectl label --dry-run=server per namespace', shell.toFixed(3), '', String(NAMESPACES)],
  ];
  const widths = rows[0]?.map((_, i) => Math.max(...rows.map((r) => r[i]?.length ?? 0))) ?? [];
  console.log(`\n${NAMESPACES} namespaces x ${PODS} pods, concurrency ${CONCURRENCY}, median of ${ROUNDS} rounds (shell: one round); scanner rows are warm scans unless marked cold`);
  for (const row of rows) console.log(row.map((cell, i) => cell.padEnd(widths[i] ?? 0)).join('  '));
  console.log(`\nscanner vs shell loop:   ${(shell / scannerSeconds).toFixed(1)}x faster (goal >= 10x), and it evaluates two levels and every template`);
  console.log(`scanner vs bare client:  ${(bareSeconds / scannerSeconds).toFixed(2)} of its throughput, full scan (goal >= 0.8)`);
  console.log(`scanner peak RSS:        ${Math.max(...cold.map((r) => r.peakRssMb)).toFixed(0)} MB after one scan in a process of its own (${Math.max(...scanner.map((r) => r.peakRssMb)).toFixed(0)} MB after two)`);
} finally {
  await servers.stop();
}
