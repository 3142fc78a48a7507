// Throughput of the TypeScript Pod Security engine against the upstream Go evaluator, on the
// same seeded pods at restricted:latest. Each side times only its evaluation loop, after one
// untimed warm-up pass: no generation, JSON or process start-up in the figures.
//
//   npm run bench:pss [-- --pods 100000 --rounds 3 --seed 20260601]
//
// Not a test: it asserts nothing about time.

import { parseArgs } from 'node:util';
import { evaluatePod } from '../../shared/pss/evaluate.ts';
import type { LevelVersion } from '../../shared/pss/level-version.ts';
import { levelVersionString } from '../../shared/pss/level-version.ts';
import { LATEST, versionString } from '../../shared/pss/version.ts';
import { generatePods } from '../generators/pod-generator.ts';
import { benchPssOracle } from '../harness/pss-oracle-client.ts';

const { values } = parseArgs({
  options: {
    pods: { type: 'string', default: '100000' },
    rounds: { type: 'string', default: '3' },
    seed: { type: 'string', default: '20260601' },
  },
});
const podCount = Number(values.pods);
const rounds = Number(values.rounds);
const seed = Number(values.seed);
if (![podCount, rounds, seed].every(Number.isInteger) || podCount < 1 || rounds < 1) {
  throw new Error('--pods, --rounds and --seed must be integers; pods and rounds at least 1');
}

const lv: LevelVersion = { level: 'restricted', version: LATEST };

console.log(`generating ${podCount} pods (seed ${seed})...`);
const pods = generatePods(seed, podCount);

// TypeScript: warm-up pass (lets the JIT settle), then the timed rounds.
let denied = 0;
for (const pod of pods) if (!evaluatePod(lv, pod).allowed) denied++;
const tsDeniedOnce = denied;
const started = performance.now();
for (let round = 0; round < rounds; round++) {
  for (const pod of pods) if (!evaluatePod(lv, pod).allowed) denied++;
}
const tsSeconds = (performance.now() - started) / 1000;
const tsPodsPerSecond = (podCount * rounds) / tsSeconds;

// Go: the oracle decodes every pod first, warms up, and times its own loop the same way.
const go = await benchPssOracle(
  pods.map((pod) => ({ level: lv.level, version: versionString(lv.version), pod })),
  rounds,
);

if (go.denied !== tsDeniedOnce) {
  console.warn(`warning: engines disagree on how many pods are denied (ts ${tsDeniedOnce}, go ${go.denied})`);
}

const rows = [
  ['engine', 'pods', 'rounds', 'seconds', 'pods/s'],
  ['typescript', String(podCount), String(rounds), tsSeconds.toFixed(3), Math.round(tsPodsPerSecond).toLocaleString('en-US')],
  ['go (upstream)', String(go.pods), String(go.rounds), go.seconds.toFixed(3), Math.round(go.podsPerSecond).toLocaleString('en-US')],
];
const widths = rows[0]?.map((_, column) => Math.max(...rows.map((row) => (row[column] ?? '').length))) ?? [];
console.log(`\nPod Security evaluation at ${levelVersionString(lv)}, ${tsDeniedOnce} of ${podCount} pods denied`);
for (const row of rows) console.log(row.map((cell, column) => cell.padStart(widths[column] ?? 0)).join('  '));
console.log(`ratio TS/Go: ${(tsPodsPerSecond / go.podsPerSecond).toFixed(2)}`);
