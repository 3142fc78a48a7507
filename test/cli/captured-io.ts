// A CliIo that keeps what the CLI prints, serves in-memory files first and the real file system
// after (so tests can use test/examples), and answers stdin from a string (or from chunks, for
// tests of bytes split across reads).
import { createReadStream } from 'node:fs';
import { readFile } from 'node:fs/promises';
import type { CliIo } from '../../shared/cli/cli-io.ts';

export interface CapturedIo {
  readonly io: CliIo;
  stdout(): string;
  stderr(): string;
}

/** An in-memory file as the chunks a stream would deliver. */
export type FileContent = string | readonly (Uint8Array | string)[];

async function* chunksOf(content: FileContent): AsyncGenerator<Uint8Array | string> {
  if (typeof content === 'string') {
    if (content !== '') yield content;
    return;
  }
  yield* content;
}

function asText(content: FileContent): string {
  if (typeof content === 'string') return content;
  return content.map((chunk) => (typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8'))).join('');
}

export function capturedIo(files: Readonly<Record<string, FileContent>> = {}, stdin: FileContent = ''): CapturedIo {
  let out = '';
  let err = '';
  return {
    io: {
      readFile: async (path) => (Object.hasOwn(files, path) ? asText(files[path] as FileContent) : readFile(path, 'utf8')),
      readStdin: async () => asText(stdin),
      openFile: (path) => (Object.hasOwn(files, path) ? chunksOf(files[path] as FileContent) : createReadStream(path)),
      openStdin: () => chunksOf(stdin),
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
