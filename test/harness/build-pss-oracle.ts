// Builds the Pod Security differential oracle (test/harness/pss-oracle, a Go program over
// k8s.io/pod-security-admission) into test/harness/.cache/bin/pss-oracle.
//
// Cached: the binary is rebuilt only when go.mod, go.sum or main.go change (their hash is
// stored next to the binary). On a fresh machine `go build` fetches the modules through the
// module proxy; go.sum is committed, so the build is reproducible. Concurrent callers (vitest
// runs test files in parallel processes) share one build through a lock directory.
//
// Usage as a script: `node test/harness/build-pss-oracle.ts` (prints the binary path).

import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const harnessDir = path.dirname(fileURLToPath(import.meta.url));
const sourceDir = path.join(harnessDir, 'pss-oracle');
const binDir = path.join(harnessDir, '.cache', 'bin');
const SOURCE_FILES = ['go.mod', 'go.sum', 'main.go'] as const;

export const pssOracleBinaryPath = path.join(binDir, 'pss-oracle');
const hashPath = `${pssOracleBinaryPath}.sha256`;
const lockDir = `${pssOracleBinaryPath}.lock`;

/** A lock older than this is left over from a killed build. */
const STALE_LOCK_MS = 15 * 60_000;
const LOCK_POLL_MS = 250;

export class PssOracleBuildError extends Error {
  override readonly name = 'PssOracleBuildError';
}

async function sourceHash(): Promise<string> {
  const hash = createHash('sha256');
  hash.update(`${process.platform}-${process.arch}\n`);
  for (const file of SOURCE_FILES) {
    hash.update(`${file}\n`);
    hash.update(await readFile(path.join(sourceDir, file)));
    hash.update('\n');
  }
  return hash.digest('hex');
}

async function isUpToDate(expected: string): Promise<boolean> {
  try {
    const [stored] = await Promise.all([readFile(hashPath, 'utf8'), stat(pssOracleBinaryPath)]);
    return stored.trim() === expected;
  } catch {
    return false;
  }
}

function run(command: string, args: readonly string[], cwd: string, env: NodeJS.ProcessEnv): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.on('error', (cause) =>
      reject(new PssOracleBuildError(`cannot run \`${command}\` (is Go installed and on PATH?)`, { cause })),
    );
    child.on('close', (code) =>
      code === 0
        ? resolve()
        : reject(new PssOracleBuildError(`\`${command} ${args.join(' ')}\` exited with ${code}:\n${output}`)),
    );
  });
}

async function build(hash: string): Promise<void> {
  const tmpBinary = `${pssOracleBinaryPath}.tmp-${process.pid}`;
  // -mod=readonly: the committed go.sum decides the module versions, never the build.
  // CGO off: a static binary that needs no C toolchain.
  await run('go', ['build', '-mod=readonly', '-trimpath', '-buildvcs=false', '-o', tmpBinary, '.'], sourceDir, {
    ...process.env,
    CGO_ENABLED: '0',
  });
  await rename(tmpBinary, pssOracleBinaryPath);
  await writeFile(`${hashPath}.tmp-${process.pid}`, `${hash}\n`);
  await rename(`${hashPath}.tmp-${process.pid}`, hashPath);
}

async function tryLock(): Promise<boolean> {
  try {
    await mkdir(lockDir);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    const age = await stat(lockDir).then(
      (s) => Date.now() - s.mtimeMs,
      () => 0,
    );
    if (age > STALE_LOCK_MS) await rm(lockDir, { recursive: true, force: true });
    return false;
  }
}

let pending: Promise<string> | undefined;

/** Returns the path of an up-to-date oracle binary, building it first when needed. */
export function ensurePssOracle(): Promise<string> {
  pending ??= ensure().finally(() => {
    pending = undefined;
  });
  return pending;
}

async function ensure(): Promise<string> {
  const hash = await sourceHash();
  await mkdir(binDir, { recursive: true });
  for (;;) {
    if (await isUpToDate(hash)) return pssOracleBinaryPath;
    if (await tryLock()) {
      try {
        // Another process may have finished between our check and our lock.
        if (!(await isUpToDate(hash))) await build(hash);
        return pssOracleBinaryPath;
      } finally {
        await rm(lockDir, { recursive: true, force: true });
      }
    }
    await new Promise((resolve) => setTimeout(resolve, LOCK_POLL_MS));
  }
}

if (process.argv[1] !== undefined && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const started = performance.now();
  try {
    const binary = await ensurePssOracle();
    console.log(`${binary} (${((performance.now() - started) / 1000).toFixed(1)} s)`);
  } catch (error) {
    console.error(error instanceof Error ? error.message : error);
    process.exitCode = 1;
  }
}
