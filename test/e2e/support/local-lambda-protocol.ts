// The messages between local-lambda.ts (the invoker) and local-lambda-worker.ts (the function).

export interface WorkerRequest {
  readonly id: number;
  readonly event: unknown;
}

export interface WorkerError {
  readonly name: string;
  readonly message: string;
  readonly stack?: string;
}

export type WorkerReply =
  | { readonly type: 'ready'; readonly initMs: number }
  | { readonly type: 'init-failed'; readonly error: WorkerError }
  | { readonly type: 'result'; readonly id: number; readonly result: unknown; readonly durationMs: number }
  | { readonly type: 'error'; readonly id: number; readonly error: WorkerError; readonly durationMs: number };
