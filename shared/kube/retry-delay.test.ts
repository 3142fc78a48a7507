import { describe, expect, it } from 'vitest';
import { parseRetryAfter, retryDelayMs } from './retry-delay.ts';

const RETRY = { maxAttempts: 6, baseDelayMs: 200, maxDelayMs: 10_000 };

describe('parseRetryAfter', () => {
  it('reads delay-seconds, as API Priority and Fairness sends them', () => {
    expect(parseRetryAfter('1', 0)).toBe(1000);
    expect(parseRetryAfter(' 2 ', 0)).toBe(2000);
  });

  it('reads an HTTP-date relative to now, and a past date as no wait', () => {
    const now = Date.parse('Sun, 29 Nov 2026 05:00:00 GMT');
    expect(parseRetryAfter('Sun, 29 Nov 2026 05:00:03 GMT', now)).toBe(3000);
    expect(parseRetryAfter('Sun, 29 Nov 2026 04:59:00 GMT', now)).toBe(0);
  });

  it('ignores what it cannot read', () => {
    expect(parseRetryAfter(undefined, 0)).toBeUndefined();
    expect(parseRetryAfter('soon', 0)).toBeUndefined();
    expect(parseRetryAfter('-1', 0)).toBeUndefined();
  });
});

describe('retryDelayMs', () => {
  it('draws full jitter below a cap that doubles with each retry', () => {
    expect(retryDelayMs(1, undefined, RETRY, () => 0)).toBe(0);
    expect(retryDelayMs(1, undefined, RETRY, () => 0.5)).toBe(100);
    expect(retryDelayMs(3, undefined, RETRY, () => 0.5)).toBe(400);
  });

  it('never goes beyond maxDelayMs', () => {
    expect(retryDelayMs(20, undefined, RETRY, () => 0.999)).toBeLessThan(10_000);
  });

  it('waits at least Retry-After, with jitter on top so throttled requests do not return together', () => {
    expect(retryDelayMs(1, 1000, RETRY, () => 0)).toBe(1000);
    expect(retryDelayMs(2, 1000, RETRY, () => 0.5)).toBe(1200);
  });

  it('keeps Retry-After plus jitter within maxDelayMs, but never below Retry-After', () => {
    expect(retryDelayMs(10, 9000, RETRY, () => 0.9)).toBe(10_000);
    expect(retryDelayMs(10, 12_000, RETRY, () => 0.9)).toBe(12_000);
  });
});
