// Talks to the Pod Security oracle (test/harness/pss-oracle): one long-lived process, JSON
// lines over stdin/stdout, batches pipelined (answers come back in the order they were sent).

import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { ensurePssOracle } from './build-pss-oracle.ts';

export interface OracleRequest {
  /** `privileged`, `baseline` or `restricted`. */
  readonly level: string;
  /** `latest` or `v1.N`. */
  readonly version: string;
  /** A Pod (or anything with metadata and spec) as the API would send it in JSON. */
  readonly pod: unknown;
}

/** policy.AggregateCheckResults upstream: reasons and details in evaluation order. */
export interface OracleVerdict {
  readonly allowed: boolean;
  readonly reasons: readonly string[];
  readonly details: readonly string[];
}

/** A YAML document for the oracle to decode as kube-apiserver would (then evaluate, if a Pod). */
export interface OracleYamlRequest {
  readonly level: string;
  readonly version: string;
  readonly yaml: string;
}

/**
 * What decoding gave: `json` is sigs.k8s.io/yaml's YAMLToJSONStrict output (absent when it
 * refused, with `yamlError`); `pod` says the JSON decoded into a corev1.Pod (else `podError`),
 * and only then is the verdict there.
 */
export interface OracleYamlAnswer {
  readonly json?: string;
  readonly yamlError?: string;
  readonly podError?: string;
  readonly pod: boolean;
  readonly allowed: boolean;
  readonly reasons: readonly string[];
  readonly details: readonly string[];
}

export class PssOracleError extends Error {
  override readonly name = 'PssOracleError';
}

interface PendingBatch {
  readonly results: unknown[];
  /** Lines the oracle could not decode, by index in the batch. */
  readonly errors: string[];
  readonly size: number;
  readonly resolve: (results: unknown[]) => void;
  readonly reject: (error: Error) => void;
}

/** Large writes are split so one batch never holds the whole payload as a single string. */
const WRITE_CHUNK_LINES = 2000;

/** Resolves once stdin can take more, or once it or the process is gone (never rejects). */
function drainedOrGone(child: ChildProcessWithoutNullStreams): Promise<void> {
  return new Promise((resolve) => {
    const done = (): void => {
      child.stdin.off('drain', done);
      child.stdin.off('error', done);
      child.stdin.off('close', done);
      child.off('close', done);
      resolve();
    };
    child.stdin.once('drain', done);
    child.stdin.once('error', done);
    child.stdin.once('close', done);
    child.once('close', done);
  });
}

/**
 * Writes one JSON line per request to the oracle's stdin, in chunks, honouring back-pressure.
 * Stops early, without throwing, once stdin or the process is gone or `failed()` says so: the
 * caller learns why from the process's exit (a write to a dead process is EPIPE on stdin, which
 * the caller must listen for).
 */
async function writeLines(
  child: ChildProcessWithoutNullStreams,
  requests: readonly (OracleRequest | OracleYamlRequest)[],
  failed: () => boolean = () => false,
): Promise<void> {
  for (let start = 0; start < requests.length; start += WRITE_CHUNK_LINES) {
    if (failed() || child.stdin.destroyed || child.exitCode !== null || child.signalCode !== null) return;
    let chunk = '';
    for (const request of requests.slice(start, start + WRITE_CHUNK_LINES)) {
      const body = 'yaml' in request ? { yaml: request.yaml } : { pod: request.pod };
      chunk += JSON.stringify({ level: request.level, version: request.version, ...body }) + '\n';
    }
    if (!child.stdin.write(chunk)) await drainedOrGone(child);
  }
}

export class PssOracle {
  readonly #child: ChildProcessWithoutNullStreams;
  readonly #pending: PendingBatch[] = [];
  #buffered = '';
  #stderr = '';
  #failure: Error | undefined;

  private constructor(child: ChildProcessWithoutNullStreams) {
    this.#child = child;
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (chunk: string) => this.#onData(chunk));
    child.stderr.setEncoding('utf8');
    child.stderr.on('data', (chunk: string) => {
      this.#stderr = (this.#stderr + chunk).slice(-4000);
    });
    child.on('error', (error) => this.#fail(new PssOracleError('pss-oracle process error', { cause: error })));
    child.on('close', (code, signal) => {
      if (this.#pending.length > 0 || code !== 0) {
        this.#fail(new PssOracleError(`pss-oracle exited (code ${code}, signal ${signal}): ${this.#stderr}`));
      }
    });
    // A write after the process died surfaces as EPIPE here; the close handler reports why.
    child.stdin.on('error', (error) => this.#fail(new PssOracleError('pss-oracle stdin', { cause: error })));
  }

  /** Builds the binary when needed and starts one oracle process. */
  static async start(): Promise<PssOracle> {
    const binary = await ensurePssOracle();
    return new PssOracle(spawn(binary, [], { stdio: ['pipe', 'pipe', 'pipe'] }));
  }

  /** Evaluates every request; the answers are in the same order. */
  async evaluate(requests: readonly OracleRequest[]): Promise<OracleVerdict[]> {
    return (await this.#send(requests)) as OracleVerdict[];
  }

  /** Decodes each YAML document as kube-apiserver would, and evaluates those that are Pods. */
  async decodeYaml(requests: readonly OracleYamlRequest[]): Promise<OracleYamlAnswer[]> {
    return (await this.#send(requests)) as OracleYamlAnswer[];
  }

  async #send(requests: readonly (OracleRequest | OracleYamlRequest)[]): Promise<unknown[]> {
    if (this.#failure) throw this.#failure;
    if (requests.length === 0) return [];
    const done = new Promise<unknown[]>((resolve, reject) => {
      this.#pending.push({ results: [], errors: [], size: requests.length, resolve, reject });
    });
    // Rejection is delivered to our caller by `return done`; this only stops Node from calling
    // it unhandled while we are still waiting for stdin to drain.
    done.catch(() => {});
    await writeLines(this.#child, requests, () => this.#failure !== undefined);
    return done;
  }

  /** Closes stdin and waits for the process to exit. */
  async close(): Promise<void> {
    if (this.#child.exitCode !== null || this.#child.signalCode !== null) return;
    const exited = new Promise<void>((resolve) => this.#child.once('close', () => resolve()));
    this.#child.stdin.end();
    await exited;
  }

  #onData(chunk: string): void {
    this.#buffered += chunk;
    let newline = this.#buffered.indexOf('\n');
    let consumed = 0;
    while (newline !== -1) {
      this.#onLine(this.#buffered.slice(consumed, newline));
      consumed = newline + 1;
      newline = this.#buffered.indexOf('\n', consumed);
    }
    this.#buffered = this.#buffered.slice(consumed);
  }

  #onLine(line: string): void {
    const batch = this.#pending[0];
    if (batch === undefined) {
      this.#fail(new PssOracleError(`unexpected output from pss-oracle: ${line.slice(0, 200)}`));
      return;
    }
    const parsed = JSON.parse(line) as object;
    if ('error' in parsed) {
      batch.errors.push(`request ${batch.results.length}: ${String(parsed.error)}`);
      batch.results.push({ allowed: false, reasons: [], details: [] });
    } else {
      batch.results.push(parsed);
    }
    this.#finishIfComplete();
  }

  #finishIfComplete(): void {
    const batch = this.#pending[0];
    if (batch !== undefined && batch.results.length === batch.size) {
      this.#pending.shift();
      if (batch.errors.length > 0) {
        batch.reject(new PssOracleError(`pss-oracle refused ${batch.errors.length} request(s): ${batch.errors.slice(0, 3).join('; ')}`));
      } else {
        batch.resolve(batch.results);
      }
    }
  }

  #fail(error: Error): void {
    this.#failure ??= error;
    for (const batch of this.#pending.splice(0)) batch.reject(this.#failure);
  }
}

export interface OracleBenchResult {
  readonly pods: number;
  readonly rounds: number;
  /** Time of the timed rounds of the evaluation loop only (no decoding, no I/O). */
  readonly seconds: number;
  readonly podsPerSecond: number;
  readonly denied: number;
}

/**
 * Runs the oracle's own benchmark: it reads every request, decodes them, evaluates them once
 * to warm up, then times `rounds` passes of the evaluation loop.
 */
export async function benchPssOracle(requests: readonly OracleRequest[], rounds: number): Promise<OracleBenchResult> {
  const binary = await ensurePssOracle();
  const child = spawn(binary, ['-bench', String(rounds)], { stdio: ['pipe', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  const exited = new Promise<number | null>((resolve, reject) => {
    child.on('error', reject);
    child.on('close', resolve);
  });
  exited.catch(() => {}); // awaited below, after the writes
  // If the oracle dies mid-write, stdin fails with EPIPE; its exit code and stderr say why.
  child.stdin.on('error', () => {});
  await writeLines(child, requests);
  child.stdin.end();
  const code = await exited;
  if (code !== 0) throw new PssOracleError(`pss-oracle -bench exited with ${code}: ${stderr}`);
  return JSON.parse(stdout) as OracleBenchResult;
}
