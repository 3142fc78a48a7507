// A CliIo that keeps what the CLI prints, serves in-memory files first and the real file system
// after (so tests can use test/examples), and answers stdin from a string.
import { readFile } from 'node:fs/promises';
import type { CliIo } from '../../shared/cli/cli-io.ts';

export interface CapturedIo {
  readonly io: CliIo;
  stdout(): string;
  stderr(): string;
}

export function capturedIo(files: Readonly<Record<string, string>> = {}, stdin = ''): CapturedIo {
  let out = '';
  let err = '';
  return {
    io: {
      readFile: async (path) => (Object.hasOwn(files, path) ? (files[path] as string) : readFile(path, 'utf8')),
      readStdin: async () => stdin,
      stdout: (text) => {
        out += text;
      },
      stderr: (text) => {
        err += text;
      },
    },
    stdout: () => out,
    stderr: () => err,
  };
}
