// A Lambda function run locally, the way the service runs it as far as the handler can tell: its
// own process (local-lambda-worker.ts) with exactly the environment variables given (nothing of
// the developer's shell), the handler module loaded once, invocations one at a time with a
// Lambda context, and its output in a log file (its "CloudWatch Logs"). The process ends with
// stop(), or with this one (its IPC channel closes).
import { fork, type ChildProcess } from 'node:child_process';
import { closeSync, openSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { WorkerError, WorkerReply } from './local-lambda-protocol.ts';

const WORKER = join(import.meta.dirname, 'local-lambda-worker.ts');

export class LambdaInvokeError extends Error {
  override readonly name = 'LambdaInvokeError';
  readonly errorType: string;

  constructor(functionName: string, error: WorkerError) {
    super(`${functionName} failed: ${error.name}: ${error.message}`);
    this.errorType = error.name;
  }
}

export interface LocalLambdaOptions {
  readonly functionName: string;
  /** The handler module (its `handler` export is called). */
  readonly handlerModule: string;
  /** The function's variables, as the stack sets them, plus what Lambda adds (region, credentials). */
  readonly environment: Readonly<Record<string, string>>;
  readonly logFile: string;
  readonly timeoutMs: number;
}

interface Pending {
  readonly resolve: (value: unknown) => void;
  readonly reject: (error: Error) => void;
}

export class LocalLambda {
  readonly functionName: string;
  readonly logFile: string;
  /** The cold start: loading the handler module. */
  readonly initMs: number;
  readonly #child: ChildProcess;
  readonly #pending = new Map<number, Pending>();
  #nextId = 1;

  /** The execution environment's process (benchmarks read its peak memory from /proc). */
  get pid(): number | undefined {
    return this.#child.pid;
  }

  private constructor(options: LocalLambdaOptions, child: ChildProcess, initMs: number) {
    this.functionName = options.functionName;
    this.logFile = options.logFile;
    this.#child = child;
    this.initMs = initMs;
    child.on('message', (reply: WorkerReply) => {
      if (reply.type !== 'result' && reply.type !== 'error') return;
      const pending = this.#pending.get(reply.id);
      this.#pending.delete(reply.id);
      if (reply.type === 'result') pending?.resolve(reply.result);
      else pending?.reject(new LambdaInvokeError(this.functionName, reply.error));
    });
    child.on('exit', (code, signal) => {
      for (const pending of this.#pending.values()) pending.reject(new Error(`${this.functionName} exited (${signal ?? code}) during an invocation`));
      this.#pending.clear();
    });
  }

  static async start(options: LocalLambdaOptions): Promise<LocalLambda> {
    const log = openSync(options.logFile, 'a');
    let child: ChildProcess;
    try {
      child = fork(WORKER, [options.handlerModule, options.functionName, String(options.timeoutMs)], {
        // The Node running this (the project's Node 24: it strips the types), without this process's flags.
        execPath: process.execPath,
        execArgv: [],
        env: { ...options.environment, PATH: process.env['PATH'] ?? '/usr/bin:/bin', AWS_LAMBDA_FUNCTION_NAME: options.functionName },
        stdio: ['ignore', log, log, 'ipc'],
      });
    } finally {
      closeSync(log);
    }
    const initMs = await new Promise<number>((resolve, reject) => {
      child.once('message', (reply: WorkerReply) => {
        if (reply.type === 'ready') resolve(reply.initMs);
        else if (reply.type === 'init-failed') reject(new LambdaInvokeError(options.functionName, reply.error));
      });
      child.once('exit', (code) => reject(new Error(`${options.functionName} exited (${code}) before its handler loaded; see ${options.logFile}`)));
      child.once('error', reject);
    });
    return new LocalLambda(options, child, initMs);
  }

  /** The handler's result; LambdaInvokeError when it throws. */
  invoke<T>(event: unknown): Promise<T> {
    const id = this.#nextId++;
    return new Promise<T>((resolve, reject) => {
      this.#pending.set(id, { resolve: resolve as (value: unknown) => void, reject });
      this.#child.send({ id, event });
    });
  }

  /** The function's log lines so far. */
  async logLines(): Promise<string[]> {
    return (await readFile(this.logFile, 'utf8')).split('\n').filter((line) => line !== '');
  }

  async stop(): Promise<void> {
    if (this.#child.exitCode !== null || this.#child.signalCode !== null) return;
    const exited = new Promise<void>((resolve) => this.#child.once('exit', () => resolve()));
    this.#child.disconnect();
    const timer = setTimeout(() => this.#child.kill('SIGKILL'), 5_000);
    await exited;
    clearTimeout(timer);
  }
}
