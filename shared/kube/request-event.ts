// One attempt of one request, as a reader reports it to `onRequest`; and counters built on it (the
// scan and the benchmark report API requests, retries and 429s per cluster).

/** Why an attempt got no HTTP answer. */
export type TransportFailure = 'timeout' | 'unreachable' | 'tls' | 'credentials';

export interface RequestEvent {
  /** `GET /api/v1/pods`, `PATCH /api/v1/namespaces/x?dryRun=All` (no paging parameters). */
  readonly request: string;
  /** 1 for the first attempt, 2 for the first retry, ... */
  readonly attempt: number;
  /** The HTTP status, when the server answered. */
  readonly status?: number;
  /** `Retry-After` of that answer, in milliseconds. */
  readonly retryAfterMs?: number;
  /** Set when the server did not answer. */
  readonly failure?: TransportFailure;
  readonly durationMs: number;
}

/** Totals over every attempt a reader made; pass `counters.record` as `onRequest`. */
export class RequestCounters {
  /** Attempts sent (every retry is one more). */
  requests = 0;
  /** Attempts after the first of their request. */
  retries = 0;
  /** Answers with status 429. */
  throttled = 0;
  /** Answers with status 5xx. */
  serverErrors = 0;
  /** Attempts with no answer (timeout, connection failure, TLS). */
  transportFailures = 0;

  readonly record = (event: RequestEvent): void => {
    this.requests++;
    if (event.attempt > 1) this.retries++;
    if (event.status === 429) this.throttled++;
    else if (event.status !== undefined && event.status >= 500) this.serverErrors++;
    if (event.failure !== undefined) this.transportFailures++;
  };
}
