// Builds the Pod Security differential oracle (test/harness/pss-oracle, a Go program over
// k8s.io/pod-security-admission) into test/harness/.cache/bin/pss-oracle, as the GoBuild
// PSS_ORACLE_BUILD (setup-go.ts): rebuilt only when the Go version, go.mod, go.sum or main.go
// change. On a fresh machine `go build` fetches the modules through the module proxy; go.sum is
// committed, so the build is reproducible. Concurrent callers (vitest runs test files in parallel
// processes) share one build through a lock directory.
//
// Usage as a script: `node test/harness/build-pss-oracle.ts` (prints the binary path).

import { mkdir, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { BIN_DIR, binaryPath, ensureGoBinaries, PSS_ORACLE_BUILD } from './setup-go.ts';

export const pssOracleBinaryPath = binaryPath('pss-oracle');
const lockDir = `${pssOracleBinaryPath}.lock`;

/** A lock older than this is left over from a killed build. */
const STALE_LOCK_MS = 15 * 60_000;
const LOCK_POLL_MS = 250;

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
export function ensurePssOracle(log: (line: string) => void = console.log): Promise<string> {
  pending ??= ensure(log).finally(() => {
    pending = undefined;
  });
  return pending;
}

async function ensure(log: (line: string) => void): Promise<string> {
  await mkdir(BIN_DIR, { recursive: true });
  for (;;) {
    if (await tryLock()) {
      try {
        // Under the lock: another process may have just built it, in which case this only hashes.
        await ensureGoBinaries(PSS_ORACLE_BUILD, log);
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
