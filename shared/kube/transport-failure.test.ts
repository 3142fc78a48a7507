import { TaskCancelledError } from 'cockatiel';
import { describe, expect, it } from 'vitest';
import { ConnectionSetupError, isRetryableFailure, transportFailure } from './transport-failure.ts';

/** What undici's request rejects with: the system, TLS or undici error, with its code. */
function failed(code: string): Error {
  return Object.assign(new Error(code), { code });
}

describe('transportFailure', () => {
  it.each([
    ['UNABLE_TO_VERIFY_LEAF_SIGNATURE', 'tls'],
    ['SELF_SIGNED_CERT_IN_CHAIN', 'tls'],
    ['CERT_HAS_EXPIRED', 'tls'],
    ['ERR_TLS_CERT_ALTNAME_INVALID', 'tls'],
    ['ERR_SSL_SSLV3_ALERT_BAD_CERTIFICATE', 'tls'],
    ['ECONNREFUSED', 'unreachable'],
    ['ECONNRESET', 'unreachable'],
    ['ENOTFOUND', 'unreachable'],
    ['UND_ERR_SOCKET', 'unreachable'],
    ['UND_ERR_CONNECT_TIMEOUT', 'unreachable'],
    ['UND_ERR_HEADERS_TIMEOUT', 'timeout'],
    ['UND_ERR_ABORTED', 'timeout'],
    ['ETIMEDOUT', 'timeout'],
  ] as const)('reads an error with code %s as %s', (code, failure) => {
    expect(transportFailure(failed(code))).toBe(failure);
  });

  it('finds the code in the cause of a wrapper (fetch: `TypeError: fetch failed`)', () => {
    expect(transportFailure(new TypeError('fetch failed', { cause: failed('ECONNRESET') }))).toBe('unreachable');
    expect(transportFailure(new TypeError('fetch failed', { cause: failed('SELF_SIGNED_CERT_IN_CHAIN') }))).toBe('tls');
  });

  it('reads the per-attempt timeout and aborts as timeout', () => {
    expect(transportFailure(new TaskCancelledError('Operation timed out after 15000ms'))).toBe('timeout');
    expect(transportFailure(new DOMException('This operation was aborted', 'AbortError'))).toBe('timeout');
  });

  it('reads a connection failure hidden in an AggregateError (IPv4 and IPv6 both refused)', () => {
    const both = new AggregateError([Object.assign(new Error('a'), { code: 'ECONNREFUSED' }), Object.assign(new Error('b'), { code: 'ECONNREFUSED' })]);
    expect(transportFailure(both)).toBe('unreachable');
  });

  it('passes its own setup errors through with their failure', () => {
    expect(transportFailure(new ConnectionSetupError('credentials', 'no token', undefined))).toBe('credentials');
  });

  it('does not take a bug for the network', () => {
    expect(transportFailure(new TypeError("Cannot read properties of undefined (reading 'x')"))).toBeUndefined();
    expect(transportFailure(Object.assign(new Error('bad argument'), { code: 'ERR_INVALID_ARG_TYPE' }))).toBeUndefined();
    expect(transportFailure('a string')).toBeUndefined();
  });
});

describe('isRetryableFailure', () => {
  it('retries timeouts and lost connections, not TLS or credentials', () => {
    expect(['timeout', 'unreachable', 'tls', 'credentials'].filter((f) => isRetryableFailure(f as never))).toEqual(['timeout', 'unreachable']);
  });
});
