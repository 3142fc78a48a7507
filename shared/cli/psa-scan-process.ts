// The psa-scan command's process: the only file that touches it (argv, stdio, environment, exit
// status). Loaded by psa-scan.ts once Node's compile cache is on.
import { createReadStream, fstatSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { text } from 'node:stream/consumers';
import type { CliIo } from './cli-io.ts';
import type { CliEnvironment } from './cli-environment.ts';
import { hostname } from 'node:os';
import { processLockOwner } from '../store/folder-lock.ts';
import { writeOnceFile as writeNewFile } from '../notify/write-once-file.ts';
import { EXIT_INTERNAL_ERROR, reportInternalError, runCli } from './run-cli.ts';

const io: CliIo = {
  readFile: (path) => readFile(path, 'utf8'),
  readStdin: () => text(process.stdin),
  // 1 MiB reads: fewer, larger chunks for the document splitter (the default is 64 KiB).
  openFile: (path) => createReadStream(path, { highWaterMark: 1 << 20 }),
  openStdin: () => stdinChunks(),
  stdout: (chunk) => void process.stdout.write(chunk),
  stderr: (chunk) => void process.stderr.write(chunk),
};

/**
 * Standard input as a stream of chunks. A directory on stdin (`< /tmp`) must be an error, not an
 * empty input; a closed stdin (`<&-`) is /dev/null to Node (it reopens fds 0-2), so it is empty.
 */
async function* stdinChunks(): AsyncGenerator<Uint8Array | string> {
  if (fstatSync(0).isDirectory()) throw Object.assign(new Error('standard input is a directory'), { code: 'EISDIR' });
  yield* process.stdin;
}

// runCli reports its own exceptions; this is for anything that escapes it all the same, so that
// Node's status 1 (EXIT_DENIED) can never stand for a crash.
const environment: CliEnvironment = {
  variables: process.env,
  stdoutIsTerminal: process.stdout.isTTY === true,
  stderrIsTerminal: process.stderr.isTTY === true,
  now: () => new Date(),
  writeNewFile,
  workingDirectory: process.cwd(),
  lockOwner: processLockOwner(process, hostname()),
  scannerVersion: (JSON.parse(await readFile(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string }).version,
};

process.exitCode = await runCli(process.argv.slice(2), io, environment).catch((cause: unknown) => {
  reportInternalError(io, cause);
  return EXIT_INTERNAL_ERROR;
});
