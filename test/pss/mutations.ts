// Mutation check of the differential test: does test/pss/differential.test.ts fail when the
// engine wrongly allows one more value? Each mutation below is a plausible allow-list bug; the
// script runs the differential test once unchanged (it must pass) and once per mutation (it must
// fail, on a mismatch with upstream). A mutation is applied only to the module source vitest
// transforms in memory, never to the file, so the engine stays byte-identical on disk and a
// test run elsewhere in the tree is not affected.
//
//   npx node test/pss/mutations.ts                    (about 10 s per run on 2 cores)
//   npx node test/pss/mutations.ts --generator-at REV (the same with the pod generator of git
//                                                      revision REV, e.g. to see an older one miss)
//
// Exit status 0 when the control passes and every mutation is caught; 1 otherwise.
import { execFileSync, spawn } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Plugin } from 'vite';
import { startVitest } from 'vitest/node';
import type { Reporter, TestModule } from 'vitest/node';
import { REPO_ROOT } from '../support/paths.ts';

interface Mutation {
  readonly name: string;
  /** Repository-relative path of the engine file. */
  readonly file: string;
  readonly search: string;
  readonly replacement: string;
}

export const MUTATIONS: readonly Mutation[] = [
  {
    name: 'baseline allows the capability SYS_NICE',
    file: 'shared/pss/checks/capabilities_baseline.ts',
    search: "  'SYS_CHROOT',\n]);",
    replacement: "  'SYS_CHROOT',\n  'SYS_NICE',\n]);",
  },
  {
    name: 'sysctls allows net.core.rmem_max from v1.0',
    file: 'shared/pss/checks/sysctls.ts',
    search: "  'net.ipv4.ip_unprivileged_port_start',\n];",
    replacement: "  'net.ipv4.ip_unprivileged_port_start',\n  'net.core.rmem_max',\n];",
  },
  {
    name: 'seLinuxOptions allows the type container_logreader_t',
    file: 'shared/pss/checks/seLinuxOptions.ts',
    search: "new Set(['', 'container_t', 'container_init_t', 'container_kvm_t'])",
    replacement: "new Set(['', 'container_t', 'container_init_t', 'container_kvm_t', 'container_logreader_t'])",
  },
];

const DIFFERENTIAL_TEST = 'test/pss/differential.test.ts';
/** What the differential test says when the engines disagree (and nothing else does); vitest cuts the rest. */
const MISMATCH = /\d+ mismatches between the TypeScript/;

interface RunOutcome {
  readonly applied: boolean;
  readonly passed: number;
  readonly failed: number;
  /** The first lines of each failed test's first error. */
  readonly failures: readonly string[];
}

const GENERATOR = 'test/generators/pod-generator.ts';

/**
 * Replaces `search` in the one module, and records that it did; a search that matches nothing
 * throws. With `generatorSource`, the pod generator module is that text instead of the file's.
 */
function mutationPlugin(mutation: Mutation | undefined, applied: { value: boolean }, generatorSource: string | undefined): Plugin {
  const target = mutation === undefined ? undefined : path.join(REPO_ROOT, mutation.file);
  return {
    name: 'psa-scan-mutation',
    enforce: 'pre',
    load(id) {
      return generatorSource !== undefined && id.split('?')[0] === path.join(REPO_ROOT, GENERATOR) ? generatorSource : null;
    },
    transform(code, id) {
      if (mutation === undefined || id.split('?')[0] !== target) return null;
      if (!code.includes(mutation.search)) throw new Error(`${mutation.file} no longer contains the text to mutate: ${JSON.stringify(mutation.search)}`);
      applied.value = true;
      return code.replace(mutation.search, mutation.replacement);
    },
  };
}

async function runDifferential(mutation: Mutation | undefined, generatorSource: string | undefined): Promise<RunOutcome> {
  const applied = { value: false };
  let modules: readonly TestModule[] = [];
  const collector: Reporter = {
    onTestRunEnd(testModules) {
      modules = testModules;
    },
  };
  const vitest = await startVitest(
    [DIFFERENTIAL_TEST],
    // No config file: the project's would add every test project; this run needs one file.
    // fsModuleCache off: vitest 5 caches transformed modules in node_modules/.vitest-cache keyed
    // by the file, not by our plugin, so it would serve the unmutated engine, and a mutated one
    // stored there would be served to ordinary test runs.
    {
      config: false,
      root: REPO_ROOT,
      watch: false,
      fsModuleCache: false,
      reporters: ['dot', collector],
      testTimeout: 600_000,
      hookTimeout: 600_000,
    },
    { plugins: [mutationPlugin(mutation, applied, generatorSource)] },
  );
  await vitest.close();
  const tests = modules.flatMap((module) => [...module.children.allTests()]);
  const failedTests = tests.filter((test) => test.result().state === 'failed');
  const failures = failedTests.map((test) => {
    const result = test.result();
    const message = result.state === 'failed' ? (result.errors[0]?.message ?? '') : '';
    return `${test.name}\n${message.split('\n').slice(0, 8).join('\n')}`;
  });
  return { applied: applied.value, passed: tests.filter((test) => test.result().state === 'passed').length, failed: failedTests.length, failures };
}

const OUTCOME_MARKER = 'psa-scan-mutation-outcome ';

/**
 * One run per process: vitest keeps transformed modules in memory across runs in one process,
 * so a second run in the same process would not transform (mutate) the engine again.
 */
async function runInChild(mutationIndex: number | undefined, passOn: readonly string[]): Promise<RunOutcome> {
  const args = [fileURLToPath(import.meta.url), '--one', mutationIndex === undefined ? 'control' : String(mutationIndex), ...passOn];
  const child = spawn(process.execPath, args, { cwd: REPO_ROOT, stdio: ['ignore', 'pipe', 'inherit'] });
  let output = '';
  child.stdout.setEncoding('utf8');
  child.stdout.on('data', (chunk: string) => {
    output += chunk;
    process.stdout.write(chunk.split('\n').filter((line) => !line.startsWith(OUTCOME_MARKER)).join('\n'));
  });
  await new Promise((resolve) => child.on('close', resolve));
  const line = output.split('\n').find((candidate) => candidate.startsWith(OUTCOME_MARKER));
  if (line === undefined) throw new Error(`the run of ${args.slice(1).join(' ')} reported no outcome`);
  return JSON.parse(line.slice(OUTCOME_MARKER.length)) as RunOutcome;
}

async function main(passOn: readonly string[]): Promise<number> {
  const control = await runInChild(undefined, passOn);
  const summary = [`control (no mutation): ${control.passed} passed, ${control.failed} failed`];
  let ok = control.failed === 0 && control.passed > 0;
  if (ok) {
    for (const [index, mutation] of MUTATIONS.entries()) {
      const outcome = await runInChild(index, passOn);
      const caught = outcome.applied && outcome.failures.some((failure) => MISMATCH.test(failure));
      ok &&= caught;
      summary.push(
        `${mutation.name} (${mutation.file}): ${caught ? 'CAUGHT' : 'SURVIVED'}`,
        `  mutation applied: ${outcome.applied}; differential tests: ${outcome.passed} passed, ${outcome.failed} failed`,
        ...outcome.failures.map((failure) => failure.split('\n').slice(0, 2).join(': ').replace(/^/, '  failed: ')),
      );
    }
  } else {
    summary.push('the differential test must pass unmutated, or mutation results mean nothing', ...control.failures);
  }
  console.log(`\n== mutations of the Pod Security engine\n${summary.join('\n')}`);
  return ok ? 0 : 1;
}

if (import.meta.main) {
  const revisionAt = process.argv.indexOf('--generator-at');
  const revision = revisionAt === -1 ? undefined : process.argv[revisionAt + 1];
  const passOn = revision === undefined ? [] : ['--generator-at', revision];
  const one = process.argv.indexOf('--one');
  if (one === -1) {
    process.exitCode = await main(passOn);
  } else {
    const which = process.argv[one + 1];
    const generatorSource =
      revision === undefined ? undefined : execFileSync('git', ['show', `${revision}:${GENERATOR}`], { cwd: REPO_ROOT, encoding: 'utf8' });
    const outcome = await runDifferential(which === 'control' ? undefined : MUTATIONS[Number(which)], generatorSource);
    console.log(`\n${OUTCOME_MARKER}${JSON.stringify(outcome)}`);
    // vitest sets a failing exit code for a mutated run, which is meant to fail: the parent decides.
    process.exitCode = 0;
  }
}
