// psa-scan without the process: arguments in, text out through `io`, the exit status returned.
import { checkManifests } from './check-manifests.ts';
import { parseCheckArguments } from './check-options.ts';
import type { CliIo } from './cli-io.ts';
import { NO_ENVIRONMENT, type CliEnvironment } from './cli-environment.ts';
import { parseScanArguments } from './scan-options.ts';
import { SCAN_HELP } from './scan-usage.ts';
import { renderReport } from './render-report.ts';
import { renderProblems } from './render-text.ts';
import { safeText } from './safe-text.ts';
import { HELP, SYNOPSIS } from './usage.ts';

const HELP_TOPICS: readonly string[] = ['check', 'scan', 'verify', 'diff', 'history', 'whatif', 'report'];

// The exit statuses, as `psa-scan --help` documents them.
export const EXIT_ALLOWED = 0;
export const EXIT_DENIED = 1;
/** Usage errors and bad input alike: the gate cannot give a verdict, and must not pass. */
export const EXIT_BAD_INPUT = 2;
/** A bug in psa-scan, not in the input: distinct from 1 (Node's own status for an uncaught error). */
export const EXIT_INTERNAL_ERROR = 3;

/** Runs one command; an unexpected exception is reported as an internal error, never as a verdict. */
export async function runCli(argv: readonly string[], io: CliIo, environment: CliEnvironment = NO_ENVIRONMENT): Promise<number> {
  try {
    return await runCommand(argv, io, environment);
  } catch (cause) {
    reportInternalError(io, cause);
    return EXIT_INTERNAL_ERROR;
  }
}

/**
 * `psa-scan: internal error: MESSAGE` on stderr, then the stack for a bug report, even if the error
 * or stderr itself misbehaves.
 */
export function reportInternalError(io: Pick<CliIo, 'stderr'>, cause: unknown): void {
  try {
    io.stderr(`psa-scan: internal error: ${describeError(cause)}\n`);
  } catch {
    // Nowhere left to report to; the exit status still says what happened.
  }
}

function describeError(cause: unknown): string {
  try {
    if (!(cause instanceof Error)) return safeText(String(cause));
    const frames = (cause.stack ?? '').split('\n').filter((line) => line.startsWith('    at '));
    return [safeText(cause.message), ...frames].join('\n');
  } catch {
    return 'an error that cannot be printed';
  }
}

async function runCommand(argv: readonly string[], io: CliIo, environment: CliEnvironment): Promise<number> {
  const [command, ...rest] = argv;
  switch (command) {
    case 'check':
      return runCheck(rest, io, environment);
    case 'scan':
      return runScan(rest, io, environment);
    // Loaded on demand, like scan: they bring the AWS SDK. Each parses its own arguments and prints its own usage.
    case 'verify':
      return (await import('./verify-command.ts')).runVerifyCli(rest, io, environment);
    case 'diff':
      return (await import('./diff-command.ts')).runDiffCli(rest, io, environment);
    case 'history':
      return (await import('./history-command.ts')).runHistoryCli(rest, io, environment);
    case 'whatif':
      return (await import('./whatif-command.ts')).runWhatIfCli(rest, io, environment);
    case 'report':
      return (await import('./report-command.ts')).runReportCli(rest, io, environment);
    case 'help':
    case '-h':
    case '--help': {
      const [topic, ...extra] = rest;
      if (extra.length > 0 || (topic !== undefined && !HELP_TOPICS.includes(topic))) return usageError(io, `unknown help topic ${rest.join(' ')}`);
      if (topic === 'scan') io.stdout(SCAN_HELP);
      else if (topic === 'verify' || topic === 'diff' || topic === 'history' || topic === 'whatif' || topic === 'report') return runCommand([topic, '--help'], io, environment);
      else io.stdout(HELP);
      return EXIT_ALLOWED;
    }
    case undefined:
      return usageError(io, 'missing command');
    default:
      return usageError(io, command.startsWith('-') ? `unknown option ${command}` : `unknown command ${command}`);
  }
}

async function runCheck(args: readonly string[], io: CliIo, environment: CliEnvironment): Promise<number> {
  const parsed = parseCheckArguments(args);
  if (parsed.outcome === 'help') {
    io.stdout(HELP);
    return EXIT_ALLOWED;
  }
  if (parsed.outcome === 'usage-error') return usageError(io, parsed.message);

  const { options } = parsed;
  const outcome = await checkManifests(options, io);
  if (!outcome.ok) {
    io.stderr(renderProblems(outcome.problems));
    return EXIT_BAD_INPUT;
  }
  const where = environment.workingDirectory === undefined ? {} : { workingDirectory: environment.workingDirectory };
  io.stdout(await renderReport(options, outcome.results, { toolVersion: environment.scannerVersion, ...where }));
  return outcome.results.some((result) => result.applicable && !result.verdict.allowed) ? EXIT_DENIED : EXIT_ALLOWED;
}

async function runScan(args: readonly string[], io: CliIo, environment: CliEnvironment): Promise<number> {
  const parsed = parseScanArguments(args);
  if (parsed.outcome === 'help') {
    io.stdout(SCAN_HELP);
    return EXIT_ALLOWED;
  }
  if (parsed.outcome === 'usage-error') return usageError(io, parsed.message);
  // Loaded on demand: the kube client and the AWS SDK are heavy, and `check` (a CI gate) needs neither.
  const { runScanCommand } = await import('./scan-command.ts');
  return runScanCommand(parsed.options, io, environment);
}

function usageError(io: CliIo, message: string): number {
  // The message may quote an argument (a file name from a glob): printed safe, like input.
  io.stderr(`psa-scan: ${safeText(message)}\n${SYNOPSIS}Run "psa-scan --help" for more.\n`);
  return EXIT_BAD_INPUT;
}
