// Throughput and memory of `psa-scan check` on large inputs: the same seeded pods written as a
// YAML stream (one Pod per document) and as one JSON List (indented as `kubectl get -o json`
// prints it), each checked by the real CLI in its own process at restricted:latest. Prints MB/s
// (input size over wall time, Node's start-up included) and the process's peak RSS, side by side.
//
//   npm run bench:check [-- --pods 20000 --seed 20260601 --rounds 3]
//
// Not a test: it asserts nothing about time. It fails only when the CLI does not give a verdict.

import { spawn } from 'node:child_process';
import { mkdtemp, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { generatePods } from '../generators/pod-generator.ts';
import { toYaml } from '../cli/manifest-yaml-writer.ts';
import { REPO_ROOT } from '../support/paths.ts';

const { values } = parseArgs({
  options: {
    pods: { type: 'string', default: '20000' },
    seed: { type: 'string', default: '20260601' },
    rounds: { type: 'string', default: '3' },
  },
});
const podCount = Number(values.pods);
const seed = Number(values.seed);
const rounds = Number(values.rounds);
if (![podCount, seed, rounds].every(Number.isInteger) || podCount < 1 || rounds < 1) {
  throw new Error('--pods, --seed and --rounds must be integers; pods and rounds at least 1');
}

/** Reports the process's peak RSS on fd 3 as it exits: measured inside, so no `time` binary is needed. */
const REPORT_PEAK_RSS =
  // The child's own high-water mark (VmHWM): getrusage's maxrss survives execve and would report this bigger parent.
  'data:text/javascript,import{writeSync,readFileSync}from"node:fs";process.on("exit",()=>writeSync(3,/VmHWM:\\s+(\\d+)/.exec(readFileSync("/proc/self/status","utf8"))[1]))';

interface Run {
  readonly seconds: number;
  readonly peakRssKiB: number;
  readonly exitCode: number | null;
  readonly stderr: string;
}

function checkOnce(file: string): Promise<Run> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(
      process.execPath,
      ['--import', REPORT_PEAK_RSS, 'shared/cli/psa-scan.ts', 'check', '--format', 'json', '--max-document-bytes', '500Mi', file],
      { cwd: REPO_ROOT, stdio: ['ignore', 'pipe', 'pipe', 'pipe'] },
    );
    let stderr = '';
    let rss = '';
    child.stdout?.resume(); // the report is read and dropped: rendering it is part of the work
    child.stderr?.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    (child.stdio[3] as NodeJS.ReadableStream).setEncoding('utf8');
    (child.stdio[3] as NodeJS.ReadableStream).on('data', (chunk: string) => (rss += chunk));
    child.on('error', reject);
    child.on('close', (exitCode) =>
      resolve({ seconds: (performance.now() - started) / 1000, peakRssKiB: Number(rss), exitCode, stderr }),
    );
  });
}

console.log(`generating ${podCount} pods (seed ${seed})...`);
const objects = generatePods(seed, podCount).map((pod, i) => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { ...pod.metadata, name: `bench-${i}`, namespace: 'bench' },
  spec: pod.spec,
}));
const dir = await mkdtemp(join(tmpdir(), 'psa-check-bench-'));
try {
  const inputs = [
    { name: 'YAML stream', file: join(dir, 'pods.yaml'), text: objects.map(toYaml).join('---\n') },
    { name: 'JSON List', file: join(dir, 'pods.json'), text: `${JSON.stringify({ apiVersion: 'v1', items: objects, kind: 'List' }, null, 4)}\n` },
  ];
  const rows = [['input', 'objects', 'MB', 'seconds', 'MB/s', 'peak RSS MiB']];
  for (const input of inputs) {
    await writeFile(input.file, input.text);
    const megabytes = (await stat(input.file)).size / 1e6;
    // The best of a few rounds: the machine is shared, and the fastest run is the least disturbed.
    let best: Run | undefined;
    for (let round = 0; round < rounds; round++) {
      const run = await checkOnce(input.file);
      if (run.exitCode !== 0 && run.exitCode !== 1) {
        throw new Error(`psa-scan check ${input.name} exited ${run.exitCode}: ${run.stderr.split('\n').slice(0, 5).join('\n')}`);
      }
      if (best === undefined || run.seconds < best.seconds) best = run;
    }
    if (best === undefined) throw new Error('no run');
    rows.push([
      input.name,
      String(objects.length),
      megabytes.toFixed(1),
      best.seconds.toFixed(2),
      (megabytes / best.seconds).toFixed(1),
      (best.peakRssKiB / 1024).toFixed(0),
    ]);
  }
  const widths = rows[0]?.map((_, column) => Math.max(...rows.map((row) => (row[column] ?? '').length))) ?? [];
  console.log(`\npsa-scan check at restricted:latest, best of ${rounds} runs, Node start-up included`);
  for (const row of rows) console.log(row.map((cell, column) => cell.padStart(widths[column] ?? 0)).join('  '));
} finally {
  await rm(dir, { recursive: true, force: true });
}
