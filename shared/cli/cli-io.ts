// Everything the CLI needs from the outside world, passed in so that it runs in-process in tests.
export interface CliIo {
  /** Resolves to the file's text; rejects with Node's error (its `code`, e.g. ENOENT, is reported). */
  readFile(path: string): Promise<string>;
  readStdin(): Promise<string>;
  stdout(text: string): void;
  stderr(text: string): void;
}
