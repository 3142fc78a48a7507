import type { LockOwner } from '../store/folder-lock.ts';

// What the cluster-facing commands need from the outside world beyond CliIo: the environment's
// values (handed in by psa-scan-process.ts; parsed here into typed configuration, never read from process),
// the clock, terminals, and writing new files.
export interface CliEnvironment {
  /** The process environment's values (KUBECONFIG, HOME, AWS_*), as given. */
  readonly variables: Readonly<Record<string, string | undefined>>;
  readonly stdoutIsTerminal: boolean;
  readonly stderrIsTerminal: boolean;
  now(): Date;
  /** Creates the file (and its folders) with this text; refuses to replace an existing file. */
  writeNewFile(path: string, text: string): Promise<void>;
  /** psa-scan's own version (package.json), recorded in snapshots and SARIF. */
  readonly scannerVersion: string;
  /** The working directory, so reports can name files relative to it; undefined when unknown. */
  readonly workingDirectory?: string;
  /** This process, for the lock of a folder store it appends to; none: folder stores are read-only. */
  readonly lockOwner?: LockOwner;
}

/** When the caller gives none (tests of commands that touch no cluster or file): no files, a placeholder version. */
export const NO_ENVIRONMENT: CliEnvironment = {
  variables: {},
  stdoutIsTerminal: false,
  stderrIsTerminal: false,
  now: () => new Date(),
  writeNewFile: () => Promise.reject(new Error('this command writes no files')),
  scannerVersion: '0.0.0',
};
