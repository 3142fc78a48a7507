// Everything the CLI needs from the outside world, passed in so that it runs in-process in tests.
export interface CliIo {
  /** Resolves to the file's text; rejects with Node's error (its `code`, e.g. ENOENT, is reported). */
  readFile(path: string): Promise<string>;
  readStdin(): Promise<string>;
  /**
   * The file's bytes, chunk by chunk, so that a manifest is never held whole; iterating rejects
   * with Node's error (its `code`, e.g. ENOENT or EISDIR, is reported).
   */
  openFile(path: string): AsyncIterable<Uint8Array | string>;
  /** Standard input's bytes, chunk by chunk; rejects when it cannot be read (e.g. a directory). */
  openStdin(): AsyncIterable<Uint8Array | string>;
  stdout(text: string): void;
  stderr(text: string): void;
}
