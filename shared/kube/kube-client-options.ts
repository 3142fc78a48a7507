// How a kube cluster reader talks to its API server: timeouts, concurrency, retries, paging. One
// set of options per reader; every field has a default that suits a nightly scan of one cluster.
import type { RequestEvent } from './request-event.ts';

export interface RetryOptions {
  /** Attempts per request, the first one included. */
  readonly maxAttempts: number;
  /** The cap of the first retry's full-jitter delay; it doubles each retry. */
  readonly baseDelayMs: number;
  /**
   * No retry waits longer than this. A `Retry-After` above it is not waited for: the request
   * fails as throttled (or as a server error) at once, since the caller cannot wait that long.
   */
  readonly maxDelayMs: number;
}

export interface KubeClientOptions {
  /** One attempt, from the request until the whole body has arrived. */
  readonly requestTimeoutMs?: number;
  /** Requests of this reader in flight at once, across all its methods. */
  readonly concurrency?: number;
  readonly retry?: Partial<RetryOptions>;
  /** `limit` of every list page. */
  readonly pageSize?: number;
  /** How many times a list whose continue token expired (410 Gone) starts again from the top. */
  readonly maxListRestarts?: number;
  /** `fieldManager` of the dry-run patches. */
  readonly fieldManager?: string;
  readonly userAgent?: string;
  /** Uniform in [0, 1); the retry jitter. */
  readonly random?: () => number;
  /** Told about every attempt (to count requests, retries and 429s). Must not throw. */
  readonly onRequest?: (event: RequestEvent) => void;
}

export interface ResolvedKubeClientOptions {
  readonly requestTimeoutMs: number;
  readonly concurrency: number;
  readonly retry: RetryOptions;
  readonly pageSize: number;
  readonly maxListRestarts: number;
  readonly fieldManager: string;
  readonly userAgent: string;
  readonly random: () => number;
  readonly onRequest: ((event: RequestEvent) => void) | undefined;
}

export const DEFAULT_KUBE_CLIENT_OPTIONS = {
  requestTimeoutMs: 15_000,
  concurrency: 16,
  retry: { maxAttempts: 6, baseDelayMs: 200, maxDelayMs: 10_000 },
  pageSize: 500,
  maxListRestarts: 3,
  fieldManager: 'psa-fleet-scanner',
  userAgent: 'psa-fleet-scanner',
} as const satisfies Omit<ResolvedKubeClientOptions, 'random' | 'onRequest'>;

export class KubeClientOptionsError extends Error {
  constructor(field: string, value: unknown, why: string) {
    super(`kube client option ${field}: ${why} (got ${JSON.stringify(value)})`);
    this.name = 'KubeClientOptionsError';
  }
}

function positiveInteger(field: string, value: number, min = 1): number {
  if (!Number.isSafeInteger(value) || value < min) throw new KubeClientOptionsError(field, value, `must be an integer >= ${min}`);
  return value;
}

function nonNegative(field: string, value: number): number {
  if (!Number.isFinite(value) || value < 0) throw new KubeClientOptionsError(field, value, 'must be a finite number >= 0');
  return value;
}

/** The options with defaults filled in; a value out of range is an error that names its field. */
export function resolveKubeClientOptions(options: KubeClientOptions = {}): ResolvedKubeClientOptions {
  const d = DEFAULT_KUBE_CLIENT_OPTIONS;
  const retry = { ...d.retry, ...options.retry };
  const resolved: ResolvedKubeClientOptions = {
    requestTimeoutMs: positiveInteger('requestTimeoutMs', options.requestTimeoutMs ?? d.requestTimeoutMs),
    concurrency: positiveInteger('concurrency', options.concurrency ?? d.concurrency),
    retry: {
      maxAttempts: positiveInteger('retry.maxAttempts', retry.maxAttempts),
      baseDelayMs: nonNegative('retry.baseDelayMs', retry.baseDelayMs),
      maxDelayMs: nonNegative('retry.maxDelayMs', retry.maxDelayMs),
    },
    pageSize: positiveInteger('pageSize', options.pageSize ?? d.pageSize),
    maxListRestarts: positiveInteger('maxListRestarts', options.maxListRestarts ?? d.maxListRestarts, 0),
    fieldManager: options.fieldManager ?? d.fieldManager,
    userAgent: options.userAgent ?? d.userAgent,
    random: options.random ?? Math.random,
    onRequest: options.onRequest,
  };
  if (resolved.retry.maxDelayMs < resolved.retry.baseDelayMs) {
    throw new KubeClientOptionsError('retry.maxDelayMs', resolved.retry.maxDelayMs, `must be >= retry.baseDelayMs (${resolved.retry.baseDelayMs})`);
  }
  // The apiserver refuses a fieldManager over 128 characters or with unprintable ones (422).
  if (resolved.fieldManager === '' || resolved.fieldManager.length > 128 || /[^\x20-\x7e]/.test(resolved.fieldManager)) {
    throw new KubeClientOptionsError('fieldManager', resolved.fieldManager, 'must be 1-128 printable ASCII characters');
  }
  return resolved;
}
