import { describe, expect, it } from 'vitest';
import { s3ErrorKind, s3Status } from './s3-errors.ts';

function sdkError(name: string, status?: number): Error {
  return Object.assign(new Error(name), { name, ...(status === undefined ? {} : { $metadata: { httpStatusCode: status } }) });
}

describe('S3 errors', () => {
  it('reads the HTTP status, and none when no answer came', () => {
    expect(s3Status(sdkError('PreconditionFailed', 412))).toBe(412);
    expect(s3Status(Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' }))).toBeUndefined();
    expect(s3Status(undefined)).toBeUndefined();
  });

  it.each([
    ['AccessDenied', 403, 'denied'],
    ['NoSuchBucket', 404, 'not-found'],
    ['NotFound', 404, 'not-found'],
    ['NoSuchKey', 404, 'rejected'],
    ['InvalidRequest', 400, 'rejected'],
    ['SlowDown', 503, 'unavailable'],
    ['TooManyRequests', 429, 'unavailable'],
    ['RequestTimeout', 408, 'unavailable'],
    ['TimeoutError', undefined, 'unavailable'],
  ] as const)('reads %s (HTTP %s) as %s', (name, status, kind) => {
    expect(s3ErrorKind(sdkError(name, status))).toBe(kind);
  });
});
