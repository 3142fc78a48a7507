// Each Lambda's bundle size and cold initialisation time: the bundle the stack deploys (built with
// the stack's own options, infra/lambda-bundling.ts) loaded in a fresh Node 24 process with the
// environment the stack gives it, timed from `import()` until the module (and so its cold-start
// configuration, clients and Powertools) is ready and `handler` is exported. Median of N runs.
// Beside it, the same bundle with the AWS SDK left out for the runtime's copy (NodejsFunction's
// default; here the SDK comes from node_modules, as the runtime's would from its own), as a ratio.
//
//   npm run bench:lambdas [-- --runs 10]
//
// Not a test: it asserts nothing about time. The processes run one after another, the variants
// interleaved, so a busy moment of the machine does not land on one variant only.
import { build } from 'esbuild';
import { spawn } from 'node:child_process';
import { mkdir, readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { deflateRawSync } from 'node:zlib';
import { BUNDLE_FILE, copyBesideBundle, esbuildOptions, LAMBDA_BUNDLE, LAMBDA_NODE_OPTIONS, type LambdaBundle } from '../../infra/lambda-bundling.ts';
import { functionEnvironments } from '../../infra/lambda-environment.ts';
import { FUNCTION_NAMES, type FunctionName } from '../../infra/scanner-identity.ts';
import { filesBesideBundle, HANDLER_ENTRIES } from '../../infra/scanner-stack.ts';
import { resolveScannerSettings } from '../../infra/scanner-settings.ts';
import { REPO_ROOT } from '../support/paths.ts';

const { values } = parseArgs({ options: { runs: { type: 'string', default: '10' } } });
const RUNS = Number(values.runs);
if (!Number.isInteger(RUNS) || RUNS < 1) throw new Error('--runs must be a whole number >= 1');

// Inside the repository (ignored by git and eslint), so a bundle without the SDK finds it in node_modules.
const OUT = join(REPO_ROOT, 'test', 'harness', '.cache', 'lambda-bundles');

interface Variant {
  readonly name: string;
  readonly bundle: LambdaBundle;
}
const DEPLOYED: Variant = { name: 'deployed (SDK bundled)', bundle: LAMBDA_BUNDLE };
const SDK_EXTERNAL: Variant = { name: 'SDK from the runtime', bundle: { ...LAMBDA_BUNDLE, bundleAwsSdk: false } };

// The stack's variables (its defaults) with the values CloudFormation would fill in (nothing is called at init).
const ENVIRONMENT = functionEnvironments(
  resolveScannerSettings({
    fleetConfig: { accounts: [{ regions: ['eu-west-1'] }, { roleArn: 'arn:aws:iam::111122223333:role/psa-fleet-scanner-member', regions: ['eu-west-1'] }] },
  }),
  {
    workQueueUrl: 'https://sqs.eu-west-1.amazonaws.com/123456789012/PsaFleetScanner-QueuesWork-0123456789AB',
    alertTopicArn: 'arn:aws:sns:eu-west-1:123456789012:PsaFleetScanner-TopicsAlerts-0123456789AB',
    snapshotBucket: 'psafleetscanner-snapshotstoresnapshots-0123456789ab',
    kmsKeyId: 'arn:aws:kms:eu-west-1:123456789012:key/01234567-89ab-cdef-0123-456789abcdef',
  },
);
for (const variables of Object.values(ENVIRONMENT)) if (variables['NODE_OPTIONS'] !== LAMBDA_NODE_OPTIONS) throw new Error('NODE_OPTIONS differs from the stack\'s');

// What runs in the fresh process: the import, timed, and a check that the handler is there.
const PROBE = `
const started = performance.now();
const module = await import(process.argv[1]);
const ready = performance.now();
if (typeof module.handler !== 'function') throw new Error('no handler exported');
process.stdout.write(JSON.stringify({ importMs: ready - started, sinceProcessStartMs: ready }));
`;

function probe(bundle: string, environment: Record<string, string>): Promise<{ importMs: number; sinceProcessStartMs: number }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--input-type=module', '-e', PROBE, pathToFileURL(bundle).href], {
      // The region Lambda sets; no credentials: nothing is called at init.
      env: { PATH: process.env['PATH'] ?? '', AWS_REGION: 'eu-west-1', ...environment },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => {
      if (code !== 0) reject(new Error(`${bundle} did not load (exit ${code}):\n${stderr}`));
      else resolve(JSON.parse(stdout) as { importMs: number; sinceProcessStartMs: number });
    });
  });
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? (sorted[middle] ?? NaN) : ((sorted[middle - 1] ?? NaN) + (sorted[middle] ?? NaN)) / 2;
}

interface Measured {
  readonly fn: FunctionName;
  readonly variant: Variant;
  readonly file: string;
  readonly bytes: number;
  readonly deflated: number;
  readonly importMs: number[];
  readonly processMs: number[];
}

await rm(OUT, { recursive: true, force: true });
const measured: Measured[] = [];
for (const fn of FUNCTION_NAMES) {
  for (const variant of [DEPLOYED, SDK_EXTERNAL]) {
    const outdir = join(OUT, `${fn}-${variant.bundle.bundleAwsSdk ? 'sdk-bundled' : 'sdk-external'}`);
    await mkdir(outdir, { recursive: true });
    await build(esbuildOptions(HANDLER_ENTRIES[fn], outdir, variant.bundle));
    await copyBesideBundle(filesBesideBundle(fn), outdir);
    const file = join(outdir, BUNDLE_FILE);
    const bytes = await readFile(file);
    measured.push({ fn, variant, file, bytes: bytes.length, deflated: deflateRawSync(bytes, { level: 9 }).length, importMs: [], processMs: [] });
  }
}

console.log(`loading each bundle in ${RUNS} fresh Node ${process.versions.node} processes (NODE_OPTIONS=${LAMBDA_NODE_OPTIONS})...`);
for (let run = 0; run < RUNS; run++) {
  for (const m of measured) {
    const { importMs, sinceProcessStartMs } = await probe(m.file, ENVIRONMENT[m.fn]);
    m.importMs.push(importMs);
    m.processMs.push(sinceProcessStartMs);
  }
}

const kb = (bytes: number): string => `${(bytes / 1024).toFixed(0)} KB`;
const ms = (value: number): string => `${value.toFixed(0)} ms`;
const rows = measured.map((m) => [
  m.fn,
  m.variant.name,
  kb(m.bytes),
  kb(m.deflated),
  ms(median(m.importMs)),
  `${ms(Math.min(...m.importMs))}-${ms(Math.max(...m.importMs))}`,
  ms(median(m.processMs)),
]);
const header = ['function', 'bundle', 'index.mjs', 'zipped', 'init (median)', 'init (min-max)', 'process start to ready'];
const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
const line = (cells: readonly string[]): string => cells.map((c, i) => c.padEnd(widths[i] ?? 0)).join('  ');
console.log(`\n${line(header)}\n${line(widths.map((w) => '-'.repeat(w)))}`);
for (const row of rows) console.log(line(row));

console.log('');
for (const fn of FUNCTION_NAMES) {
  const deployed = measured.find((m) => m.fn === fn && m.variant === DEPLOYED);
  const external = measured.find((m) => m.fn === fn && m.variant === SDK_EXTERNAL);
  if (deployed === undefined || external === undefined) continue;
  const ratio = median(external.importMs) / median(deployed.importMs);
  console.log(`${fn}: SDK from the runtime takes ${ratio.toFixed(2)}x the deployed bundle's init time (${ms(median(external.importMs))} / ${ms(median(deployed.importMs))})`);
}
console.log(`\nbundles in ${OUT}`);
