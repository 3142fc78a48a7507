// psa-scan without the process: arguments in, text out through `io`, the exit status returned.
import { checkManifests } from './check-manifests.ts';
import { parseCheckArguments } from './check-options.ts';
import type { CliIo } from './cli-io.ts';
import { renderJson } from './render-json.ts';
import { renderProblems, renderText } from './render-text.ts';
import { HELP, SYNOPSIS } from './usage.ts';

export const EXIT_ALLOWED = 0;
export const EXIT_DENIED = 1;
/** Usage errors and bad input alike: the gate cannot give a verdict, and must not pass. */
export const EXIT_BAD_INPUT = 2;

export async function runCli(argv: readonly string[], io: CliIo): Promise<number> {
  const [command, ...rest] = argv;
  switch (command) {
    case 'check':
      return runCheck(rest, io);
    case 'help':
    case '-h':
    case '--help':
      if (rest.length > 0 && !(rest.length === 1 && rest[0] === 'check')) {
        return usageError(io, `unknown help topic ${rest.join(' ')}`);
      }
      io.stdout(HELP);
      return EXIT_ALLOWED;
    case undefined:
      return usageError(io, 'missing command');
    default:
      return usageError(io, command.startsWith('-') ? `unknown option ${command}` : `unknown command ${command}`);
  }
}

async function runCheck(args: readonly string[], io: CliIo): Promise<number> {
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
  io.stdout(options.format === 'json' ? renderJson(outcome.results) : renderText(outcome.results, options.levelVersion));
  return outcome.results.some((result) => result.applicable && !result.verdict.allowed) ? EXIT_DENIED : EXIT_ALLOWED;
}

function usageError(io: CliIo, message: string): number {
  io.stderr(`psa-scan: ${message}\n${SYNOPSIS}Run "psa-scan --help" for more.\n`);
  return EXIT_BAD_INPUT;
}
