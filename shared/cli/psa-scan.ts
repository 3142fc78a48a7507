#!/usr/bin/env node
// The psa-scan command: the only file that touches the process. Node 24 runs it as is (type
// stripping), so `npx psa-scan` and `node shared/cli/psa-scan.ts` need no build step.
import { readFile } from 'node:fs/promises';
import { text } from 'node:stream/consumers';
import type { CliIo } from './cli-io.ts';
import { EXIT_INTERNAL_ERROR, reportInternalError, runCli } from './run-cli.ts';

const io: CliIo = {
  readFile: (path) => readFile(path, 'utf8'),
  readStdin: () => text(process.stdin),
  stdout: (chunk) => void process.stdout.write(chunk),
  stderr: (chunk) => void process.stderr.write(chunk),
};

// runCli reports its own exceptions; this is for anything that escapes it all the same, so that
// Node's status 1 (EXIT_DENIED) can never stand for a crash.
process.exitCode = await runCli(process.argv.slice(2), io).catch((cause: unknown) => {
  reportInternalError(io, cause);
  return EXIT_INTERNAL_ERROR;
});
