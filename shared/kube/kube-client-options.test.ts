import { describe, expect, it } from 'vitest';
import { DEFAULT_KUBE_CLIENT_OPTIONS, KubeClientOptionsError, resolveKubeClientOptions } from './kube-client-options.ts';

describe('resolveKubeClientOptions', () => {
  it('fills every option with its default', () => {
    const resolved = resolveKubeClientOptions();
    expect(resolved).toMatchObject(DEFAULT_KUBE_CLIENT_OPTIONS);
    expect(resolved.random).toBe(Math.random);
    expect(resolved.onRequest).toBeUndefined();
  });

  it('merges a partial retry setting with the defaults', () => {
    expect(resolveKubeClientOptions({ retry: { maxAttempts: 2 } }).retry).toEqual({ maxAttempts: 2, baseDelayMs: 200, maxDelayMs: 10_000 });
  });

  it.each([
    [{ concurrency: 0 }, /^kube client option concurrency: must be an integer >= 1 \(got 0\)$/],
    [{ requestTimeoutMs: 1.5 }, /requestTimeoutMs: must be an integer >= 1/],
    [{ retry: { maxAttempts: 0 } }, /retry\.maxAttempts: must be an integer >= 1/],
    [{ retry: { baseDelayMs: -1 } }, /retry\.baseDelayMs: must be a finite number >= 0/],
    [{ retry: { baseDelayMs: 500, maxDelayMs: 100 } }, /retry\.maxDelayMs: must be >= retry\.baseDelayMs \(500\)/],
    [{ pageSize: 0 }, /pageSize/],
    [{ maxListRestarts: -1 }, /maxListRestarts: must be an integer >= 0/],
    [{ fieldManager: 'x'.repeat(129) }, /fieldManager: must be 1-128 printable ASCII characters/],
  ])('refuses %j, naming the option', (options, message) => {
    expect(() => resolveKubeClientOptions(options)).toThrow(KubeClientOptionsError);
    expect(() => resolveKubeClientOptions(options)).toThrow(message);
  });
});
