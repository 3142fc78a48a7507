#!/usr/bin/env node
// The psa-scan command: the only file that touches the process. Node 24 runs it as is (type
// stripping), so `npx psa-scan` and `node shared/cli/psa-scan.ts` need no build step.
import { readFile } from 'node:fs/promises';
import { text } from 'node:stream/consumers';
import { runCli } from './run-cli.ts';

process.exitCode = await runCli(process.argv.slice(2), {
  readFile: (path) => readFile(path, 'utf8'),
  readStdin: () => text(process.stdin),
  stdout: (chunk) => void process.stdout.write(chunk),
  stderr: (chunk) => void process.stderr.write(chunk),
});
