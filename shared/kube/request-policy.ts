// Every request of a reader goes through here: at most `concurrency` in flight (a bulkhead shared by
// all its methods), each attempt bounded by the request timeout, and retries with capped
// exponential backoff and full jitter that never come back before `Retry-After`. Built on
// cockatiel 4 (retry + bulkhead + timeout). Everything the reader sends is safe to repeat: GETs,
// and PATCHes with dryRun=All, which persist nothing.
//
// Retried: 429, 5xx, connection refused/reset, timeouts. Not retried: other 4xx, TLS failures,
// unusable credentials: the next attempt would get the same answer.
import { bulkhead, DelegateBackoff, handleWhen, retry, timeout, TimeoutStrategy, wrap } from 'cockatiel';
import { ClusterRequestError, type ClusterFailureKind } from '../scan/cluster-reader.ts';
import type { ResolvedKubeClientOptions } from './kube-client-options.ts';
import type { TransportFailure } from './request-event.ts';
import type { ApiCall, RawResponse } from './http-exchange.ts';
import { parseRetryAfter, retryDelayMs } from './retry-delay.ts';
import { parseStatusBody } from './status-body.ts';
import { isRetryableFailure, transportFailure } from './transport-failure.ts';

export interface Answer {
  readonly response: RawResponse;
  readonly attempts: number;
}

const FAILURE_KIND: Readonly<Record<TransportFailure, ClusterFailureKind>> = {
  timeout: 'timeout',
  unreachable: 'unreachable',
  tls: 'tls',
  credentials: 'unauthorized',
};

function retryAfterOf(response: RawResponse): number | undefined {
  return parseRetryAfter(response.headers['retry-after'], Date.now());
}

function isRetryableStatus(status: number): boolean {
  return status === 429 || status >= 500;
}

/** The failure kind of an answer no caller can use, whatever it asked; undefined for the rest. */
function statusFailureKind(status: number): ClusterFailureKind | undefined {
  if (status === 401) return 'unauthorized';
  if (status === 429) return 'throttled';
  if (status >= 500) return 'server-error';
  return undefined;
}

function plural(n: number): string {
  return n === 1 ? '1 attempt' : `${n} attempts`;
}

export class RequestPolicy {
  private readonly options: ResolvedKubeClientOptions;
  private readonly retryWithinLimit;
  private readonly perAttempt;

  constructor(options: ResolvedKubeClientOptions) {
    this.options = options;
    const { retry: retryOptions, random } = options;
    const retryPolicy = retry(
      handleWhen((error) => {
        const failure = transportFailure(error);
        return failure !== undefined && isRetryableFailure(failure);
      }).orWhenResult((result) => {
        const response = result as RawResponse;
        if (!isRetryableStatus(response.status)) return false;
        // A wait longer than we may wait is not waited for: the answer stands.
        const retryAfter = retryAfterOf(response);
        return retryAfter === undefined || retryAfter <= retryOptions.maxDelayMs;
      }),
      {
        maxAttempts: retryOptions.maxAttempts - 1, // cockatiel counts retries
        backoff: new DelegateBackoff((context) => {
          const retryAfter = 'value' in context.result ? retryAfterOf(context.result.value as RawResponse) : undefined;
          return retryDelayMs(context.attempt, retryAfter, retryOptions, random);
        }),
      },
    );
    // The slot is held by one attempt, not across the wait before a retry.
    this.retryWithinLimit = wrap(retryPolicy, bulkhead(options.concurrency, Infinity));
    // abortOnReturn off: an attempt returns only once its body is read, so there is nothing left
    // to abort; aborting anyway would run the signal's listeners on every request.
    this.perAttempt = timeout(options.requestTimeoutMs, { strategy: TimeoutStrategy.Aggressive, abortOnReturn: false });
  }

  /**
   * Sends `request` (described as `GET /api/v1/pods`) through `call` until it is answered with
   * something other than 429/5xx or the attempts are spent. Returns 2xx and the 4xx answers the
   * caller may read (403, 404, 410, 422, ...); throws ClusterRequestError for 401, for 429/5xx
   * after the retries, and for no answer.
   */
  async send(request: string, call: ApiCall): Promise<Answer> {
    let attempts = 0;
    let response: RawResponse;
    try {
      response = await this.retryWithinLimit.execute(async () => {
        attempts++;
        return this.attempt(request, attempts, call);
      });
    } catch (error) {
      const failure = transportFailure(error);
      if (failure === undefined) throw error; // a bug, not the cluster
      throw new ClusterRequestError(FAILURE_KIND[failure], request, `${request}: ${this.describe(failure, error)} (${plural(attempts)})`, {
        attempts,
        cause: error,
      });
    }
    const kind = statusFailureKind(response.status);
    if (kind !== undefined) {
      const status = parseStatusBody(response.body);
      const retryAfter = retryAfterOf(response);
      const waitRefused = retryAfter !== undefined && retryAfter > this.options.retry.maxDelayMs && isRetryableStatus(response.status);
      const tooLong = waitRefused ? `; Retry-After ${retryAfter / 1000} s is beyond retry.maxDelayMs` : '';
      throw new ClusterRequestError(kind, request, `${request}: ${response.status} ${status.message || status.reason} (${plural(attempts)}${tooLong})`, {
        status: response.status,
        attempts,
      });
    }
    return { response, attempts };
  }

  private async attempt(request: string, attempt: number, call: ApiCall): Promise<RawResponse> {
    const started = performance.now();
    const onRequest = this.options.onRequest;
    try {
      const response = await this.perAttempt.execute(({ signal }) => call(signal));
      if (onRequest !== undefined) {
        const retryAfterMs = retryAfterOf(response);
        onRequest({
          request,
          attempt,
          status: response.status,
          ...(retryAfterMs !== undefined ? { retryAfterMs } : {}),
          durationMs: performance.now() - started,
        });
      }
      return response;
    } catch (error) {
      const failure = transportFailure(error);
      if (onRequest !== undefined && failure !== undefined) onRequest({ request, attempt, failure, durationMs: performance.now() - started });
      throw error;
    }
  }

  private describe(failure: TransportFailure, error: unknown): string {
    const reason = (error as Error).message;
    const cause = (error as Error).cause instanceof Error ? `: ${((error as Error).cause as Error).message}` : '';
    switch (failure) {
      case 'timeout':
        return `no answer within ${this.options.requestTimeoutMs} ms`;
      case 'tls':
        return `TLS failed: ${reason}${cause}`;
      case 'credentials':
        return reason;
      case 'unreachable':
        return `cannot reach the API server: ${reason}${cause}`;
    }
  }
}
