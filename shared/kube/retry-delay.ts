// How long to wait before a retry: capped exponential backoff with full jitter, and never less than
// the server's `Retry-After`. API Priority and Fairness answers 429 with `Retry-After: 1..N`
// seconds (k8s.io/apiserver pkg/server/filters/priority-and-fairness.go, tooManyRequests); a
// server shutting down or overloaded may send it with 503.
import type { RetryOptions } from './kube-client-options.ts';

/**
 * `Retry-After` in milliseconds: delay-seconds (`1`) or an HTTP-date. Undefined when absent or
 * unreadable; a date in the past is 0.
 */
export function parseRetryAfter(value: string | undefined, nowMs: number): number | undefined {
  if (value === undefined) return undefined;
  const text = value.trim();
  if (/^\d+$/.test(text)) return Number(text) * 1000;
  // Every HTTP-date form starts with the day name (RFC 9110 5.6.7); Date.parse alone reads far more.
  if (!/^(Mon|Tue|Wed|Thu|Fri|Sat|Sun)[a-z]*,? /.test(text)) return undefined;
  const date = Date.parse(text);
  if (Number.isNaN(date)) return undefined;
  return Math.max(0, date - nowMs);
}

/**
 * The wait before retry number `retry` (1 for the first retry). Without `Retry-After`: uniform in
 * [0, min(maxDelay, base * 2^(retry-1))) ("full jitter"). With it: that much on top of
 * `Retry-After`, so that the many requests a server throttled at once do not all come back in the
 * same instant, but never more than max(Retry-After, maxDelay).
 */
export function retryDelayMs(retry: number, retryAfterMs: number | undefined, options: RetryOptions, random: () => number): number {
  const cap = Math.min(options.maxDelayMs, options.baseDelayMs * 2 ** (retry - 1));
  const jitter = random() * cap;
  if (retryAfterMs === undefined) return jitter;
  return Math.max(retryAfterMs, Math.min(options.maxDelayMs, retryAfterMs + jitter));
}
